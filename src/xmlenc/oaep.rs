//! EME-OAEP decoding (RFC 8017 §7.1.2, step 3) of an RSA output, with implicit rejection.
//!
//! The RSA private-key operation runs where the key is: the native [`super::DecryptionKeys`]
//! (blinded with the caller's RNG), or node:crypto (`privateDecrypt` with `RSA_NO_PADDING`).
//! Both hand the raw output `c^d mod n` here, so one decoder serves every MGF1/digest pair —
//! including SHA-256 with MGF1-SHA1, which WebCrypto and node:crypto's OAEP cannot express
//! (both tie the MGF1 hash to the digest).
//!
//! The decoder is written for a content key of a known length `len` (the data algorithm's),
//! so the separator and the key sit at fixed offsets: no scan whose time depends on secret
//! bytes. Every check is folded into one `Choice`, and when it fails the result is not an
//! error but a substitute key derived from the RSA output (which only the key holder can
//! compute), so the content decryption runs and fails exactly as it does for a tampered
//! ciphertext: no OAEP oracle (Manger), no "which step failed" (docs/security.md §18).

use alloc::vec::Vec;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

use super::algorithms::{KeyTransport, OaepHash};

/// What became of one `EncryptedKey` with one SP key.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unwrapped {
    /// The content key, from a host that ran all of RSA-OAEP (WebCrypto). When its OAEP
    /// failed, the host passes random bytes of the key's length instead, never nothing.
    Key(Vec<u8>),
    /// The RSA output `c^d mod n` as `k` bytes (the modulus length), for the core to decode.
    Raw(Vec<u8>),
    /// This SP key cannot open this `EncryptedKey` for reasons visible in the message (its
    /// length is not the key's modulus length, the value is not below the modulus).
    Unusable,
}

impl core::fmt::Debug for Unwrapped {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material.
        f.write_str(match self {
            Unwrapped::Key(_) => "Key(..)",
            Unwrapped::Raw(_) => "Raw(..)",
            Unwrapped::Unusable => "Unusable",
        })
    }
}

/// The content key `unwrapped` yields for a `len`-byte key: the decoded one, or a substitute
/// that decrypts nothing. `None` only for [`Unwrapped::Unusable`].
pub(crate) fn content_key(unwrapped: &Unwrapped, transport: &KeyTransport, len: usize) -> Option<Vec<u8>> {
    match unwrapped {
        Unwrapped::Key(k) if k.len() == len => Some(k.clone()),
        Unwrapped::Key(k) => Some(substitute(k, len)),
        Unwrapped::Raw(em) => Some(decode(em, transport, len)),
        Unwrapped::Unusable => None,
    }
}

/// A key nobody but the holder of the RSA output can predict (RFC 8017 §7.1.2 Note; the
/// implicit rejection of TLS 1.2 §7.4.7.1 for RSA key exchange).
fn substitute(secret: &[u8], len: usize) -> Vec<u8> {
    let mut k = OaepHash::Sha256.digest(&[b"saml-edge xmlenc implicit rejection\0", secret]);
    k.truncate(len);
    k
}

/// MGF1 (RFC 8017 §B.2.1): `len` bytes of H(seed ‖ counter) for counter 0, 1, ...
fn mgf1(hash: OaepHash, seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + hash.output_len());
    let mut counter: u32 = 0;
    while out.len() < len {
        out.extend(hash.digest(&[seed, &counter.to_be_bytes()]));
        counter = counter.wrapping_add(1);
    }
    out.truncate(len);
    out
}

/// RFC 8017 §7.1.2 step 3 for a message of exactly `len` bytes; a substitute key on any failure.
pub(crate) fn decode(em: &[u8], t: &KeyTransport, len: usize) -> Vec<u8> {
    decode_checked(em, t, len).unwrap_or_else(|| substitute(em, len))
}

