//! Content decryption: AES-GCM and AES-CBC as XML Encryption 1.1 §5.2 lays them out.
//!
//! Runs in the core, also in the JS runtimes. WebCrypto's AES-CBC insists on PKCS#7 padding,
//! while XML Encryption's is ISO 10126 style (§5.2: arbitrary padding bytes, the last one
//! giving their count), so WebCrypto refuses most genuine ciphertexts; and WebCrypto has no
//! AES-192 in Chromium. Measured (docs/design.md): the RustCrypto `aes` and `aes-gcm`
//! crates add 10,222 bytes to the gzipped npm wasm; in Node the core's whole step after RSA
//! (this, the OAEP decoding, the splice and the re-parse) adds 0.14 ms (GCM) to 0.25 ms (CBC) to
//! a 0.82–0.96 ms encrypted verification, against 0.01–0.06 ms for the host's AES alone.
//!
//! Every failure is `None`: the caller turns all of them into the one decryption error.

use aes::cipher::{Array, BlockCipherDecrypt, KeyInit};
use aes::{Aes128, Aes192, Aes256};
use aes_gcm::aead::consts::U12;
use aes_gcm::{AeadInOut, AesGcm};
use alloc::vec::Vec;

use super::algorithms::DataAlgorithm;

const BLOCK: usize = 16;
const GCM_IV: usize = 12;
const GCM_TAG: usize = 16;

/// Decrypts `data` (IV, ciphertext and, for GCM, the tag) with `key`.
pub(crate) fn decrypt(algorithm: DataAlgorithm, key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    if key.len() != algorithm.key_len() {
        return None;
    }
    match algorithm {
        DataAlgorithm::Aes128Gcm => gcm::<Aes128>(key, data),
        DataAlgorithm::Aes192Gcm => gcm::<Aes192>(key, data),
        DataAlgorithm::Aes256Gcm => gcm::<Aes256>(key, data),
        DataAlgorithm::Aes128Cbc => cbc::<Aes128>(key, data),
        DataAlgorithm::Aes192Cbc => cbc::<Aes192>(key, data),
        DataAlgorithm::Aes256Cbc => cbc::<Aes256>(key, data),
    }
}

/// XML Encryption 1.1 §5.2.4: a 96-bit IV, the ciphertext, a 128-bit tag; no associated data.
fn gcm<C>(key: &[u8], data: &[u8]) -> Option<Vec<u8>>
where
    AesGcm<C, U12>: KeyInit + AeadInOut,
{
    let (iv, rest) = data.split_at_checked(GCM_IV)?;
    let body_len = rest.len().checked_sub(GCM_TAG)?;
    let (body, tag) = rest.split_at_checked(body_len)?;
    let cipher = <AesGcm<C, U12> as KeyInit>::new_from_slice(key).ok()?;
    let nonce = Array::try_from(iv).ok()?;
    let tag = Array::try_from(tag).ok()?;
    let mut out = body.to_vec();
    cipher.decrypt_inout_detached(&nonce, &[], out.as_mut_slice().into(), &tag).ok()?;
    Some(out)
}

/// XML Encryption 1.1 §5.2.1 (CBC with a 128-bit IV first) and §5.2 padding: the last byte
/// `n` is 1..=16 and the last `n` bytes are padding, whatever the others hold. CBC is written
/// here over the block cipher (P_i = D(C_i) xor C_{i-1}); it is the whole mode.
fn cbc<C>(key: &[u8], data: &[u8]) -> Option<Vec<u8>>
where
    C: KeyInit + BlockCipherDecrypt + aes::cipher::BlockSizeUser<BlockSize = aes::cipher::consts::U16>,
{
    let (iv, body) = data.split_at_checked(BLOCK)?;
    if body.is_empty() || body.len() % BLOCK != 0 {
        return None;
    }
    let cipher = C::new_from_slice(key).ok()?;
    let mut out = Vec::with_capacity(body.len());
    let mut previous: &[u8] = iv;
    for chunk in body.chunks_exact(BLOCK) {
        let mut block = Array::try_from(chunk).ok()?;
        cipher.decrypt_block(&mut block);
        out.extend(block.iter().zip(previous).map(|(b, p)| b ^ p));
        previous = chunk;
    }
    let pad = usize::from(*out.last()?);
    if !(1..=BLOCK).contains(&pad) {
        return None;
    }
    out.truncate(out.len() - pad);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    /// NIST SP 800-38A F.2.2 (CBC-AES128.Decrypt), the ciphertext followed by one block whose
    /// plaintext ends in a padding count, as XML Encryption lays it out.
    #[test]
    fn cbc_matches_sp800_38a() {
        let key = hex("2b7e151628aed2a6abf7158809cf4f3c");
        let iv = hex("000102030405060708090a0b0c0d0e0f");
        let ct = hex("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2");
        let cipher = Aes128::new_from_slice(&key).unwrap();
        // A last block that decrypts to a whole block of padding (count 16).
        let mut last = Array::try_from(&[0x10u8; 16][..]).unwrap();
        for (b, c) in last.iter_mut().zip(&ct[16..32]) {
            *b ^= c;
        }
        aes::cipher::BlockCipherEncrypt::encrypt_block(&cipher, &mut last);
        let data = [iv, ct.clone(), last.to_vec()].concat();
        let plain = decrypt(DataAlgorithm::Aes128Cbc, &key, &data).unwrap();
        assert_eq!(plain, hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"));
        // Padding counts 0 and 17 are refused.
        for bad in [0u8, 17] {
            let mut last = Array::try_from(&[bad; 16][..]).unwrap();
            for (b, c) in last.iter_mut().zip(&ct[16..32]) {
                *b ^= c;
            }
            aes::cipher::BlockCipherEncrypt::encrypt_block(&cipher, &mut last);
            let data = [hex("000102030405060708090a0b0c0d0e0f"), ct.clone(), last.to_vec()].concat();
            assert_eq!(decrypt(DataAlgorithm::Aes128Cbc, &key, &data), None);
        }
        assert_eq!(decrypt(DataAlgorithm::Aes128Cbc, &key, &data[..40]), None, "not whole blocks");
        assert_eq!(decrypt(DataAlgorithm::Aes128Cbc, &key, &data[..16]), None, "IV only");
        assert_eq!(decrypt(DataAlgorithm::Aes256Cbc, &key, &data), None, "key length");
    }

    /// The GCM test vector of McGrew & Viega (test case 3, AES-128), tag appended.
    #[test]
    fn gcm_matches_the_spec_vector() {
        let key = hex("feffe9928665731c6d6a8f9467308308");
        let iv = hex("cafebabefacedbaddecaf888");
        let ct = hex(
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
        );
        let tag = hex("4d5c2af327cd64a62cf35abd2ba6fab4");
        let data = [iv.clone(), ct.clone(), tag.clone()].concat();
        let plain = decrypt(DataAlgorithm::Aes128Gcm, &key, &data).unwrap();
        assert_eq!(
            plain,
            hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255")
        );
        let mut flipped = data.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(decrypt(DataAlgorithm::Aes128Gcm, &key, &flipped), None, "tag");
        let mut flipped = data.clone();
        flipped[0] ^= 1;
        assert_eq!(decrypt(DataAlgorithm::Aes128Gcm, &key, &flipped), None, "IV");
        assert_eq!(decrypt(DataAlgorithm::Aes128Gcm, &key, &data[..27]), None, "shorter than IV and tag");
        assert_eq!(decrypt(DataAlgorithm::Aes128Gcm, &key, &[iv, tag].concat()), None, "empty body, that tag");
    }
}
