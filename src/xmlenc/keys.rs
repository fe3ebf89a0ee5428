//! The SP's RSA private keys, for the native API (Rust, the CLI).
//!
//! In the npm package the keys stay with the runtime's crypto instead (node:crypto `KeyObject`s,
//! non-extractable WebCrypto `CryptoKey`s) and only the RSA outputs or content keys cross into
//! the core ([`super::Unwrapped`]).

use alloc::string::String;
use alloc::vec::Vec;

use rsa::hazmat::rsa_decrypt_and_check;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::rand_core::TryCryptoRng;
use rsa::traits::PublicKeyParts;
use rsa::BoxedUint;

use super::oaep::Unwrapped;
use crate::crypto::pem::{private_key_blocks, PemLabel};
use crate::error::{Error, Result};

/// RSA key sizes accepted for decryption, as for IdP signing keys.
const MIN_BITS: usize = 2048;
const MAX_BITS: usize = 8192;

/// The SP's decryption keys (several during a rollover), each tried in order.
#[derive(Clone, Default)]
pub struct DecryptionKeys {
    keys: Vec<rsa::PrivateKey>,
}

impl core::fmt::Debug for DecryptionKeys {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "DecryptionKeys({} key(s))", self.keys.len())
    }
}

/// The SP's private key could not be read: the code the SP's signing key uses too (`ERR_KEY_INVALID`).
fn invalid(detail: &str) -> Error {
    Error::PrivateKeyInvalid { detail: String::from(detail) }
}

impl DecryptionKeys {
    /// No keys.
    pub fn new() -> Self {
        DecryptionKeys::default()
    }

    /// The keys of one PEM text or DER key (see [`DecryptionKeys::add_pem_or_der`]).
    pub fn from_pem_or_der(input: &[u8]) -> Result<Self> {
        let mut keys = DecryptionKeys::new();
        keys.add_pem_or_der(input)?;
        Ok(keys)
    }

    /// Adds every RSA private key of `input`: PEM `PRIVATE KEY` (PKCS #8) or `RSA PRIVATE KEY`
    /// (PKCS #1) blocks, text around them ignored (a file holding the certificate too is fine),
    /// or one DER key of either kind.
    ///
    /// # Errors
    /// [`Error::PrivateKeyInvalid`] when no key can be read (an `ENCRYPTED PRIVATE KEY` is
    /// named as such); [`Error::KeyUnsupported`] for an RSA key outside 2048..=8192 bits or
    /// another key type.
    pub fn add_pem_or_der(&mut self, input: &[u8]) -> Result<()> {
        // The PEM framing's errors are a certificate's; here they are about a private key.
        let blocks = private_key_blocks(input).map_err(|e| match e {
            Error::CertificateInvalid { detail } => Error::PrivateKeyInvalid { detail },
            other => other,
        })?;
        if blocks.iter().any(|b| b.label == PemLabel::EncryptedPrivateKey) {
            return Err(invalid(
                "the private key is encrypted (ENCRYPTED PRIVATE KEY); give it unencrypted \
                 (openssl pkey -in key.pem -out plain.pem)",
            ));
        }
        let mut found = Vec::new();
        for b in &blocks {
            match b.label {
                PemLabel::PrivateKey => found.push(pkcs8(&b.der)?),
                PemLabel::RsaPrivateKey => found.push(pkcs1(&b.der)?),
                _ => {}
            }
        }
        if found.is_empty() {
            if crate::crypto::pem::looks_like_pem(input) {
                return Err(invalid("no -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY----- block found"));
            }
            found.push(pkcs8(input).or_else(|_| pkcs1(input))?);
        }
        for k in found {
            let bits = k.size() * 8;
            if !(MIN_BITS..=MAX_BITS).contains(&bits) {
                return Err(Error::KeyUnsupported {
                    detail: alloc::format!("RSA key of {bits} bits; {MIN_BITS} to {MAX_BITS} bits are accepted"),
                });
            }
            self.keys.push(k);
        }
        Ok(())
    }

    /// How many keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The RSA private operation on `encrypted` with each key, blinded with `rng`
    /// (RFC 8017 §5.1.2 RSADP, checked against a CRT fault by re-encrypting).
    pub(crate) fn unwrap<R: TryCryptoRng + ?Sized>(&self, encrypted: &[u8], rng: &mut R) -> Vec<Unwrapped> {
        self.keys
            .iter()
            .map(|key| {
                let k = key.size();
                if encrypted.len() != k {
                    return Unwrapped::Unusable;
                }
                let Ok(c) = BoxedUint::from_be_slice(encrypted, key.n_bits_precision()) else {
                    return Unwrapped::Unusable;
                };
                match rsa_decrypt_and_check(key, Some(&mut *rng), &c) {
                    Ok(m) => {
                        let bytes = m.to_be_bytes();
                        let raw = bytes.get(bytes.len().saturating_sub(k)..).unwrap_or_default();
                        let mut em = alloc::vec![0u8; k.saturating_sub(raw.len())];
                        em.extend_from_slice(raw);
                        Unwrapped::Raw(em)
                    }
                    // c >= n (visible from the message and the public key) or an RNG failure.
                    Err(_) => Unwrapped::Unusable,
                }
            })
            .collect()
    }
}

fn pkcs8(der: &[u8]) -> Result<rsa::PrivateKey> {
    rsa::PrivateKey::from_pkcs8_der(der).map_err(|_| invalid("the key is not an unencrypted RSA PKCS #8 private key"))
}

fn pkcs1(der: &[u8]) -> Result<rsa::PrivateKey> {
    rsa::PrivateKey::from_pkcs1_der(der).map_err(|_| invalid("the key is not an RSA PKCS #1 private key"))
}
