//! XML-DSig verification, limited to the shape SAML uses (SAML core §5).
//!
//! A signature here is always enveloped in the element it signs, references
//! that element by its `ID`, and is checked against pinned keys only. Each
//! restriction closes a known attack (docs/security.md §1–§17):
//! one `SignedInfo`, one `Reference`, no `Object` (wrapping, SAMLStorm);
//! transforms limited to enveloped-signature + c14n (XSLT/XPath abuse);
//! the referenced ID unique in the document and equal to the parent's
//! (XSW, duplicate IDs); digests compared in constant time; the signature
//! value checked over the canonical bytes of the very `SignedInfo` whose
//! `Reference` was used; `KeyInfo` never trusted.

mod shape;
mod sign;

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::c14n::{self, Method, Sink};
use crate::crypto::{Certificate, DigestAlgorithm, Hasher, SignatureAlgorithm};
use crate::encoding;
use crate::error::{Error, Result};
use crate::ns::DSIG;
use crate::trust::TrustedKeys;
use crate::verdict::SignatureTask;
use crate::xml::Node;

pub use shape::{parse_signature, ParsedSignature, Transform, ENVELOPED};
pub use sign::{prepare_enveloped, EnvelopedToSign};

/// What a verified signature covered and how.
#[derive(Debug, Clone)]
pub struct VerifiedSignature {
    /// The `ID` of the signed element.
    pub reference_id: String,
    /// SignatureMethod.
    pub signature_algorithm: SignatureAlgorithm,
    /// DigestMethod.
    pub digest_algorithm: DigestAlgorithm,
    /// CanonicalizationMethod of SignedInfo.
    pub signed_info_c14n: Method,
    /// Index of the pinned key that verified the signature.
    pub key_index: usize,
    /// SHA-256 of that key's certificate (or of its SubjectPublicKeyInfo for a bare key).
    pub key_sha256: [u8; 32],
    /// The certificate carried in KeyInfo, if any (reported, never trusted).
    pub key_info_certificate: Option<Certificate>,
}

/// Options for [`check`].
#[derive(Debug, Clone, Copy)]
pub struct DsigOptions {
    /// Accept RSA-SHA1 / SHA-1 digests. Default: false.
    pub allow_sha1: bool,
    /// Most canonical bytes digested for one Reference or SignedInfo. Default: `Limits::max_canonical_bytes`.
    pub max_canonical_bytes: usize,
}

impl Default for DsigOptions {
    fn default() -> Self {
        DsigOptions { allow_sha1: false, max_canonical_bytes: crate::Limits::default().max_canonical_bytes }
    }
}

/// Hashes canonical bytes, gathered in a small buffer first: the canonicalizer writes many
/// short pieces (a `<`, a name, a quote) and every hasher call has a fixed cost (measured
/// in the wasm build: the calls cost about a quarter of the hashing itself).
struct HashSink {
    hasher: Hasher,
    buf: [u8; 512],
    len: usize,
}

impl HashSink {
    fn new(algorithm: crate::crypto::DigestAlgorithm) -> Self {
        HashSink { hasher: Hasher::new(algorithm), buf: [0; 512], len: 0 }
    }

    fn flush(&mut self) {
        self.hasher.update(self.buf.get(..self.len).unwrap_or_default());
        self.len = 0;
    }

    fn finish(mut self) -> Vec<u8> {
        self.flush();
        self.hasher.finish()
    }
}

impl Sink for HashSink {
    fn write(&mut self, bytes: &[u8]) {
        if let Some(dst) = self.buf.get_mut(self.len..self.len + bytes.len()) {
            dst.copy_from_slice(bytes);
            self.len += bytes.len();
            return;
        }
        self.flush();
        match self.buf.get_mut(..bytes.len()) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                self.len = bytes.len();
            }
            None => self.hasher.update(bytes),
        }
    }
}

