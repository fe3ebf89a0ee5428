//! `inspect()`: explain a SAML message without trusting it, for the debugger page.
//!
//! Nothing here accepts or refuses a login (the verdict is `Verifier.verify`'s):
//! it reports what verification looks at, computed with the core's public parts —
//! each signature with the digest it declares and the one we compute, whether its
//! value verifies with each configured key, the KeyInfo certificate, the
//! conditions expected vs found, the instants, the claims under Entra's short
//! names, and the pretty XML with the signed regions marked. Every step is
//! bounded by [`Limits::default`], the limits verification uses.

use alloc::string::{String, ToString as _};
use alloc::vec::Vec;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::json::{obj, Json};
use super::{input_bytes, js_detail, Args, DetailValue, JsResult, OrThrow as _};
use crate::crypto::Certificate;
use crate::dsig::{self, parse_signature, ParsedSignature, Transform};
use crate::encoding::{base64_encode, hex_lower};
use crate::error::Error;
use crate::limits::Limits;
use crate::ns::{ASSERTION, DSIG, PROTOCOL};
use crate::saml::bindings::decode_post_input;
use crate::saml::claims::short_name;
use crate::saml::metadata::parse_idp_metadata;
use crate::saml::SamlAttribute;
use crate::time::Timestamp;
use crate::trust::TrustedKeys;
use crate::xml::{self, Node};

use crate::dsig::ENVELOPED;
const BEARER: &str = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

const INSPECT_KEYS: &[&str] = &[
    "spEntityId",
    "acsUrl",
    "idpEntityId",
    "certificates",
    "metadataXml",
    "nowMs",
    "clockTolerance",
    "inResponseTo",
    "canonical",
];

/// What the caller expects; every field optional (an absent expectation is reported, not compared).
struct Expect {
    sp_entity_id: Option<String>,
    acs_url: Option<String>,
    idp_entity_id: Option<String>,
    in_response_to: Option<String>,
    now: Option<Timestamp>,
    tolerance_ms: i64,
    canonical: bool,
}

/// A core error as data: `{code, message, detail}`, `detail` as a thrown error carries it.
fn error_json(e: &Error) -> Json {
    let detail = js_detail(e, &[])
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                DetailValue::One(s) => Json::Str(s),
                DetailValue::List(items) => Json::Arr(items.into_iter().map(Json::Str).collect()),
            };
            (k, v)
        })
        .collect();
    obj([("code", Json::str(e.code())), ("message", Json::Str(e.to_string())), ("detail", Json::Obj(detail))])
}

fn ts(t: Timestamp) -> Json {
    Json::Str(t.to_string())
}

/// An xs:dateTime attribute: `{value, ms}` (`ms` null when malformed), or null when absent.
fn instant(value: Option<&str>) -> Json {
    value.map_or(Json::Null, |v| {
        let ms = Timestamp::parse(v).map_or(Json::Null, |t| Json::Int(t.unix_millis()));
        obj([("value", Json::str(v)), ("ms", ms)])
    })
}

/// A certificate as reported, with both thumbprints (Entra's portal shows SHA-1).
fn certificate(c: &Certificate) -> Vec<(String, Json)> {
    let members = [
        ("subject", Json::str(c.subject())),
        ("issuer", Json::str(c.issuer())),
        ("serial", Json::Str(c.serial_hex())),
        ("notBefore", ts(Timestamp::from_unix_seconds(c.not_before()))),
        ("notAfter", ts(Timestamp::from_unix_seconds(c.not_after()))),
        ("sha256", Json::Str(hex_lower(&c.sha256()))),
        ("sha1", Json::Str(hex_lower(&c.sha1()))),
        ("key", Json::Str(c.public_key().kind_name())),
    ];
    members.into_iter().map(|(k, v)| (String::from(k), v)).collect()
}

fn pinned_keys(keys: &TrustedKeys) -> Json {
    Json::Arr(
        keys.iter()
            .enumerate()
            .map(|(i, k)| {
                let mut m = alloc::vec![(String::from("index"), Json::uint(i))];
                match k.certificate() {
                    Some(c) => m.extend(certificate(c)),
                    None => {
                        m.push((String::from("sha256"), Json::Str(hex_lower(&k.sha256()))));
                        m.push((String::from("key"), Json::Str(k.key().kind_name())));
                    }
                }
                Json::Obj(m)
            })
            .collect(),
    )
}

