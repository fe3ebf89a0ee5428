//! Enveloped signatures on documents the SP writes itself (its metadata), in the one shape
//! [`super::check`] accepts (XML-DSig 1.1 §3.1, SAML metadata §3): a `ds:Signature` as the first
//! child of the root, one Reference to `#` + the root's `ID`, the enveloped-signature transform
//! then exclusive C14N, exclusive C14N for `SignedInfo`, SHA-2 digests, RSA PKCS#1 v1.5.
//!
//! The document is given as two halves of text, `head` and `tail`, with the signature to go
//! between them: the digest is computed over `head + tail` parsed, which is exactly what a
//! verifier sees once the enveloped-signature transform has removed the Signature element.

use alloc::string::String;
use alloc::vec::Vec;

use crate::c14n::{self, Method};
#[cfg(feature = "rust-crypto")]
use crate::crypto::Signer;
use crate::crypto::{check_signing_algorithm, Certificate, SignatureAlgorithm};
use crate::encoding;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::ns::DSIG;
#[cfg(feature = "rust-crypto")]
use crate::trust::TrustedKeys;
use crate::xml;

const EXC: &str = c14n::EXC_C14N;

/// A document waiting for its enveloped signature: [`EnvelopedToSign::message`] is what to sign.
#[derive(Debug, Clone)]
pub struct EnvelopedToSign {
    head: String,
    tail: String,
    signed_info: String,
    canonical: Vec<u8>,
    algorithm: SignatureAlgorithm,
    limits: Limits,
}

fn does_not_verify() -> Error {
    Error::ConfigInvalid {
        option: String::from("signing_key"),
        detail: String::from(
            "the signature does not verify with the signing certificate: the key and the certificate do not belong together",
        ),
    }
}

fn structure(detail: &str) -> Error {
    Error::ConfigInvalid { option: String::from("document"), detail: String::from(detail) }
}

/// Prepare the enveloped signature of the document `head + tail`, whose root element carries an
/// `ID` and whose start tag `head` ends after (the Signature becomes the root's first child).
///
/// # Errors
/// XML errors when `head + tail` does not parse; [`Error::ConfigInvalid`] for a root without an
/// `ID`, a `head` that does not end inside the root, or an algorithm the SP does not sign with.
pub fn prepare_enveloped(
    head: &str,
    tail: &str,
    algorithm: SignatureAlgorithm,
    limits: &Limits,
) -> Result<EnvelopedToSign> {
    check_signing_algorithm(algorithm)?;
    let mut unsigned = String::with_capacity(head.len() + tail.len());
    unsigned.push_str(head);
    unsigned.push_str(tail);
    let doc = xml::parse(&unsigned, limits)?;
    let root = doc.root_element();
    let id = root.attribute("ID").filter(|id| xml::is_ncname(id)).ok_or_else(|| structure("the root has no ID"))?;
    // The signature must become the root's first element child (SAML metadata §2.3.2 and the
    // placement `super::check` requires): checked on the document with an empty one in place.
    let placed = alloc::format!("{head}<ds:Signature xmlns:ds=\"{DSIG}\"/>{tail}");
    let placed_doc = xml::parse(&placed, limits)?;
    if placed_doc.root_element().element_children().next().map_or(true, |c| !c.is(DSIG, "Signature")) {
        return Err(structure("the signature must go right after the root's start tag"));
    }

    let method = Method::Exclusive { with_comments: false, inclusive_prefixes: Vec::new() };
    let digest_alg = algorithm.digest();
    let mut hasher = crate::crypto::Hasher::new(digest_alg);
    c14n::canonicalize_bounded(root, &method, None, &mut HasherSink(&mut hasher), limits.max_canonical_bytes)?;
    let digest = hasher.finish();

    let mut si = String::with_capacity(640);
    si.push_str("<ds:SignedInfo><ds:CanonicalizationMethod Algorithm=\"");
    si.push_str(EXC);
    si.push_str("\"/><ds:SignatureMethod Algorithm=\"");
    si.push_str(algorithm.uri());
    si.push_str("\"/><ds:Reference URI=\"#");
    si.push_str(id);
    si.push_str("\"><ds:Transforms><ds:Transform Algorithm=\"");
    si.push_str(super::ENVELOPED);
    si.push_str("\"/><ds:Transform Algorithm=\"");
    si.push_str(EXC);
    si.push_str("\"/></ds:Transforms><ds:DigestMethod Algorithm=\"");
    si.push_str(digest_alg.uri());
    si.push_str("\"/><ds:DigestValue>");
    si.push_str(&encoding::base64_encode(&digest));
    si.push_str("</ds:DigestValue></ds:Reference></ds:SignedInfo>");

    // Exclusive C14N renders only visibly used namespaces (ds), so SignedInfo canonicalizes the
    // same alone as inside the document; the self-check in `finish_verified` confirms it.
    let alone = alloc::format!("<ds:Signature xmlns:ds=\"{DSIG}\">{si}</ds:Signature>");
    let sdoc = xml::parse(&alone, limits)?;
    let signed_info = sdoc.root_element().child(DSIG, "SignedInfo").ok_or_else(|| structure("no SignedInfo"))?;
    let canonical = c14n::canonicalize_to_vec(signed_info, &method, None);

    Ok(EnvelopedToSign {
        head: String::from(head),
        tail: String::from(tail),
        signed_info: si,
        canonical,
        algorithm,
        limits: *limits,
    })
}

