//! Reading an IdP's SAML metadata (SAML metadata §2.3.2 EntityDescriptor,
//! §2.4.3 IDPSSODescriptor, §2.4.1.1 KeyDescriptor) for what an SP needs:
//! the IdP's entity ID, its SSO endpoints and its signing certificates.
//!
//! **The metadata's own signature is not verified.** The caller must supply
//! metadata it already trusts (fetched over HTTPS from the IdP, or pinned in
//! configuration): the certificates read here become the trust anchors for
//! every response.

use alloc::string::String;
use alloc::vec::Vec;

use crate::crypto::Certificate;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::ns;
use crate::time::Timestamp;
use crate::trust::TrustedKeys;
use crate::xml::{self, Node};

/// `entityID` is at most 1024 characters (SAML metadata §2.3.2, `entityIDType`).
const MAX_ENTITY_ID_CHARS: usize = 1024;
/// How many entity IDs an error lists.
const LISTED_ENTITIES: usize = 5;

/// What an SP needs from an IdP's metadata.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdpMetadata {
    /// `EntityDescriptor/@entityID`: the `Issuer` the IdP's responses must carry.
    pub entity_id: String,
    /// `SingleSignOnService/@Location` for the HTTP-Redirect binding (the first one listed).
    pub sso_redirect_url: Option<String>,
    /// `SingleSignOnService/@Location` for the HTTP-POST binding (the first one listed).
    pub sso_post_url: Option<String>,
    /// Every certificate of a `KeyDescriptor` with `use="signing"` or no `use`, in
    /// document order, duplicates removed. During a rollover Entra lists the active
    /// certificate and the next one: pin them all.
    pub signing_certificates: Vec<Certificate>,
    /// `IDPSSODescriptor/@WantAuthnRequestsSigned`. Default (absent): `false`.
    pub want_authn_requests_signed: bool,
    /// `IDPSSODescriptor/NameIDFormat` values, in document order.
    pub name_id_formats: Vec<String>,
    /// The earliest `validUntil` on the IDPSSODescriptor, its EntityDescriptor or an
    /// enclosing EntitiesDescriptor (SAML metadata §2.3.1: an element is valid only while its
    /// ancestors are). Not checked here (no clock): [`IdpMetadata::pin_keys`]
    /// keeps it, and every verification refuses keys pinned from expired metadata.
    pub valid_until: Option<Timestamp>,
    /// The shortest `cacheDuration` on the same elements, as written (an `xs:duration`): how
    /// long the IdP wants its metadata cached before it is fetched again (SAML metadata §2.3.1).
    /// Reported, not enforced: the core cannot know when the metadata was fetched.
    pub cache_duration: Option<String>,
    /// [`IdpMetadata::cache_duration`] in seconds (a month counted as 30 days, a year as 365).
    pub cache_duration_secs: Option<u64>,
}

impl IdpMetadata {
    /// Pin the signing certificates in `keys`, trusted until [`IdpMetadata::valid_until`].
    ///
    /// # Errors
    /// [`Error::KeyUnsupported`] for a certificate whose key `keys` does not pin.
    pub fn pin_keys(&self, keys: &mut TrustedKeys) -> Result<()> {
        keys.add_certificates_until(&self.signing_certificates, self.valid_until)
    }
}

/// Parse IdP metadata whose root is an `EntityDescriptor`, or an `EntitiesDescriptor`
/// holding exactly one EntityDescriptor with a SAML 2.0 `IDPSSODescriptor`.
///
/// Same as [`parse_idp_metadata_for`] with no entity ID. The metadata's signature is
/// not verified: supply metadata you trust.
pub fn parse_idp_metadata(xml: &str, limits: &Limits) -> Result<IdpMetadata> {
    parse_idp_metadata_for(xml, None, limits)
}