/// `{name, expected, found, ok}`: `ok` is null when there is nothing to compare with.
fn check(name: &str, expected: Option<&str>, found: Option<&str>) -> Json {
    let ok = match expected {
        None => Json::Null,
        Some(e) => Json::Bool(found == Some(e)),
    };
    obj([("name", Json::str(name)), ("expected", Json::opt_str(expected)), ("found", Json::opt_str(found)), ("ok", ok)])
}

/// A time window against now ± tolerance, as verification applies it (NotBefore inclusive,
/// NotOnOrAfter exclusive, SAML core §2.5.1.2).
fn window(name: &str, n: Node<'_>, x: &Expect) -> Json {
    let nb = n.attribute("NotBefore");
    let na = n.attribute("NotOnOrAfter");
    let parse = |v: Option<&str>| v.map(Timestamp::parse);
    let ok = match (x.now, parse(nb), parse(na)) {
        (_, Some(Err(_)), _) | (_, _, Some(Err(_))) => Json::Bool(false),
        (None, _, _) => Json::Null,
        (Some(now), nb, na) => {
            let now = now.unix_millis();
            let after_start =
                nb.and_then(Result::ok).map_or(true, |t| now.saturating_add(x.tolerance_ms) >= t.unix_millis());
            let before_end =
                na.and_then(Result::ok).map_or(true, |t| now.saturating_sub(x.tolerance_ms) < t.unix_millis());
            Json::Bool(after_start && before_end)
        }
    };
    obj([("name", Json::str(name)), ("notBefore", instant(nb)), ("notOnOrAfter", instant(na)), ("ok", ok)])
}

fn transform_uri(t: &Transform) -> &'static str {
    match t {
        Transform::Enveloped => ENVELOPED,
        Transform::C14n(m) => m.uri(),
    }
}

fn lossy(r: crate::Result<Vec<u8>>) -> Json {
    match r {
        Ok(b) => Json::Str(String::from_utf8_lossy(&b).into_owned()),
        Err(e) => obj([("error", error_json(&e))]),
    }
}

/// One `ds:Signature`: where it is, what it declares, and what we compute.
fn signature(sig: Node<'_>, keys: &TrustedKeys, limits: &Limits, x: &Expect) -> Json {
    let parent = sig.parent_element();
    let mut m: Vec<(String, Json)> = Vec::new();
    let mut put = |k: &str, v: Json| m.push((String::from(k), v));
    put("element", Json::Str(parent.map(|p| p.qname()).unwrap_or_default()));
    put("elementNamespace", Json::opt_str(parent.and_then(|p| p.namespace())));
    put("elementId", Json::opt_str(parent.and_then(|p| p.attribute("ID"))));
    // SHA-1 is parsed here so that its digests can be shown; the verdict refuses it unless allowed.
    let parsed: ParsedSignature = match parse_signature(sig, true) {
        Ok(p) => p,
        Err(e) => {
            put("error", error_json(&e));
            return Json::Obj(m);
        }
    };
    put("signatureMethod", Json::str(parsed.signature_algorithm.uri()));
    put("canonicalization", Json::str(parsed.signed_info_c14n.uri()));
    put("referenceUri", Json::str(&parsed.reference_uri));
    put("transforms", Json::Arr(parsed.transforms.iter().map(|t| Json::str(transform_uri(t))).collect()));
    put("digestMethod", Json::str(parsed.digest_algorithm.uri()));
    let sha1 =
        matches!(parsed.digest_algorithm.name(), "SHA-1") || parsed.signature_algorithm.digest().name() == "SHA-1";
    put("usesSha1", Json::Bool(sha1));
    put("digestDeclared", Json::Str(base64_encode(&parsed.digest_value)));

    // What the URI points at: verification requires it to be the parent's own ID, unique.
    let id = parent.and_then(|p| p.attribute("ID")).unwrap_or("");
    let target = parsed.reference_uri.strip_prefix('#').unwrap_or("");
    put("referencesParent", Json::Bool(!id.is_empty() && (parsed.reference_uri == alloc::format!("#{id}"))));
    put(
        "elementsWithReferencedId",
        if target.is_empty() { Json::Null } else { Json::uint(dsig::elements_with_id(sig.document().root(), target)) },
    );

    let max = limits.max_canonical_bytes;
    if let Some(p) = parent {
        match dsig::reference_digest(&parsed, sig, p, max) {
            Ok(computed) => {
                put("digestComputed", Json::Str(base64_encode(&computed)));
                put("digestMatches", Json::Bool(crate::crypto::constant_time_eq(&computed, &parsed.digest_value)));
            }
            Err(e) => put("digestError", error_json(&e)),
        }
        if x.canonical {
            put("canonicalReference", lossy(dsig::reference_bytes(&parsed, sig, p, max)));
        }
    }
    let signed_info = dsig::signed_info_bytes(&parsed, sig, max);
    match &signed_info {
        Ok(bytes) => {
            // The value against each configured key, with the same pure-Rust crypto as `verify`.
            let tries = keys
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    let supported = k.key().supports(parsed.signature_algorithm);
                    let verifies = supported
                        && k.key().verify(parsed.signature_algorithm, bytes, &parsed.signature_value).unwrap_or(false);
                    obj([
                        ("index", Json::uint(i)),
                        ("supported", Json::Bool(supported)),
                        ("verifies", Json::Bool(verifies)),
                    ])
                })
                .collect();
            put("keys", Json::Arr(tries));
        }
        Err(e) => put("signedInfoError", error_json(e)),
    }
    if x.canonical {
        put("canonicalSignedInfo", lossy(signed_info));
    }
    let key_info = parsed
        .key_info_certificates
        .iter()
        .map(|b64| match Certificate::from_base64(b64) {
            Ok(c) => {
                let mut v = certificate(&c);
                v.push((String::from("pinned"), Json::Bool(keys.matches_certificate(&c))));
                Json::Obj(v)
            }
            Err(e) => obj([("error", error_json(&e))]),
        })
        .collect();
    put("keyInfoCertificates", Json::Arr(key_info));
    Json::Obj(m)
}

