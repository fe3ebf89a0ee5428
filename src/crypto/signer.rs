//! The SP's own signatures: RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.1) over what an SP signs — the
//! HTTP-Redirect query of its AuthnRequests and logout messages (SAML bindings §3.4.4.1) and the
//! canonical `SignedInfo` of its metadata (XML-DSig 1.1 §3.1).
//!
//! Two ways to sign, one seam ([`Signer`]): natively with [`SigningKey`] and an RNG the caller
//! owns (the `rsa` crate blinds the private-key operation with it; the core itself has no
//! randomness), or in a JS host with its own crypto (node:crypto, a non-extractable WebCrypto
//! key): the core then hands out the bytes to sign and takes the signature back.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

#[cfg(feature = "rust-crypto")]
use rsa::pkcs8::EncodePublicKey as _;

#[cfg(feature = "rust-crypto")]
pub use rsa::rand_core::{CryptoRng, TryCryptoRng};

#[cfg(feature = "rust-crypto")]
use super::hash::digest;
#[cfg(feature = "rust-crypto")]
use super::private_key::read_rsa_private_keys;
#[cfg(feature = "rust-crypto")]
use super::PublicKey;
use super::SignatureAlgorithm;
use crate::{Error, Result};

/// Something that signs the bytes it is given with the SP's key.
///
/// The core builds the exact octets (a redirect query, a canonical `SignedInfo`) and asks for
/// their signature; it never sees how the signature was made.
pub trait Signer {
    /// The algorithm of the signatures it makes (an RSA PKCS#1 v1.5 family member).
    fn algorithm(&self) -> SignatureAlgorithm;
    /// The signature over `message` (the signer hashes it with [`SignatureAlgorithm::digest`]).
    ///
    /// # Errors
    /// Whatever made signing impossible, as an [`Error`].
    fn sign(&mut self, message: &[u8]) -> Result<Vec<u8>>;
}

/// The algorithms the SP signs with: RSA PKCS#1 v1.5 with SHA-256, -384 or -512 (never SHA-1).
pub fn check_signing_algorithm(alg: SignatureAlgorithm) -> Result<()> {
    match alg {
        SignatureAlgorithm::RsaSha256 | SignatureAlgorithm::RsaSha384 | SignatureAlgorithm::RsaSha512 => Ok(()),
        other => Err(Error::ConfigInvalid {
            option: String::from("signature_algorithm"),
            detail: format!("{} cannot be used to sign; use RSA-SHA256, RSA-SHA384 or RSA-SHA512", other.name()),
        }),
    }
}

#[cfg(feature = "rust-crypto")]
/// An RSA private key of the SP (2048 to 8192 bits).
#[derive(Clone)]
pub struct SigningKey {
    key: rsa::PrivateKey,
    public: PublicKey,
}

#[cfg(feature = "rust-crypto")]
impl core::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SigningKey({})", self.public.kind_name())
    }
}

#[cfg(feature = "rust-crypto")]
fn invalid(detail: &str) -> Error {
    Error::PrivateKeyInvalid { detail: String::from(detail) }
}

#[cfg(feature = "rust-crypto")]
impl SigningKey {
    /// Reads the first RSA private key of `pem` (see [`super::private_key`]: `PRIVATE KEY` or
    /// `RSA PRIVATE KEY` blocks, or DER). Encrypted keys are refused: decrypt them first
    /// (`openssl pkey -in key.pem -out plain.pem`).
    ///
    /// # Errors
    /// [`Error::PrivateKeyInvalid`] when no usable key is found or it does not decode;
    /// [`Error::KeyUnsupported`] for a non-RSA key or a size outside 2048..=8192 bits.
    pub fn from_pem(pem: &str) -> Result<Self> {
        let key = read_rsa_private_keys(pem.as_bytes())?.into_iter().next();
        let key = key.ok_or_else(|| invalid("no private key found"))?;
        let spki = key.to_public_key().to_public_key_der().map_err(|_| invalid("the public half cannot be encoded"))?;
        let public = PublicKey::from_spki_der(spki.as_bytes())?;
        Ok(SigningKey { key, public })
    }

    /// The public half (for the metadata's certificate check and for self-verification).
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// Signs `message` with `alg` (RSA-SHA256/384/512), blinding the private-key operation
    /// with `rng` (RFC 8017 §5.1.2 does not require it; it stops timing attacks on the key).
    ///
    /// # Errors
    /// [`Error::ConfigInvalid`] for an algorithm the SP does not sign with;
    /// [`Error::PrivateKeyInvalid`] if the RSA operation fails (it checks its own result).
    pub fn sign_with_rng<R: TryCryptoRng + ?Sized>(
        &self,
        alg: SignatureAlgorithm,
        message: &[u8],
        rng: &mut R,
    ) -> Result<Vec<u8>> {
        check_signing_algorithm(alg)?;
        let hashed = digest(alg.digest(), message);
        let scheme = match alg {
            SignatureAlgorithm::RsaSha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
            SignatureAlgorithm::RsaSha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
            _ => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
        };
        self.key.sign_with_rng(rng, scheme, &hashed).map_err(|_| invalid("the RSA signature operation failed"))
    }

