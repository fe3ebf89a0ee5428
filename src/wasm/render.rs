//! The JSON shapes the npm package reads (camelCase; times as RFC 3339 strings,
//! `null` when absent). Pure conversion: every value was decided by the core.

use alloc::string::{String, ToString as _};
use alloc::vec::Vec;

use super::json::{obj, Json};
use crate::crypto::{Certificate, KeyKind, SignatureAlgorithm};
use crate::dsig::VerifiedSignature;
use crate::encoding::{base64_encode, hex_lower};
#[cfg(feature = "wasm-inspect")]
use crate::saml::bindings::RedirectMessage;
use crate::saml::claims::short_name;
#[cfg(feature = "wasm-inspect")]
use crate::saml::metadata::IdpMetadata;
use crate::saml::{Decrypted, KeyTask, VerifiedResponse};
use crate::time::Timestamp;
use crate::trust::TrustedKeys;

/// Milliseconds since the epoch, or `null`.
pub(super) fn ms(t: Option<Timestamp>) -> Json {
    t.map_or(Json::Null, |t| Json::Int(t.unix_millis()))
}

fn ts(t: Option<Timestamp>) -> Json {
    t.map_or(Json::Null, |t| Json::Str(t.to_string()))
}

/// A certificate as reported (never trusted because of this report).
pub fn certificate(c: &Certificate) -> Json {
    obj([
        ("subject", Json::str(c.subject())),
        ("issuer", Json::str(c.issuer())),
        ("serial", Json::Str(c.serial_hex())),
        ("notBefore", Json::Str(Timestamp::from_unix_seconds(c.not_before()).to_string())),
        ("notAfter", Json::Str(Timestamp::from_unix_seconds(c.not_after()).to_string())),
        ("sha256", Json::Str(hex_lower(&c.sha256()))),
        ("sha1", Json::Str(hex_lower(&c.sha1()))),
        ("key", Json::Str(c.public_key().kind_name())),
    ])
}

pub(super) fn kind(k: KeyKind) -> &'static str {
    match k {
        KeyKind::Rsa => "RSA",
        KeyKind::EcP256 => "EC-P256",
        KeyKind::EcP384 => "EC-P384",
    }
}

/// `Verifier.keys()`: what the host imports into WebCrypto, by index.
pub fn keys(keys: &TrustedKeys) -> Json {
    Json::Arr(
        keys.iter()
            .enumerate()
            .map(|(i, k)| {
                obj([
                    ("index", Json::uint(i)),
                    ("kind", Json::str(kind(k.key().kind()))),
                    ("bits", Json::uint(k.key().bits())),
                    ("spki", Json::Str(base64_encode(k.key().spki_der()))),
                    ("sha256", Json::Str(hex_lower(&k.sha256()))),
                ])
            })
            .collect(),
    )
}

/// `Verifier.idp()`.
pub fn idp(
    entity_id: Option<&str>,
    sso_redirect_url: Option<&str>,
    sso_post_url: Option<&str>,
    valid_until: Option<Timestamp>,
    cache_duration: Option<&str>,
) -> Json {
    obj([
        ("entityId", Json::opt_str(entity_id)),
        ("ssoRedirectUrl", Json::opt_str(sso_redirect_url)),
        ("ssoPostUrl", Json::opt_str(sso_post_url)),
        ("validUntil", ts(valid_until)),
        ("cacheDuration", Json::opt_str(cache_duration)),
    ])
}

/// `Pending.taskInfo(i)`: names as WebCrypto spells them.
pub fn task_info(alg: SignatureAlgorithm, candidates: &[usize]) -> Json {
    let scheme = if alg.is_rsa() { "RSASSA-PKCS1-v1_5" } else { "ECDSA" };
    obj([
        ("algorithm", Json::str(alg.name())),
        ("scheme", Json::str(scheme)),
        ("hash", Json::str(alg.digest().name())),
        ("candidates", Json::Arr(candidates.iter().map(|&i| Json::uint(i)).collect())),
    ])
}

/// `{"digest","mgf1","keyLength","algorithm"}` of an EncryptedKey to unwrap: the OAEP hashes as
/// WebCrypto names them, the content key length in bytes, the content algorithm.
pub fn key_task_info(task: &KeyTask<'_>) -> Json {
    obj([
        ("digest", Json::str(task.transport.digest.name())),
        ("mgf1", Json::str(task.transport.mgf1.name())),
        ("keyLength", Json::uint(task.key_len)),
        ("algorithm", Json::str(task.algorithm.name())),
    ])
}

fn signature(element: &str, s: &VerifiedSignature, keys: &TrustedKeys) -> Json {
    let key_info = s.key_info_certificate.as_ref().map_or(Json::Null, |c| {
        let mut v = certificate(c);
        if let Json::Obj(members) = &mut v {
            members.push((String::from("matchesPinned"), Json::Bool(keys.matches_certificate(c))));
        }
        v
    });
    obj([
        ("element", Json::str(element)),
        ("reference", Json::Str(alloc::format!("#{}", s.reference_id))),
        ("signatureAlgorithm", Json::str(s.signature_algorithm.uri())),
        ("digestAlgorithm", Json::str(s.digest_algorithm.uri())),
        ("canonicalization", Json::str(s.signed_info_c14n.uri())),
        ("keyIndex", Json::uint(s.key_index)),
        ("keySha256", Json::Str(hex_lower(&s.key_sha256))),
        ("keyInfoCertificate", key_info),
    ])
}