/// `None` only for lengths that cannot hold such a message: public facts (the modulus size,
/// the algorithm), so returning early leaks nothing.
fn decode_checked(em: &[u8], t: &KeyTransport, len: usize) -> Option<Vec<u8>> {
    let h = t.digest.output_len();
    let max_len = em.len().checked_sub(2 * h + 2)?;
    if len == 0 || len > max_len || len > 32 {
        return None;
    }
    let (y, rest) = em.split_at_checked(1)?;
    let (masked_seed, masked_db) = rest.split_at_checked(h)?;
    let seed: Vec<u8> = masked_seed.iter().zip(mgf1(t.mgf1, masked_db, h)).map(|(a, b)| a ^ b).collect();
    let db: Vec<u8> = masked_db.iter().zip(mgf1(t.mgf1, &seed, masked_db.len())).map(|(a, b)| a ^ b).collect();
    let l_hash = t.digest.digest(&[&t.label]);

    // DB = lHash ‖ PS (zeros) ‖ 0x01 ‖ M, with |M| = len.
    let (db_hash, after_hash) = db.split_at_checked(h)?;
    let (ps_and_one, message) = after_hash.split_at_checked(after_hash.len().checked_sub(len)?)?;
    let (ps, one) = ps_and_one.split_at_checked(ps_and_one.len().checked_sub(1)?)?;
    let mut ok: Choice = y.ct_eq(&[0u8]);
    ok &= db_hash.ct_eq(&l_hash);
    ok &= ps.iter().fold(0u8, |acc, b| acc | b).ct_eq(&0);
    ok &= one.ct_eq(&[1u8]);

    let fallback = substitute(em, len);
    Some(message.iter().zip(&fallback).map(|(m, f)| u8::conditional_select(f, m, ok)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xmlenc::algorithms::KeyTransport;
    use alloc::format;
    use alloc::vec;

    fn transport(digest: OaepHash, mgf1: OaepHash, label: &[u8]) -> KeyTransport {
        KeyTransport { uri: "", digest, mgf1, label: label.to_vec() }
    }

    /// Encode per RFC 8017 §7.1.1 (test side), with a fixed seed.
    fn encode(t: &KeyTransport, m: &[u8], k: usize, seed: &[u8]) -> Vec<u8> {
        encode_with_separator(t, m, k, seed, 1)
    }

    fn encode_with_separator(t: &KeyTransport, m: &[u8], k: usize, seed: &[u8], separator: u8) -> Vec<u8> {
        let h = t.digest.output_len();
        let mut db = t.digest.digest(&[&t.label]);
        db.resize(k - m.len() - h - 2, 0);
        db.push(separator);
        db.extend_from_slice(m);
        let masked_db: Vec<u8> = db.iter().zip(mgf1(t.mgf1, seed, db.len())).map(|(a, b)| a ^ b).collect();
        let masked_seed: Vec<u8> = seed.iter().zip(mgf1(t.mgf1, &masked_db, h)).map(|(a, b)| a ^ b).collect();
        [&[0u8][..], &masked_seed, &masked_db].concat()
    }

    #[test]
    fn decodes_every_hash_pair_and_substitutes_on_any_fault() {
        let key: Vec<u8> = (0u8..32).collect();
        for digest in [OaepHash::Sha1, OaepHash::Sha256] {
            for mgf in [OaepHash::Sha1, OaepHash::Sha256] {
                for label in [&b""[..], b"label"] {
                    let t = transport(digest, mgf, label);
                    let seed = vec![0x5a; digest.output_len()];
                    let em = encode(&t, &key, 256, &seed);
                    assert_eq!(decode(&em, &t, 32), key, "{digest:?}/{mgf:?}");
                    // Each fault gives the substitute, never the key, never a panic.
                    let sub = substitute(&em, 32);
                    let mut bad_y = em.clone();
                    bad_y[0] = 1;
                    assert_ne!(decode(&bad_y, &t, 32), key);
                    assert_eq!(decode(&em, &t, 16), substitute(&em, 16), "another key length");
                    assert_eq!(decode(&em, &transport(digest, mgf, b"other"), 32), sub, "label");
                    let other = if mgf == OaepHash::Sha1 { OaepHash::Sha256 } else { OaepHash::Sha1 };
                    assert_eq!(decode(&em, &transport(digest, other, label), 32), sub, "MGF1 hash");
                    for i in [1, 30, 100, 255] {
                        let mut flipped = em.clone();
                        flipped[i] ^= 0x80;
                        assert_eq!(decode(&flipped, &t, 32), substitute(&flipped, 32), "bit flip at {i}");
                    }
                    assert_eq!(decode(&em[..40], &t, 32).len(), 32, "too short a modulus");
                    for separator in [0u8, 2, 0x81] {
                        let bad = encode_with_separator(&t, &key, 256, &seed, separator);
                        assert_eq!(decode(&bad, &t, 32), substitute(&bad, 32), "separator {separator:#x}");
                    }
                }
            }
        }
    }

    #[test]
    fn content_key_rules() {
        let t = transport(OaepHash::Sha1, OaepHash::Sha1, b"");
        assert_eq!(content_key(&Unwrapped::Key(vec![7; 16]), &t, 16), Some(vec![7; 16]));
        assert_eq!(content_key(&Unwrapped::Key(vec![7; 24]), &t, 16), Some(substitute(&[7; 24], 16)));
        assert_eq!(content_key(&Unwrapped::Unusable, &t, 16), None);
        assert_eq!(format!("{:?}", Unwrapped::Key(vec![1, 2])), "Key(..)");
    }
}
