//! The SP's own metadata (SAML metadata §2.3.2 EntityDescriptor, §2.4.4 SPSSODescriptor): what
//! an IdP is given to register this SP — Entra's "Upload metadata file", SimpleSAMLphp's
//! `saml20-sp-remote`, any federation.
//!
//! One `EntityDescriptor` with one `SPSSODescriptor`, its children in schema order:
//! `KeyDescriptor`s (signing, then encryption), `SingleLogoutService` (HTTP-Redirect, when the SP
//! has a logout URL), `NameIDFormat`s, one `AssertionConsumerService` (HTTP-POST, index 0,
//! default). Optionally signed ([`signed_sp_metadata`]): an enveloped `ds:Signature` as the
//! root's first child, exclusive C14N, RSA-SHA256/384/512 (SAML metadata §3).

use alloc::string::String;
use alloc::vec::Vec;

use super::authn_request::{attr, check_id, config, escape_into};
#[cfg(feature = "rust-crypto")]
use crate::crypto::Signer;
use crate::crypto::{digest, Certificate, DigestAlgorithm, SignatureAlgorithm};
use crate::dsig::{prepare_enveloped, EnvelopedToSign};
use crate::encoding;
use crate::error::Result;
use crate::limits::Limits;
use crate::ns;
use crate::time::Timestamp;

/// `entityID` is at most 1024 characters (SAML metadata §2.3.2, `entityIDType`).
const MAX_ENTITY_ID_CHARS: usize = 1024;

/// What the SP's metadata says. Build with [`SpMetadataOptions::new`], then set fields.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpMetadataOptions {
    /// `entityID`: the SP entity ID (the AuthnRequest Issuer, the expected Audience).
    pub entity_id: String,
    /// `AssertionConsumerService/@Location` (HTTP-POST binding).
    pub acs_url: String,
    /// `SingleLogoutService/@Location` (HTTP-Redirect binding). Default: `None` (no element).
    pub slo_url: Option<String>,
    /// `NameIDFormat` values, in order. Default: none.
    pub name_id_formats: Vec<String>,
    /// `AuthnRequestsSigned`: this SP signs its AuthnRequests. Needs a signing certificate.
    /// Default: `false`.
    pub authn_requests_signed: bool,
    /// `WantAssertionsSigned`: the SP wants the Assertion itself signed. Default: `false`.
    pub want_assertions_signed: bool,
    /// Certificates of `KeyDescriptor use="signing"`: the key(s) the SP signs with. Default: none.
    pub signing_certificates: Vec<Certificate>,
    /// Certificates of `KeyDescriptor use="encryption"`. Default: none.
    pub encryption_certificates: Vec<Certificate>,
    /// `validUntil` on the EntityDescriptor. Default: `None`.
    pub valid_until: Option<Timestamp>,
    /// `cacheDuration` on the EntityDescriptor, in seconds (written `PT<n>S`). Default: `None`.
    pub cache_duration_secs: Option<u64>,
    /// The EntityDescriptor's `ID` (an NCName), needed to sign. Default: `None`; a signed
    /// document then gets `_` + the first 40 hex digits of SHA-256(entityID), stable across runs.
    pub id: Option<String>,
}

impl SpMetadataOptions {
    /// Options with the required values and every default.
    pub fn new(entity_id: impl Into<String>, acs_url: impl Into<String>) -> Self {
        SpMetadataOptions {
            entity_id: entity_id.into(),
            acs_url: acs_url.into(),
            slo_url: None,
            name_id_formats: Vec::new(),
            authn_requests_signed: false,
            want_assertions_signed: false,
            signing_certificates: Vec::new(),
            encryption_certificates: Vec::new(),
            valid_until: None,
            cache_duration_secs: None,
            id: None,
        }
    }

    fn id_for_signing(&self) -> String {
        match &self.id {
            Some(id) => id.clone(),
            None => {
                let h = encoding::hex_lower(&digest(DigestAlgorithm::Sha256, self.entity_id.as_bytes()));
                alloc::format!("_{}", h.get(..40).unwrap_or(&h))
            }
        }
    }
}

