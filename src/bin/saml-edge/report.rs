//! JSON renderings of results and errors, shared by the commands.

use saml_edge::crypto::Certificate;
use saml_edge::internals::encoding::hex_lower;
use saml_edge::saml::VerifiedSignature;
use saml_edge::saml::{Decrypted, VerifiedResponse};
use saml_edge::time::Timestamp;
use saml_edge::trust::TrustedKeys;
use saml_edge::Error;
use serde_json::{json, Map, Value};

fn ts(t: Option<Timestamp>) -> Value {
    t.map(|t| Value::String(t.to_string())).unwrap_or(Value::Null)
}

pub fn error(e: &Error) -> Value {
    let mut detail = Map::new();
    for (k, v) in e.detail() {
        // A key may repeat (sub status codes): collect those into arrays.
        match detail.get_mut(k) {
            Some(Value::Array(a)) => a.push(Value::String(v)),
            Some(prev) => {
                let first = prev.take();
                *prev = Value::Array(vec![first, Value::String(v)]);
            }
            None => {
                detail.insert(k.to_string(), Value::String(v));
            }
        }
    }
    json!({ "code": e.code(), "message": e.to_string(), "detail": detail })
}

pub fn certificate(c: &Certificate) -> Value {
    json!({
        "subject": c.subject(),
        "issuer": c.issuer(),
        "serial": c.serial_hex(),
        "not_before": Timestamp::from_unix_seconds(c.not_before()).to_string(),
        "not_after": Timestamp::from_unix_seconds(c.not_after()).to_string(),
        "sha256": hex_lower(&c.sha256()),
        // The thumbprint Entra ID and ADFS show for a signing certificate.
        "sha1": hex_lower(&c.sha1()),
        "key": c.public_key().kind_name(),
    })
}

fn signature(element: &str, s: &VerifiedSignature, keys: &TrustedKeys) -> Value {
    let key_info = s.key_info_certificate.as_ref().map(|c| {
        let mut v = certificate(c);
        v["matches_pinned"] = json!(keys.matches_certificate(c));
        v
    });
    json!({
        "element": element,
        "reference": format!("#{}", s.reference_id),
        "signature_algorithm": s.signature_algorithm.uri(),
        "digest_algorithm": s.digest_algorithm.uri(),
        "canonicalization": s.signed_info_c14n.uri(),
        "pinned_key_index": s.key_index,
        "certificate_sha256": hex_lower(&s.key_sha256),
        "key_info_certificate": key_info,
    })
}

pub fn verified(r: &VerifiedResponse, keys: &TrustedKeys) -> Value {
    let id = &r.identity;
    let attributes: Vec<Value> = id
        .attributes
        .iter()
        .map(|a| json!({ "name": a.name, "name_format": a.name_format, "friendly_name": a.friendly_name, "values": a.values }))
        .collect();
    let mut claims = Map::new();
    for c in &id.claims {
        claims.insert(c.name.clone(), json!(c.values));
    }
    let mut signatures = Vec::new();
    if let Some(s) = &r.response_signature {
        signatures.push(signature("response", s, keys));
    }
    if let Some(s) = &r.assertion_signature {
        signatures.push(signature("assertion", s, keys));
    }
    json!({
        "valid": true,
        "signed_element": r.signed_element.as_str(),
        "issuer": r.issuer,
        "name_id": id.name_id,
        "name_id_format": id.name_id_format,
        "name_qualifier": id.name_qualifier,
        "sp_name_qualifier": id.sp_name_qualifier,
        "login_name": id.login_name,
        "session_index": id.session_index,
        "authn_instant": ts(id.authn_instant),
        "authn_context": id.authn_context_class_ref,
        "session_not_on_or_after": ts(id.session_not_on_or_after),
        "not_before": ts(r.windows.not_before),
        "not_on_or_after": ts(r.windows.not_on_or_after),
        "subject_not_on_or_after": ts(r.windows.subject_not_on_or_after),
        "in_response_to": r.in_response_to,
        "response_id": r.response_id,
        "assertion_id": r.assertion_id,
        "attributes": attributes,
        "claims": claims,
        "groups_overage_link": id.groups_overage_link,
        "signatures": signatures,
        "certificate_sha256": r.covering_signature().map(|s| hex_lower(&s.key_sha256)),
        "warnings": r.warnings,
        "decrypted": decrypted(&r.decrypted),
    })
}

/// What was decrypted, for the JSON report.
pub fn decrypted(decrypted: &[Decrypted]) -> Value {
    Value::Array(
        decrypted
            .iter()
            .map(|d| {
                json!({
                    "element": d.element,
                    "algorithm": d.algorithm.name(),
                    "key_transport": d.key_transport.uri,
                    "oaep_digest": d.key_transport.digest.name(),
                    "oaep_mgf1": d.key_transport.mgf1.name(),
                    "sp_key_index": d.key_index,
                    "signature_checked_first": d.signature_checked_first,
                })
            })
            .collect(),
    )
}