/// Where dsig's canonical bytes go: a digest or a buffer, as one type, so that the canonicalizer
/// (generic over its sink) is compiled once; a sink type per use made two copies of it, about
/// 6 KB of the WebAssembly build (issue #14). The buffer is only for `SignedInfo` and debugging
/// output; the hot path, a Reference's digest, pays one predictable branch per write.
#[allow(clippy::large_enum_variant)] // one on the stack per canonicalization; boxing would allocate
enum Canonical {
    Digest(HashSink),
    Bytes(Vec<u8>),
}

impl Canonical {
    /// The digest, or the bytes.
    fn finish(self) -> Vec<u8> {
        match self {
            Canonical::Digest(sink) => sink.finish(),
            Canonical::Bytes(bytes) => bytes,
        }
    }
}

impl Sink for Canonical {
    fn write(&mut self, bytes: &[u8]) {
        match self {
            Canonical::Digest(sink) => sink.write(bytes),
            Canonical::Bytes(out) => out.extend_from_slice(bytes),
        }
    }
}

/// What the Reference selects: the signed element for `#ID`; the whole document
/// (comments and PIs around the root included, per the c14n method) for `URI=""`
/// (XML-DSig §4.4.3.2).
fn referenced<'d>(parsed: &ParsedSignature, signed: Node<'d>) -> Node<'d> {
    if parsed.reference_uri.is_empty() {
        signed.document().root()
    } else {
        signed
    }
}

/// The digest of what a Reference points at, after its transforms (XML-DSig §4.4.3),
/// refused once more than `max_bytes` canonical bytes would be hashed.
pub fn reference_digest(
    parsed: &ParsedSignature,
    signature: Node<'_>,
    signed: Node<'_>,
    max_bytes: usize,
) -> Result<Vec<u8>> {
    let mut sink = Canonical::Digest(HashSink::new(parsed.digest_algorithm));
    canonical_reference(parsed, signature, signed, &mut sink, max_bytes)?;
    Ok(sink.finish())
}

/// The canonical bytes of what a Reference points at (for debugging output), at most `max_bytes`.
pub fn reference_bytes(
    parsed: &ParsedSignature,
    signature: Node<'_>,
    signed: Node<'_>,
    max_bytes: usize,
) -> Result<Vec<u8>> {
    let mut out = Canonical::Bytes(Vec::new());
    canonical_reference(parsed, signature, signed, &mut out, max_bytes)?;
    Ok(out.finish())
}

/// The Reference's transforms: its c14n method over what it selects, the enveloped `signature` left out.
fn canonical_reference(
    parsed: &ParsedSignature,
    signature: Node<'_>,
    signed: Node<'_>,
    sink: &mut Canonical,
    max_bytes: usize,
) -> Result<()> {
    c14n::canonicalize_bounded(referenced(parsed, signed), &parsed.reference_c14n, Some(signature), sink, max_bytes)
}

/// The canonical bytes of `SignedInfo`, over which the SignatureValue is computed (XML-DSig §3.2.2).
pub fn signed_info_bytes(parsed: &ParsedSignature, signature: Node<'_>, max_bytes: usize) -> Result<Vec<u8>> {
    let mut out = Canonical::Bytes(Vec::new());
    if let Some(si) = signature.child(DSIG, "SignedInfo") {
        c14n::canonicalize_bounded(si, &parsed.signed_info_c14n, None, &mut out, max_bytes)?;
    }
    Ok(out.finish())
}

/// Every element carrying `id` in an attribute that some XML-DSig implementation
/// treats as an ID (`ID`, `Id`, `id`, `AssertionID`, and any namespaced `Id`).
/// A signature is valid only if exactly one element matches (SAML core §5.4.2).
pub fn elements_with_id<'d>(doc_root: Node<'d>, id: &str) -> usize {
    doc_root
        .descendants()
        .filter(|n| n.is_element())
        .filter(|n| {
            n.attributes().iter().any(|a| {
                a.value == id
                    && match &a.namespace {
                        None => matches!(a.local.as_str(), "ID" | "Id" | "id" | "AssertionID"),
                        Some(_) => a.local == "Id" || a.local == "id",
                    }
            })
        })
        .count()
}

