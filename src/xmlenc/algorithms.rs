//! The algorithms of XML Encryption 1.1 (§5) we accept, limited to what SAML IdPs send.
//!
//! Key transport: RSA-OAEP only — `xmlenc#rsa-oaep-mgf1p` (MGF1 with SHA-1; what Entra, ADFS
//! and most IdPs send) and `xmlenc11#rsa-oaep` (its MGF named by `xenc11:MGF`, SHA-1 when
//! absent), each with a SHA-1 or SHA-256 digest. `rsa-1_5` is refused with its own error
//! (Bleichenbacher's attack; docs/security.md §18). Content: AES-128/192/256 in GCM (xmlenc11)
//! or CBC. Symmetric key wrap, key agreement and 3DES are refused.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::ns::{DSIG, XMLENC};
use crate::xml::Node;

/// XML Encryption 1.1 (`xenc11:`).
pub const XMLENC11: &str = "http://www.w3.org/2009/xmlenc11#";

/// `Type` of an `EncryptedData` whose plaintext is one element (XML Encryption §3.5).
pub(crate) const TYPE_ELEMENT: &str = "http://www.w3.org/2001/04/xmlenc#Element";

const RSA_1_5: &str = "http://www.w3.org/2001/04/xmlenc#rsa-1_5";
const RSA_OAEP_MGF1P: &str = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
const RSA_OAEP: &str = "http://www.w3.org/2009/xmlenc11#rsa-oaep";
const SHA1: &str = "http://www.w3.org/2000/09/xmldsig#sha1";
const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
const MGF1_SHA1: &str = "http://www.w3.org/2009/xmlenc11#mgf1sha1";
const MGF1_SHA256: &str = "http://www.w3.org/2009/xmlenc11#mgf1sha256";

/// The longest OAEP label (`OAEPparams`) we read. Nobody sends one; the bound keeps hashing small.
const MAX_LABEL_BYTES: usize = 1024;

/// A hash RSA-OAEP uses, as its digest or in MGF1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OaepHash {
    /// SHA-1 (the default of both key transport URIs; sound in OAEP, which needs no collision resistance).
    Sha1,
    /// SHA-256.
    Sha256,
}

impl OaepHash {
    /// The WebCrypto / node:crypto name: `"SHA-1"` or `"SHA-256"`.
    pub fn name(self) -> &'static str {
        match self {
            OaepHash::Sha1 => "SHA-1",
            OaepHash::Sha256 => "SHA-256",
        }
    }

    /// Output length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            OaepHash::Sha1 => 20,
            OaepHash::Sha256 => 32,
        }
    }

    /// The hash of the concatenation of `parts`.
    pub(crate) fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        use sha2::Digest;
        match self {
            OaepHash::Sha1 => {
                let mut h = sha1::Sha1::new();
                parts.iter().for_each(|p| h.update(p));
                h.finalize().to_vec()
            }
            OaepHash::Sha256 => {
                let mut h = sha2::Sha256::new();
                parts.iter().for_each(|p| h.update(p));
                h.finalize().to_vec()
            }
        }
    }
}

/// RSA-OAEP key transport parameters (XML Encryption 1.1 §5.5.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyTransport {
    /// The `Algorithm` URI as sent.
    pub uri: &'static str,
    /// OAEP's hash (`ds:DigestMethod`; SHA-1 when absent).
    pub digest: OaepHash,
    /// MGF1's hash (SHA-1 for `rsa-oaep-mgf1p`; `xenc11:MGF` for `rsa-oaep`, SHA-1 when absent).
    pub mgf1: OaepHash,
    /// The OAEP label (`xenc:OAEPparams`), usually empty.
    pub label: Vec<u8>,
}

/// The content encryption of an `EncryptedData` (XML Encryption 1.1 §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DataAlgorithm {
    /// `xmlenc#aes128-cbc`.
    Aes128Cbc,
    /// `xmlenc#aes192-cbc`.
    Aes192Cbc,
    /// `xmlenc#aes256-cbc` (Entra's).
    Aes256Cbc,
    /// `xmlenc11#aes128-gcm`.
    Aes128Gcm,
    /// `xmlenc11#aes192-gcm`.
    Aes192Gcm,
    /// `xmlenc11#aes256-gcm`.
    Aes256Gcm,
}

const DATA_ALGORITHMS: &[(DataAlgorithm, &str, &str)] = &[
    (DataAlgorithm::Aes128Cbc, "http://www.w3.org/2001/04/xmlenc#aes128-cbc", "AES-128-CBC"),
    (DataAlgorithm::Aes192Cbc, "http://www.w3.org/2001/04/xmlenc#aes192-cbc", "AES-192-CBC"),
    (DataAlgorithm::Aes256Cbc, "http://www.w3.org/2001/04/xmlenc#aes256-cbc", "AES-256-CBC"),
    (DataAlgorithm::Aes128Gcm, "http://www.w3.org/2009/xmlenc11#aes128-gcm", "AES-128-GCM"),
    (DataAlgorithm::Aes192Gcm, "http://www.w3.org/2009/xmlenc11#aes192-gcm", "AES-192-GCM"),
    (DataAlgorithm::Aes256Gcm, "http://www.w3.org/2009/xmlenc11#aes256-gcm", "AES-256-GCM"),
];

