//! XML-DSig verification, limited to the shape SAML uses (SAML core §5).
//!
//! A signature here is always enveloped in the element it signs, references
//! that element by its `ID`, and is checked against pinned keys only. Each
//! restriction closes a known attack (../SAML-ATTACKS.md §1–§17):
//! one `SignedInfo`, one `Reference`, no `Object` (wrapping, SAMLStorm);
//! transforms limited to enveloped-signature + c14n (XSLT/XPath abuse);
//! the referenced ID unique in the document and equal to the parent's
//! (XSW, duplicate IDs); digests compared in constant time; the signature
//! value checked over the canonical bytes of the very `SignedInfo` whose
//! `Reference` was used; `KeyInfo` never trusted.

mod shape;

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::c14n::{self, Method, Sink};
use crate::crypto::{Certificate, DigestAlgorithm, Hasher, SignatureAlgorithm};
use crate::encoding;
use crate::error::{Error, Result};
use crate::trust::TrustedKeys;
use crate::xml::Node;

pub use shape::{parse_signature, ParsedSignature, Transform};

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

/// Options for [`verify`].
#[derive(Debug, Clone, Copy, Default)]
pub struct DsigOptions {
    /// Accept RSA-SHA1 / SHA-1 digests. Default: false.
    pub allow_sha1: bool,
}

struct HashSink(Hasher);
impl Sink for HashSink {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
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

/// The digest of what a Reference points at, after its transforms (XML-DSig §4.4.3).
pub fn reference_digest(parsed: &ParsedSignature, signature: Node<'_>, signed: Node<'_>) -> Vec<u8> {
    let mut sink = HashSink(Hasher::new(parsed.digest_algorithm));
    c14n::canonicalize(referenced(parsed, signed), &parsed.reference_c14n, Some(signature), &mut sink);
    sink.0.finish()
}

/// The canonical bytes of what a Reference points at (for debugging output).
pub fn reference_bytes(parsed: &ParsedSignature, signature: Node<'_>, signed: Node<'_>) -> Vec<u8> {
    c14n::canonicalize_to_vec(referenced(parsed, signed), &parsed.reference_c14n, Some(signature))
}

/// The canonical bytes of `SignedInfo`, over which the SignatureValue is computed (XML-DSig §3.2.2).
pub fn signed_info_bytes(parsed: &ParsedSignature, signature: Node<'_>) -> Vec<u8> {
    match signature.child(crate::saml::ns::DSIG, "SignedInfo") {
        Some(si) => c14n::canonicalize_to_vec(si, &parsed.signed_info_c14n, None),
        None => Vec::new(),
    }
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

/// Verify the enveloped `signature` on `signed` (its parent) with the pinned `keys`.
///
/// `is_document_element` allows the empty Reference URI, which means the whole
/// document and is only equivalent to the parent when the parent is the root.
pub fn verify(
    signature: Node<'_>,
    keys: &TrustedKeys,
    options: DsigOptions,
    is_document_element: bool,
) -> Result<VerifiedSignature> {
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

    // Digest of the signed element, enveloped signature removed (XML-DSig §3.2.1).
    let computed = reference_digest(&parsed, signature, signed);
    if !crate::crypto::constant_time_eq(&computed, &parsed.digest_value) {
        return Err(Error::DsigDigestMismatch {
            reference: expected,
            declared: encoding::base64_encode(&parsed.digest_value),
            computed: encoding::base64_encode(&computed),
        });
    }

    // SignatureValue over the canonical SignedInfo that was just read (XML-DSig §3.2.2).
    let signed_info = signed_info_bytes(&parsed, signature);
    let key_info: Vec<Certificate> =
        parsed.key_info_certificates.iter().filter_map(|b64| Certificate::from_base64(b64).ok()).collect();
    if keys.is_empty() {
        return Err(Error::ConfigNoKeys);
    }
    let mut compatible = 0;
    for (index, pinned) in keys.iter().enumerate() {
        if !pinned.key().supports(parsed.signature_algorithm) {
            continue;
        }
        compatible += 1;
        if pinned.key().verify(parsed.signature_algorithm, &signed_info, &parsed.signature_value)? {
            return Ok(VerifiedSignature {
                reference_id: String::from(id),
                signature_algorithm: parsed.signature_algorithm,
                digest_algorithm: parsed.digest_algorithm,
                signed_info_c14n: parsed.signed_info_c14n.clone(),
                key_index: index,
                key_sha256: pinned.sha256(),
                key_info_certificate: key_info.into_iter().next(),
            });
        }
    }
    if compatible == 0 {
        return Err(Error::DsigKeyMismatch { algorithm: String::from(parsed.signature_algorithm.name()) });
    }
    // Most specific failure: a certificate we were not told to trust (rollover).
    if let Some(cert) = key_info.iter().find(|c| !keys.matches_certificate(c)) {
        return Err(Error::DsigUntrustedCertificate {
            sha256: encoding::hex_lower(&cert.sha256()),
            subject: String::from(cert.subject()),
            not_after: crate::time::Timestamp::from_unix_seconds(cert.not_after()).to_string(),
        });
    }
    Err(Error::DsigSignatureInvalid { tried_keys: compatible })
}
