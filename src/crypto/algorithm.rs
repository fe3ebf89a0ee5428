//! The XML-DSig algorithm identifiers we accept, and why the others are refused.
//!
//! URIs come from XML-DSig 1.1 §6.2 (digests), §6.4 (signatures) and RFC 6931
//! (the `xmldsig-more` URIs, formerly RFC 4051). SHA-1 is accepted only on opt-in
//! (XML-DSig 1.1 §6.2.1 discourages it); HMAC is never accepted, because a MAC
//! key is a shared secret while our trust model pins public keys: a verifier that
//! used public certificate bytes as the MAC key would accept forgeries from anyone
//! (the algorithm-confusion attack known from JWT).

use alloc::string::String;

use crate::{Error, Result};

/// A `DigestMethod` (XML-DSig 1.1 §6.2).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DigestAlgorithm {
    /// `http://www.w3.org/2000/09/xmldsig#sha1`: only with `allow_sha1`.
    Sha1,
    /// `http://www.w3.org/2001/04/xmlenc#sha256`.
    Sha256,
    /// `http://www.w3.org/2001/04/xmldsig-more#sha384` (RFC 6931 §2.1.3).
    Sha384,
    /// `http://www.w3.org/2001/04/xmlenc#sha512`.
    Sha512,
}

const DIGEST_SHA1: &str = "http://www.w3.org/2000/09/xmldsig#sha1";
const DIGEST_SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
const DIGEST_SHA384: &str = "http://www.w3.org/2001/04/xmldsig-more#sha384";
const DIGEST_SHA512: &str = "http://www.w3.org/2001/04/xmlenc#sha512";

impl DigestAlgorithm {
    /// Reads a `DigestMethod/@Algorithm`.
    ///
    /// # Errors
    /// [`Error::DsigSha1Disabled`] for SHA-1 unless `allow_sha1`; [`Error::DsigAlgorithm`]
    /// for any other URI (comparison is exact: URIs are case-sensitive identifiers).
    pub fn from_uri(uri: &str, allow_sha1: bool) -> Result<Self> {
        let alg = match uri {
            DIGEST_SHA1 => DigestAlgorithm::Sha1,
            DIGEST_SHA256 => DigestAlgorithm::Sha256,
            DIGEST_SHA384 => DigestAlgorithm::Sha384,
            DIGEST_SHA512 => DigestAlgorithm::Sha512,
            _ => return Err(Error::DsigAlgorithm { algorithm: String::from(uri) }),
        };
        if alg == DigestAlgorithm::Sha1 && !allow_sha1 {
            return Err(Error::DsigSha1Disabled { algorithm: String::from(uri) });
        }
        Ok(alg)
    }

    /// The XML-DSig URI.
    pub fn uri(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha1 => DIGEST_SHA1,
            DigestAlgorithm::Sha256 => DIGEST_SHA256,
            DigestAlgorithm::Sha384 => DIGEST_SHA384,
            DigestAlgorithm::Sha512 => DIGEST_SHA512,
        }
    }

    /// A display name: `"SHA-256"`.
    pub fn name(self) -> &'static str {
        match self {
            DigestAlgorithm::Sha1 => "SHA-1",
            DigestAlgorithm::Sha256 => "SHA-256",
            DigestAlgorithm::Sha384 => "SHA-384",
            DigestAlgorithm::Sha512 => "SHA-512",
        }
    }

    /// The digest length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            DigestAlgorithm::Sha1 => 20,
            DigestAlgorithm::Sha256 => 32,
            DigestAlgorithm::Sha384 => 48,
            DigestAlgorithm::Sha512 => 64,
        }
    }
}

/// A `SignatureMethod` (XML-DSig 1.1 §6.4): RSA PKCS#1 v1.5 or ECDSA with a SHA-1/SHA-2 hash.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// `http://www.w3.org/2000/09/xmldsig#rsa-sha1`: only with `allow_sha1`.
    RsaSha1,
    /// `http://www.w3.org/2001/04/xmldsig-more#rsa-sha256` (RFC 6931 §2.3.2).
    RsaSha256,
    /// `http://www.w3.org/2001/04/xmldsig-more#rsa-sha384`.
    RsaSha384,
    /// `http://www.w3.org/2001/04/xmldsig-more#rsa-sha512`.
    RsaSha512,
    /// `http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1`: only with `allow_sha1`.
    EcdsaSha1,
    /// `http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256` (RFC 6931 §2.3.6).
    EcdsaSha256,
    /// `http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384`.
    EcdsaSha384,
    /// `http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512`.
    EcdsaSha512,
}

