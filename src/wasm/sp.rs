//! The wasm layer of the SP's own side that the edge build carries: the SP's settings the
//! Verifier keeps (logout endpoints, the metadata's cache hints), IdP metadata whose signature the
//! host checks (`idp.metadataCertificates`), redirect-binding signatures on its AuthnRequests, and
//! the key of its signing certificate. Converts, never decides; the host signs (node:crypto,
//! WebCrypto) and checks signature values, the core decides the verdicts. Logout and the SP's
//! metadata are in the full build ([`super::logout`], [`super::sp_metadata`]).
//!
//! ```text
//! new Verifier({..., sloUrl, idpSloUrl, idpSloResponseUrl})   (read here, from Verifier::new)
//! verifier.spInfo(): JSON
//! beginMetadataSignature(xml, {metadataCertificates}): PendingMetadata
//!   pendingMetadata.keys() / taskInfo() / taskMessage() / taskSignature() / finish(configJson, index): Verifier
//! redirectToSign(json, deflated): PendingRedirect (message, finish)
//! certificateKey(certificatePem): JSON {"kind","bits","spki"}
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::json::{obj, Json};
use super::{js_error, render, type_error, Args, JsResult, OrThrow, Verifier};
use crate::crypto::{parse_certificates, SignatureAlgorithm};
use crate::encoding::{base64_encode, hex_lower};
use crate::limits::Limits;
use crate::saml::bindings::{redirect_url_deflated, RedirectParam};
use crate::saml::metadata::IdpMetadata;
use crate::saml::metadata_trust::{begin_metadata_signature, read_metadata_extras, Endpoint, PendingMetadataSignature};
use crate::saml::redirect_signature::{redirect_to_sign_deflated, RedirectToSign};
use crate::time::Timestamp;
use crate::trust::TrustedKeys;
use crate::verdict::Pending as _;

/// What the Verifier keeps for logout and for the metadata cache.
#[derive(Debug, Clone, Default)]
pub(super) struct SpConfig {
    pub(super) slo_url: Option<String>,
    pub(super) idp_slo: Option<Endpoint>,
    cache_duration_secs: Option<u64>,
    valid_until: Option<Timestamp>,
    metadata_signed_by: Option<[u8; 32]>,
}

impl SpConfig {
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

// ---------------------------------------------------------------------------
// IdP metadata with a signature (idp.metadataCertificates)
// ---------------------------------------------------------------------------

const METADATA_SIGNATURE_KEYS: &[&str] = &["metadataCertificates"];

/// IdP metadata checked up to its signature value (SAML metadata §3; [`crate::verdict`]): the
/// host checks the value with the keys of `metadataCertificates`, then [`PendingMetadata::finish`]
/// builds the Verifier from the metadata, which only a verified signature lets through.
#[wasm_bindgen]
pub struct PendingMetadata {
    xml: String,
    keys: TrustedKeys,
    inner: PendingMetadataSignature,
    candidates: Vec<usize>,
}

/// `xml` (the IdP metadata) and `{"metadataCertificates": [pem, ...]}` → [`PendingMetadata`].
#[wasm_bindgen(js_name = beginMetadataSignature)]
pub fn begin_metadata_signature_js(xml: String, json: &str) -> JsResult<PendingMetadata> {
    let a = Args::parse(json, "the metadata signature options", METADATA_SIGNATURE_KEYS)?;
    let pems =
        a.opt_string_array("metadataCertificates")?.ok_or_else(|| type_error("metadataCertificates", "is required"))?;
    let mut keys = TrustedKeys::new();
    for pem in &pems {
        keys.add_pem_or_der(pem.as_bytes()).or_throw()?;
    }
    let inner = begin_metadata_signature(&xml, &keys, false, &Limits::default()).or_throw()?;
    let candidates = inner.tasks().first().map(|t| t.candidates(&keys)).unwrap_or_default();
    Ok(PendingMetadata { xml, keys, inner, candidates })
}

#[wasm_bindgen]
impl PendingMetadata {
    /// JSON `[{"index","kind","bits","spki","sha256"}]`: the metadata-signing keys, as `Verifier.keys`.
    pub fn keys(&self) -> String {
        render::keys(&self.keys).render()
    }

    /// JSON `{"algorithm","scheme","hash","candidates"}`, as `Pending.taskInfo`.
    #[wasm_bindgen(js_name = taskInfo)]
    pub fn task_info(&self) -> JsResult<String> {
        Ok(render::task_info(self.task()?.algorithm, &self.candidates).render())
    }