/// Parse IdP metadata, choosing the EntityDescriptor whose `entityID` is `entity_id`
/// when given (needed for federation aggregates listing several IdPs).
///
/// The chosen entity must have an `IDPSSODescriptor` whose
/// `protocolSupportEnumeration` lists `urn:oasis:names:tc:SAML:2.0:protocol`, and at
/// least one signing certificate (`KeyDescriptor` with `use="signing"` or no `use`,
/// `ds:KeyInfo/ds:X509Data/ds:X509Certificate`; `use="encryption"` is ignored).
/// Other role descriptors (Entra's WS-Federation `RoleDescriptor`s, SP roles) and a
/// `ds:Signature` on the EntityDescriptor are ignored: **the metadata's signature is
/// not verified**, so the caller must supply metadata it trusts.
///
/// # Errors
/// XML errors from [`crate::xml::parse`]; [`Error::Metadata`] when the shape is wrong
/// or the choice is ambiguous; [`Error::CertificateInvalid`] / [`Error::KeyUnsupported`]
/// for a signing certificate that cannot be used; [`Error::SamlTimeFormat`] for a bad
/// `validUntil`.
pub fn parse_idp_metadata_for(xml: &str, entity_id: Option<&str>, limits: &Limits) -> Result<IdpMetadata> {
    let doc = xml::parse(xml, limits)?;
    let root = doc.root_element();

    let entities: Vec<Node<'_>> = if root.is(ns::METADATA, "EntityDescriptor") {
        alloc::vec![root]
    } else if root.is(ns::METADATA, "EntitiesDescriptor") {
        collect_entities(root)
    } else {
        return Err(md(alloc::format!(
            "the root element is {{{}}}{}; expected md:EntityDescriptor or md:EntitiesDescriptor",
            root.namespace().unwrap_or(""),
            root.local_name()
        )));
    };

    let entity = match entity_id {
        Some(wanted) => *entities.iter().find(|e| e.attribute("entityID") == Some(wanted)).ok_or_else(|| {
            md(alloc::format!(
                "no EntityDescriptor has entityID \"{wanted}\" (found: {})",
                list_ids(entities.iter().copied())
            ))
        })?,
        None if entities.len() == 1 => {
            entities.first().copied().ok_or_else(|| md(String::from("no EntityDescriptor")))?
        }
        None => {
            let idps: Vec<Node<'_>> = entities.iter().copied().filter(|e| saml2_idp_descriptor(*e).is_some()).collect();
            match idps.as_slice() {
                [one] => *one,
                [] => {
                    return Err(md(alloc::format!(
                        "none of the {} EntityDescriptors has a SAML 2.0 IDPSSODescriptor",
                        entities.len()
                    )))
                }
                many => {
                    return Err(md(alloc::format!(
                        "{} identity providers are listed ({}); pass the entityID of the one to use",
                        many.len(),
                        list_ids(many.iter().copied())
                    )))
                }
            }
        }
    };

    let entity_id = entity.attribute("entityID").unwrap_or("");
    if entity_id.trim().is_empty() {
        return Err(md(String::from("the EntityDescriptor has no entityID")));
    }
    if entity_id.chars().count() > MAX_ENTITY_ID_CHARS {
        return Err(md(alloc::format!(
            "the entityID is longer than {MAX_ENTITY_ID_CHARS} characters (SAML metadata §2.3.2)"
        )));
    }

    let idp = match saml2_idp_descriptor(entity) {
        Some(idp) => idp,
        None if entity.child(ns::METADATA, "IDPSSODescriptor").is_some() => {
            return Err(md(alloc::format!(
                "the IDPSSODescriptor of \"{entity_id}\" does not list {} in protocolSupportEnumeration",
                ns::PROTOCOL
            )))
        }
        None => {
            return Err(md(alloc::format!("\"{entity_id}\" has no IDPSSODescriptor: it is not an identity provider")))
        }
    };

    let want_authn_requests_signed = match idp.attribute("WantAuthnRequestsSigned").map(str::trim) {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(other) => {
            return Err(md(alloc::format!("WantAuthnRequestsSigned is \"{other}\", not an xs:boolean")));
        }
    };

    let mut sso_redirect_url = None;
    let mut sso_post_url = None;
    for sso in idp.children_named(ns::METADATA, "SingleSignOnService") {
        let (binding, location) = match (sso.attribute("Binding"), sso.attribute("Location")) {
            (Some(b), Some(l)) if !l.trim().is_empty() => (b, l),
            _ => {
                return Err(md(String::from("a SingleSignOnService lacks Binding or Location (SAML metadata §2.2.2)")))
            }
        };
        let slot = match binding {
            ns::BINDING_HTTP_REDIRECT => &mut sso_redirect_url,
            ns::BINDING_HTTP_POST => &mut sso_post_url,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(String::from(location.trim()));
        }
    }

    let name_id_formats = idp
        .children_named(ns::METADATA, "NameIDFormat")
        .map(|n| String::from(n.text_content().trim()))
        .filter(|f| !f.is_empty())
        .collect();

    let mut signing_certificates: Vec<Certificate> = Vec::new();
    for kd in idp.children_named(ns::METADATA, "KeyDescriptor") {
        match kd.attribute("use").map(str::trim) {
            None | Some("signing") => {}
            Some("encryption") => continue,
            Some(other) => {
                return Err(md(alloc::format!(
                    "KeyDescriptor use=\"{other}\" is neither \"signing\" nor \"encryption\" (SAML metadata §2.4.1.1)"
                )))
            }
        }
        let key_info = kd
            .child(ns::DSIG, "KeyInfo")
            .ok_or_else(|| md(String::from("a KeyDescriptor has no ds:KeyInfo (SAML metadata §2.4.1.1)")))?;
        for data in key_info.children_named(ns::DSIG, "X509Data") {
            for c in data.children_named(ns::DSIG, "X509Certificate") {
                let cert = Certificate::from_base64(&c.text_content())?;
                if !signing_certificates.contains(&cert) {
                    signing_certificates.push(cert);
                }
            }
        }
    }
    if signing_certificates.is_empty() {
        return Err(md(alloc::format!(
            "the IDPSSODescriptor of \"{entity_id}\" has no signing certificate \
             (ds:X509Certificate in a KeyDescriptor with use=\"signing\" or no use)"
        )));
    }

    let mut valid_until: Option<Timestamp> = None;
    let mut cache: Option<(u64, String)> = None;
    for n in idp.ancestors().filter(|n| n.is_element()) {
        if let Some(v) = n.attribute("validUntil") {
            let t = Timestamp::parse(v)?;
            valid_until = Some(valid_until.map_or(t, |u| u.min(t)));
        }
        if let Some(d) = n.attribute("cacheDuration") {
            let secs = duration_secs(d).ok_or_else(|| {
                md(alloc::format!("cacheDuration \"{d}\" is not a positive xs:duration such as PT1H or P1D"))
            })?;
            if cache.as_ref().map_or(true, |(c, _)| secs < *c) {
                cache = Some((secs, String::from(d.trim())));
            }
        }
    }
    let (cache_duration_secs, cache_duration) = match cache {
        Some((secs, text)) => (Some(secs), Some(text)),
        None => (None, None),
    };

    Ok(IdpMetadata {
        entity_id: String::from(entity_id),
        sso_redirect_url,
        sso_post_url,
        signing_certificates,
        want_authn_requests_signed,
        name_id_formats,
        valid_until,
        cache_duration,
        cache_duration_secs,
    })
}