/// A signature whose every part has been checked except the signature value, its digest
/// included: what remains is one public-key verification ([`PendingSignature::task`]), which
/// the caller may run with its own crypto (WebCrypto in a JS host) and report back with
/// [`PendingSignature::conclude`] ([`crate::verdict`]).
#[derive(Debug, Clone)]
pub struct PendingSignature {
    /// The `ID` of the signed element.
    pub reference_id: String,
    /// SignatureMethod.
    pub signature_algorithm: SignatureAlgorithm,
    /// DigestMethod.
    pub digest_algorithm: DigestAlgorithm,
    /// CanonicalizationMethod of SignedInfo.
    pub signed_info_c14n: Method,
    /// The canonical SignedInfo: the message the signature value signs.
    pub signed_info: Vec<u8>,
    /// SignatureValue, decoded (RSA: the modulus-sized integer; ECDSA: raw r‖s).
    pub signature_value: Vec<u8>,
    /// The DER of each certificate carried in KeyInfo (reported, never trusted). Decoded
    /// but not parsed: parsing (an RSA key's Montgomery set-up included) costs about a tenth
    /// of a verification, and when the certificate is the pinned one it is not needed.
    pub key_info: Vec<Vec<u8>>,
}

/// Check the enveloped `signature` on its parent element up to (not including)
/// the signature value: shape, algorithms, Reference URI and ID uniqueness,
/// transforms, and the digest of the referenced content.
///
/// `is_document_element` allows the empty Reference URI, which means the whole
/// document and is only equivalent to the parent when the parent is the root.
pub fn check(signature: Node<'_>, options: DsigOptions, is_document_element: bool) -> Result<PendingSignature> {
    let signed = signature.parent_element().ok_or_else(|| Error::DsigMisplaced { parent: String::from("(none)") })?;
    let parsed = parse_signature(signature, options.allow_sha1)?;

    // Reference: `#` + the parent's ID (SAML core §5.4.2).
    let id = signed.attribute("ID").unwrap_or("");
    let expected = alloc::format!("#{id}");
    let uri_ok = if id.is_empty() {
        false
    } else {
        parsed.reference_uri == expected || (parsed.reference_uri.is_empty() && is_document_element)
    };
    if !uri_ok {
        return Err(Error::DsigReferenceUri { expected, found: parsed.reference_uri.clone() });
    }
    if elements_with_id(signed.document().root(), id) != 1 {
        return Err(Error::DsigDuplicateId { id: String::from(id) });
    }

    // Digest of the signed content, enveloped signature removed (XML-DSig §3.2.1), hashed as it
    // is canonicalized: the canonical bytes are never held (exclusive C14N can make megabytes of
    // them from a small input), whichever crypto checks the signature value.
    let computed = reference_digest(&parsed, signature, signed, options.max_canonical_bytes)?;
    compare_digest(&computed, &parsed.digest_value, expected)?;

    // The SignatureValue is over the canonical SignedInfo that was just read (XML-DSig §3.2.2).
    let signed_info = signed_info_bytes(&parsed, signature, options.max_canonical_bytes)?;
    let key_info = parsed.key_info_certificates.iter().filter_map(|b64| encoding::base64_decode_xml(b64)).collect();
    Ok(PendingSignature {
        reference_id: String::from(id),
        signature_algorithm: parsed.signature_algorithm,
        digest_algorithm: parsed.digest_algorithm,
        signed_info_c14n: parsed.signed_info_c14n,
        signed_info,
        signature_value: parsed.signature_value,
        key_info,
    })
}