fn text_of(parent: Node<'_>, ns: &str, local: &str) -> Option<String> {
    parent.child(ns, local).map(|n| n.text_content())
}

/// One `saml:Assertion`: where it sits, what it says, and each condition expected vs found.
fn assertion(a: Node<'_>, response: Node<'_>, x: &Expect) -> Json {
    let issuer = text_of(a, ASSERTION, "Issuer");
    let mut checks = alloc::vec![check("Assertion Issuer", x.idp_entity_id.as_deref(), issuer.as_deref())];
    let mut windows = Vec::new();
    let mut audiences = Vec::new();
    if let Some(c) = a.child(ASSERTION, "Conditions") {
        windows.push(window("Conditions", c, x));
        audiences = c.descendants().filter(|n| n.is(ASSERTION, "Audience")).map(|n| n.text_content()).collect();
    }
    let audience_ok = x.sp_entity_id.as_ref().map(|sp| Json::Bool(audiences.iter().any(|a| a == sp)));
    checks.push(obj([
        ("name", Json::str("Audience")),
        ("expected", Json::opt_str(x.sp_entity_id.as_deref())),
        ("found", if audiences.is_empty() { Json::Null } else { Json::Str(audiences.join(" | ")) }),
        ("ok", audience_ok.unwrap_or(Json::Null)),
    ]));

    let subject = a.child(ASSERTION, "Subject");
    let name_id = subject.and_then(|s| s.child(ASSERTION, "NameID"));
    for c in subject.into_iter().flat_map(|s| s.children_named(ASSERTION, "SubjectConfirmation")) {
        checks.push(check("SubjectConfirmation Method", Some(BEARER), c.attribute("Method")));
        if let Some(d) = c.child(ASSERTION, "SubjectConfirmationData") {
            windows.push(window("SubjectConfirmationData", d, x));
            checks.push(check("Recipient", x.acs_url.as_deref(), d.attribute("Recipient")));
            checks.push(check(
                "SubjectConfirmationData InResponseTo",
                x.in_response_to.as_deref(),
                d.attribute("InResponseTo"),
            ));
        }
    }
    let authn = a.child(ASSERTION, "AuthnStatement");
    let mut attributes = Vec::new();
    for statement in a.children_named(ASSERTION, "AttributeStatement") {
        for at in statement.children_named(ASSERTION, "Attribute") {
            let attr = SamlAttribute {
                name: String::from(at.attribute("Name").unwrap_or("")),
                name_format: at.attribute("NameFormat").map(String::from),
                friendly_name: at.attribute("FriendlyName").map(String::from),
                values: at.children_named(ASSERTION, "AttributeValue").map(|v| v.text_content()).collect(),
            };
            attributes.push(obj([
                ("name", Json::str(&attr.name)),
                ("shortName", Json::Str(short_name(&attr))),
                ("friendlyName", Json::opt_str(attr.friendly_name.as_deref())),
                ("values", Json::strs(&attr.values)),
            ]));
        }
    }
    let parent = a.parent_element();
    obj([
        ("id", Json::opt_str(a.attribute("ID"))),
        ("parent", Json::Str(parent.map(|p| p.qname()).unwrap_or_default())),
        ("childOfResponse", Json::Bool(parent == Some(response) && response.is(PROTOCOL, "Response"))),
        ("signed", Json::Bool(a.child(DSIG, "Signature").is_some())),
        ("issuer", Json::opt_str(issuer.as_deref())),
        ("nameId", name_id.map_or(Json::Null, |n| Json::Str(n.text_content()))),
        ("nameIdFormat", Json::opt_str(name_id.and_then(|n| n.attribute("Format")))),
        ("audiences", Json::strs(&audiences)),
        ("checks", Json::Arr(checks)),
        ("windows", Json::Arr(windows)),
        ("authnInstant", instant(authn.and_then(|s| s.attribute("AuthnInstant")))),
        ("sessionNotOnOrAfter", instant(authn.and_then(|s| s.attribute("SessionNotOnOrAfter")))),
        ("sessionIndex", Json::opt_str(authn.and_then(|s| s.attribute("SessionIndex")))),
        ("attributes", Json::Arr(attributes)),
    ])
}