struct HasherSink<'a>(&'a mut crate::crypto::Hasher);

impl c14n::Sink for HasherSink<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

impl EnvelopedToSign {
    /// The canonical `SignedInfo`: the octets to sign (XML-DSig 1.1 §3.1.2).
    pub fn message(&self) -> &[u8] {
        &self.canonical
    }

    /// The `SignatureMethod`.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// The signed document, with `certificate` (the signer's, for the reader's convenience: it is
    /// never what a verifier trusts) in `KeyInfo` when given.
    pub fn finish(&self, signature: &[u8], certificate: Option<&Certificate>) -> String {
        let b64 = encoding::base64_encode(signature);
        let mut out = String::with_capacity(self.head.len() + self.tail.len() + self.signed_info.len() + 2 * b64.len());
        out.push_str(&self.head);
        out.push_str("<ds:Signature xmlns:ds=\"");
        out.push_str(DSIG);
        out.push_str("\">");
        out.push_str(&self.signed_info);
        out.push_str("<ds:SignatureValue>");
        out.push_str(&b64);
        out.push_str("</ds:SignatureValue>");
        if let Some(c) = certificate {
            out.push_str("<ds:KeyInfo><ds:X509Data><ds:X509Certificate>");
            out.push_str(&encoding::base64_encode(c.der()));
            out.push_str("</ds:X509Certificate></ds:X509Data></ds:KeyInfo>");
        }
        out.push_str("</ds:Signature>");
        out.push_str(&self.tail);
        out
    }

    /// [`EnvelopedToSign::finish`], then the signed document read back by the code that checks
    /// IdP signatures ([`super::check`]), up to the signature value: the Reference digest must
    /// match and the canonical `SignedInfo` read back must be the octets that were signed. What is
    /// left, whether the value verifies with `certificate`'s key, is the caller's: natively
    /// [`EnvelopedToSign::finish_verified`]; the npm package checks once, at start-up, that its
    /// signing key belongs to the certificate, with the host's crypto.
    ///
    /// # Errors
    /// [`Error::ConfigInvalid`] (option `signing_key`) when the document does not read back so.
    pub fn finish_checked(
        &self,
        signature: &[u8],
        certificate: Option<&Certificate>,
    ) -> Result<(String, super::PendingSignature)> {
        let doc_text = self.finish(signature, certificate);
        let doc = xml::parse(&doc_text, &self.limits)?;
        let pending = doc
            .root_element()
            .child(DSIG, "Signature")
            .map(|s| super::check(s, super::DsigOptions::default(), true))
            .and_then(|p| p.ok())
            .filter(|p| p.signed_info == self.canonical && p.signature_value == signature);
        match pending {
            Some(p) => Ok((doc_text, p)),
            None => Err(does_not_verify()),
        }
    }