const SIG_RSA_SHA1: &str = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
const SIG_RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const SIG_RSA_SHA384: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384";
const SIG_RSA_SHA512: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
const SIG_ECDSA_SHA1: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1";
const SIG_ECDSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
const SIG_ECDSA_SHA384: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
const SIG_ECDSA_SHA512: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";

impl SignatureAlgorithm {
    /// Reads a `SignatureMethod/@Algorithm`.
    ///
    /// # Errors
    /// [`Error::DsigHmacForbidden`] for any URI mentioning HMAC (checked first, so a
    /// misspelt or future HMAC URI is still named as such); [`Error::DsigSha1Disabled`]
    /// for RSA/ECDSA with SHA-1 unless `allow_sha1`; [`Error::DsigAlgorithm`] for the
    /// rest (RSA-PSS, DSA, SHA-224, GOST, ...).
    pub fn from_uri(uri: &str, allow_sha1: bool) -> Result<Self> {
        if contains_ignore_ascii_case(uri, "hmac") {
            return Err(Error::DsigHmacForbidden { algorithm: String::from(uri) });
        }
        let alg = match uri {
            SIG_RSA_SHA1 => SignatureAlgorithm::RsaSha1,
            SIG_RSA_SHA256 => SignatureAlgorithm::RsaSha256,
            SIG_RSA_SHA384 => SignatureAlgorithm::RsaSha384,
            SIG_RSA_SHA512 => SignatureAlgorithm::RsaSha512,
            SIG_ECDSA_SHA1 => SignatureAlgorithm::EcdsaSha1,
            SIG_ECDSA_SHA256 => SignatureAlgorithm::EcdsaSha256,
            SIG_ECDSA_SHA384 => SignatureAlgorithm::EcdsaSha384,
            SIG_ECDSA_SHA512 => SignatureAlgorithm::EcdsaSha512,
            _ => return Err(Error::DsigAlgorithm { algorithm: String::from(uri) }),
        };
        if alg.digest() == DigestAlgorithm::Sha1 && !allow_sha1 {
            return Err(Error::DsigSha1Disabled { algorithm: String::from(uri) });
        }
        Ok(alg)
    }