    /// The canonical SignedInfo.
    #[wasm_bindgen(js_name = taskMessage)]
    pub fn task_message(&self) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.task()?.message))
    }

    /// The signature value.
    #[wasm_bindgen(js_name = taskSignature)]
    pub fn task_signature(&self) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.task()?.signature))
    }

    /// The verdict on the signature (`result`: the index of the key that verified it, or -1), then
    /// the Verifier for `configJson` with this metadata as its `metadataXml`. Consumes the PendingMetadata.
    pub fn finish(self, config_json: &str, result: i32) -> JsResult<Verifier> {
        let found = match result {
            -1 => None,
            r => Some(usize::try_from(r).map_err(|_| type_error("result", "must be a key index or -1"))?),
        };
        let verified = self.inner.finish(&self.keys, &[found]).or_throw()?;
        Verifier::build(config_json, Some((self.xml, verified.key_sha256)))
    }

    /// [`PendingMetadata::finish`] with the core's own crypto (`crypto: 'wasm'`).
    #[cfg(feature = "rust-crypto")]
    #[wasm_bindgen(js_name = finishWithRustCrypto)]
    pub fn finish_with_rust_crypto(self, config_json: &str) -> JsResult<Verifier> {
        let verified = self.inner.finish_in_core(&self.keys).or_throw()?;
        Verifier::build(config_json, Some((self.xml, verified.key_sha256)))
    }
}

impl PendingMetadata {
    fn task(&self) -> JsResult<crate::verdict::SignatureTask<'_>> {
        self.inner.tasks().into_iter().next().ok_or_else(|| type_error("task", "there is no signature task"))
    }
}

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
            ("validUntilMs", render::ms(sp.valid_until)),
            ("metadataSignedBy", sp.metadata_signed_by.map_or(Json::Null, |h| Json::Str(hex_lower(&h)))),
        ])
        .render()
    }
}

pub(super) fn sig_alg(uri: Option<&str>) -> JsResult<SignatureAlgorithm> {
    let uri = uri.unwrap_or("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
    let alg = SignatureAlgorithm::from_uri(uri, false).map_err(|e| js_error(&e))?;
    crate::crypto::check_signing_algorithm(alg).or_throw()?;
    Ok(alg)
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

const REDIRECT_KEYS: &[&str] = &["endpoint", "param", "relayState", "loginHint", "sigAlg"];

/// The parts of a redirect URL: `{"endpoint","param":"SAMLRequest"|"SAMLResponse","relayState","loginHint"}`.
struct RedirectArgs {
    endpoint: String,
    param: RedirectParam,
    relay_state: Option<String>,
    login_hint: Option<String>,
    sig_alg: Option<String>,
}

impl RedirectArgs {
    fn parse(json: &str) -> JsResult<RedirectArgs> {
        let a = Args::parse(json, "the redirect options", REDIRECT_KEYS)?;
        let param = match a.string("param")?.as_str() {
            "SAMLRequest" => RedirectParam::SamlRequest,
            "SAMLResponse" => RedirectParam::SamlResponse,
            _ => return Err(type_error("param", "must be \"SAMLRequest\" or \"SAMLResponse\"")),
        };
        Ok(RedirectArgs {
            endpoint: a.string("endpoint")?,
            param,
            relay_state: a.opt_string("relayState")?,
            login_hint: a.opt_string("loginHint")?,
            sig_alg: a.opt_string("sigAlg")?,
        })
    }

    /// Entra's `login_hint`, after the message (and after the signature: it is not signed).
    fn extra(&self) -> Vec<(&str, &str)> {
        self.login_hint.as_deref().map(|h| ("login_hint", h)).into_iter().collect()
    }
}

/// An unsigned HTTP-Redirect URL for the message `deflated` (raw DEFLATE, by the host):
/// `{"endpoint","param","relayState","loginHint"}` (SAML bindings §3.4.4).
#[wasm_bindgen(js_name = redirectUrl)]
pub fn redirect_url_js(json: &str, deflated: &[u8]) -> JsResult<String> {
    let r = RedirectArgs::parse(json)?;
    if r.sig_alg.is_some() {
        return Err(type_error("sigAlg", "is for redirectToSign"));
    }
    redirect_url_deflated(&r.endpoint, r.param, deflated, r.relay_state.as_deref(), &r.extra()).or_throw()
}

/// A redirect URL to sign for the message `deflated` (raw DEFLATE, by the host):
/// `{"endpoint","param","relayState","loginHint","sigAlg"}` (SAML bindings §3.4.4.1).
#[wasm_bindgen(js_name = redirectToSign)]
pub fn redirect_to_sign_js(json: &str, deflated: &[u8]) -> JsResult<PendingRedirect> {
    let r = RedirectArgs::parse(json)?;
    let alg = sig_alg(r.sig_alg.as_deref())?;
    let inner = redirect_to_sign_deflated(&r.endpoint, r.param, deflated, r.relay_state.as_deref(), &r.extra(), alg)
        .or_throw()?;
    Ok(PendingRedirect { inner })
}

/// JSON `{"kind","bits","spki"}`: the key of the first certificate in `pem` (the SP's signing
/// certificate), for the start-up check, with the host's crypto, that the SP's signing key
/// belongs to it.
#[wasm_bindgen(js_name = certificateKey)]
pub fn certificate_key(pem: &str) -> JsResult<String> {
    let cert = parse_certificates(pem.as_bytes())
        .or_throw()?
        .into_iter()
        .next()
        .ok_or_else(|| type_error("signingCertificate", "holds no certificate"))?;
    let key = cert.public_key();
    Ok(obj([
        ("kind", Json::str(render::kind(key.kind()))),
        ("bits", Json::uint(key.bits())),
        ("spki", Json::Str(base64_encode(key.spki_der()))),
    ])
    .render())
}
