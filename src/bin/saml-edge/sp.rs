//! The SP's side of the CLI: its metadata, signed requests, logout messages both ways, and
//! the checks of what an IdP sends (metadata signatures, redirect-binding signatures).

use std::io::Read;

use saml_edge::crypto::{Certificate, SignatureAlgorithm, SigningKey, TryCryptoRng};
use saml_edge::internals::encoding::hex_lower;
use saml_edge::saml::bindings::{RedirectMessage, RedirectParam};
use saml_edge::saml::logout::{
    build_logout_request, build_logout_response, verify_logout_request, verify_logout_response, LogoutInput,
    LogoutRequestOptions, LogoutResponseOptions, LogoutSignature, LogoutVerifyOptions,
};
use saml_edge::saml::metadata::{parse_idp_metadata, IdpMetadata};
use saml_edge::saml::metadata_trust::verify_metadata_signature;
use saml_edge::saml::redirect_signature::{signed_redirect_url, verify_redirect_signature};
use saml_edge::saml::sp_metadata::{build_sp_metadata, signed_sp_metadata, SpMetadataOptions};
use saml_edge::time::Timestamp;
use saml_edge::trust::TrustedKeys;
use saml_edge::{crypto, Limits};
use serde_json::{json, Value};

use crate::{args, flag_error, now, print_json, random_id, read_input, report, Failure};

/// 128-bit blinding and IDs come from the OS: the CLI is where randomness lives, never the core.
pub struct OsRng(std::fs::File);

impl OsRng {
    pub fn open() -> Result<OsRng, String> {
        std::fs::File::open("/dev/urandom").map(OsRng).map_err(|e| format!("opening /dev/urandom: {e}"))
    }
}

impl crypto::rand_core::TryRng for OsRng {
    type Error = std::io::Error;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0; 4];
        self.0.read_exact(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0; 8];
        self.0.read_exact(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.0.read_exact(dst)
    }
}
impl TryCryptoRng for OsRng {}

/// `--sig-alg`: an XML-DSig URI or its short name (`rsa-sha256`, the default).
pub fn sig_alg(a: &args::Args) -> Result<SignatureAlgorithm, String> {
    let v = a.get("sig-alg").unwrap_or("rsa-sha256");
    let uri = match v {
        "rsa-sha256" => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        "rsa-sha384" => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
        "rsa-sha512" => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
        other => other,
    };
    SignatureAlgorithm::from_uri(uri, false).map_err(|e| format!("--sig-alg {v}: {e}"))
}

/// `--sign-key FILE`: the SP's RSA private key (PKCS#8 or PKCS#1 PEM).
pub fn sign_key(a: &args::Args) -> Result<Option<SigningKey>, String> {
    let Some(path) = a.get("sign-key") else { return Ok(None) };
    let text = String::from_utf8(read_input(path)?).map_err(|_| format!("{path} is not UTF-8 PEM"))?;
    SigningKey::from_pem(&text).map(Some).map_err(|e| format!("--sign-key {path}: {e}"))
}

fn certificates(a: &args::Args, key: &str) -> Result<Vec<Certificate>, String> {
    let mut out = Vec::new();
    for path in a.all(key) {
        let certs = crypto::parse_certificates(&read_input(path)?).map_err(|e| format!("--{key} {path}: {e}"))?;
        if certs.is_empty() {
            return Err(format!("--{key} {path}: no certificate found"));
        }
        out.extend(certs);
    }
    Ok(out)
}

