//! The keys a verifier trusts: pinned by the caller, never taken from the message.
//!
//! Keys come from certificates the caller configures (several at once during an
//! IdP certificate rollover), from bare public keys, or from IdP metadata the
//! caller supplies (SAML metadata §2.4.1.1). An expired pinned certificate still
//! verifies: the trust model is "this key belongs to the IdP" (the metadata
//! model Entra uses), so certificate dates are reported, not enforced.

use alloc::vec::Vec;

use crate::crypto::{parse_certificates, Certificate, PublicKey};
use crate::error::{Error, Result};

/// One pinned key, with the certificate it came from when there is one.
#[derive(Debug, Clone)]
pub struct PinnedKey {
    key: PublicKey,
    certificate: Option<Certificate>,
}

impl PinnedKey {
    /// The public key.
    pub fn key(&self) -> &PublicKey {
        &self.key
    }
    /// The certificate it was pinned from, if any.
    pub fn certificate(&self) -> Option<&Certificate> {
        self.certificate.as_ref()
    }
    /// SHA-256 of the certificate DER, or of the SubjectPublicKeyInfo for a bare key.
    pub fn sha256(&self) -> [u8; 32] {
        match &self.certificate {
            Some(c) => c.sha256(),
            None => self.key.spki_sha256(),
        }
    }
}

/// The set of pinned IdP keys. Parsed once, used for every response.
#[derive(Debug, Clone, Default)]
pub struct TrustedKeys {
    keys: Vec<PinnedKey>,
}

impl TrustedKeys {
    /// An empty set (verification with it fails with `ERR_CONFIG_NO_KEYS`).
    pub fn new() -> Self {
        TrustedKeys { keys: Vec::new() }
    }

    /// Pin every certificate (or `PUBLIC KEY`) in `input`: PEM with one or more
    /// blocks, DER, or the bare base64 body of a certificate.
    pub fn from_pem_or_der(input: &[u8]) -> Result<Self> {
        let mut keys = TrustedKeys::new();
        keys.add_pem_or_der(input)?;
        Ok(keys)
    }

    /// Add what [`TrustedKeys::from_pem_or_der`] accepts.
    pub fn add_pem_or_der(&mut self, input: &[u8]) -> Result<()> {
        // A DER certificate first, whatever text it quotes (see `parse_certificates`).
        if input.first() == Some(&0x30) {
            if let Ok(c) = Certificate::from_der(input) {
                self.add_certificate(c);
                return Ok(());
            }
        }
        let text = core::str::from_utf8(input).unwrap_or("");
        if text.contains("-----BEGIN PUBLIC KEY-----") && !text.contains("-----BEGIN CERTIFICATE-----") {
            self.add_key(PublicKey::from_pem(text)?);
            return Ok(());
        }
        let certs = parse_certificates(input)?;
        if certs.is_empty() {
            return Err(Error::CertificateInvalid { detail: "no certificate found".into() });
        }
        for c in certs {
            self.add_certificate(c);
        }
        Ok(())
    }

    /// Pin a certificate's key.
    pub fn add_certificate(&mut self, certificate: Certificate) {
        if self.matches_certificate(&certificate) {
            return;
        }
        self.keys.push(PinnedKey { key: certificate.public_key().clone(), certificate: Some(certificate) });
    }

    /// Pin a bare public key.
    pub fn add_key(&mut self, key: PublicKey) {
        if self.keys.iter().any(|k| k.key == key) {
            return;
        }
        self.keys.push(PinnedKey { key, certificate: None });
    }

    /// True when nothing is pinned.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Number of pinned keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// The pinned keys in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &PinnedKey> {
        self.keys.iter()
    }

    /// The pinned certificate whose DER is exactly `der`, if any (compared without parsing `der`).
    pub fn certificate_with_der(&self, der: &[u8]) -> Option<&Certificate> {
        self.keys.iter().filter_map(|k| k.certificate.as_ref()).find(|c| c.der() == der)
    }

    /// True when `certificate` carries a pinned key (same certificate, or a
    /// re-issued certificate for the same key).
    pub fn matches_certificate(&self, certificate: &Certificate) -> bool {
        self.keys.iter().any(|k| {
            k.certificate.as_ref().is_some_and(|c| c.sha256() == certificate.sha256())
                || &k.key == certificate.public_key()
        })
    }
}
