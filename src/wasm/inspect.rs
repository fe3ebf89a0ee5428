//! `inspect()`: the library's explanation ([`crate::inspect`]) as the debugger page reads it
//! (camelCase JSON). Never a verdict.

use alloc::string::{String, ToString as _};
use alloc::vec::Vec;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::json::{obj, Json};
use super::{input_bytes, js_detail, Args, DetailValue, JsResult, OrThrow as _};
use crate::crypto::Certificate;
use crate::encoding::{base64_encode, hex_lower};
use crate::error::Error;
use crate::inspect::{
    explain, transform_uri, AssertionReport, Check, Expectations, Explanation, Instant, Root, SignatureReport,
    WindowReport,
};
use crate::limits::Limits;
use crate::saml::metadata::parse_idp_metadata;
use crate::time::Timestamp;
use crate::trust::TrustedKeys;

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
fn instant(i: &Option<Instant>) -> Json {
    i.as_ref().map_or(Json::Null, |i| {
        obj([("value", Json::str(&i.value)), ("ms", i.at.map_or(Json::Null, |t| Json::Int(t.unix_millis())))])
    })
}

/// A certificate as reported ([`super::render::certificate`]), as its members.
fn certificate(c: &Certificate) -> Vec<(String, Json)> {
    match super::render::certificate(c) {
        Json::Obj(members) => members,
        _ => Vec::new(),
    }
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

fn check(c: &Check) -> Json {
    obj([
        ("name", Json::str(c.name)),
        ("expected", Json::opt_str(c.expected.as_deref())),
        ("found", Json::opt_str(c.found.as_deref())),
        ("ok", c.ok.map_or(Json::Null, Json::Bool)),
    ])
}

fn window(w: &WindowReport) -> Json {
    obj([
        ("name", Json::str(w.name)),
        ("notBefore", instant(&w.not_before)),
        ("notOnOrAfter", instant(&w.not_on_or_after)),
        ("ok", w.ok.map_or(Json::Null, Json::Bool)),
    ])
}

fn lossy(r: &crate::Result<Vec<u8>>) -> Json {
    match r {
        Ok(b) => Json::Str(String::from_utf8_lossy(b).into_owned()),
        Err(e) => obj([("error", error_json(e))]),
    }
}

/// One `ds:Signature`: where it is, what it declares, and what the core computes.
fn signature(s: &SignatureReport) -> Json {
    let mut m: Vec<(String, Json)> = Vec::new();
    let mut put = |k: &str, v: Json| m.push((String::from(k), v));
    put("element", Json::str(&s.element));
    put("elementNamespace", Json::opt_str(s.element_namespace.as_deref()));
    put("elementId", Json::opt_str(s.element_id.as_deref()));
    let d = match &s.details {
        Ok(d) => d,
        Err(e) => {
            put("error", error_json(e));
            return Json::Obj(m);
        }
    };
    put("signatureMethod", Json::str(d.signature_algorithm.uri()));
    put("canonicalization", Json::str(d.canonicalization.uri()));
    put("referenceUri", Json::str(&d.reference_uri));
    put("transforms", Json::Arr(d.transforms.iter().map(|t| Json::str(transform_uri(t))).collect()));
    put("digestMethod", Json::str(d.digest_algorithm.uri()));
    put("usesSha1", Json::Bool(d.uses_sha1));
    put("digestDeclared", Json::Str(base64_encode(&d.digest_declared)));
    put("referencesParent", Json::Bool(d.references_parent));
    put("elementsWithReferencedId", d.elements_with_referenced_id.map_or(Json::Null, Json::uint));
    match &d.digest_computed {
        Some(Ok(computed)) => {
            put("digestComputed", Json::Str(base64_encode(computed)));
            put("digestMatches", Json::Bool(d.digest_matches() == Some(true)));
        }
        Some(Err(e)) => put("digestError", error_json(e)),
        None => {}
    }
    if let Some(r) = &d.canonical_reference {
        put("canonicalReference", lossy(r));
    }
    match &d.keys {
        Ok(tries) => put(
            "keys",
            Json::Arr(
                tries
                    .iter()
                    .map(|k| {
                        obj([
                            ("index", Json::uint(k.index)),
                            ("supported", Json::Bool(k.supported)),
                            ("verifies", Json::Bool(k.verifies)),
                        ])
                    })
                    .collect(),
            ),
        ),
        Err(e) => put("signedInfoError", error_json(e)),
    }
    if let Some(r) = &d.canonical_signed_info {
        put("canonicalSignedInfo", lossy(r));
    }
    let key_info = d
        .key_info
        .iter()
        .map(|c| match c {
            Ok((c, pinned)) => {
                let mut v = certificate(c);
                v.push((String::from("pinned"), Json::Bool(*pinned)));
                Json::Obj(v)
            }
            Err(e) => obj([("error", error_json(e))]),
        })
        .collect();
    put("keyInfoCertificates", Json::Arr(key_info));
    Json::Obj(m)
}

fn assertion(a: &AssertionReport) -> Json {
    obj([
        ("id", Json::opt_str(a.id.as_deref())),
        ("parent", Json::str(&a.parent)),
        ("childOfResponse", Json::Bool(a.child_of_response)),
        ("signed", Json::Bool(a.signed)),
        ("issuer", Json::opt_str(a.issuer.as_deref())),
        ("nameId", Json::opt_str(a.name_id.as_deref())),
        ("nameIdFormat", Json::opt_str(a.name_id_format.as_deref())),
        ("audiences", Json::strs(&a.audiences)),
        ("checks", Json::Arr(a.checks.iter().map(check).collect())),
        ("windows", Json::Arr(a.windows.iter().map(window).collect())),
        ("authnInstant", instant(&a.authn_instant)),
        ("sessionNotOnOrAfter", instant(&a.session_not_on_or_after)),
        ("sessionIndex", Json::opt_str(a.session_index.as_deref())),
        (
            "attributes",
            Json::Arr(
                a.attributes
                    .iter()
                    .map(|(attr, short)| {
                        obj([
                            ("name", Json::str(&attr.name)),
                            ("shortName", Json::str(short)),
                            ("friendlyName", Json::opt_str(attr.friendly_name.as_deref())),
                            ("values", Json::strs(&attr.values)),
                        ])
                    })
                    .collect(),
            ),
        ),
    ])
}

fn root(r: &Root) -> Json {
    obj([
        ("name", Json::str(&r.local_name)),
        ("qname", Json::str(&r.qname)),
        ("namespace", Json::opt_str(r.namespace.as_deref())),
        ("id", Json::opt_str(r.id.as_deref())),
        ("version", Json::opt_str(r.version.as_deref())),
        ("issueInstant", instant(&r.issue_instant)),
        ("destination", Json::opt_str(r.destination.as_deref())),
        ("inResponseTo", Json::opt_str(r.in_response_to.as_deref())),
        ("assertionConsumerServiceUrl", Json::opt_str(r.acs_url.as_deref())),
        ("issuer", Json::opt_str(r.issuer.as_deref())),
        ("status", Json::opt_str(r.status.as_deref())),
        ("statusMessage", Json::opt_str(r.status_message.as_deref())),
        ("checks", Json::Arr(r.checks.iter().map(check).collect())),
    ])
}

/// The explanation (or the refusal) with the expectations it was made against.
fn render(
    outcome: &core::result::Result<Explanation, crate::inspect::Refusal>,
    keys: &TrustedKeys,
    x: &Expectations,
) -> Json {
    let mut m: Vec<(String, Json)> = alloc::vec![
        (String::from("now"), x.now.map_or(Json::Null, ts)),
        (String::from("nowMs"), x.now.map_or(Json::Null, |t| Json::Int(t.unix_millis()))),
        (String::from("clockToleranceMs"), Json::Int(i64::from(x.clock_tolerance_secs) * 1000)),
        (String::from("pinnedKeys"), pinned_keys(keys)),
    ];
    let e = match outcome {
        Ok(e) => e,
        Err(r) => {
            m.push((String::from("stage"), Json::str(r.stage)));
            m.push((String::from("error"), error_json(&r.error)));
            return Json::Obj(m);
        }
    };
    let span =
        |s: Option<(usize, usize)>| s.map_or(Json::Null, |(a, b)| Json::Arr(alloc::vec![Json::uint(a), Json::uint(b)]));
    m.extend([
        (String::from("relayState"), Json::opt_str(e.relay_state.as_deref())),
        (String::from("root"), root(&e.root)),
        (String::from("signatureCount"), Json::uint(e.signature_count)),
        (String::from("signatures"), Json::Arr(e.signatures.iter().map(signature).collect())),
        (String::from("assertions"), Json::Arr(e.assertions.iter().map(assertion).collect())),
        (String::from("xml"), Json::str(&e.xml)),
        (
            String::from("signedRegions"),
            Json::Arr(
                e.signed_regions
                    .iter()
                    .map(|r| obj([("signed", span(r.signed)), ("signature", span(r.signature))]))
                    .collect(),
            ),
        ),
    ]);
    Json::Obj(m)
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
    let mut x = Expectations {
        sp_entity_id: o.opt_nonempty_string("spEntityId")?,
        acs_url: o.opt_nonempty_string("acsUrl")?,
        idp_entity_id: o.opt_nonempty_string("idpEntityId")?,
        in_response_to: o.opt_nonempty_string("inResponseTo")?,
        now: o.millis("nowMs")?,
        clock_tolerance_secs: tolerance as u32,
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
    Ok(render(&explain(&bytes, &keys, &x, &limits), &keys, &x).render())
}

/// For the tests: `explain` without the JS boundary.
#[cfg(test)]
mod tests {
    use super::*;

    fn expect() -> Expectations {
        Expectations {
            sp_entity_id: Some(String::from("https://auth.iws-hybrid.trendmicro.com/0123456789abcdef")),
            now: Some(Timestamp::parse("2026-01-15T10:01:00Z").unwrap()),
            clock_tolerance_secs: 180,
            canonical: true,
            ..Expectations::default()
        }
    }

    fn explain_json(input: &[u8], keys: &TrustedKeys, x: &Expectations) -> String {
        render(&explain(input, keys, x, &Limits::default()), keys, x).render()
    }

    #[test]
    fn explains_the_entra_sample() {
        let xml = include_str!("../../tests/fixtures/valid/entra_assertion_signed.xml");
        let keys = TrustedKeys::from_pem_or_der(include_bytes!("../../tests/keys/idp-rsa2048.crt")).unwrap();
        let out = explain_json(xml.as_bytes(), &keys, &expect());
        assert!(out.contains("\"digestMatches\":true"), "{out}");
        assert!(out.contains("\"verifies\":true"));
        assert!(out.contains("\"shortName\":\"emailaddress\""));
        assert!(out.contains("\"canonicalSignedInfo\":\"<SignedInfo"));
        assert!(out.contains("\"signedRegions\":[{\"signed\":["));
    }

    #[test]
    fn reports_a_refused_input_as_data() {
        let out = explain_json(b"<a><!DOCTYPE x></a>", &TrustedKeys::new(), &expect());
        assert!(out.contains("\"stage\":\"parse\""), "{out}");
    }
}
