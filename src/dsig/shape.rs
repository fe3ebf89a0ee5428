//! The accepted shape of a `ds:Signature` (XML-DSig 1.1 §4), read strictly.
//!
//! Every child is checked by namespace and position; anything not named here
//! is refused rather than ignored, because "first one wins" versus "last one
//! wins" between two readers is how SignedInfo and Reference confusion
//! attacks work (docs/security.md §4).

use alloc::string::String;
use alloc::vec::Vec;

use crate::c14n::{Method, C14N_10, EXC_C14N};
use crate::crypto::{DigestAlgorithm, SignatureAlgorithm};
use crate::encoding;
use crate::error::{Error, Result};
use crate::ns::DSIG;
use crate::xml::{Node, NodeKind};

/// `InclusiveNamespaces` of Exclusive C14N (Exc-C14N §3).
const EXC_C14N_NS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
/// Enveloped-signature transform (XML-DSig §6.6.4).
pub const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/// One accepted Reference transform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transform {
    /// Remove the Signature element itself.
    Enveloped,
    /// Canonicalize the result.
    C14n(Method),
}

/// A `Signature` element read into its parts, nothing verified yet.
#[derive(Debug, Clone)]
pub struct ParsedSignature {
    /// CanonicalizationMethod of SignedInfo.
    pub signed_info_c14n: Method,
    /// SignatureMethod.
    pub signature_algorithm: SignatureAlgorithm,
    /// `Reference/@URI`.
    pub reference_uri: String,
    /// The transforms as written.
    pub transforms: Vec<Transform>,
    /// The canonicalization applied to the referenced element: the explicit c14n
    /// transform, or inclusive C14N 1.0 when only enveloped-signature is given
    /// (XML-DSig §4.4.3.2: a node-set is converted to octets with C14N 1.0).
    pub reference_c14n: Method,
    /// DigestMethod.
    pub digest_algorithm: DigestAlgorithm,
    /// DigestValue, decoded.
    pub digest_value: Vec<u8>,
    /// SignatureValue, decoded.
    pub signature_value: Vec<u8>,
    /// Every `KeyInfo/X509Data/X509Certificate`, as base64 text (untrusted, reported only).
    pub key_info_certificates: Vec<String>,
}

fn structure(detail: impl Into<String>) -> Error {
    Error::DsigStructure { detail: detail.into() }
}