    /// The XML-DSig URI.
    pub fn uri(self) -> &'static str {
        match self {
            SignatureAlgorithm::RsaSha1 => SIG_RSA_SHA1,
            SignatureAlgorithm::RsaSha256 => SIG_RSA_SHA256,
            SignatureAlgorithm::RsaSha384 => SIG_RSA_SHA384,
            SignatureAlgorithm::RsaSha512 => SIG_RSA_SHA512,
            SignatureAlgorithm::EcdsaSha1 => SIG_ECDSA_SHA1,
            SignatureAlgorithm::EcdsaSha256 => SIG_ECDSA_SHA256,
            SignatureAlgorithm::EcdsaSha384 => SIG_ECDSA_SHA384,
            SignatureAlgorithm::EcdsaSha512 => SIG_ECDSA_SHA512,
        }
    }

    /// A display name: `"RSA-SHA256"`, `"ECDSA-SHA384"`.
    pub fn name(self) -> &'static str {
        match self {
            SignatureAlgorithm::RsaSha1 => "RSA-SHA1",
            SignatureAlgorithm::RsaSha256 => "RSA-SHA256",
            SignatureAlgorithm::RsaSha384 => "RSA-SHA384",
            SignatureAlgorithm::RsaSha512 => "RSA-SHA512",
            SignatureAlgorithm::EcdsaSha1 => "ECDSA-SHA1",
            SignatureAlgorithm::EcdsaSha256 => "ECDSA-SHA256",
            SignatureAlgorithm::EcdsaSha384 => "ECDSA-SHA384",
            SignatureAlgorithm::EcdsaSha512 => "ECDSA-SHA512",
        }
    }

    /// The hash applied to the canonical `SignedInfo` before signing.
    pub fn digest(self) -> DigestAlgorithm {
        match self {
            SignatureAlgorithm::RsaSha1 | SignatureAlgorithm::EcdsaSha1 => DigestAlgorithm::Sha1,
            SignatureAlgorithm::RsaSha256 | SignatureAlgorithm::EcdsaSha256 => DigestAlgorithm::Sha256,
            SignatureAlgorithm::RsaSha384 | SignatureAlgorithm::EcdsaSha384 => DigestAlgorithm::Sha384,
            SignatureAlgorithm::RsaSha512 | SignatureAlgorithm::EcdsaSha512 => DigestAlgorithm::Sha512,
        }
    }

    /// True for the RSA PKCS#1 v1.5 family.
    pub fn is_rsa(self) -> bool {
        matches!(
            self,
            SignatureAlgorithm::RsaSha1
                | SignatureAlgorithm::RsaSha256
                | SignatureAlgorithm::RsaSha384
                | SignatureAlgorithm::RsaSha512
        )
    }

    /// True for the ECDSA family.
    pub fn is_ecdsa(self) -> bool {
        !self.is_rsa()
    }
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let n = needle.as_bytes();
    haystack.as_bytes().windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_uris() {
        for alg in [DigestAlgorithm::Sha256, DigestAlgorithm::Sha384, DigestAlgorithm::Sha512] {
            assert_eq!(DigestAlgorithm::from_uri(alg.uri(), false), Ok(alg));
        }
        assert_eq!(DigestAlgorithm::from_uri(DIGEST_SHA1, true), Ok(DigestAlgorithm::Sha1));
        assert_eq!(DigestAlgorithm::from_uri(DIGEST_SHA1, false).map_err(|e| e.code()), Err("ERR_DSIG_SHA1_DISABLED"));
        assert_eq!(
            DigestAlgorithm::from_uri("http://www.w3.org/2001/04/xmldsig-more#sha224", true).map_err(|e| e.code()),
            Err("ERR_DSIG_ALGORITHM")
        );
        assert_eq!(DigestAlgorithm::Sha256.name(), "SHA-256");
        // URIs are compared exactly.
        assert!(DigestAlgorithm::from_uri("http://www.w3.org/2001/04/xmlenc#SHA256", true).is_err());
        assert!(DigestAlgorithm::from_uri(" http://www.w3.org/2001/04/xmlenc#sha256", true).is_err());
    }

    #[test]
    fn signature_uris() {
        use SignatureAlgorithm::*;
        for alg in [RsaSha256, RsaSha384, RsaSha512, EcdsaSha256, EcdsaSha384, EcdsaSha512] {
            assert_eq!(SignatureAlgorithm::from_uri(alg.uri(), false), Ok(alg));
        }
        for alg in [RsaSha1, EcdsaSha1] {
            assert_eq!(SignatureAlgorithm::from_uri(alg.uri(), true), Ok(alg));
            assert_eq!(
                SignatureAlgorithm::from_uri(alg.uri(), false),
                Err(Error::DsigSha1Disabled { algorithm: String::from(alg.uri()) })
            );
        }
        assert_eq!(RsaSha256.name(), "RSA-SHA256");
        assert_eq!(EcdsaSha384.digest(), DigestAlgorithm::Sha384);
        assert!(RsaSha512.is_rsa() && EcdsaSha1.is_ecdsa());
    }

    #[test]
    fn hmac_is_forbidden_even_with_sha1() {
        for uri in [
            "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
            "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
            "http://www.w3.org/2001/04/xmldsig-more#hmac-sha384",
            "http://www.w3.org/2001/04/xmldsig-more#hmac-sha512",
            "urn:example:HMAC-sha3",
        ] {
            assert_eq!(
                SignatureAlgorithm::from_uri(uri, true),
                Err(Error::DsigHmacForbidden { algorithm: String::from(uri) })
            );
        }
    }

    #[test]
    fn other_signature_algorithms() {
        for uri in [
            "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
            "http://www.w3.org/2000/09/xmldsig#dsa-sha1",
            "http://www.w3.org/2009/xmldsig11#dsa-sha256",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha224",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-md5",
            "",
        ] {
            assert_eq!(
                SignatureAlgorithm::from_uri(uri, true).map_err(|e| e.code()),
                Err("ERR_DSIG_ALGORITHM"),
                "{uri}"
            );
        }
    }
}
