//! The SP's RSA private keys, read by one rule for signing ([`super::SigningKey`]) and for
//! decryption (the SP's decryption keys of `xmlenc`): PEM `PRIVATE KEY` (PKCS #8, RFC 5208) and
//! `RSA PRIVATE KEY` (PKCS #1, RFC 8017 §A.1.2) blocks with any text around them (a file that holds
//! the certificate too), or one DER key of either kind; RSA of 2048 to 8192 bits.

use alloc::string::String;
use alloc::vec::Vec;

use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;

use super::key::{RSA_MAX_BITS, RSA_MIN_BITS};
use super::pem::{looks_like_pem, private_key_blocks, PemLabel};
use crate::error::{Error, Result};

fn invalid(detail: &str) -> Error {
    Error::PrivateKeyInvalid { detail: String::from(detail) }
}

fn unsupported(detail: String) -> Error {
    Error::KeyUnsupported { detail }
}

fn pkcs8(der: &[u8]) -> Result<rsa::PrivateKey> {
    use rsa::pkcs8::der::Decode as _;
    let info = rsa::pkcs8::PrivateKeyInfoRef::from_der(der).map_err(|_| invalid("not a DER PKCS #8 private key"))?;
    if info.algorithm.oid != rsa::pkcs1::ALGORITHM_OID {
        return Err(unsupported(alloc::format!("a {} private key; the SP's keys are RSA", info.algorithm.oid)));
    }
    rsa::PrivateKey::from_pkcs8_der(der).map_err(|_| invalid("the PKCS #8 RSA key is malformed"))
}

fn pkcs1(der: &[u8]) -> Result<rsa::PrivateKey> {
    rsa::PrivateKey::from_pkcs1_der(der).map_err(|_| invalid("not a DER PKCS #1 RSA private key"))
}

/// Every RSA private key of `input`, in order (at least one).
///
/// # Errors
/// [`Error::PrivateKeyInvalid`] when no key can be read (an `ENCRYPTED PRIVATE KEY` is named as
/// such: give it unencrypted); [`Error::KeyUnsupported`] for another key type or an RSA key
/// outside 2048..=8192 bits.
pub(crate) fn read_rsa_private_keys(input: &[u8]) -> Result<Vec<rsa::PrivateKey>> {
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
    let mut keys = Vec::new();
    for b in &blocks {
        match b.label {
            PemLabel::PrivateKey => keys.push(pkcs8(&b.der)?),
            PemLabel::RsaPrivateKey => keys.push(pkcs1(&b.der)?),
            _ => {}
        }
    }
    if keys.is_empty() {
        const EC: &[u8] = b"-----BEGIN EC PRIVATE KEY-----";
        if input.windows(EC.len()).any(|w| w == EC) {
            return Err(unsupported(String::from("an EC private key; the SP's keys are RSA")));
        }
        if looks_like_pem(input) {
            return Err(invalid("no -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY----- block found"));
        }
        keys.push(match pkcs8(input) {
            Err(Error::PrivateKeyInvalid { .. }) => pkcs1(input)?,
            other => other?,
        });
    }
    for k in &keys {
        let bits = k.n().as_ref().bit_width_vartime() as usize;
        if !(RSA_MIN_BITS..=RSA_MAX_BITS).contains(&bits) {
            return Err(unsupported(alloc::format!(
                "RSA key of {bits} bits; {RSA_MIN_BITS} to {RSA_MAX_BITS} bits are accepted"
            )));
        }
    }
    Ok(keys)
}