/// Explain `input` (XML, base64 or a form body; any SAML message, not only a Response).
/// Returns JSON; throws only for a malformed argument or an unusable certificate or metadata.
#[wasm_bindgen]
pub fn inspect(input: &Uint8Array, options_json: &str) -> JsResult<String> {
    let o = Args::parse(options_json, "the inspect options", INSPECT_KEYS)?;
    let limits = Limits::default();
    let tolerance = o.opt_number("clockTolerance")?.unwrap_or(180.0);
    if tolerance < 0.0 || tolerance.fract() != 0.0 || tolerance > f64::from(u32::MAX) {
        return Err(super::type_error("clockTolerance", "must be a whole, non-negative number of seconds"));
    }
    let mut x = Expect {
        sp_entity_id: o.opt_nonempty_string("spEntityId")?,
        acs_url: o.opt_nonempty_string("acsUrl")?,
        idp_entity_id: o.opt_nonempty_string("idpEntityId")?,
        in_response_to: o.opt_nonempty_string("inResponseTo")?,
        now: o.millis("nowMs")?,
        tolerance_ms: (tolerance as i64).saturating_mul(1000),
        canonical: o.opt_bool("canonical")?.unwrap_or(false),
    };
    let mut keys = TrustedKeys::new();
    for pem in o.opt_string_array("certificates")?.unwrap_or_default() {
        keys.add_pem_or_der(pem.as_bytes()).or_throw()?;
    }
    if let Some(md) = o.opt_string("metadataXml")? {
        let md = parse_idp_metadata(&md, &limits).or_throw()?;
        md.pin_keys(&mut keys).or_throw()?;
        x.idp_entity_id.get_or_insert(md.entity_id);
    }
    let bytes = input_bytes(input, &limits)?;
    Ok(explain(&bytes, &keys, &limits, &x).render())
}