/// The metadata as two halves around the place of the signature (see [`crate::dsig::prepare_enveloped`]).
fn write(o: &SpMetadataOptions, id: Option<&str>, signed_layout: bool) -> Result<(String, String)> {
    if o.entity_id.trim().is_empty() {
        return Err(config("entity_id", "must not be empty"));
    }
    if o.entity_id.chars().count() > MAX_ENTITY_ID_CHARS {
        return Err(config("entity_id", "is longer than 1024 characters (SAML metadata §2.3.2)"));
    }
    if o.acs_url.trim().is_empty() {
        return Err(config("acs_url", "must not be empty"));
    }
    if o.slo_url.as_deref().is_some_and(|u| u.trim().is_empty()) {
        return Err(config("slo_url", "must not be empty when set"));
    }
    if o.name_id_formats.iter().any(|f| f.trim().is_empty()) {
        return Err(config("name_id_formats", "must not contain an empty format"));
    }
    if o.authn_requests_signed && o.signing_certificates.is_empty() {
        return Err(config(
            "signing_certificates",
            "AuthnRequestsSigned needs the signing certificate, or the IdP cannot check the requests",
        ));
    }
    if let Some(id) = id {
        check_id(id).map_err(|_| config("id", "must be an xs:ID (an NCName starting with a letter or '_')"))?;
    }

    let mut head = String::with_capacity(2048);
    head.push_str("<md:EntityDescriptor xmlns:md=\"");
    head.push_str(ns::METADATA);
    head.push_str("\" xmlns:ds=\"");
    head.push_str(ns::DSIG);
    head.push('"');
    if let Some(id) = id {
        attr(&mut head, "ID", id, "id")?;
    }
    attr(&mut head, "entityID", &o.entity_id, "entity_id")?;
    if let Some(t) = o.valid_until {
        attr(&mut head, "validUntil", &alloc::format!("{t}"), "valid_until")?;
    }
    if let Some(secs) = o.cache_duration_secs {
        attr(&mut head, "cacheDuration", &alloc::format!("PT{secs}S"), "cache_duration")?;
    }
    head.push_str(">\n  ");

    let mut tail = String::with_capacity(2048);
    if signed_layout {
        tail.push_str("\n  ");
    }
    tail.push_str("<md:SPSSODescriptor");
    attr(&mut tail, "AuthnRequestsSigned", bool_str(o.authn_requests_signed), "authn_requests_signed")?;
    attr(&mut tail, "WantAssertionsSigned", bool_str(o.want_assertions_signed), "want_assertions_signed")?;
    attr(&mut tail, "protocolSupportEnumeration", ns::PROTOCOL, "protocol")?;
    tail.push('>');
    for (usage, certs) in [("signing", &o.signing_certificates), ("encryption", &o.encryption_certificates)] {
        for c in certs {
            tail.push_str("\n    <md:KeyDescriptor use=\"");
            tail.push_str(usage);
            tail.push_str("\">\n      <ds:KeyInfo>\n        <ds:X509Data>\n          <ds:X509Certificate>");
            tail.push_str(&encoding::base64_encode(c.der()));
            tail.push_str(
                "</ds:X509Certificate>\n        </ds:X509Data>\n      </ds:KeyInfo>\n    </md:KeyDescriptor>",
            );
        }
    }
    if let Some(slo) = &o.slo_url {
        tail.push_str("\n    <md:SingleLogoutService");
        attr(&mut tail, "Binding", ns::BINDING_HTTP_REDIRECT, "binding")?;
        attr(&mut tail, "Location", slo, "slo_url")?;
        tail.push_str("/>");
    }
    for f in &o.name_id_formats {
        tail.push_str("\n    <md:NameIDFormat>");
        escape_into(&mut tail, f, false, "name_id_formats")?;
        tail.push_str("</md:NameIDFormat>");
    }
    tail.push_str("\n    <md:AssertionConsumerService");
    attr(&mut tail, "Binding", ns::BINDING_HTTP_POST, "binding")?;
    attr(&mut tail, "Location", &o.acs_url, "acs_url")?;
    tail.push_str(" index=\"0\" isDefault=\"true\"/>\n  </md:SPSSODescriptor>\n</md:EntityDescriptor>\n");
    Ok((head, tail))
}

fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// The SP metadata, unsigned (with `ID` only when [`SpMetadataOptions::id`] is set).
///
/// Refused with [`crate::Error::ConfigInvalid`] (naming the option): an empty or over-long
/// entity ID, an empty ACS or logout URL or NameID format, `authn_requests_signed` without a
/// signing certificate, an `id` that is not an NCName, characters XML 1.0 cannot carry.
pub fn build_sp_metadata(o: &SpMetadataOptions) -> Result<String> {
    let (head, tail) = write(o, o.id.as_deref(), false)?;
    Ok(head + &tail)
}

/// The SP metadata prepared for an enveloped signature made elsewhere (a JS host's key):
/// sign [`EnvelopedToSign::message`] with `algorithm`, then call [`EnvelopedToSign::finish`] or
/// [`EnvelopedToSign::finish_verified`].
pub fn sp_metadata_to_sign(o: &SpMetadataOptions, algorithm: SignatureAlgorithm) -> Result<EnvelopedToSign> {
    let id = o.id_for_signing();
    let (head, tail) = write(o, Some(&id), true)?;
    prepare_enveloped(&head, &tail, algorithm, &Limits::default())
}

/// The SP metadata signed by `signer`; when `certificate` is given (normally the first signing
/// certificate) it goes into `KeyInfo` and the result is verified with it before it is returned.
#[cfg(feature = "rust-crypto")]
pub fn signed_sp_metadata(
    o: &SpMetadataOptions,
    signer: &mut dyn Signer,
    certificate: Option<&Certificate>,
) -> Result<String> {
    sp_metadata_to_sign(o, signer.algorithm())?.sign_with(signer, certificate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::SigningKey;
    use crate::trust::TrustedKeys;

    const KEY: &str = include_str!("../../tests/keys/idp-rsa2048.key");
    const CRT: &str = include_str!("../../tests/keys/idp-rsa2048.crt");
    const NEXT: &str = include_str!("../../tests/keys/idp-rsa2048-next.crt");

    fn cert(pem: &str) -> Certificate {
        crate::crypto::parse_certificates(pem.as_bytes()).unwrap().remove(0)
    }

    fn opts() -> SpMetadataOptions {
        let mut o = SpMetadataOptions::new("https://sp.example.com/", "https://sp.example.com/saml/acs");
        o.slo_url = Some(String::from("https://sp.example.com/saml/slo"));
        o.name_id_formats = alloc::vec![String::from(ns::NAMEID_EMAIL)];
        o.authn_requests_signed = true;
        o.signing_certificates = alloc::vec![cert(CRT)];
        o.encryption_certificates = alloc::vec![cert(NEXT)];
        o.valid_until = Some(Timestamp::parse("2030-01-01T00:00:00Z").unwrap());
        o.cache_duration_secs = Some(86_400);
        o
    }

    use crate::crypto::test_rng::TestRng as Rng;

    #[test]
    fn unsigned_document_in_schema_order() {
        let xml = build_sp_metadata(&opts()).unwrap();
        let doc = crate::xml::parse(&xml, &Limits::default()).unwrap();
        let root = doc.root_element();
        assert!(root.is(ns::METADATA, "EntityDescriptor"));
        assert_eq!(root.attribute("entityID"), Some("https://sp.example.com/"));
        assert_eq!(root.attribute("validUntil"), Some("2030-01-01T00:00:00Z"));
        assert_eq!(root.attribute("cacheDuration"), Some("PT86400S"));
        assert_eq!(root.attribute("ID"), None);
        let sp = root.child(ns::METADATA, "SPSSODescriptor").unwrap();
        assert_eq!(sp.attribute("AuthnRequestsSigned"), Some("true"));
        assert_eq!(sp.attribute("WantAssertionsSigned"), Some("false"));
        let names: Vec<String> = sp.element_children().map(|c| String::from(c.local_name())).collect();
        assert_eq!(
            names,
            ["KeyDescriptor", "KeyDescriptor", "SingleLogoutService", "NameIDFormat", "AssertionConsumerService"]
        );
        let kds: Vec<&str> =
            sp.children_named(ns::METADATA, "KeyDescriptor").filter_map(|k| k.attribute("use")).collect();
        assert_eq!(kds, ["signing", "encryption"]);
        let acs = sp.child(ns::METADATA, "AssertionConsumerService").unwrap();
        assert_eq!(acs.attribute("Binding"), Some(ns::BINDING_HTTP_POST));
        assert_eq!(acs.attribute("index"), Some("0"));
        let slo = sp.child(ns::METADATA, "SingleLogoutService").unwrap();
        assert_eq!(slo.attribute("Binding"), Some(ns::BINDING_HTTP_REDIRECT));
    }

    #[test]
    fn signed_document_verifies_with_the_dsig_core() {
        let key = SigningKey::from_pem(KEY).unwrap();
        let mut rng = Rng(1);
        let mut signer = key.signer(SignatureAlgorithm::RsaSha256, &mut rng).unwrap();
        let xml = signed_sp_metadata(&opts(), &mut signer, Some(&cert(CRT))).unwrap();
        let doc = crate::xml::parse(&xml, &Limits::default()).unwrap();
        let root = doc.root_element();
        let id = root.attribute("ID").unwrap();
        assert_eq!(id.len(), 41);
        let sig = root.element_children().next().unwrap();
        assert!(sig.is(ns::DSIG, "Signature"));
        let keys = TrustedKeys::from_pem_or_der(CRT.as_bytes()).unwrap();
        let check = |sig| {
            let p = crate::dsig::check(sig, crate::dsig::DsigOptions::default(), true)?;
            let found = p.task().verify_in_core(&keys);
            p.conclude(&keys, found)
        };
        let v = check(sig).unwrap();
        assert_eq!(v.reference_id, id);
        // Removing the signature leaves exactly the content that was digested: a changed byte fails.
        let tampered = xml.replace("https://sp.example.com/saml/acs", "https://evil.example/saml/acs");
        let doc = crate::xml::parse(&tampered, &Limits::default()).unwrap();
        let sig = doc.root_element().child(ns::DSIG, "Signature").unwrap();
        let e = check(sig).unwrap_err();
        assert_eq!(e.code(), "ERR_DSIG_DIGEST_MISMATCH");
        // A certificate that does not belong to the key is caught before the document leaves.
        let e = signed_sp_metadata(&opts(), &mut signer, Some(&cert(NEXT))).unwrap_err();
        assert_eq!(e.code(), "ERR_CONFIG_INVALID");
        // Signing is deterministic (PKCS#1 v1.5, fixed ID).
        assert_eq!(signed_sp_metadata(&opts(), &mut signer, Some(&cert(CRT))).unwrap(), xml);
    }

    #[test]
    fn refusals_name_the_option() {
        type Edit = fn(&mut SpMetadataOptions);
        let cases: [(&str, Edit); 7] = [
            ("entity_id", |o| o.entity_id.clear()),
            ("entity_id", |o| o.entity_id = "x".repeat(1025)),
            ("acs_url", |o| o.acs_url = String::from(" ")),
            ("slo_url", |o| o.slo_url = Some(String::new())),
            ("name_id_formats", |o| o.name_id_formats.push(String::new())),
            ("signing_certificates", |o| o.signing_certificates.clear()),
            ("id", |o| o.id = Some(String::from("1abc"))),
        ];
        for (name, f) in cases {
            let mut o = opts();
            f(&mut o);
            match build_sp_metadata(&o) {
                Err(crate::Error::ConfigInvalid { option, .. }) => assert_eq!(option, name),
                other => panic!("{name}: {other:?}"),
            }
        }
        let mut o = opts();
        o.entity_id = String::from("urn:sp:\u{1}");
        assert_eq!(build_sp_metadata(&o).unwrap_err().code(), "ERR_CONFIG_INVALID");
        // Escaping: the values are data, never markup.
        let mut o = opts();
        o.entity_id = String::from("urn:sp:\"<&>");
        let xml = build_sp_metadata(&o).unwrap();
        assert!(xml.contains("entityID=\"urn:sp:&quot;&lt;&amp;&gt;\""), "{xml}");
    }
}
