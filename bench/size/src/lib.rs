//! Size probes (scripts/size-choices.sh): one exported function per feature, doing with one crate
//! what the npm package's edge build does with its own code, so that the two weigh the same work.
//! `baseline` is the glue alone; a probe's cost is its size minus the baseline's.
#![forbid(unsafe_code)]

use wasm_bindgen::prelude::*;

/// The glue alone (wasm-bindgen, the allocator, a string result).
#[cfg(feature = "baseline")]
#[wasm_bindgen]
pub fn probe(input: &[u8]) -> String {
    input.len().to_string()
}

/// A certificate as the edge build reads it (src/crypto/x509.rs): key, names (RFC 4514), dates, serial.
#[cfg(feature = "own-x509")]
#[wasm_bindgen]
pub fn probe(der: &[u8]) -> String {
    match saml_edge::crypto::Certificate::from_der(der) {
        Ok(c) => format!(
            "{}|{}|{}|{}|{}|{}|{}",
            c.subject(),
            c.issuer(),
            c.not_before(),
            c.not_after(),
            c.serial_hex(),
            c.public_key().spki_der().len(),
            c.sha256().len()
        ),
        Err(e) => e.code().to_string(),
    }
}

/// The same fields through RustCrypto's x509-cert (on the `der` the edge build links), with what the
/// edge build's Certificate adds around its reader: the key read and checked by saml-edge's
/// PublicKey, and the SHA-256 thumbprint. The difference to `own-x509` is x509.rs against x509-cert.
#[cfg(feature = "x509-cert")]
#[wasm_bindgen]
pub fn probe(der: &[u8]) -> String {
    use saml_edge::crypto::{digest, DigestAlgorithm, PublicKey};
    use x509_cert::der::{Decode, Encode};
    match x509_cert::Certificate::from_der(der) {
        Ok(c) => {
            let tbs = c.tbs_certificate();
            let key = match tbs.subject_public_key_info().to_der().map(|spki| PublicKey::from_spki_der(&spki)) {
                Ok(Ok(k)) => k,
                Ok(Err(e)) => return e.code().to_string(),
                Err(e) => return e.to_string(),
            };
            let serial: String = tbs.serial_number().as_bytes().iter().map(|b| format!("{b:02x}")).collect();
            format!(
                "{}|{}|{}|{}|{}|{}|{}",
                tbs.subject(),
                tbs.issuer(),
                tbs.validity().not_before.to_unix_duration().as_secs(),
                tbs.validity().not_after.to_unix_duration().as_secs(),
                serial,
                key.spki_der().len(),
                digest(DigestAlgorithm::Sha256, der).len()
            )
        }
        Err(e) => e.to_string(),
    }
}

/// Percent-encoding and form decoding as the edge build does them (src/saml/bindings.rs).
#[cfg(feature = "own-percent")]
#[wasm_bindgen]
pub fn probe(input: &str) -> String {
    let encoded = saml_edge::saml::bindings::url_encode(input);
    saml_edge::saml::bindings::url_decode_form(&encoded).unwrap_or_default()
}

/// The same with the percent-encoding crate (RFC 3986 unreserved kept; `+` as a space).
#[cfg(feature = "percent-encoding")]
#[wasm_bindgen]
pub fn probe(input: &str) -> String {
    use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};
    const SET: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
    let encoded = utf8_percent_encode(input, SET).to_string();
    let plus = encoded.replace('+', " ");
    percent_decode_str(&plus).decode_utf8().map(|s| s.into_owned()).unwrap_or_default()
}

/// DEFLATE of an AuthnRequest in the core (miniz_oxide at level 6), which the edge build leaves to
/// the runtime (node:zlib, CompressionStream) or to stored blocks.
#[cfg(feature = "miniz-deflate")]
#[wasm_bindgen]
pub fn probe(xml: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(xml, 6)
}
