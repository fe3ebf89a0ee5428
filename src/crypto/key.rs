//! Public keys pinned for an IdP, and signature verification with them.
//!
//! Read: RSA with a 1024..=8192-bit modulus (RFC 8017; larger ones are a verification-time
//! DoS), and ECDSA on P-256 or P-384 (XML-DSig 1.1 §6.4.3). Everything else is refused when
//! the key is configured, not when a response arrives, so a misconfiguration shows up at
//! startup. Which RSA sizes may be *pinned* is `TrustedKeys` (`trust.rs`)' policy: 2048 bits
//! and up unless the caller lowers the minimum (to 1024 at the lowest) for a legacy IdP.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use der::Decode as _;
#[cfg(feature = "rust-crypto")]
use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
use spki::{ObjectIdentifier, SubjectPublicKeyInfoRef};

#[cfg(feature = "rust-crypto")]
use super::hash::digest;
use super::hash::sha256_array;
use super::pem::{pem_blocks, PemLabel};
#[cfg(feature = "rust-crypto")]
use super::DigestAlgorithm;
use super::SignatureAlgorithm;
use crate::{Error, Result};

/// Smallest RSA modulus a `TrustedKeys` (`trust.rs`) pins by default, in bits (NIST SP
/// 800-131A: 1024-bit RSA signatures are disallowed; they are factorable with public effort).
pub const RSA_MIN_BITS: usize = 2048;
/// Smallest RSA modulus any policy may allow, in bits: the legacy opt-in's floor.
pub const RSA_FLOOR_BITS: usize = 1024;
/// Largest RSA modulus we accept, in bits.
pub const RSA_MAX_BITS: usize = 8192;

const OID_RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const OID_SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
const OID_DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");

/// The type of a [`PublicKey`].
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// RSA, verified with PKCS#1 v1.5 (RFC 8017 §8.2).
    Rsa,
    /// ECDSA over NIST P-256.
    EcP256,
    /// ECDSA over NIST P-384.
    EcP384,
}

/// A public key that can verify responses: RSA (1024..=8192 bits; below 2048 only pinned by
/// a legacy opt-in), EC P-256 or EC P-384.
///
/// The library types behind it stay private so the crypto backend can be swapped.
/// Two keys are equal when their SubjectPublicKeyInfo DER is equal.
#[derive(Clone, Debug)]
pub struct PublicKey {
    inner: Inner,
    spki: Vec<u8>,
}

/// With `rust-crypto`, the RustCrypto key that verifies; without it, what the host needs to
/// know (it imports [`PublicKey::spki_der`] itself).
#[cfg(feature = "rust-crypto")]
#[derive(Clone, Debug)]
enum Inner {
    Rsa { key: rsa::PublicKey, bits: usize },
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
}

#[cfg(not(feature = "rust-crypto"))]
#[derive(Clone, Debug)]
enum Inner {
    Rsa { bits: usize },
    P256(EcPoint),
    P384(EcPoint),
}

/// Without `rust-crypto` an EC point is checked for its SEC 1 §2.3.3 encoding (length and
/// form), not for lying on the curve: the host's import checks that (the npm package's
/// edge build imports every EC key when it is configured).
#[cfg(not(feature = "rust-crypto"))]
#[derive(Clone, Copy, Debug)]
struct EcPoint;

#[cfg(not(feature = "rust-crypto"))]
impl EcPoint {
    /// `field_bytes`: 32 for P-256, 48 for P-384. Uncompressed (`04 || X || Y`) or compressed
    /// (`02`/`03 || X`); the point at infinity (`00`) is not a key.
    fn read(point: &[u8], field_bytes: usize) -> Option<EcPoint> {
        match point.split_first() {
            Some((4, xy)) if xy.len() == 2 * field_bytes => Some(EcPoint),
            Some((2 | 3, x)) if x.len() == field_bytes => Some(EcPoint),
            _ => None,
        }
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.spki == other.spki
    }
}
impl Eq for PublicKey {}