    /// A [`Signer`] over this key with `alg` and `rng`.
    ///
    /// # Errors
    /// [`Error::ConfigInvalid`] for an algorithm the SP does not sign with.
    pub fn signer<'a, R: TryCryptoRng + ?Sized>(
        &'a self,
        alg: SignatureAlgorithm,
        rng: &'a mut R,
    ) -> Result<RsaSigner<'a, R>> {
        check_signing_algorithm(alg)?;
        Ok(RsaSigner { key: self, alg, rng })
    }
}

#[cfg(feature = "rust-crypto")]
/// [`SigningKey`] with an algorithm and the caller's RNG, as a [`Signer`].
pub struct RsaSigner<'a, R: TryCryptoRng + ?Sized> {
    key: &'a SigningKey,
    alg: SignatureAlgorithm,
    rng: &'a mut R,
}

#[cfg(feature = "rust-crypto")]
impl<R: TryCryptoRng + ?Sized> Signer for RsaSigner<'_, R> {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.alg
    }

    fn sign(&mut self, message: &[u8]) -> Result<Vec<u8>> {
        self.key.sign_with_rng(self.alg, message, self.rng)
    }
}

#[cfg(all(test, feature = "rust-crypto"))]
mod tests {
    use super::*;
    use core::convert::Infallible;
    use rsa::rand_core::TryRng;

    /// A deterministic generator for tests only (xorshift): blinding needs no quality to be correct.
    pub(crate) struct TestRng(u64);
    impl TryRng for TestRng {
        type Error = Infallible;
        fn try_next_u32(&mut self) -> core::result::Result<u32, Infallible> {
            self.try_next_u64().map(|v| v as u32)
        }
        fn try_next_u64(&mut self) -> core::result::Result<u64, Infallible> {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            Ok(self.0)
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> core::result::Result<(), Infallible> {
            for chunk in dst.chunks_mut(8) {
                let v = self.try_next_u64()?.to_le_bytes();
                chunk.copy_from_slice(&v[..chunk.len()]);
            }
            Ok(())
        }
    }
    impl TryCryptoRng for TestRng {}

    const KEY: &str = include_str!("../../tests/keys/idp-rsa2048.key");
    const CRT: &str = include_str!("../../tests/keys/idp-rsa2048.crt");

    #[test]
    fn signs_what_the_pinned_certificate_verifies() {
        let key = SigningKey::from_pem(KEY).unwrap();
        let cert = crate::crypto::parse_certificates(CRT.as_bytes()).unwrap().remove(0);
        assert_eq!(key.public_key(), cert.public_key());
        let mut rng = TestRng(0x9e37_79b9_7f4a_7c15);
        for alg in [SignatureAlgorithm::RsaSha256, SignatureAlgorithm::RsaSha384, SignatureAlgorithm::RsaSha512] {
            let mut signer = key.signer(alg, &mut rng).unwrap();
            let sig = signer.sign(b"SAMLRequest=abc&SigAlg=x").unwrap();
            assert_eq!(sig.len(), 256);
            assert!(cert.public_key().verify(alg, b"SAMLRequest=abc&SigAlg=x", &sig).unwrap());
            assert!(!cert.public_key().verify(alg, b"SAMLRequest=abd&SigAlg=x", &sig).unwrap());
        }
        // PKCS#1 v1.5 is deterministic: blinding changes nothing in the result.
        let a = key.sign_with_rng(SignatureAlgorithm::RsaSha256, b"m", &mut TestRng(1)).unwrap();
        let b = key.sign_with_rng(SignatureAlgorithm::RsaSha256, b"m", &mut TestRng(2)).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn refuses_weak_algorithms_and_keys() {
        let key = SigningKey::from_pem(KEY).unwrap();
        for alg in [SignatureAlgorithm::RsaSha1, SignatureAlgorithm::EcdsaSha256] {
            assert_eq!(key.signer(alg, &mut TestRng(3)).map(|_| ()).unwrap_err().code(), "ERR_CONFIG_INVALID");
        }
        let weak = include_str!("../../tests/keys/weak-rsa1024.key");
        assert_eq!(SigningKey::from_pem(weak).unwrap_err().code(), "ERR_KEY_UNSUPPORTED");
        let ec = include_str!("../../tests/keys/idp-ec-p256.key");
        assert_eq!(SigningKey::from_pem(ec).unwrap_err().code(), "ERR_KEY_UNSUPPORTED");
        for bad in [
            "",
            CRT,
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----",
        ] {
            assert_eq!(SigningKey::from_pem(bad).unwrap_err().code(), "ERR_KEY_INVALID", "{bad}");
        }
    }
}
