//! Finite bounds on the work one input may cause.
//!
//! Every field has a finite default sized for real IdP responses (Entra's are
//! 5–20 KB; responses with hundreds of group claims reach a few hundred KB)
//! with a wide margin. Exceeding one gives [`crate::Error::Limit`] naming it.

/// Bounds applied while decoding and parsing untrusted input.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest XML document, in bytes, after base64 decoding. Default: 1 MiB.
    pub max_input_bytes: usize,
    /// Deepest element nesting. Default: 64.
    pub max_depth: usize,
    /// Most nodes (elements, text, comments, PIs) in one document. Default: 50,000.
    pub max_nodes: usize,
    /// Most attributes on one element (namespace declarations not counted). Default: 64.
    pub max_attributes: usize,
    /// Most namespace declarations in the whole document. Default: 1,024.
    pub max_namespace_declarations: usize,
    /// Most `Signature` elements in one document. Default: 4.
    pub max_signatures: usize,
    /// Largest inflated redirect-binding message, in bytes. Default: 256 KiB.
    pub max_inflated_bytes: usize,
    /// Longest namespace name, in bytes. Elements and attributes share their namespace name
    /// (not copied), but every name comparison and every declaration exclusive C14N renders
    /// reads it again, so an unbounded one multiplies work by the element count.
    /// Default: 2 KiB (SAML and XML-DSig names are under 100 bytes).
    pub max_namespace_uri_bytes: usize,
    /// Most canonical bytes one signature may digest (Reference and SignedInfo). Exclusive
    /// C14N repeats a namespace declaration on every element that uses it, so a long URI and
    /// many small elements can turn a small input into gigabytes to hash before any key is
    /// involved. Default: 4 MiB.
    pub max_canonical_bytes: usize,
    /// Most ciphertext bytes (decoded `CipherValue`) of one `EncryptedData` (XML Encryption).
    /// Default: 256 KiB.
    pub max_ciphertext_bytes: usize,
    /// Most plaintext bytes one `EncryptedData` may decrypt to, judged from its ciphertext
    /// length before anything is decrypted (so the limit tells nothing about the padding).
    /// Default: 128 KiB.
    pub max_plaintext_bytes: usize,
    /// Most `EncryptedKey`s tried for one `EncryptedData`: each costs one RSA decryption per
    /// SP key. Default: 4.
    pub max_encrypted_keys: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 1 << 20,
            max_depth: 64,
            max_nodes: 50_000,
            max_attributes: 64,
            max_namespace_declarations: 1_024,
            max_signatures: 4,
            max_inflated_bytes: 256 << 10,
            max_canonical_bytes: 4 << 20,
            max_namespace_uri_bytes: 2 << 10,
            max_ciphertext_bytes: 256 << 10,
            max_plaintext_bytes: 128 << 10,
            max_encrypted_keys: 4,
        }
    }
}