fn invalid(detail: &str) -> Error {
    Error::CertificateInvalid { detail: String::from(detail) }
}

fn unsupported(detail: String) -> Error {
    Error::KeyUnsupported { detail }
}

/// Bits of a big-endian unsigned integer, ignoring leading zero bytes.
fn bit_len(be: &[u8]) -> usize {
    let mut bytes = be;
    while let [0, rest @ ..] = bytes {
        bytes = rest;
    }
    match bytes.first() {
        None => 0,
        Some(&first) => (bytes.len() - 1) * 8 + (8 - first.leading_zeros() as usize),
    }
}

impl PublicKey {
    /// Reads a DER `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7), the body of a
    /// `-----BEGIN PUBLIC KEY-----` block or of a certificate's key field.
    ///
    /// # Errors
    /// [`Error::CertificateInvalid`] if the DER is malformed; [`Error::KeyUnsupported`]
    /// for RSA outside 1024..=8192 bits or with a bad exponent, EC curves other than
    /// P-256/P-384, and other algorithms (DSA, Ed25519, RSA-PSS-only keys, ...).
    pub fn from_spki_der(der: &[u8]) -> Result<Self> {
        let spki = SubjectPublicKeyInfoRef::from_der(der)
            .map_err(|_| invalid("the public key is not a DER SubjectPublicKeyInfo"))?;
        let oid = spki.algorithm.oid;
        let inner = if oid == OID_RSA_ENCRYPTION {
            // RFC 3279 §2.3.1: parameters MUST be NULL (tolerate absent, as most parsers do).
            if spki.algorithm.parameters.is_some_and(|p| !p.is_null()) {
                return Err(invalid("the rsaEncryption key has non-NULL parameters"));
            }
            let bytes =
                spki.subject_public_key.as_bytes().ok_or_else(|| invalid("the RSA key bit string has unused bits"))?;
            let pkcs1_key = pkcs1::RsaPublicKeyRef::try_from(bytes)
                .map_err(|_| invalid("the RSA key is not a DER RSAPublicKey"))?;
            let bits = bit_len(pkcs1_key.modulus.as_bytes());
            if !(RSA_FLOOR_BITS..=RSA_MAX_BITS).contains(&bits) {
                return Err(unsupported(format!(
                    "RSA key of {bits} bits; {RSA_MIN_BITS} to {RSA_MAX_BITS} bits are accepted \
                     ({RSA_FLOOR_BITS} with the legacy opt-in)"
                )));
            }
            // RFC 8017 §3.1: e is odd and at least 3 (the rsa crate would take e = 2).
            let e = pkcs1_key.public_exponent.as_bytes();
            let e_ok = e.last().is_some_and(|last| last & 1 == 1) && bit_len(e) >= 2;
            let unusable = || {
                unsupported(format!(
                    "RSA-{bits} key with an unusable modulus or public exponent (must be odd, \
                     between 3 and 2^33-1)"
                ))
            };
            #[cfg(feature = "rust-crypto")]
            let inner = {
                let key =
                    e_ok.then_some(pkcs1_key).and_then(|k| rsa::PublicKey::try_from(k).ok()).ok_or_else(unusable)?;
                Inner::Rsa { key, bits }
            };
            // The checks `rsa::PublicKey::try_from` makes (rsa 0.10 `check_public`): n odd,
            // e at most 2^33 - 1 (and below n, which 33 bits always are for n >= 1024 bits).
            #[cfg(not(feature = "rust-crypto"))]
            let inner = {
                let n_odd = pkcs1_key.modulus.as_bytes().last().is_some_and(|last| last & 1 == 1);
                if !(e_ok && n_odd && bit_len(e) <= 33) {
                    return Err(unusable());
                }
                Inner::Rsa { bits }
            };
            inner
        } else if oid == OID_EC_PUBLIC_KEY {
            let curve = spki.algorithm.parameters_oid().map_err(|_| {
                unsupported(String::from("EC key without a named curve (explicit parameters are not accepted)"))
            })?;
            let point =
                spki.subject_public_key.as_bytes().ok_or_else(|| invalid("the EC key bit string has unused bits"))?;
            #[cfg(feature = "rust-crypto")]
            let (p256_key, p384_key) =
                (p256::ecdsa::VerifyingKey::from_sec1_bytes, p384::ecdsa::VerifyingKey::from_sec1_bytes);
            #[cfg(not(feature = "rust-crypto"))]
            let (p256_key, p384_key) =
                (|p: &[u8]| EcPoint::read(p, 32).ok_or(()), |p: &[u8]| EcPoint::read(p, 48).ok_or(()));
            if curve == OID_P256 {
                Inner::P256(p256_key(point).map_err(|_| invalid("the EC P-256 key is not a valid curve point"))?)
            } else if curve == OID_P384 {
                Inner::P384(p384_key(point).map_err(|_| invalid("the EC P-384 key is not a valid curve point"))?)
            } else {
                let name = if curve == OID_P521 {
                    String::from("P-521")
                } else if curve == OID_SECP256K1 {
                    String::from("secp256k1")
                } else {
                    format!("{curve}")
                };
                return Err(unsupported(format!("EC curve {name}; only P-256 and P-384 are accepted")));
            }
        } else {
            let name = if oid == OID_RSASSA_PSS {
                String::from("RSASSA-PSS")
            } else if oid == OID_DSA {
                String::from("DSA")
            } else if oid == OID_ED25519 {
                String::from("Ed25519")
            } else if oid == OID_ED448 {
                String::from("Ed448")
            } else {
                format!("{oid}")
            };
            return Err(unsupported(format!(
                "{name} key; only RSA (2048 to 8192 bits) and EC P-256/P-384 are accepted"
            )));
        };
        Ok(PublicKey { inner, spki: der.to_vec() })
    }