/// The identity JSON of `verify()` and `Pending.finish()`.
pub fn verified(r: &VerifiedResponse, keys: &TrustedKeys) -> Json {
    let id = &r.identity;

    // Each value is written once, here; the JS shim groups `attributeList` into `attributes` (by
    // Name) and `claims` (by `claim`, the short name) in place of the two nulls below. Writing the
    // three views in Rust tripled the JSON, a tenth of the time for a response with 1,000 groups.
    let attribute_list = id
        .attributes
        .iter()
        .map(|a| {
            obj([
                ("name", Json::str(&a.name)),
                ("nameFormat", Json::opt_str(a.name_format.as_deref())),
                ("friendlyName", Json::opt_str(a.friendly_name.as_deref())),
                ("claim", Json::Str(short_name(a))),
                ("values", Json::strs(&a.values)),
            ])
        })
        .collect();

    let mut signatures = Vec::new();
    if let Some(s) = &r.response_signature {
        signatures.push(signature("response", s, keys));
    }
    if let Some(s) = &r.assertion_signature {
        signatures.push(signature("assertion", s, keys));
    }

    obj([
        ("nameId", Json::str(&id.name_id)),
        ("nameIdFormat", Json::opt_str(id.name_id_format.as_deref())),
        ("nameQualifier", Json::opt_str(id.name_qualifier.as_deref())),
        ("spNameQualifier", Json::opt_str(id.sp_name_qualifier.as_deref())),
        ("sessionIndex", Json::opt_str(id.session_index.as_deref())),
        ("loginName", Json::str(&id.login_name)),
        ("attributes", Json::Null),
        ("attributeList", Json::Arr(attribute_list)),
        ("claims", Json::Null),
        ("issuer", Json::str(&r.issuer)),
        ("assertionId", Json::str(&r.assertion_id)),
        ("responseId", Json::opt_str(r.response_id.as_deref())),
        ("inResponseTo", Json::opt_str(r.in_response_to.as_deref())),
        ("notBefore", ts(r.windows.not_before)),
        ("notOnOrAfter", ts(r.windows.not_on_or_after)),
        ("subjectNotOnOrAfter", ts(r.windows.subject_not_on_or_after)),
        ("sessionNotOnOrAfter", ts(id.session_not_on_or_after)),
        ("authnInstant", ts(id.authn_instant)),
        ("authnContext", Json::opt_str(id.authn_context_class_ref.as_deref())),
        ("signedElement", Json::str(r.signed_element.as_str())),
        ("certificateSha256", Json::opt_str(r.covering_signature().map(|s| hex_lower(&s.key_sha256)).as_deref())),
        ("signatures", Json::Arr(signatures)),
        ("groupsOverageLink", Json::opt_str(id.groups_overage_link.as_deref())),
        ("warnings", Json::strs(&r.warnings)),
        ("replayExpiresMs", r.replay_expiry().map_or(Json::Null, |t| Json::Int(t.unix_millis()))),
        ("decrypted", decrypted(&r.decrypted)),
    ])
}

/// `parseMetadata()`.
#[cfg(feature = "wasm-inspect")]
pub fn metadata(md: &IdpMetadata) -> Json {
    obj([
        ("entityId", Json::str(&md.entity_id)),
        ("ssoRedirectUrl", Json::opt_str(md.sso_redirect_url.as_deref())),
        ("ssoPostUrl", Json::opt_str(md.sso_post_url.as_deref())),
        ("certificates", Json::Arr(md.signing_certificates.iter().map(certificate).collect())),
        ("wantAuthnRequestsSigned", Json::Bool(md.want_authn_requests_signed)),
        ("nameIdFormats", Json::strs(&md.name_id_formats)),
        ("validUntil", ts(md.valid_until)),
        ("cacheDuration", Json::opt_str(md.cache_duration.as_deref())),
    ])
}

/// `decodeRedirect()`.
#[cfg(feature = "wasm-inspect")]
pub fn redirect(m: &RedirectMessage) -> Json {
    obj([
        ("param", Json::str(m.param.name())),
        ("xml", Json::str(&m.xml)),
        ("relayState", Json::opt_str(m.relay_state.as_deref())),
        ("sigAlg", Json::opt_str(m.sig_alg.as_deref())),
        ("signature", Json::opt_str(m.signature.as_deref())),
    ])
}

/// `buildAuthnRequest()`.
pub fn authn_request(id: &str, xml: &str) -> Json {
    obj([("id", Json::str(id)), ("xml", Json::str(xml))])
}

/// `identity.decrypted`: what was decrypted, for the report.
pub(super) fn decrypted(decrypted: &[Decrypted]) -> Json {
    Json::Arr(
        decrypted
            .iter()
            .map(|d| {
                obj([
                    ("element", Json::str(d.element)),
                    ("algorithm", Json::str(d.algorithm.name())),
                    ("keyTransport", Json::str(d.key_transport.uri)),
                    ("oaepDigest", Json::str(d.key_transport.digest.name())),
                    ("oaepMgf1", Json::str(d.key_transport.mgf1.name())),
                    ("keyIndex", Json::uint(d.key_index)),
                    ("signatureCheckedFirst", Json::Bool(d.signature_checked_first)),
                ])
            })
            .collect(),
    )
}
