//! The wasm layer of the SP's own messages: its metadata, redirect-binding signatures, Single
//! Logout, and the trust of IdP metadata from a URL. Converts, never decides; the host signs
//! (node:crypto, WebCrypto) and checks signature values, the core decides the verdicts.
//!
//! ```text
//! new Verifier({..., sloUrl, idpSloUrl, idpSloResponseUrl, metadataCertificates})   (read here, from Verifier::new)
//! verifier.spInfo(): JSON               verifier.beginLogout(kind, input, callJson): Pending (see [`super::pending`])
//! spMetadata(json): xml                 spMetadataToSign(json): PendingXmlSignature (message, finish)
//! redirectToSign(json): PendingRedirect (message, finish)     buildLogoutRequest / buildLogoutResponse
//! checkSignature(certificatePem, sigAlg, message, signature): bool
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::json::{obj, Json};
use super::pending::{Kind, Pending};
use super::{js_error, type_error, Args, JsResult, OrThrow, Verifier};
use crate::crypto::{parse_certificates, Certificate, SignatureAlgorithm};
use crate::dsig::EnvelopedToSign;
use crate::encoding::hex_lower;
use crate::limits::Limits;
use crate::saml::bindings::RedirectParam;
use crate::saml::logout::{
    begin_logout_request, begin_logout_response, build_logout_request, build_logout_response, LogoutInput,
    LogoutRequestOptions, LogoutResponseOptions, LogoutVerifyOptions,
};
use crate::saml::metadata::IdpMetadata;
use crate::saml::metadata_trust::{read_metadata_extras, verify_metadata_signature, Endpoint};
use crate::saml::redirect_signature::{redirect_to_sign, RedirectToSign};
use crate::saml::sp_metadata::{build_sp_metadata, sp_metadata_to_sign, SpMetadataOptions};
use crate::time::Timestamp;
use crate::trust::TrustedKeys;

/// What the Verifier keeps for logout and for the metadata cache.
#[derive(Debug, Clone, Default)]
pub(super) struct SpConfig {
    slo_url: Option<String>,
    idp_slo: Option<Endpoint>,
    cache_duration_secs: Option<u64>,
    valid_until: Option<Timestamp>,
    metadata_signed_by: Option<[u8; 32]>,
}

impl SpConfig {
    /// Called by `Verifier::new` with the metadata before it is parsed: verifies its signature when
    /// `metadataCertificates` is given (a metadata signature without metadata is a TypeError).
    pub(super) fn verify_metadata(c: &Args, xml: Option<&str>, limits: &Limits) -> JsResult<Option<[u8; 32]>> {
        let Some(pems) = c.opt_string_array("metadataCertificates")? else { return Ok(None) };
        let Some(xml) = xml else {
            return Err(type_error("metadataCertificates", "verifies metadata: give metadataXml too"));
        };
        let mut keys = TrustedKeys::new();
        for pem in &pems {
            keys.add_pem_or_der(pem.as_bytes()).or_throw()?;
        }
        let v = verify_metadata_signature(xml, &keys, false, limits).or_throw()?;
        Ok(Some(v.key_sha256))
    }

    /// Called by `Verifier::new` once the IdP is known, with the metadata and what
    /// [`crate::saml::metadata`] read from it.
    pub(super) fn read(
        c: &Args,
        metadata: Option<(&str, &IdpMetadata)>,
        idp_entity_id: Option<&str>,
        signed_by: Option<[u8; 32]>,
        limits: &Limits,
    ) -> JsResult<SpConfig> {
        let mut out = SpConfig {
            slo_url: c.opt_nonempty_string("sloUrl")?,
            metadata_signed_by: signed_by,
            ..SpConfig::default()
        };
        if let (Some((xml, md)), Some(entity)) = (metadata, idp_entity_id) {
            let extras = read_metadata_extras(xml, entity, limits).or_throw()?;
            out.idp_slo = extras.slo_redirect;
            out.cache_duration_secs = md.cache_duration_secs;
            out.valid_until = md.valid_until;
        }
        if let Some(location) = c.opt_nonempty_string("idpSloUrl")? {
            let response_location = c.opt_nonempty_string("idpSloResponseUrl")?.unwrap_or_else(|| location.clone());
            out.idp_slo = Some(Endpoint { location, response_location });
        }
        Ok(out)
    }
}