    /// Reads the first `-----BEGIN PUBLIC KEY-----` block (RFC 7468 §13) of `pem`,
    /// for callers that pin a bare key instead of a certificate. Text around it is ignored.
    ///
    /// # Errors
    /// [`Error::CertificateInvalid`] if there is no such block or it is not valid base64;
    /// then as [`PublicKey::from_spki_der`].
    pub fn from_pem(pem: &str) -> Result<Self> {
        let blocks = pem_blocks(pem.as_bytes())?;
        let der = blocks
            .into_iter()
            .find(|b| b.label == PemLabel::PublicKey)
            .ok_or_else(|| invalid("no -----BEGIN PUBLIC KEY----- block found"))?
            .der;
        Self::from_spki_der(&der)
    }

    /// The key type.
    pub fn kind(&self) -> KeyKind {
        match self.inner {
            Inner::Rsa { .. } => KeyKind::Rsa,
            Inner::P256(_) => KeyKind::EcP256,
            Inner::P384(_) => KeyKind::EcP384,
        }
    }

    /// The modulus size for RSA, the field size for EC.
    pub fn bits(&self) -> usize {
        match self.inner {
            Inner::Rsa { bits, .. } => bits,
            Inner::P256(_) => 256,
            Inner::P384(_) => 384,
        }
    }

    /// A display name: `"RSA-2048"`, `"EC P-256"`.
    pub fn kind_name(&self) -> String {
        match self.inner {
            Inner::Rsa { bits, .. } => format!("RSA-{bits}"),
            Inner::P256(_) => String::from("EC P-256"),
            Inner::P384(_) => String::from("EC P-384"),
        }
    }