/// The element children of `n`, refusing non-whitespace text between them.
fn element_children<'d>(n: Node<'d>) -> Result<Vec<Node<'d>>> {
    let mut out = Vec::new();
    for c in n.children() {
        match c.kind() {
            NodeKind::Element => out.push(c),
            NodeKind::Text if !c.text().trim_matches([' ', '\t', '\n', '\r']).is_empty() => {
                return Err(structure(alloc::format!("unexpected text inside {}", n.local_name())));
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Children of `n` must be exactly `names` (in the DSIG namespace), in order; optional ones marked `?`.
fn expect_children<'d, const N: usize>(n: Node<'d>, names: [&str; N]) -> Result<[Option<Node<'d>>; N]> {
    let kids = element_children(n)?;
    let mut out = [None; N];
    let mut i = 0;
    for (slot, spec) in out.iter_mut().zip(names) {
        let (name, optional) = match spec.strip_suffix('?') {
            Some(n) => (n, true),
            None => (spec, false),
        };
        match kids.get(i) {
            Some(k) if k.is(DSIG, name) => {
                *slot = Some(*k);
                i += 1;
            }
            _ if optional => {}
            _ => {
                return Err(structure(alloc::format!("{} must contain exactly one {name}", n.local_name())));
            }
        }
    }
    if let Some(extra) = kids.get(i) {
        return Err(structure(alloc::format!(
            "unexpected {} inside {} (only {} allowed)",
            extra.qname(),
            n.local_name(),
            names.join(", ").replace('?', "")
        )));
    }
    Ok(out)
}

fn algorithm(n: Node<'_>) -> Result<&str> {
    n.attribute("Algorithm").ok_or_else(|| structure(alloc::format!("{} has no Algorithm", n.local_name())))
}

/// A CanonicalizationMethod or c14n Transform: exclusive or inclusive 1.0, no comments (SAML core §5.4.3–4).
fn c14n_method(n: Node<'_>) -> Result<Method> {
    let uri = algorithm(n)?;
    if uri != EXC_C14N && uri != C14N_10 {
        return Err(Error::DsigTransform { algorithm: String::from(uri) });
    }
    let mut prefixes = Vec::new();
    for c in element_children(n)? {
        if uri == EXC_C14N && c.is(EXC_C14N_NS, "InclusiveNamespaces") {
            let list = c.attribute("PrefixList").unwrap_or("");
            prefixes.extend(list.split_ascii_whitespace().map(String::from));
        } else {
            return Err(Error::DsigTransform { algorithm: alloc::format!("{uri} with {}", c.qname()) });
        }
    }
    Method::from_uri(uri, prefixes)
}

fn base64_field(n: Node<'_>, name: &str) -> Result<Vec<u8>> {
    // Full text content: a comment splitting the value cannot change what is read (§5).
    encoding::base64_decode_xml(&n.text_content())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Error::DsigBase64 { element: String::from(name) })
}

/// Read `signature` into its parts, refusing every shape SAML does not need.
pub fn parse_signature(signature: Node<'_>, allow_sha1: bool) -> Result<ParsedSignature> {
    let [signed_info, signature_value, key_info] =
        expect_children(signature, ["SignedInfo", "SignatureValue", "KeyInfo?"])?;
    let (Some(signed_info), Some(signature_value)) = (signed_info, signature_value) else {
        return Err(structure("Signature must contain SignedInfo and SignatureValue"));
    };

    let si = expect_children(signed_info, ["CanonicalizationMethod", "SignatureMethod", "Reference"])?;
    let [Some(cm), Some(sm), Some(reference)] = si else {
        return Err(structure("SignedInfo is incomplete"));
    };
    let signed_info_c14n = c14n_method(cm)?;
    let signature_algorithm = SignatureAlgorithm::from_uri(algorithm(sm)?, allow_sha1)?;
    if !element_children(sm)?.is_empty() {
        return Err(structure("SignatureMethod must be empty"));
    }

    let reference_uri = reference
        .attribute("URI")
        .ok_or_else(|| Error::DsigReferenceUri { expected: String::from("#ID"), found: String::from("(none)") })?;
    let [transforms_node, dm, dv] = expect_children(reference, ["Transforms?", "DigestMethod", "DigestValue"])?;
    let (Some(dm), Some(dv)) = (dm, dv) else {
        return Err(structure("Reference is incomplete"));
    };

    // Transforms: enveloped-signature, then at most one c14n (SAML core §5.4.4).
    let mut transforms = Vec::new();
    if let Some(ts) = transforms_node {
        for t in element_children(ts)? {
            if !t.is(DSIG, "Transform") {
                return Err(structure(alloc::format!("unexpected {} inside Transforms", t.qname())));
            }
            let uri = algorithm(t)?;
            if uri == ENVELOPED {
                if !element_children(t)?.is_empty() {
                    return Err(Error::DsigTransform { algorithm: String::from(uri) });
                }
                transforms.push(Transform::Enveloped);
            } else {
                transforms.push(Transform::C14n(c14n_method(t)?));
            }
        }
    }
    let reference_c14n = match transforms.as_slice() {
        [Transform::Enveloped] => Method::Inclusive { with_comments: false },
        [Transform::Enveloped, Transform::C14n(m)] => m.clone(),
        _ => {
            return Err(Error::DsigTransform {
                algorithm: String::from("the transforms must be enveloped-signature optionally followed by one c14n"),
            })
        }
    };

    let digest_algorithm = DigestAlgorithm::from_uri(algorithm(dm)?, allow_sha1)?;
    let digest_value = base64_field(dv, "DigestValue")?;
    if digest_value.len() != digest_algorithm.output_len() {
        return Err(Error::DsigBase64 { element: String::from("DigestValue") });
    }
    let signature_value = base64_field(signature_value, "SignatureValue")?;

    let key_info_certificates = key_info
        .map(|ki| {
            ki.children_named(DSIG, "X509Data")
                .flat_map(|x| x.children_named(DSIG, "X509Certificate"))
                .map(|c| c.text_content())
                .collect()
        })
        .unwrap_or_default();

    Ok(ParsedSignature {
        signed_info_c14n,
        signature_algorithm,
        reference_uri: String::from(reference_uri),
        transforms,
        reference_c14n,
        digest_algorithm,
        digest_value,
        signature_value,
        key_info_certificates,
    })
}
