//! The crypto seam: the only module that names RustCrypto (and its `der`) and subtle.
//!
//! Everything else in the crate speaks in terms of these types, so the backend can be
//! swapped (e.g. for WebCrypto in the browser) without touching the XML-DSig logic.
//!
//! - [`DigestAlgorithm`], [`SignatureAlgorithm`]: the XML-DSig 1.1 §6.2/§6.4 URIs we accept
//!   (RFC 6931 for `xmldsig-more`), with SHA-1 opt-in and HMAC refused.
//! - [`Hasher`], [`digest`]: SHA-1/SHA-2, streaming.
//! - [`PublicKey`]: RSA 1024..=8192 (PKCS#1 v1.5, RFC 8017 §8.2; pinned from 2048 by default) and ECDSA P-256/P-384
//!   with raw `r || s` signatures (XML-DSig 1.1 §6.4.3, RFC 4050).
//! - [`Certificate`], [`parse_certificates`]: pinned certificates parsed once; dates reported,
//!   never enforced.
//! - [`SigningKey`], [`Signer`]: the SP's own RSA signatures, with the caller's RNG (the core has
//!   none) or the host's crypto behind the same seam.
//!
//! Without the `rust-crypto` feature (the npm package's edge build) keys are read and checked
//! but verify nothing here, and there is no [`SigningKey`]: the host's crypto checks signature
//! values and signs, behind the begin/finish splits of [`crate::dsig`] and [`crate::saml`].

mod algorithm;
mod cert;
mod hash;
mod key;
pub(crate) mod pem;
#[cfg(feature = "rust-crypto")]
mod private_key;
#[cfg(feature = "rust-crypto")]
mod rsa_pkcs1;
mod signer;
#[cfg(all(test, feature = "rust-crypto"))]
pub(crate) mod test_rng;
#[cfg(test)]
mod tests;
mod x509;

pub use algorithm::{DigestAlgorithm, SignatureAlgorithm};
pub use cert::{parse_certificates, Certificate};
pub use hash::{digest, Hasher};
pub use key::{KeyKind, PublicKey, RSA_FLOOR_BITS, RSA_MAX_BITS, RSA_MIN_BITS};
#[cfg(feature = "rust-crypto")]
pub(crate) use private_key::read_rsa_private_keys;
/// The RNG traits [`SigningKey`] takes (rand_core, as the `rsa` crate uses it).
#[cfg(feature = "rust-crypto")]
pub use rsa::rand_core;
pub use signer::{check_signing_algorithm, Signer};
#[cfg(feature = "rust-crypto")]
pub use signer::{CryptoRng, RsaSigner, SigningKey, TryCryptoRng};

use subtle::ConstantTimeEq as _;

/// Compares two byte strings in time independent of their content (lengths may leak).
///
/// Used for `DigestValue` comparison: a timing oracle on a digest does not forge a
/// signature by itself, but there is no reason to offer one.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    bool::from(a.ct_eq(b))
}