impl DataAlgorithm {
    /// The algorithm for an `EncryptionMethod/@Algorithm`, if we accept it.
    pub fn from_uri(uri: &str) -> Result<Self> {
        DATA_ALGORITHMS
            .iter()
            .find(|(_, u, _)| *u == uri)
            .map(|(a, _, _)| *a)
            .ok_or_else(|| Error::XmlencAlgorithm { algorithm: String::from(uri) })
    }

    fn entry(self) -> (&'static str, &'static str) {
        DATA_ALGORITHMS.iter().find(|(a, _, _)| *a == self).map(|(_, u, n)| (*u, *n)).unwrap_or(("", ""))
    }

    /// The URI.
    pub fn uri(self) -> &'static str {
        self.entry().0
    }

    /// `"AES-256-GCM"`, ...
    pub fn name(self) -> &'static str {
        self.entry().1
    }

    /// The content encryption key length in bytes.
    pub fn key_len(self) -> usize {
        match self {
            DataAlgorithm::Aes128Cbc | DataAlgorithm::Aes128Gcm => 16,
            DataAlgorithm::Aes192Cbc | DataAlgorithm::Aes192Gcm => 24,
            DataAlgorithm::Aes256Cbc | DataAlgorithm::Aes256Gcm => 32,
        }
    }

    /// GCM (authenticated) rather than CBC.
    pub fn is_gcm(self) -> bool {
        matches!(self, DataAlgorithm::Aes128Gcm | DataAlgorithm::Aes192Gcm | DataAlgorithm::Aes256Gcm)
    }

    /// Bytes the ciphertext carries besides the plaintext, at least: the IV and the GCM tag, or
    /// the CBC IV and one byte of padding (XML Encryption 1.1 §5.2.1, §5.2.4).
    pub(crate) fn min_overhead(self) -> usize {
        if self.is_gcm() {
            12 + 16
        } else {
            16 + 1
        }
    }
}

fn structure(detail: impl Into<String>) -> Error {
    Error::XmlencStructure { detail: detail.into() }
}

/// Reads the data `EncryptionMethod` of an `EncryptedData`: the algorithm, and `KeySize`
/// (XML Encryption §3.2) when given, which must agree with it.
pub(crate) fn data_algorithm(method: Node<'_>) -> Result<DataAlgorithm> {
    let uri = method
        .attribute("Algorithm")
        .ok_or_else(|| structure("the EncryptedData's EncryptionMethod has no Algorithm"))?;
    let alg = DataAlgorithm::from_uri(uri)?;
    for child in method.element_children() {
        if child.is(XMLENC, "KeySize") {
            let bits = child.text_content();
            if bits.trim() != alloc::format!("{}", alg.key_len() * 8) {
                return Err(structure(alloc::format!("KeySize {} does not match {}", bits.trim(), alg.name())));
            }
        } else {
            return Err(structure(alloc::format!(
                "unexpected <{}> in the EncryptedData's EncryptionMethod",
                child.qname()
            )));
        }
    }
    Ok(alg)
}

/// Reads an `EncryptedKey`'s `EncryptionMethod` (XML Encryption 1.1 §5.5).
pub(crate) fn key_transport(method: Node<'_>) -> Result<KeyTransport> {
    let uri = method
        .attribute("Algorithm")
        .ok_or_else(|| structure("the EncryptedKey's EncryptionMethod has no Algorithm"))?;
    let uri: &'static str = match uri {
        RSA_OAEP_MGF1P => RSA_OAEP_MGF1P,
        RSA_OAEP => RSA_OAEP,
        RSA_1_5 => return Err(Error::XmlencRsa15Forbidden { algorithm: String::from(uri) }),
        other => return Err(Error::XmlencAlgorithm { algorithm: String::from(other) }),
    };
    let mut t = KeyTransport { uri, digest: OaepHash::Sha1, mgf1: OaepHash::Sha1, label: Vec::new() };
    let (mut seen_digest, mut seen_mgf, mut seen_label) = (false, false, false);
    for child in method.element_children() {
        let once = |seen: &mut bool| {
            if core::mem::replace(seen, true) {
                Err(structure(alloc::format!("<{}> appears twice in an EncryptionMethod", child.qname())))
            } else {
                Ok(())
            }
        };
        if child.is(DSIG, "DigestMethod") {
            once(&mut seen_digest)?;
            t.digest = oaep_hash(child.attribute("Algorithm").unwrap_or(""), SHA1, SHA256)?;
        } else if child.is(XMLENC11, "MGF") && uri == RSA_OAEP {
            once(&mut seen_mgf)?;
            t.mgf1 = oaep_hash(child.attribute("Algorithm").unwrap_or(""), MGF1_SHA1, MGF1_SHA256)?;
        } else if child.is(XMLENC, "OAEPparams") {
            once(&mut seen_label)?;
            let text = child.text_content();
            t.label = crate::encoding::base64_decode_xml(&text)
                .filter(|l| l.len() <= MAX_LABEL_BYTES)
                .ok_or_else(|| structure("OAEPparams is not base64 of at most 1024 bytes"))?;
        } else {
            return Err(structure(alloc::format!(
                "unexpected <{}> in the EncryptedKey's EncryptionMethod",
                child.qname()
            )));
        }
    }
    Ok(t)
}

fn oaep_hash(uri: &str, sha1: &str, sha256: &str) -> Result<OaepHash> {
    if uri == sha1 {
        Ok(OaepHash::Sha1)
    } else if uri == sha256 {
        Ok(OaepHash::Sha256)
    } else {
        Err(Error::XmlencAlgorithm { algorithm: String::from(uri) })
    }
}