const LOGOUT_CALL_KEYS: &[&str] = &["nowMs", "inResponseTo", "binding"];

#[wasm_bindgen]
impl Verifier {
    /// JSON `{"sloUrl","idpSloUrl","idpSloResponseUrl","cacheDurationSecs","validUntilMs","metadataSignedBy"}`.
    #[wasm_bindgen(js_name = spInfo)]
    pub fn sp_info(&self) -> String {
        let sp = &self.sp;
        obj([
            ("sloUrl", Json::opt_str(sp.slo_url.as_deref())),
            ("idpSloUrl", Json::opt_str(sp.idp_slo.as_ref().map(|e| e.location.as_str()))),
            ("idpSloResponseUrl", Json::opt_str(sp.idp_slo.as_ref().map(|e| e.response_location.as_str()))),
            (
                "cacheDurationSecs",
                sp.cache_duration_secs.map_or(Json::Null, |s| Json::Int(i64::try_from(s).unwrap_or(i64::MAX))),
            ),
            ("validUntilMs", super::render::ms(sp.valid_until)),
            ("metadataSignedBy", sp.metadata_signed_by.map_or(Json::Null, |h| Json::Str(hex_lower(&h)))),
        ])
        .render()
    }

    /// Checks a logout message up to its signature value. `kind` is `"request"` (from the IdP) or
    /// `"response"` (answering our request `inResponseTo`); `input` is the redirect URL
    /// (`"binding": "redirect"`) or the posted form body (`"post"`).
    #[wasm_bindgen(js_name = beginLogout)]
    pub fn begin_logout(&self, kind: &str, input: &Uint8Array, call_json: &str) -> JsResult<Pending> {
        let c = Args::parse(call_json, "the logout call", LOGOUT_CALL_KEYS)?;
        let now = c.millis("nowMs")?.ok_or_else(|| type_error("nowMs", "is required (the core has no clock)"))?;
        let slo_url = self.sp.slo_url.clone().ok_or_else(|| type_error("sloUrl", "is required for logout"))?;
        let idp =
            self.options.idp_entity_id.clone().ok_or_else(|| type_error("idpEntityId", "is required for logout"))?;
        let mut o = LogoutVerifyOptions::new(slo_url, idp, now);
        o.clock_tolerance_secs = self.options.clock_tolerance_secs;
        o.allow_sha1 = self.options.allow_sha1;
        o.limits = self.options.limits;
        let bytes = super::input_bytes(input, &o.limits)?;
        let text;
        let input = match c.opt_string("binding")?.as_deref() {
            Some("redirect") => {
                text = String::from_utf8(bytes).map_err(|_| type_error("input", "a redirect URL must be UTF-8"))?;
                LogoutInput::Redirect(&text)
            }
            Some("post") => LogoutInput::Post(&bytes),
            _ => return Err(type_error("binding", "must be \"redirect\" or \"post\"")),
        };
        let pending = match kind {
            "request" => Kind::LogoutRequest(begin_logout_request(input, &self.keys, &o).or_throw()?),
            "response" => {
                let irt = c.string("inResponseTo")?;
                Kind::LogoutResponse(begin_logout_response(input, &self.keys, &o, &irt).or_throw()?)
            }
            _ => return Err(type_error("kind", "must be \"request\" or \"response\"")),
        };
        Ok(Pending::new(self, pending, Some(o)))
    }
}

// ---------------------------------------------------------------------------
// Building and signing
// ---------------------------------------------------------------------------

fn certificates(a: &Args, key: &str) -> JsResult<Vec<Certificate>> {
    let mut out = Vec::new();
    for (i, pem) in a.opt_string_array(key)?.unwrap_or_default().iter().enumerate() {
        let certs = parse_certificates(pem.as_bytes()).map_err(|e| {
            super::decorate(js_sys::Error::new(&alloc::format!("{e}")), &e, &[("option", alloc::format!("{key}[{i}]"))])
        })?;
        if certs.is_empty() {
            return Err(type_error(key, "holds a string with no certificate"));
        }
        out.extend(certs);
    }
    Ok(out)
}