pub fn sp_metadata(argv: &[String]) -> Result<(), Failure> {
    let a = args::parse(
        argv,
        &[
            "entity-id",
            "acs-url",
            "slo-url",
            "name-id-format",
            "signing-cert",
            "encryption-cert",
            "valid-until",
            "cache-duration",
            "id",
            "sign-key",
            "sig-alg",
        ],
        &["authn-requests-signed", "want-assertions-signed"],
    )?;
    if a.help {
        return Err(Failure::Help);
    }
    if !a.positional.is_empty() {
        return Err(Failure::Usage("sp-metadata takes no INPUT".into()));
    }
    let mut o = SpMetadataOptions::new(a.require("entity-id")?, a.require("acs-url")?);
    o.slo_url = a.get("slo-url").map(String::from);
    o.name_id_formats = a.all("name-id-format").to_vec();
    o.signing_certificates = certificates(&a, "signing-cert")?;
    o.encryption_certificates = certificates(&a, "encryption-cert")?;
    o.authn_requests_signed = a.flag("authn-requests-signed");
    o.want_assertions_signed = a.flag("want-assertions-signed");
    o.id = a.get("id").map(String::from);
    if let Some(v) = a.get("valid-until") {
        o.valid_until = Some(Timestamp::parse(v).map_err(|e| format!("--valid-until: {e}"))?);
    }
    if let Some(v) = a.get("cache-duration") {
        o.cache_duration_secs = Some(v.parse().map_err(|_| format!("--cache-duration: {v:?} is not seconds"))?);
    }
    let xml = match sign_key(&a)? {
        Some(key) => {
            let mut rng = OsRng::open()?;
            let mut signer = key.signer(sig_alg(&a)?, &mut rng).map_err(|e| e.to_string())?;
            signed_sp_metadata(&o, &mut signer, o.signing_certificates.first())
        }
        None => build_sp_metadata(&o),
    }
    .map_err(|e| e.to_string())?;
    print!("{xml}");
    Ok(())
}

/// The URL of a redirect message, signed when `--sign-key` is given.
pub fn redirect_url(
    a: &args::Args,
    endpoint: &str,
    param: RedirectParam,
    xml: &str,
    relay: Option<&str>,
    extra: &[(&str, &str)],
) -> Result<String, Failure> {
    match sign_key(a)? {
        Some(key) => {
            let mut rng = OsRng::open()?;
            let mut signer = key.signer(sig_alg(a)?, &mut rng).map_err(|e| e.to_string())?;
            Ok(signed_redirect_url(endpoint, param, xml, relay, extra, &mut signer).map_err(flag_error)?)
        }
        None => Ok(saml_edge::saml::bindings::redirect_url(endpoint, param, xml, relay, extra).map_err(flag_error)?),
    }
}

pub fn logout_request(argv: &[String]) -> Result<(), Failure> {
    let a = args::parse(
        argv,
        &[
            "idp-slo-url",
            "sp-entity-id",
            "name-id",
            "name-id-format",
            "name-qualifier",
            "sp-name-qualifier",
            "session-index",
            "relay-state",
            "id",
            "now",
            "sign-key",
            "sig-alg",
        ],
        &[],
    )?;
    if a.help {
        return Err(Failure::Help);
    }
    let id = match a.get("id") {
        Some(id) => id.to_string(),
        None => random_id()?,
    };
    let dest = a.require("idp-slo-url")?;
    let mut o = LogoutRequestOptions::new(id, now(&a)?, dest, a.require("sp-entity-id")?, a.require("name-id")?);
    o.name_id_format = a.get("name-id-format").map(String::from);
    o.name_qualifier = a.get("name-qualifier").map(String::from);
    o.sp_name_qualifier = a.get("sp-name-qualifier").map(String::from);
    o.session_indexes = a.all("session-index").to_vec();
    let xml = build_logout_request(&o).map_err(|e| e.to_string())?;
    let url = redirect_url(&a, dest, RedirectParam::SamlRequest, &xml, a.get("relay-state"), &[])?;
    print_json(&json!({ "id": o.id, "url": url, "xml": xml }));
    Ok(())
}

