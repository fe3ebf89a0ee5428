//! RSASSA-PKCS1-v1_5 signature verification (RFC 8017 §8.2.2).
//!
//! The `rsa` crate raises the signature to `e` with the constant-time windowed
//! exponentiation it uses for secret exponents: a 16-entry table and a multiply for
//! every 4-bit window, about 35 modular multiplications for e = 65537. The public
//! exponent is not secret, so this does plain left-to-right square-and-multiply:
//! 16 squarings and 1 multiplication. The padding check compares the whole encoded
//! message with the one we expect (RFC 8017 §8.2.2 step 3 "compare", not "parse"),
//! which leaves no room for the lenient-parsing forgeries of the Bleichenbacher-2006 kind.

use alloc::vec::Vec;

use crypto_bigint::modular::BoxedMontyForm;
use crypto_bigint::BoxedUint;
use rsa::traits::PublicKeyParts as _;

/// True when `signature` is a valid RSASSA-PKCS1-v1_5 signature by `key` over a message
/// whose hash is `hashed`; `digest_info_prefix` is the DER DigestInfo header of that hash.
pub(super) fn verify(key: &rsa::PublicKey, digest_info_prefix: &[u8], hashed: &[u8], signature: &[u8]) -> bool {
    // Step 1: the signature is exactly k octets.
    let k = key.size();
    if signature.len() != k {
        return false;
    }
    // Step 2 (RSAVP1): s < n, then m = s^e mod n.
    let params = key.n_params();
    let Ok(s) = BoxedUint::from_be_slice(signature, params.bits_precision()) else {
        return false;
    };
    if s >= *key.n().as_ref() {
        return false;
    }
    let m = pow_public(BoxedMontyForm::new(s, params), key.e()).retrieve();
    // Step 3 (EMSA-PKCS1-v1_5 encoding of the hash) and step 4 (compare).
    let Some(expected) = encode(digest_info_prefix, hashed, k) else {
        return false;
    };
    let em = m.to_be_bytes();
    // The storage is limb-aligned: any octets before the last k are zero because m < n < 2^(8k).
    let Some(split) = em.len().checked_sub(k) else {
        return false;
    };
    let (high, low) = em.split_at(split);
    high.iter().all(|&b| b == 0) && super::constant_time_eq(low, &expected)
}

/// `base^e` in Montgomery form, variable time in `e` (a public exponent, RFC 8017 §3.1).
fn pow_public(base: BoxedMontyForm, e: &BoxedUint) -> BoxedMontyForm {
    let bits = e.bit_width_vartime();
    let mut acc = base.clone();
    for i in (0..bits.saturating_sub(1)).rev() {
        acc = acc.square();
        if bool::from(e.bit(i)) {
            acc = &acc * &base;
        }
    }
    acc
}

/// EM = 0x00 || 0x01 || PS (0xff…, at least 8 octets) || 0x00 || DigestInfo (RFC 8017 §9.2).
fn encode(prefix: &[u8], hashed: &[u8], k: usize) -> Option<Vec<u8>> {
    let t_len = prefix.len() + hashed.len();
    let ps_len = k.checked_sub(t_len + 3).filter(|&n| n >= 8)?;
    let mut em = Vec::with_capacity(k);
    em.extend_from_slice(&[0x00, 0x01]);
    em.resize(2 + ps_len, 0xff);
    em.push(0x00);
    em.extend_from_slice(prefix);
    em.extend_from_slice(hashed);
    Some(em)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_layout() {
        let em = encode(&[0x30, 0x31], &[0xaa; 4], 20).unwrap();
        assert_eq!(em.len(), 20);
        assert_eq!(&em[..2], &[0x00, 0x01]);
        assert!(em[2..13].iter().all(|&b| b == 0xff));
        assert_eq!(&em[13..], &[0x00, 0x30, 0x31, 0xaa, 0xaa, 0xaa, 0xaa]);
        // Fewer than 8 octets of padding: no valid encoding (RFC 8017 §9.2 step 3).
        assert!(encode(&[0; 2], &[0; 4], 16).is_none());
        assert!(encode(&[0; 2], &[0; 4], 17).is_some());
    }
}