const SP_METADATA_KEYS: &[&str] = &[
    "entityId",
    "acsUrl",
    "sloUrl",
    "nameIdFormats",
    "authnRequestsSigned",
    "wantAssertionsSigned",
    "signingCertificates",
    "encryptionCertificates",
    "validUntilMs",
    "cacheDurationSecs",
    "id",
    "sigAlg",
];

fn sp_metadata_options(json: &str) -> JsResult<(SpMetadataOptions, Option<String>)> {
    let a = Args::parse(json, "the SP metadata options", SP_METADATA_KEYS)?;
    let mut o = SpMetadataOptions::new(a.string("entityId")?, a.string("acsUrl")?);
    o.slo_url = a.opt_string("sloUrl")?;
    o.name_id_formats = a.opt_string_array("nameIdFormats")?.unwrap_or_default();
    o.authn_requests_signed = a.opt_bool("authnRequestsSigned")?.unwrap_or(false);
    o.want_assertions_signed = a.opt_bool("wantAssertionsSigned")?.unwrap_or(false);
    o.signing_certificates = certificates(&a, "signingCertificates")?;
    o.encryption_certificates = certificates(&a, "encryptionCertificates")?;
    o.valid_until = a.millis("validUntilMs")?;
    if let Some(n) = a.opt_number("cacheDurationSecs")? {
        if n < 0.0 || n.fract() != 0.0 || n > 9.0e15 {
            return Err(type_error("cacheDurationSecs", "must be a whole, non-negative number of seconds"));
        }
        o.cache_duration_secs = Some(n as u64);
    }
    o.id = a.opt_nonempty_string("id")?;
    Ok((o, a.opt_string("sigAlg")?))
}

/// The SP metadata XML, unsigned.
#[wasm_bindgen(js_name = spMetadata)]
pub fn sp_metadata(json: &str) -> JsResult<String> {
    build_sp_metadata(&sp_metadata_options(json)?.0).or_throw()
}

/// An enveloped signature waiting for the host's: sign `message()`, then `finish(signature)`.
#[wasm_bindgen]
pub struct PendingXmlSignature {
    inner: EnvelopedToSign,
    certificate: Option<Certificate>,
}

#[wasm_bindgen]
impl PendingXmlSignature {
    /// The canonical SignedInfo to sign.
    pub fn message(&self) -> Uint8Array {
        Uint8Array::from(self.inner.message())
    }

    /// The signed document; verified with the first signing certificate when there is one
    /// (a key that does not belong to it is `ERR_CONFIG_INVALID`).
    pub fn finish(&self, signature: &[u8]) -> JsResult<String> {
        match &self.certificate {
            Some(c) => self.inner.finish_verified(signature, c).or_throw(),
            None => Ok(self.inner.finish(signature, None)),
        }
    }
}