pub fn logout_response(argv: &[String]) -> Result<(), Failure> {
    let a = args::parse(
        argv,
        &["idp-slo-url", "sp-entity-id", "in-response-to", "status", "relay-state", "id", "now", "sign-key", "sig-alg"],
        &[],
    )?;
    if a.help {
        return Err(Failure::Help);
    }
    let id = match a.get("id") {
        Some(id) => id.to_string(),
        None => random_id()?,
    };
    let dest = a.require("idp-slo-url")?;
    let mut o =
        LogoutResponseOptions::new(id, now(&a)?, dest, a.require("sp-entity-id")?, a.require("in-response-to")?);
    if let Some(s) = a.get("status") {
        o.status_code = s.to_string();
    }
    let xml = build_logout_response(&o).map_err(|e| e.to_string())?;
    let url = redirect_url(&a, dest, RedirectParam::SamlResponse, &xml, a.get("relay-state"), &[])?;
    print_json(&json!({ "id": o.id, "url": url, "xml": xml }));
    Ok(())
}

/// `keys` with the pinned IdP keys of `--idp-cert FILE...` and `--idp-metadata FILE` added (with its
/// signature checked first against `--idp-metadata-cert FILE...` when given), and the metadata.
/// A key or metadata that cannot be used, or metadata past its validUntil at `now`, is explained
/// like a refusal (JSON) and exits 2.
pub fn idp_keys(
    a: &args::Args,
    mut keys: TrustedKeys,
    allow_sha1: bool,
    now: Option<Timestamp>,
) -> Result<(TrustedKeys, Option<IdpMetadata>), Failure> {
    let config_error = |option: &str, path: &str, e: &saml_edge::Error| {
        print_json(&json!({ "valid": false, "option": option, "file": path, "error": report::error(e) }));
        Failure::Config
    };
    for path in a.all("idp-cert") {
        keys.add_pem_or_der(&read_input(path)?).map_err(|e| config_error("--idp-cert", path, &e))?;
    }
    let mut metadata = None;
    if let Some(path) = a.get("idp-metadata") {
        let text = String::from_utf8(read_input(path)?).map_err(|_| format!("{path} is not UTF-8"))?;
        let cert_paths = a.all("idp-metadata-cert");
        if !cert_paths.is_empty() {
            let mut md_keys = TrustedKeys::new();
            for c in cert_paths {
                md_keys.add_pem_or_der(&read_input(c)?).map_err(|e| config_error("--idp-metadata-cert", c, &e))?;
            }
            verify_metadata_signature(&text, &md_keys, allow_sha1, &Limits::default())
                .map_err(|e| config_error("--idp-metadata", path, &e))?;
        }
        let md = parse_idp_metadata(&text, &Limits::default()).map_err(|e| config_error("--idp-metadata", path, &e))?;
        md.pin_keys(&mut keys).map_err(|e| config_error("--idp-metadata", path, &e))?;
        if let Some(now) = now {
            keys.check_valid_at(now).map_err(|e| config_error("--idp-metadata", path, &e))?;
        }
        metadata = Some(md);
    } else if !a.all("idp-metadata-cert").is_empty() {
        return Err(Failure::Usage("--idp-metadata-cert needs --idp-metadata FILE".into()));
    }
    Ok((keys, metadata))
}

fn signature_json(s: &LogoutSignature) -> Value {
    json!({
        "binding": s.binding.as_str(),
        "algorithm": s.algorithm.name(),
        "key_index": s.key_index,
        "key_sha256": hex_lower(&s.key_sha256),
    })
}

