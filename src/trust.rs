//! The keys a verifier trusts: pinned by the caller, never taken from the message.
//!
//! Keys come from certificates the caller configures (several at once during an
//! IdP certificate rollover), from bare public keys, or from IdP metadata the
//! caller supplies (SAML metadata §2.4.1.1). An expired pinned certificate still
//! verifies: the trust model is "this key belongs to the IdP" (the metadata
//! model Entra uses), so certificate dates are reported, not enforced. Metadata's own
//! `validUntil` is enforced: keys pinned from metadata are trusted until then (SAML metadata
//! §2.3.1), checked at the instant of each verification.
//!
//! RSA keys below [`RSA_MIN_BITS`] (2048) are refused when pinned, unless the caller lowers
//! the minimum with [`TrustedKeys::with_min_rsa_bits`] (to [`RSA_FLOOR_BITS`], 1024, at the
//! lowest) for an IdP that still signs with RSA-1024; every response such a key verifies then
//! carries a warning.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::crypto::{parse_certificates, Certificate, KeyKind, PublicKey, RSA_FLOOR_BITS, RSA_MAX_BITS, RSA_MIN_BITS};
use crate::error::{Error, Result};
use crate::time::Timestamp;

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
#[derive(Debug, Clone)]
pub struct TrustedKeys {
    keys: Vec<PinnedKey>,
    min_rsa_bits: usize,
    valid_until: Option<Timestamp>,
}

impl Default for TrustedKeys {
    fn default() -> Self {
        TrustedKeys::new()
    }
}

impl TrustedKeys {
    /// An empty set (verification with it fails with `ERR_CONFIG_NO_KEYS`) that pins RSA keys
    /// of [`RSA_MIN_BITS`] (2048) bits and up.
    pub fn new() -> Self {
        TrustedKeys { keys: Vec::new(), min_rsa_bits: RSA_MIN_BITS, valid_until: None }
    }

    /// An empty set that also pins RSA keys of `bits` bits and up: the legacy opt-in for an IdP
    /// that signs with RSA-1024 (CLI `--min-rsa-bits`, JS `minRsaBits`). Every response verified
    /// by a key below [`RSA_MIN_BITS`] then carries a warning.
    ///
    /// # Errors
    /// [`Error::ConfigInvalid`] unless `bits` is from [`RSA_FLOOR_BITS`] (1024) to [`RSA_MAX_BITS`].
    pub fn with_min_rsa_bits(bits: usize) -> Result<Self> {
        if !(RSA_FLOOR_BITS..=RSA_MAX_BITS).contains(&bits) {
            return Err(Error::ConfigInvalid {
                option: String::from("min_rsa_bits"),
                detail: alloc::format!(
                    "{bits} is outside {RSA_FLOOR_BITS} to {RSA_MAX_BITS} (default {RSA_MIN_BITS}; \
                     1024-bit RSA is the lowest any IdP may still be allowed)"
                ),
            });
        }
        Ok(TrustedKeys { keys: Vec::new(), min_rsa_bits: bits, valid_until: None })
    }

    /// The smallest RSA modulus this set pins, in bits.
    pub fn min_rsa_bits(&self) -> usize {
        self.min_rsa_bits
    }

    /// The instant the pinned metadata stops being valid (its earliest `validUntil`), if any.
    pub fn valid_until(&self) -> Option<Timestamp> {
        self.valid_until
    }

    /// Refuse to verify at `now` with keys from metadata that expired (SAML metadata §2.3.1:
    /// `validUntil` is exclusive, as Shibboleth reads it: valid while `now < validUntil`).
    ///
    /// # Errors
    /// [`Error::MetadataExpired`].
    pub fn check_valid_at(&self, now: Timestamp) -> Result<()> {
        match self.valid_until {
            Some(until) if now >= until => {
                Err(Error::MetadataExpired { valid_until: until.to_string(), now: now.to_string() })
            }
            _ => Ok(()),
        }
    }