/// DigestValue must equal the digest computed over the referenced content (XML-DSig §3.2.1).
fn compare_digest(computed: &[u8], declared: &[u8], reference: String) -> Result<()> {
    if crate::crypto::constant_time_eq(computed, declared) {
        return Ok(());
    }
    Err(Error::DsigDigestMismatch {
        reference,
        declared: encoding::base64_encode(declared),
        computed: encoding::base64_encode(computed),
    })
}

impl PendingSignature {
    /// The signature value left to check.
    pub fn task(&self) -> SignatureTask<'_> {
        SignatureTask {
            algorithm: self.signature_algorithm,
            message: &self.signed_info,
            signature: &self.signature_value,
        }
    }

    /// Finish with the outcome of the signature-value check made elsewhere:
    /// `verified_with` is the index of the candidate key that verified, or `None`.
    /// The verdict (and the most specific error) is decided here, not by the host.
    pub fn conclude(self, keys: &TrustedKeys, verified_with: Option<usize>) -> Result<VerifiedSignature> {
        if keys.is_empty() {
            return Err(Error::ConfigNoKeys);
        }
        let candidates = self.task().candidates(keys);
        if candidates.is_empty() {
            return Err(Error::DsigKeyMismatch { algorithm: String::from(self.signature_algorithm.name()) });
        }
        if let Some(index) = verified_with.filter(|i| candidates.contains(i)) {
            let key_sha256 = keys.iter().nth(index).map(|k| k.sha256()).unwrap_or_default();
            return Ok(VerifiedSignature {
                reference_id: self.reference_id,
                signature_algorithm: self.signature_algorithm,
                digest_algorithm: self.digest_algorithm,
                signed_info_c14n: self.signed_info_c14n,
                key_index: index,
                key_sha256,
                key_info_certificate: self.key_info.iter().find_map(|der| key_info_certificate(keys, der)),
            });
        }
        // Most specific failure: a certificate we were not told to trust (rollover).
        if let Some(cert) = self
            .key_info
            .iter()
            .filter(|der| keys.certificate_with_der(der).is_none())
            .filter_map(|der| Certificate::from_der(der).ok())
            .find(|c| !keys.matches_certificate(c))
        {
            return Err(Error::DsigUntrustedCertificate {
                sha256: encoding::hex_lower(&cert.sha256()),
                sha1: encoding::hex_lower(&cert.sha1()),
                subject: String::from(cert.subject()),
                not_after: crate::time::Timestamp::from_unix_seconds(cert.not_after()).to_string(),
            });
        }
        Err(Error::DsigSignatureInvalid { tried_keys: candidates.len() })
    }
}

/// A KeyInfo certificate for the report: the pinned certificate with the same DER (no
/// parsing), else parsed; `None` when it does not parse (it is never used to verify).
fn key_info_certificate(keys: &TrustedKeys, der: &[u8]) -> Option<Certificate> {
    match keys.certificate_with_der(der) {
        Some(pinned) => Some(pinned.clone()),
        None => Certificate::from_der(der).ok(),
    }
}

#[cfg(test)]
mod hash_sink_tests {
    use super::*;
    use crate::crypto::{digest, DigestAlgorithm};

    /// Buffered hashing equals one-shot hashing for every mix of piece sizes: small pieces
    /// that fill the buffer, pieces that straddle it, and pieces larger than it.
    #[test]
    fn buffered_equals_one_shot() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for sizes in [&[1usize][..], &[3, 511, 1], &[512], &[513, 2], &[100, 1000, 7, 2000], &[4999, 1]] {
            let mut sink = HashSink::new(DigestAlgorithm::Sha256);
            let mut at = 0;
            let mut i = 0;
            while at < data.len() {
                let n = sizes[i % sizes.len()].min(data.len() - at);
                sink.write(&data[at..at + n]);
                at += n;
                i += 1;
            }
            assert_eq!(sink.finish(), digest(DigestAlgorithm::Sha256, &data), "{sizes:?}");
        }
    }
}