fn explain(bytes: &[u8], keys: &TrustedKeys, limits: &Limits, x: &Expect) -> Json {
    let mut m: Vec<(String, Json)> = alloc::vec![
        (String::from("now"), x.now.map_or(Json::Null, ts)),
        (String::from("nowMs"), x.now.map_or(Json::Null, |t| Json::Int(t.unix_millis()))),
        (String::from("clockToleranceMs"), Json::Int(x.tolerance_ms)),
        (String::from("pinnedKeys"), pinned_keys(keys)),
    ];
    let fail = |mut m: Vec<(String, Json)>, stage: &str, e: &Error| {
        m.push((String::from("stage"), Json::str(stage)));
        m.push((String::from("error"), error_json(e)));
        Json::Obj(m)
    };
    let decoded = match decode_post_input(bytes, limits) {
        Ok(d) => d,
        Err(e) => return fail(m, "decode", &e),
    };
    m.push((String::from("relayState"), Json::opt_str(decoded.relay_state.as_deref())));
    let doc = match xml::parse(&decoded.xml, limits) {
        Ok(d) => d,
        Err(e) => return fail(m, "parse", &e),
    };
    let root = doc.root_element();
    let status = root.child(PROTOCOL, "Status").and_then(|s| s.child(PROTOCOL, "StatusCode"));
    let issuer = text_of(root, ASSERTION, "Issuer");
    let mut checks = Vec::new();
    if root.is(PROTOCOL, "Response") {
        checks.push(check("Destination", x.acs_url.as_deref(), root.attribute("Destination")));
        checks.push(check("Response Issuer", x.idp_entity_id.as_deref(), issuer.as_deref()));
        checks.push(check("Response InResponseTo", x.in_response_to.as_deref(), root.attribute("InResponseTo")));
    }
    m.push((
        String::from("root"),
        obj([
            ("name", Json::str(root.local_name())),
            ("qname", Json::Str(root.qname())),
            ("namespace", Json::opt_str(root.namespace())),
            ("id", Json::opt_str(root.attribute("ID"))),
            ("version", Json::opt_str(root.attribute("Version"))),
            ("issueInstant", instant(root.attribute("IssueInstant"))),
            ("destination", Json::opt_str(root.attribute("Destination"))),
            ("inResponseTo", Json::opt_str(root.attribute("InResponseTo"))),
            ("assertionConsumerServiceUrl", Json::opt_str(root.attribute("AssertionConsumerServiceURL"))),
            ("issuer", Json::opt_str(issuer.as_deref())),
            ("status", Json::opt_str(status.and_then(|s| s.attribute("Value")))),
            (
                "statusMessage",
                Json::opt_str(
                    root.child(PROTOCOL, "Status").and_then(|s| text_of(s, PROTOCOL, "StatusMessage")).as_deref(),
                ),
            ),
            ("checks", Json::Arr(checks)),
        ]),
    ));

    // At most as many signatures as verification would look at; the rest are counted.
    let all: Vec<Node<'_>> = doc.descendants().filter(|n| n.is(DSIG, "Signature")).collect();
    let shown: Vec<Node<'_>> = all.iter().copied().take(limits.max_signatures).collect();
    m.push((String::from("signatureCount"), Json::uint(all.len())));
    m.push((String::from("signatures"), Json::Arr(shown.iter().map(|s| signature(*s, keys, limits, x)).collect())));
    let assertions: Vec<Json> =
        doc.descendants().filter(|n| n.is(ASSERTION, "Assertion")).map(|a| assertion(a, root, x)).collect();
    m.push((String::from("assertions"), Json::Arr(assertions)));

    // Pretty XML, with each signature's covered element and the Signature itself marked.
    let mut marked = Vec::new();
    for s in &shown {
        let covered = match (parse_signature(*s, true), s.parent_element()) {
            (Ok(p), _) if p.reference_uri.is_empty() => Some(doc.root_element()),
            (_, parent) => parent,
        };
        marked.push(covered.unwrap_or(*s));
        marked.push(*s);
    }
    let (pretty, spans) = xml::pretty_marked(&doc, &marked);
    let span =
        |s: Option<(usize, usize)>| s.map_or(Json::Null, |(a, b)| Json::Arr(alloc::vec![Json::uint(a), Json::uint(b)]));
    let regions = spans
        .chunks(2)
        .map(|pair| {
            obj([
                ("signed", span(pair.first().copied().flatten())),
                ("signature", span(pair.get(1).copied().flatten())),
            ])
        })
        .collect();
    m.push((String::from("xml"), Json::Str(pretty)));
    m.push((String::from("signedRegions"), Json::Arr(regions)));
    Json::Obj(m)
}

/// For the tests: `explain` without the JS boundary.
#[cfg(test)]
mod tests {
    use super::*;

    fn expect() -> Expect {
        Expect {
            sp_entity_id: Some(String::from("https://auth.iws-hybrid.trendmicro.com/0123456789abcdef")),
            acs_url: None,
            idp_entity_id: None,
            in_response_to: None,
            now: Some(Timestamp::parse("2026-01-15T10:01:00Z").unwrap()),
            tolerance_ms: 180_000,
            canonical: true,
        }
    }

    #[test]
    fn explains_the_entra_sample() {
        let xml = include_str!("../../tests/fixtures/valid/entra_assertion_signed.xml");
        let keys = TrustedKeys::from_pem_or_der(include_bytes!("../../tests/keys/idp-rsa2048.crt")).unwrap();
        let out = explain(xml.as_bytes(), &keys, &Limits::default(), &expect()).render();
        assert!(out.contains("\"digestMatches\":true"), "{out}");
        assert!(out.contains("\"verifies\":true"));
        assert!(out.contains("\"shortName\":\"emailaddress\""));
        assert!(out.contains("\"canonicalSignedInfo\":\"<SignedInfo"));
        assert!(out.contains("\"signedRegions\":[{\"signed\":["));
    }

    #[test]
    fn reports_a_refused_input_as_data() {
        let out = explain(b"<a><!DOCTYPE x></a>", &TrustedKeys::new(), &Limits::default(), &expect()).render();
        assert!(out.contains("\"stage\":\"parse\""), "{out}");
    }
}
