//! Message digests (XML-DSig 1.1 §6.2), incremental so canonicalization can stream into them.

use alloc::vec::Vec;
use sha2::Digest as _;

use super::DigestAlgorithm;

/// An incremental hash over one [`DigestAlgorithm`].
///
/// Canonicalization writes its output here piece by piece, so the canonical form of
/// a large assertion never has to exist as one buffer.
#[derive(Clone)]
pub struct Hasher {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
}

impl Hasher {
    /// Starts a hash.
    pub fn new(alg: DigestAlgorithm) -> Self {
        let inner = match alg {
            DigestAlgorithm::Sha1 => Inner::Sha1(sha1::Sha1::new()),
            DigestAlgorithm::Sha256 => Inner::Sha256(sha2::Sha256::new()),
            DigestAlgorithm::Sha384 => Inner::Sha384(sha2::Sha384::new()),
            DigestAlgorithm::Sha512 => Inner::Sha512(sha2::Sha512::new()),
        };
        Hasher { inner }
    }

    /// The algorithm this hasher computes.
    pub fn algorithm(&self) -> DigestAlgorithm {
        match self.inner {
            Inner::Sha1(_) => DigestAlgorithm::Sha1,
            Inner::Sha256(_) => DigestAlgorithm::Sha256,
            Inner::Sha384(_) => DigestAlgorithm::Sha384,
            Inner::Sha512(_) => DigestAlgorithm::Sha512,
        }
    }

    /// Feeds more bytes.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.inner {
            Inner::Sha1(h) => h.update(data),
            Inner::Sha256(h) => h.update(data),
            Inner::Sha384(h) => h.update(data),
            Inner::Sha512(h) => h.update(data),
        }
    }

    /// The digest of everything fed so far ([`DigestAlgorithm::output_len`] bytes).
    pub fn finish(self) -> Vec<u8> {
        match self.inner {
            Inner::Sha1(h) => h.finalize().to_vec(),
            Inner::Sha256(h) => h.finalize().to_vec(),
            Inner::Sha384(h) => h.finalize().to_vec(),
            Inner::Sha512(h) => h.finalize().to_vec(),
        }
    }
}

impl core::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Hasher").field("algorithm", &self.algorithm()).finish_non_exhaustive()
    }
}

/// The digest of `data` in one call.
pub fn digest(alg: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
    let mut h = Hasher::new(alg);
    h.update(data);
    h.finish()
}

/// SHA-256 of `data` as an array, for certificate and key thumbprints.
pub(crate) fn sha256_array(data: &[u8]) -> [u8; 32] {
    sha2::Sha256::digest(data).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::hex_lower;

    // FIPS 180-4 example "abc" (NIST CSRC example values).
    #[test]
    fn known_answers_abc() {
        let cases = [
            (DigestAlgorithm::Sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (DigestAlgorithm::Sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                DigestAlgorithm::Sha384,
                "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
            ),
            (
                DigestAlgorithm::Sha512,
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            ),
        ];
        for (alg, hex) in cases {
            let d = digest(alg, b"abc");
            assert_eq!(d.len(), alg.output_len());
            assert_eq!(hex_lower(&d), hex);
        }
    }

    #[test]
    fn incremental_equals_one_shot() {
        let data = b"<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"></saml:Assertion>";
        for alg in [DigestAlgorithm::Sha1, DigestAlgorithm::Sha256, DigestAlgorithm::Sha384, DigestAlgorithm::Sha512] {
            let mut h = Hasher::new(alg);
            assert_eq!(h.algorithm(), alg);
            for chunk in data.chunks(7) {
                h.update(chunk);
            }
            h.update(&[]);
            assert_eq!(h.finish(), digest(alg, data));
        }
        assert_eq!(sha256_array(data).to_vec(), digest(DigestAlgorithm::Sha256, data));
    }
}