/// Seconds in an `xs:duration` (XML Schema 2 §3.2.6: `PnYnMnDTnHnMnS`, a fraction on the
/// seconds only), with a month as 30 days and a year as 365. `None` when it is not one, is
/// negative, or does not fit.
fn duration_secs(text: &str) -> Option<u64> {
    let rest = text.trim().strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((_, "")) => return None,
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let (mut total, mut parts) = duration_fields(date, &[('Y', 365 * 86_400), ('M', 30 * 86_400), ('D', 86_400)])?;
    if let Some(t) = time {
        let (secs, n) = duration_fields(t, &[('H', 3_600), ('M', 60), ('S', 1)])?;
        if n == 0 {
            return None;
        }
        total = total.checked_add(secs)?;
        parts += n;
    }
    (parts > 0).then_some(total)
}

/// The fields of one half of an `xs:duration`, in `units`' order, each at most once; only
/// seconds (`S`) may have a fraction, which is dropped. `(seconds, fields)`.
fn duration_fields(mut s: &str, mut units: &[(char, u64)]) -> Option<(u64, usize)> {
    let (mut total, mut n) = (0u64, 0usize);
    while !s.is_empty() {
        let end = s.find(|c: char| !c.is_ascii_digit() && c != '.')?;
        let (number, tail) = s.split_at(end);
        let designator = tail.chars().next()?;
        let at = units.iter().position(|(d, _)| *d == designator)?;
        let (_, unit) = units.get(at)?;
        units = units.get(at + 1..)?;
        let whole = match number.split_once('.') {
            Some((w, f)) if designator == 'S' && !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => w,
            Some(_) => return None,
            None => number,
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value: u64 = whole.parse().ok()?;
        total = total.checked_add(value.checked_mul(*unit)?)?;
        n += 1;
        s = tail.get(designator.len_utf8()..)?;
    }
    Some((total, n))
}

/// Every EntityDescriptor below an EntitiesDescriptor, nested groups included, in document order.
fn collect_entities(group: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut stack = alloc::vec![group.element_children()];
    while let Some(top) = stack.last_mut() {
        match top.next() {
            Some(n) if n.is(ns::METADATA, "EntityDescriptor") => out.push(n),
            Some(n) if n.is(ns::METADATA, "EntitiesDescriptor") => stack.push(n.element_children()),
            Some(_) => {}
            None => {
                stack.pop();
            }
        }
    }
    out
}

/// The entity's first IDPSSODescriptor that supports the SAML 2.0 protocol.
fn saml2_idp_descriptor(entity: Node<'_>) -> Option<Node<'_>> {
    entity.children_named(ns::METADATA, "IDPSSODescriptor").find(|d| {
        d.attribute("protocolSupportEnumeration").is_some_and(|p| p.split_ascii_whitespace().any(|u| u == ns::PROTOCOL))
    })
}

fn list_ids<'d>(entities: impl Iterator<Item = Node<'d>>) -> String {
    let ids: Vec<&str> = entities.map(|e| e.attribute("entityID").unwrap_or("(no entityID)")).collect();
    let mut s = ids.iter().take(LISTED_ENTITIES).map(|i| alloc::format!("\"{i}\"")).collect::<Vec<_>>().join(", ");
    if ids.len() > LISTED_ENTITIES {
        s.push_str(&alloc::format!(" and {} more", ids.len() - LISTED_ENTITIES));
    }
    if ids.is_empty() {
        s.push_str("none");
    }
    s
}

fn md(detail: String) -> Error {
    Error::Metadata { detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TENANT: &str = "00000000-0000-0000-0000-000000000000";
    const ENTRA: &str = include_str!("../../tests/fixtures/metadata/entra-federationmetadata.xml");
    const SSP: &str = include_str!("../../tests/fixtures/metadata/simplesamlphp-idp.xml");
    const IDP_CRT: &str = include_str!("../../tests/keys/idp-rsa2048.crt");
    const NEXT_CRT: &str = include_str!("../../tests/keys/idp-rsa2048-next.crt");

    fn cert(pem: &str) -> Certificate {
        crate::crypto::parse_certificates(pem.as_bytes()).unwrap().remove(0)
    }

    fn cert_b64(pem: &str) -> String {
        pem.lines().filter(|l| !l.starts_with("-----")).collect()
    }

    fn parse(xml: &str) -> Result<IdpMetadata> {
        parse_idp_metadata(xml, &Limits::default())
    }

    fn md_err(xml: &str) -> String {
        match parse(xml) {
            Err(Error::Metadata { detail }) => detail,
            other => panic!("expected Error::Metadata, got {other:?}"),
        }
    }

    /// A minimal EntityDescriptor with `idp` inside.
    fn entity(id: &str, idp: &str) -> String {
        alloc::format!(
            "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" \
             xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"{id}\">{idp}</md:EntityDescriptor>"
        )
    }

    fn idp_sso(extra_attrs: &str, body: &str) -> String {
        alloc::format!(
            "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"{extra_attrs}>\
             {body}</md:IDPSSODescriptor>"
        )
    }

    fn key(use_attr: &str, pem: &str) -> String {
        alloc::format!(
            "<md:KeyDescriptor{use_attr}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate>\
             </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>",
            cert_b64(pem)
        )
    }

    #[test]
    fn entra_federation_metadata() {
        let m = parse(ENTRA).unwrap();
        assert_eq!(m.entity_id, alloc::format!("https://sts.windows.net/{TENANT}/"));
        let sso = alloc::format!("https://login.microsoftonline.com/{TENANT}/saml2");
        assert_eq!(m.sso_redirect_url.as_deref(), Some(sso.as_str()));
        assert_eq!(m.sso_post_url.as_deref(), Some(sso.as_str()));
        // The active certificate and the next one, in order, once each.
        assert_eq!(m.signing_certificates, alloc::vec![cert(IDP_CRT), cert(NEXT_CRT)]);
        assert!(!m.want_authn_requests_signed);
        assert_eq!(m.valid_until, None);
    }

    #[test]
    fn simplesamlphp_metadata() {
        let m = parse(SSP).unwrap();
        assert_eq!(m.entity_id, "https://idp.example.org/simplesaml/saml2/idp/metadata.php");
        assert_eq!(m.sso_redirect_url.as_deref(), Some("https://idp.example.org/simplesaml/saml2/idp/SSOService.php"));
        assert_eq!(m.sso_post_url, None);
        // The encryption key (the "next" certificate) is not a signing key.
        assert_eq!(m.signing_certificates, alloc::vec![cert(IDP_CRT)]);
        assert_eq!(m.name_id_formats, alloc::vec![String::from(ns::NAMEID_TRANSIENT)]);
        assert!(m.want_authn_requests_signed);
        assert_eq!(m.valid_until, Some(Timestamp::parse("2035-01-01T00:00:00Z").unwrap()));
    }

    #[test]
    fn key_descriptor_without_use_is_signing() {
        let xml = entity("urn:idp", &idp_sso("", &key("", IDP_CRT)));
        assert_eq!(parse(&xml).unwrap().signing_certificates, alloc::vec![cert(IDP_CRT)]);
    }

    #[test]
    fn only_encryption_keys_is_refused() {
        let xml = entity("urn:idp", &idp_sso("", &key(" use=\"encryption\"", IDP_CRT)));
        assert!(md_err(&xml).contains("no signing certificate"));
        let xml = entity("urn:idp", &idp_sso("", ""));
        assert!(md_err(&xml).contains("no signing certificate"));
    }

    #[test]
    fn bad_use_and_missing_key_info() {
        let xml = entity("urn:idp", &idp_sso("", &key(" use=\"both\"", IDP_CRT)));
        assert!(md_err(&xml).contains("use=\"both\""));
        let xml = entity("urn:idp", &idp_sso("", "<md:KeyDescriptor use=\"signing\"/>"));
        assert!(md_err(&xml).contains("KeyInfo"));
    }

    #[test]
    fn bad_certificates_are_reported() {
        let bad = entity(
            "urn:idp",
            &idp_sso(
                "",
                "<md:KeyDescriptor><ds:KeyInfo><ds:X509Data><ds:X509Certificate>bm90IGEgY2VydA==\
                 </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>",
            ),
        );
        assert_eq!(parse(&bad).unwrap_err().code(), "ERR_CERT_INVALID");
        // RSA-1024 is read (its size is reported); pinning it is the trust policy's decision.
        let weak = entity("urn:idp", &idp_sso("", &key("", include_str!("../../tests/keys/weak-rsa1024.crt"))));
        let m = parse(&weak).unwrap();
        assert_eq!(m.signing_certificates[0].public_key().kind_name(), "RSA-1024");
        let mut keys = crate::trust::TrustedKeys::new();
        assert_eq!(m.pin_keys(&mut keys).unwrap_err().code(), "ERR_KEY_UNSUPPORTED");
        assert!(keys.is_empty());
        let mut legacy = crate::trust::TrustedKeys::with_min_rsa_bits(1024).unwrap();
        assert!(m.pin_keys(&mut legacy).is_ok() && legacy.len() == 1);
    }

    #[test]
    fn duplicates_are_removed() {
        let body = alloc::format!("{}{}{}", key("", IDP_CRT), key(" use=\"signing\"", IDP_CRT), key("", NEXT_CRT));
        let m = parse(&entity("urn:idp", &idp_sso("", &body))).unwrap();
        assert_eq!(m.signing_certificates, alloc::vec![cert(IDP_CRT), cert(NEXT_CRT)]);
    }

    #[test]
    fn no_idp_role_or_wrong_protocol() {
        let sp = entity(
            "urn:sp",
            "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>",
        );
        assert!(md_err(&sp).contains("not an identity provider"));
        let saml11 = entity(
            "urn:idp",
            &alloc::format!(
                "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:1.1:protocol\">{}\
                 </md:IDPSSODescriptor>",
                key("", IDP_CRT)
            ),
        );
        assert!(md_err(&saml11).contains("protocolSupportEnumeration"));
        // Several protocols listed, SAML 2.0 among them.
        let multi = entity(
            "urn:idp",
            &alloc::format!(
                "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:1.1:protocol \
                 urn:oasis:names:tc:SAML:2.0:protocol\">{}</md:IDPSSODescriptor>",
                key("", IDP_CRT)
            ),
        );
        assert!(parse(&multi).is_ok());
    }

    #[test]
    fn wrong_root_and_namespace() {
        assert!(md_err("<EntityDescriptor entityID=\"x\"/>").contains("root element"));
        assert!(md_err("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:1.0:metadata\" entityID=\"x\"/>")
            .contains("root element"));
        let no_id = entity("", &idp_sso("", &key("", IDP_CRT)));
        assert!(md_err(&no_id).contains("entityID"));
        let long = entity(&"x".repeat(1025), &idp_sso("", &key("", IDP_CRT)));
        assert!(md_err(&long).contains("1024"));
    }

    #[test]
    fn want_authn_requests_signed_values() {
        for (v, want) in [("true", true), ("1", true), ("false", false), ("0", false)] {
            let xml =
                entity("urn:idp", &idp_sso(&alloc::format!(" WantAuthnRequestsSigned=\"{v}\""), &key("", IDP_CRT)));
            assert_eq!(parse(&xml).unwrap().want_authn_requests_signed, want, "{v}");
        }
        let xml = entity("urn:idp", &idp_sso(" WantAuthnRequestsSigned=\"yes\"", &key("", IDP_CRT)));
        assert!(md_err(&xml).contains("WantAuthnRequestsSigned"));
    }

    #[test]
    fn sso_endpoints() {
        let body = alloc::format!(
            "{}<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:SOAP\" Location=\"https://x/soap\"/>\
             <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"https://x/post1\"/>\
             <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"https://x/post2\"/>",
            key("", IDP_CRT)
        );
        let m = parse(&entity("urn:idp", &idp_sso("", &body))).unwrap();
        assert_eq!(m.sso_post_url.as_deref(), Some("https://x/post1"));
        assert_eq!(m.sso_redirect_url, None);
        let body = alloc::format!(
            "{}<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"/>",
            key("", IDP_CRT)
        );
        assert!(md_err(&entity("urn:idp", &idp_sso("", &body))).contains("Location"));
    }

    fn group(entities: &[String], attrs: &str) -> String {
        alloc::format!(
            "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"{attrs}>{}</md:EntitiesDescriptor>",
            entities.concat()
        )
    }

    #[test]
    fn entities_descriptor_selection() {
        let idp_a = entity("urn:a", &idp_sso("", &key("", IDP_CRT)));
        let idp_b = entity("urn:b", &idp_sso("", &key("", NEXT_CRT)));
        let sp = entity(
            "urn:sp",
            "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>",
        );

        // One IdP among SPs: chosen without a hint.
        let xml = group(&[sp.clone(), idp_a.clone()], "");
        assert_eq!(parse(&xml).unwrap().entity_id, "urn:a");

        // Nested groups are searched.
        let nested = group(&[sp.clone(), group(core::slice::from_ref(&idp_b), "")], "");
        assert_eq!(parse(&nested).unwrap().entity_id, "urn:b");

        // Several IdPs: refused, naming them, unless a hint picks one.
        let xml = group(&[idp_a.clone(), sp.clone(), idp_b.clone()], "");
        let detail = md_err(&xml);
        assert!(detail.contains("\"urn:a\"") && detail.contains("\"urn:b\""), "{detail}");
        let m = parse_idp_metadata_for(&xml, Some("urn:b"), &Limits::default()).unwrap();
        assert_eq!(m.signing_certificates, alloc::vec![cert(NEXT_CRT)]);
        match parse_idp_metadata_for(&xml, Some("urn:c"), &Limits::default()) {
            Err(Error::Metadata { detail }) => assert!(detail.contains("urn:c"), "{detail}"),
            other => panic!("{other:?}"),
        }
        match parse_idp_metadata_for(&xml, Some("urn:sp"), &Limits::default()) {
            Err(Error::Metadata { detail }) => assert!(detail.contains("not an identity provider"), "{detail}"),
            other => panic!("{other:?}"),
        }

        // No IdP at all.
        assert!(md_err(&group(core::slice::from_ref(&sp), "")).contains("not an identity provider"));
        assert!(md_err(&group(&[sp.clone(), sp], "")).contains("none of the 2"));
        assert!(md_err(&group(&[], "")).contains("none of the 0"));
    }

    #[test]
    fn valid_until_takes_the_earliest() {
        let e = entity("urn:a", &idp_sso(" validUntil=\"2030-06-01T00:00:00Z\"", &key("", IDP_CRT)));
        let xml = group(&[e], " validUntil=\"2029-01-01T00:00:00Z\"");
        assert_eq!(parse(&xml).unwrap().valid_until, Some(Timestamp::parse("2029-01-01T00:00:00Z").unwrap()));
        let bad = entity("urn:a", &idp_sso(" validUntil=\"soon\"", &key("", IDP_CRT)));
        assert_eq!(parse(&bad).unwrap_err().code(), "ERR_SAML_TIME_FORMAT");
    }

    #[test]
    fn cache_duration_takes_the_shortest() {
        let e = entity("urn:a", &idp_sso(" cacheDuration=\"P1D\"", &key("", IDP_CRT)));
        let xml = group(&[e], " cacheDuration=\"PT1H30M\" validUntil=\"2029-01-01T00:00:00Z\"");
        let m = parse(&xml).unwrap();
        assert_eq!((m.cache_duration.as_deref(), m.cache_duration_secs), (Some("PT1H30M"), Some(5400)));
        let one = entity("urn:a", &idp_sso("", &key("", IDP_CRT)))
            .replace("entityID=", "cacheDuration=\"P1Y2M3DT4H5M6.5S\" entityID=");
        assert_eq!(
            parse(&one).unwrap().cache_duration_secs,
            Some(365 * 86_400 + 60 * 86_400 + 3 * 86_400 + 4 * 3600 + 5 * 60 + 6)
        );
        for bad in ["", "P", "PT", "1D", "-P1D", "P1H", "PT1D", "P1.5D", "P1DT", "PD", "P1M1Y", "P1D1D"] {
            let xml = entity("urn:a", &idp_sso(&alloc::format!(" cacheDuration=\"{bad}\""), &key("", IDP_CRT)));
            assert!(md_err(&xml).contains("cacheDuration"), "{bad}");
        }
    }

    #[test]
    fn the_xml_parser_guards_apply() {
        let dtd =
            alloc::format!("<!DOCTYPE x [<!ENTITY e \"e\">]>{}", entity("urn:a", &idp_sso("", &key("", IDP_CRT))));
        assert_eq!(parse(&dtd).unwrap_err().code(), "ERR_XML_DTD_FORBIDDEN");
    }
}
