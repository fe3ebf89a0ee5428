//! The wasm layer of the SP's own metadata (full build): built, or prepared for the host's
//! signature and read back once signed.
//!
//! ```text
//! spMetadata(json): xml                 spMetadataToSign(json): PendingXmlSignature (message, finish)
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::sp::sig_alg;
use super::{type_error, Args, JsResult, OrThrow};
use crate::crypto::{parse_certificates, Certificate};
use crate::dsig::EnvelopedToSign;
use crate::saml::sp_metadata::{build_sp_metadata, sp_metadata_to_sign, SpMetadataOptions};

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

    /// The signed document, read back up to its signature value when there is a signing
    /// certificate ([`EnvelopedToSign::finish_checked`]: `ERR_CONFIG_INVALID` if it does not read
    /// back as signed). That the key belongs to the certificate the package checked at start-up.
    pub fn finish(&self, signature: &[u8]) -> JsResult<String> {
        match &self.certificate {
            Some(c) => self.inner.finish_checked(signature, Some(c)).or_throw().map(|(xml, _)| xml),
            None => Ok(self.inner.finish(signature, None)),
        }
    }
}

/// The SP metadata prepared for an enveloped signature (`sigAlg`, default RSA-SHA256).
#[wasm_bindgen(js_name = spMetadataToSign)]
pub fn sp_metadata_to_sign_js(json: &str) -> JsResult<PendingXmlSignature> {
    let (o, alg) = sp_metadata_options(json)?;
    let inner = sp_metadata_to_sign(&o, sig_alg(alg.as_deref())?).or_throw()?;
    Ok(PendingXmlSignature { certificate: o.signing_certificates.first().cloned(), inner })
}