fn sig_alg(uri: Option<&str>) -> JsResult<SignatureAlgorithm> {
    let uri = uri.unwrap_or("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
    let alg = SignatureAlgorithm::from_uri(uri, false).map_err(|e| js_error(&e))?;
    crate::crypto::check_signing_algorithm(alg).or_throw()?;
    Ok(alg)
}

/// The SP metadata prepared for an enveloped signature (`sigAlg`, default RSA-SHA256).
#[wasm_bindgen(js_name = spMetadataToSign)]
pub fn sp_metadata_to_sign_js(json: &str) -> JsResult<PendingXmlSignature> {
    let (o, alg) = sp_metadata_options(json)?;
    let inner = sp_metadata_to_sign(&o, sig_alg(alg.as_deref())?).or_throw()?;
    Ok(PendingXmlSignature { certificate: o.signing_certificates.first().cloned(), inner })
}

/// A redirect URL waiting for the host's signature: sign `message()`, then `finish(signature)`.
#[wasm_bindgen]
pub struct PendingRedirect {
    inner: RedirectToSign,
}

#[wasm_bindgen]
impl PendingRedirect {
    /// The query octets to sign (SAML bindings §3.4.4.1).
    pub fn message(&self) -> Uint8Array {
        Uint8Array::from(self.inner.message())
    }

    /// The URL with `&Signature=`.
    pub fn finish(&self, signature: &[u8]) -> String {
        self.inner.url_with_signature(signature)
    }
}

const REDIRECT_KEYS: &[&str] = &["endpoint", "param", "xml", "relayState", "loginHint", "sigAlg"];

/// `{"endpoint","param":"SAMLRequest"|"SAMLResponse","xml","relayState","loginHint","sigAlg"}`.
#[wasm_bindgen(js_name = redirectToSign)]
pub fn redirect_to_sign_js(json: &str) -> JsResult<PendingRedirect> {
    let a = Args::parse(json, "the redirect options", REDIRECT_KEYS)?;
    let param = match a.string("param")?.as_str() {
        "SAMLRequest" => RedirectParam::SamlRequest,
        "SAMLResponse" => RedirectParam::SamlResponse,
        _ => return Err(type_error("param", "must be \"SAMLRequest\" or \"SAMLResponse\"")),
    };
    let hint = a.opt_string("loginHint")?;
    let extra: Vec<(&str, &str)> = hint.as_deref().map(|h| ("login_hint", h)).into_iter().collect();
    let inner = redirect_to_sign(
        &a.string("endpoint")?,
        param,
        &a.string("xml")?,
        a.opt_string("relayState")?.as_deref(),
        &extra,
        sig_alg(a.opt_string("sigAlg")?.as_deref())?,
    )
    .or_throw()?;
    Ok(PendingRedirect { inner })
}

const LOGOUT_REQUEST_KEYS: &[&str] = &[
    "id",
    "issueInstantMs",
    "destination",
    "spEntityId",
    "nameId",
    "nameIdFormat",
    "nameQualifier",
    "spNameQualifier",
    "sessionIndexes",
    "reason",
];

/// A LogoutRequest's XML (SAML core §3.7.1).
#[wasm_bindgen(js_name = buildLogoutRequest)]
pub fn build_logout_request_js(json: &str) -> JsResult<String> {
    let a = Args::parse(json, "the LogoutRequest options", LOGOUT_REQUEST_KEYS)?;
    let instant = a.millis("issueInstantMs")?.ok_or_else(|| type_error("issueInstantMs", "is required"))?;
    let mut o = LogoutRequestOptions::new(
        a.string("id")?,
        instant,
        a.string("destination")?,
        a.string("spEntityId")?,
        a.string("nameId")?,
    );
    o.name_id_format = a.opt_string("nameIdFormat")?;
    o.name_qualifier = a.opt_string("nameQualifier")?;
    o.sp_name_qualifier = a.opt_string("spNameQualifier")?;
    o.session_indexes = a.opt_string_array("sessionIndexes")?.unwrap_or_default();
    o.reason = a.opt_string("reason")?;
    build_logout_request(&o).or_throw()
}

const LOGOUT_RESPONSE_KEYS: &[&str] =
    &["id", "issueInstantMs", "destination", "spEntityId", "inResponseTo", "statusCode", "statusMessage"];

/// A LogoutResponse's XML (SAML core §3.7.2).
#[wasm_bindgen(js_name = buildLogoutResponse)]
pub fn build_logout_response_js(json: &str) -> JsResult<String> {
    let a = Args::parse(json, "the LogoutResponse options", LOGOUT_RESPONSE_KEYS)?;
    let instant = a.millis("issueInstantMs")?.ok_or_else(|| type_error("issueInstantMs", "is required"))?;
    let mut o = LogoutResponseOptions::new(
        a.string("id")?,
        instant,
        a.string("destination")?,
        a.string("spEntityId")?,
        a.string("inResponseTo")?,
    );
    if let Some(code) = a.opt_nonempty_string("statusCode")? {
        o.status_code = code;
    }
    o.status_message = a.opt_string("statusMessage")?;
    build_logout_response(&o).or_throw()
}

/// Whether `signature` over `message` verifies with the key of the certificate `pem` (pure Rust):
/// the check, at start-up, that the SP's signing key and its certificate belong together.
#[wasm_bindgen(js_name = checkSignature)]
pub fn check_signature(pem: &str, sig_alg_uri: &str, message: &[u8], signature: &[u8]) -> JsResult<bool> {
    let alg = sig_alg(Some(sig_alg_uri))?;
    let cert = parse_certificates(pem.as_bytes())
        .or_throw()?
        .into_iter()
        .next()
        .ok_or_else(|| type_error("signingCertificate", "holds no certificate"))?;
    cert.public_key().verify(alg, message, signature).or_throw()
}
