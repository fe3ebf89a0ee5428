//! The SP's RSA private keys, for the native API (Rust, the CLI).
//!
//! In the npm package the keys stay with the runtime's crypto instead (node:crypto `KeyObject`s,
//! non-extractable WebCrypto `CryptoKey`s) and only the RSA outputs or content keys cross into
//! the core ([`super::Unwrapped`]).

use alloc::vec::Vec;

use rsa::hazmat::rsa_decrypt_and_check;
use rsa::rand_core::TryCryptoRng;
use rsa::traits::PublicKeyParts;
use rsa::BoxedUint;

use super::oaep::Unwrapped;
use crate::crypto::read_rsa_private_keys;
use crate::error::Result;

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
        self.keys.extend(read_rsa_private_keys(input)?);
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
