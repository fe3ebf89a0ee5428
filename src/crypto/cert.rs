//! X.509 certificates as SAML uses them: a wrapper around a pinned public key.
//!
//! SAML metadata and `ds:KeyInfo` carry keys as certificates (SAML metadata §2.4.1.1,
//! XML-DSig 1.1 §4.5.4), but the trust model is "pinned key": we never build a chain
//! and never check dates or extensions. An expired certificate still verifies; its
//! dates are kept only for reports (rollover reminders, error details).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::hash::{digest, sha256_array};
use super::key::PublicKey;
use super::pem::{looks_like_pem, pem_blocks, PemLabel};
use super::x509::parse_certificate;
use super::DigestAlgorithm;
use crate::encoding::{base64_decode_xml, hex_lower};
use crate::{Error, Result};

/// A certificate parsed once, with the fields we report and its verified-usable key.
#[derive(Clone, Debug)]
pub struct Certificate {
    der: Vec<u8>,
    key: PublicKey,
    sha256: [u8; 32],
    subject: String,
    issuer: String,
    not_before: i64,
    not_after: i64,
    serial: Vec<u8>,
}

/// Equal when the DER bytes are equal.
impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}
impl Eq for Certificate {}

fn invalid(detail: String) -> Error {
    Error::CertificateInvalid { detail }
}

impl Certificate {
    /// Parses one DER X.509 certificate (RFC 5280 §4.1) and its public key.
    ///
    /// # Errors
    /// [`Error::CertificateInvalid`] if it is not exactly one DER certificate;
    /// [`Error::KeyUnsupported`] if its key is not RSA 1024..=8192 or EC P-256/P-384 (whether
    /// it may be pinned is `TrustedKeys` (`trust.rs`)' policy).
    pub fn from_der(der: &[u8]) -> Result<Self> {
        let fields =
            parse_certificate(der).map_err(|detail| invalid(format!("not a DER X.509 certificate: {detail}")))?;
        let key = PublicKey::from_spki_der(fields.spki)?;
        let mut serial = fields.serial;
        while let [0, tail @ ..] = serial {
            serial = tail;
        }
        Ok(Certificate {
            der: der.to_vec(),
            key,
            sha256: sha256_array(der),
            subject: fields.subject,
            issuer: fields.issuer,
            not_before: fields.not_before,
            not_after: fields.not_after,
            serial: serial.to_vec(),
        })
    }

    /// Parses the base64 text of a `ds:X509Certificate` (XML-DSig 1.1 §4.5.4) or of a
    /// metadata `KeyDescriptor`; XML whitespace and line breaks are allowed.
    ///
    /// # Errors
    /// [`Error::CertificateInvalid`] if the text is not base64; then as [`Certificate::from_der`].
    pub fn from_base64(text: &str) -> Result<Self> {
        let der =
            base64_decode_xml(text).ok_or_else(|| invalid(String::from("the certificate text is not valid base64")))?;
        Self::from_der(&der)
    }

    /// The DER encoding, as given.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The subject public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.key
    }

    /// SHA-256 of the DER: the thumbprint `openssl x509 -fingerprint -sha256` shows.
    pub fn sha256(&self) -> [u8; 32] {
        self.sha256
    }

    /// SHA-1 of the DER: the "thumbprint" ADFS and Entra ID display. For identification only.
    pub fn sha1(&self) -> [u8; 20] {
        let d = digest(DigestAlgorithm::Sha1, &self.der);
        let mut out = [0u8; 20];
        for (o, b) in out.iter_mut().zip(d) {
            *o = b;
        }
        out
    }

    /// The subject DN, e.g. `"CN=saml-edge test IdP"` (RFC 4514-like, certificate order).
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The issuer DN, same format as [`Certificate::subject`].
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// `notBefore` in Unix seconds. Reported, never enforced.
    pub fn not_before(&self) -> i64 {
        self.not_before
    }

    /// `notAfter` in Unix seconds. Reported, never enforced.
    pub fn not_after(&self) -> i64 {
        self.not_after
    }

    /// The serial number as lower-case hex without leading zeros (`"1001"`); `"0"` for zero.
    pub fn serial_hex(&self) -> String {
        if self.serial.is_empty() {
            return String::from("0");
        }
        let hex = hex_lower(&self.serial);
        match hex.strip_prefix('0') {
            Some(short) => String::from(short),
            None => hex,
        }
    }
}

/// Reads the certificates a person pastes or downloads: PEM (one or more `CERTIFICATE`
/// blocks; other blocks and surrounding text ignored), raw DER, or the bare base64 body
/// of a certificate (with or without line breaks).
///
/// # Errors
/// [`Error::CertificateInvalid`] if nothing certificate-like is found or any certificate
/// fails to parse (no certificate is silently skipped); [`Error::KeyUnsupported`] as in
/// [`Certificate::from_der`].
pub fn parse_certificates(input: &[u8]) -> Result<Vec<Certificate>> {
    // A DER certificate is a SEQUENCE (0x30) and is read as DER first: an extension or a name
    // can hold any text, and PEM markers quoted inside a certificate must not make it the
    // certificate they quote (found by fuzz target x509; tests/fuzz_regressions.rs).
    if input.first() == Some(&0x30) {
        if let Ok(c) = Certificate::from_der(input) {
            return Ok(alloc::vec![c]);
        }
    }
    if looks_like_pem(input) {
        let certs = pem_blocks(input)?
            .into_iter()
            .filter(|b| b.label == PemLabel::Certificate)
            .map(|b| Certificate::from_der(&b.der))
            .collect::<Result<Vec<_>>>()?;
        if certs.is_empty() {
            return Err(invalid(String::from("the PEM text has no -----BEGIN CERTIFICATE----- block")));
        }
        return Ok(certs);
    }
    // Not a valid DER certificate (above) and no PEM: report the DER error; base64 text starts with "MI".
    if input.first() == Some(&0x30) {
        return Certificate::from_der(input).map(|c| alloc::vec![c]);
    }
    let text = core::str::from_utf8(input).map_err(|_| invalid(String::from("neither PEM, DER, nor base64 text")))?;
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(invalid(String::from("the input is empty")));
    }
    Certificate::from_base64(text).map(|c| alloc::vec![c])
}
