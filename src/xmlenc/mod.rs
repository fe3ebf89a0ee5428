//! XML Encryption, limited to what IdPs send SAML SPs (XML Encryption 1.1): `EncryptedData`
//! with RSA-OAEP key transport ([`KeyTransport`]) and AES-GCM or AES-CBC content
//! ([`DataAlgorithm`]).
//!
//! This layer reads the encrypted structure ([`read`]), decodes OAEP from an RSA output and
//! decrypts the content ([`decrypt`]), and puts the plaintext in place of its wrapper ([`splice`]).
//! Which SAML elements are decrypted, in what order and after which signatures is the SAML
//! layer's rule (`saml::decryption`, docs/security.md §18).
//!
//! # Purity
//!
//! No clock, I/O or randomness here. RSA decryption needs blinding randomness, so
//! [`DecryptionKeys`] takes the caller's RNG; a JS host instead runs RSA itself and hands back
//! [`Unwrapped`] results.

mod algorithms;
mod cipher;
#[cfg(feature = "rust-crypto")]
mod keys;
mod oaep;
mod splice;
mod structure;

use alloc::vec::Vec;

pub use algorithms::{DataAlgorithm, KeyTransport, OaepHash, XMLENC11};
#[cfg(feature = "rust-crypto")]
pub use keys::DecryptionKeys;
pub use oaep::Unwrapped;
pub(crate) use splice::{splice, Expected, Site};
pub(crate) use structure::{read, EncryptedKey};

/// The plaintext of `ciphertext` with the content key `unwrapped` yields (OAEP decoded here for
/// an RSA output), or `None` when this key opens nothing: one outcome for every failure.
pub(crate) fn decrypt(
    unwrapped: &Unwrapped,
    transport: &KeyTransport,
    key_len: usize,
    algorithm: DataAlgorithm,
    ciphertext: &[u8],
) -> Option<Vec<u8>> {
    let cek = oaep::content_key(unwrapped, transport, key_len)?;
    cipher::decrypt(algorithm, &cek, ciphertext)
}