    /// Pin `certificates` as keys trusted only until `valid_until` (IdP metadata's signing
    /// certificates and its `validUntil`: `saml::metadata::IdpMetadata::pin_keys`); the
    /// earliest `validUntil` of everything pinned so wins.
    ///
    /// # Errors
    /// [`Error::KeyUnsupported`] for a certificate whose key this set does not pin.
    pub fn add_certificates_until(
        &mut self,
        certificates: &[Certificate],
        valid_until: Option<Timestamp>,
    ) -> Result<()> {
        for c in certificates {
            self.add_certificate(c.clone())?;
        }
        if let Some(t) = valid_until {
            self.valid_until = Some(self.valid_until.map_or(t, |u| u.min(t)));
        }
        Ok(())
    }

    /// True when this key is pinned only because of the legacy opt-in (RSA below 2048 bits).
    pub fn is_legacy(key: &PublicKey) -> bool {
        key.kind() == KeyKind::Rsa && key.bits() < RSA_MIN_BITS
    }

    fn check_policy(&self, key: &PublicKey) -> Result<()> {
        if key.kind() == KeyKind::Rsa && key.bits() < self.min_rsa_bits {
            return Err(Error::KeyUnsupported {
                detail: alloc::format!(
                    "RSA key of {} bits; at least {} bits are pinned (an IdP that still signs with \
                     RSA-1024 needs the legacy opt-in: JS minRsaBits: 1024; CLI --min-rsa-bits 1024; Rust \
                     TrustedKeys::with_min_rsa_bits(1024))",
                    key.bits(),
                    self.min_rsa_bits
                ),
            });
        }
        Ok(())
    }

    /// Pin every certificate (or `PUBLIC KEY`) in `input`: PEM with one or more
    /// blocks, DER, or the bare base64 body of a certificate.
    pub fn from_pem_or_der(input: &[u8]) -> Result<Self> {
        let mut keys = TrustedKeys::new();
        keys.add_pem_or_der(input)?;
        Ok(keys)
    }

    /// Add what [`TrustedKeys::from_pem_or_der`] accepts. Nothing is pinned when one of
    /// several certificates cannot be.
    pub fn add_pem_or_der(&mut self, input: &[u8]) -> Result<()> {
        // A DER certificate first, whatever text it quotes (see `parse_certificates`).
        if input.first() == Some(&0x30) {
            if let Ok(c) = Certificate::from_der(input) {
                return self.add_certificate(c);
            }
        }
        let text = core::str::from_utf8(input).unwrap_or("");
        if text.contains("-----BEGIN PUBLIC KEY-----") && !text.contains("-----BEGIN CERTIFICATE-----") {
            return self.add_key(PublicKey::from_pem(text)?);
        }
        let certs = parse_certificates(input)?;
        if certs.is_empty() {
            return Err(Error::CertificateInvalid { detail: "no certificate found".into() });
        }
        for c in &certs {
            self.check_policy(c.public_key())?;
        }
        for c in certs {
            self.add_certificate(c)?;
        }
        Ok(())
    }

    /// Pin a certificate's key.
    ///
    /// # Errors
    /// [`Error::KeyUnsupported`] for an RSA key below [`TrustedKeys::min_rsa_bits`].
    pub fn add_certificate(&mut self, certificate: Certificate) -> Result<()> {
        self.check_policy(certificate.public_key())?;
        if !self.matches_certificate(&certificate) {
            self.keys.push(PinnedKey { key: certificate.public_key().clone(), certificate: Some(certificate) });
        }
        Ok(())
    }

    /// Pin a bare public key.
    ///
    /// # Errors
    /// [`Error::KeyUnsupported`] for an RSA key below [`TrustedKeys::min_rsa_bits`].
    pub fn add_key(&mut self, key: PublicKey) -> Result<()> {
        self.check_policy(&key)?;
        if !self.keys.iter().any(|k| k.key == key) {
            self.keys.push(PinnedKey { key, certificate: None });
        }
        Ok(())
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