    /// The DER `SubjectPublicKeyInfo` this key was read from.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki
    }

    /// SHA-256 of [`PublicKey::spki_der`] (the "SPKI pin" of RFC 7469 §2.4, unencoded).
    pub fn spki_sha256(&self) -> [u8; 32] {
        sha256_array(&self.spki)
    }

    /// True if this key can verify signatures of `alg` (RSA for RSA, the matching curve
    /// is not required: any of our EC keys verifies any ECDSA-SHA* per FIPS 186-5 §6.4).
    pub fn supports(&self, alg: SignatureAlgorithm) -> bool {
        match self.inner {
            Inner::Rsa { .. } => alg.is_rsa(),
            Inner::P256(_) | Inner::P384(_) => alg.is_ecdsa(),
        }
    }

    /// Verifies `signature` over `message` (the canonical `SignedInfo`, XML-DSig 1.1 §4.4.2),
    /// hashing it with `alg`'s digest first.
    ///
    /// Returns `Ok(true)` if valid, `Ok(false)` if the signature does not verify (including
    /// a wrong length or out-of-range value).
    ///
    /// # Errors
    /// [`Error::DsigKeyMismatch`] if `alg` needs another key type (ECDSA with an RSA key, ...).
    #[cfg(feature = "rust-crypto")]
    pub fn verify(&self, alg: SignatureAlgorithm, message: &[u8], signature: &[u8]) -> Result<bool> {
        self.check_alg(alg)?;
        self.verify_prehashed(alg, &digest(alg.digest(), message), signature)
    }

    /// As [`PublicKey::verify`], with the message already hashed by `alg.digest()`
    /// (e.g. through a streaming [`super::Hasher`]). A hash of the wrong length gives `Ok(false)`.
    ///
    /// RSA: RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) with the DigestInfo prefix of
    /// the hash; the signature must be exactly as long as the modulus (§8.2.2 step 1).
    ///
    /// ECDSA: XML-DSig carries the raw `r || s`, each left-padded to the curve's field size
    /// (XML-DSig 1.1 §6.4.3, RFC 4050 §3.3), not the DER form; a hash longer than the curve
    /// order is truncated as FIPS 186-5 §6.4.1 specifies.
    ///
    /// # Errors
    /// [`Error::DsigKeyMismatch`] if `alg` needs another key type.
    #[cfg(feature = "rust-crypto")]
    pub fn verify_prehashed(&self, alg: SignatureAlgorithm, hashed: &[u8], signature: &[u8]) -> Result<bool> {
        self.check_alg(alg)?;
        if hashed.len() != alg.digest().output_len() {
            return Ok(false);
        }
        let ok = match &self.inner {
            Inner::Rsa { key, .. } => {
                let scheme = match alg.digest() {
                    DigestAlgorithm::Sha1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
                    DigestAlgorithm::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                    DigestAlgorithm::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                    DigestAlgorithm::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
                };
                super::rsa_pkcs1::verify(key, &scheme.prefix, hashed, signature)
            }
            Inner::P256(key) => match p256::ecdsa::Signature::from_slice(signature) {
                Ok(sig) => key.verify_prehash(hashed, &sig).is_ok(),
                Err(_) => false,
            },
            Inner::P384(key) => match p384::ecdsa::Signature::from_slice(signature) {
                Ok(sig) => key.verify_prehash(hashed, &sig).is_ok(),
                Err(_) => false,
            },
        };
        Ok(ok)
    }

    #[cfg(feature = "rust-crypto")]
    fn check_alg(&self, alg: SignatureAlgorithm) -> Result<()> {
        if self.supports(alg) {
            Ok(())
        } else {
            Err(Error::DsigKeyMismatch { algorithm: String::from(alg.name()) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_len(&[]), 0);
        assert_eq!(bit_len(&[0, 0]), 0);
        assert_eq!(bit_len(&[1]), 1);
        assert_eq!(bit_len(&[0, 0x80, 0]), 16);
        assert_eq!(bit_len(&[0x7f, 0xff]), 15);
    }

    #[test]
    fn garbage_spki_is_invalid_not_panic() {
        for input in [&b""[..], b"\x30", b"\x30\x00", b"\x30\x03\x02\x01\x00", &[0xff; 64]] {
            assert_eq!(PublicKey::from_spki_der(input).map_err(|e| e.code()), Err("ERR_CERT_INVALID"));
        }
    }
}