pub fn verify_logout(argv: &[String]) -> Result<(), Failure> {
    let a = args::parse(
        argv,
        &[
            "idp-cert",
            "idp-metadata",
            "idp-metadata-cert",
            "idp-entity-id",
            "slo-url",
            "in-response-to",
            "now",
            "clock-skew",
            "binding",
        ],
        &["allow-sha1"],
    )?;
    if a.help {
        return Err(Failure::Help);
    }
    let raw = read_input(a.one_input()?)?;
    let allow_sha1 = a.flag("allow-sha1");
    let now = now(&a)?;
    let (keys, md) = idp_keys(&a, TrustedKeys::new(), allow_sha1, Some(now))?;
    let md_entity = md.map(|m| m.entity_id);
    if keys.is_empty() {
        return Err(Failure::Usage("pin the IdP's key with --idp-cert FILE or --idp-metadata FILE".into()));
    }
    let idp = match (a.get("idp-entity-id"), md_entity) {
        (Some(i), _) => i.to_string(),
        (None, Some(i)) => i,
        (None, None) => return Err(Failure::Usage("--idp-entity-id is required without --idp-metadata".into())),
    };
    let mut o = LogoutVerifyOptions::new(a.require("slo-url")?, idp, now);
    o.allow_sha1 = allow_sha1;
    if let Some(s) = a.get("clock-skew") {
        o.clock_tolerance_secs = s.parse().map_err(|_| format!("--clock-skew: {s:?} is not a number of seconds"))?;
    }
    let text = String::from_utf8(raw.clone()).map_err(|_| "the input is not UTF-8".to_string())?;
    let text = text.trim();
    let redirect = match a.get("binding") {
        Some("redirect") => true,
        Some("post") => false,
        Some(b) => return Err(Failure::Usage(format!("--binding {b:?}: redirect or post"))),
        None => text.starts_with("http://") || text.starts_with("https://") || text.contains("&SigAlg="),
    };
    let input = if redirect { LogoutInput::Redirect(text) } else { LogoutInput::Post(text.as_bytes()) };
    // With --in-response-to: the LogoutResponse answering that request; without: a LogoutRequest.
    let result = if let Some(irt) = a.get("in-response-to") {
        verify_logout_response(input, &keys, &o, irt).map(|v| {
            json!({
                "valid": true,
                "message": "LogoutResponse",
                "id": v.id,
                "issuer": v.issuer,
                "in_response_to": v.in_response_to,
                "partial": v.partial(),
                "sub_status_codes": v.sub_status_codes,
                "relay_state": v.relay_state,
                "signature": signature_json(&v.signature),
            })
        })
    } else {
        verify_logout_request(input, &keys, &o).map(|v| {
            json!({
                "valid": true,
                "message": "LogoutRequest",
                "id": v.id,
                "issuer": v.issuer,
                "name_id": v.name_id.value,
                "name_id_format": v.name_id.format,
                "session_indexes": v.session_indexes,
                "not_on_or_after": v.not_on_or_after.map(|t| t.to_string()),
                "reason": v.reason,
                "relay_state": v.relay_state,
                "replay_expires": v.replay_expiry(&o).to_string(),
                "signature": signature_json(&v.signature),
            })
        })
    };
    match result {
        Ok(v) => {
            print_json(&v);
            Ok(())
        }
        Err(e) => {
            print_json(&json!({ "valid": false, "error": report::error(&e) }));
            Err(Failure::Refused)
        }
    }
}

/// For `decode`: the redirect signature line, checked against the pinned keys when there are any.
/// Returns whether it was refused.
pub fn describe_redirect_signature(m: &RedirectMessage, a: &args::Args) -> Result<bool, Failure> {
    if m.signature.is_none() {
        println!("Signature:   none");
        return Ok(false);
    }
    let allow_sha1 = a.flag("allow-sha1");
    // No clock in decode: metadata validity is verify's and verify-logout's to check.
    let (keys, _) = idp_keys(a, TrustedKeys::new(), allow_sha1, None)?;
    if keys.is_empty() {
        println!("Signature:   present, not checked (pin the IdP with --idp-cert FILE or --idp-metadata FILE)");
        return Ok(false);
    }
    match verify_redirect_signature(m, &keys, allow_sha1) {
        Ok(v) => {
            println!(
                "Signature:   verified over the query as received ({}, pinned key {}, SHA-256 {})",
                v.algorithm.name(),
                v.key_index,
                hex_lower(&v.key_sha256)
            );
            Ok(false)
        }
        Err(e) => {
            println!("Signature:   REFUSED {}: {e}", e.code());
            Ok(true)
        }
    }
}