    /// [`EnvelopedToSign::finish_checked`], then the signature value verified with `certificate`'s
    /// key by the same code that verifies IdP signatures: a signature made with another key (a
    /// signing key that does not belong to the certificate) is caught here, not by the IdP.
    ///
    /// # Errors
    /// [`Error::ConfigInvalid`] (option `signing_key`) when it does not verify.
    #[cfg(feature = "rust-crypto")]
    pub fn finish_verified(&self, signature: &[u8], certificate: &Certificate) -> Result<String> {
        let (doc_text, pending) = self.finish_checked(signature, Some(certificate))?;
        let mut keys = TrustedKeys::new();
        keys.add_certificate(certificate.clone())?;
        let found = pending.task().verify_in_core(&keys);
        match pending.conclude(&keys, found) {
            Ok(_) => Ok(doc_text),
            Err(_) => Err(does_not_verify()),
        }
    }

    /// Sign with `signer` and finish ([`EnvelopedToSign::finish_verified`] when `certificate` is given).
    ///
    /// # Errors
    /// The signer's error; [`Error::ConfigInvalid`] when its algorithm is not the prepared one or
    /// the signature does not verify with `certificate`.
    #[cfg(feature = "rust-crypto")]
    pub fn sign_with(&self, signer: &mut dyn Signer, certificate: Option<&Certificate>) -> Result<String> {
        if signer.algorithm() != self.algorithm {
            return Err(Error::ConfigInvalid {
                option: String::from("signature_algorithm"),
                detail: String::from("the signer's algorithm is not the one the SignedInfo names"),
            });
        }
        let signature = signer.sign(&self.canonical)?;
        match certificate {
            Some(c) => self.finish_verified(&signature, c),
            None => Ok(self.finish(&signature, None)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::SigningKey;

    const KEY: &str = include_str!("../../tests/keys/idp-rsa2048.key");
    const CRT: &str = include_str!("../../tests/keys/idp-rsa2048.crt");
    const HEAD: &str = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" ID=\"_m\" entityID=\"https://sp.example/\">";
    const TAIL: &str = "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"/></md:EntityDescriptor>";

    use crate::crypto::test_rng::TestRng as Rng;

    /// The npm package's check of a document signed by the host (no signature value checked here):
    /// what reads back must be what was signed; a document whose canonical SignedInfo differs from
    /// the octets signed is refused, as `finish_verified` refuses it.
    #[test]
    fn finish_checked_reads_back_what_was_signed() {
        let key = SigningKey::from_pem(KEY).unwrap();
        let cert = crate::crypto::parse_certificates(CRT.as_bytes()).unwrap().remove(0);
        let prepared = prepare_enveloped(HEAD, TAIL, SignatureAlgorithm::RsaSha256, &Limits::default()).unwrap();
        let signature = key.sign_with_rng(SignatureAlgorithm::RsaSha256, prepared.message(), &mut Rng(7)).unwrap();
        let (doc, pending) = prepared.finish_checked(&signature, Some(&cert)).unwrap();
        assert_eq!(pending.signed_info, prepared.message());
        assert_eq!(prepared.finish_verified(&signature, &cert).unwrap(), doc);

        let mut other = prepared.clone();
        other.canonical.push(b' ');
        let e = other.finish_checked(&signature, Some(&cert)).unwrap_err();
        assert_eq!((e.code(), e.detail()), ("ERR_CONFIG_INVALID", does_not_verify().detail()));
        // A signature value that does not verify passes the structural check; finish_verified refuses it.
        let mut bad = signature.clone();
        bad[0] ^= 1;
        assert!(prepared.finish_checked(&bad, Some(&cert)).is_ok());
        assert_eq!(prepared.finish_verified(&bad, &cert).unwrap_err().code(), "ERR_CONFIG_INVALID");
    }
}
