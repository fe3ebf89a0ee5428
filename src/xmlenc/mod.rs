//! XML Encryption for SAML responses: `EncryptedAssertion` and the Subject's `EncryptedID`
//! (SAML core §2.2.4, §2.3.4; XML Encryption 1.1), limited to what IdPs send
//! ([`algorithms`](self::DataAlgorithm): RSA-OAEP key transport, AES-GCM or AES-CBC content).
//!
//! # What happens, in order (docs/security.md §18)
//!
//! 1. Everything that is sent in the clear is checked first: the configuration (as
//!    [`crate::saml`]'s step 0); the root is a `samlp:Response` of Version 2.0 and status Success;
//!    the document holds exactly one assertion, encrypted or not (`Assertion` and
//!    `EncryptedAssertion` counted together, anywhere), a child of the Response; what is decrypted
//!    is the `EncryptedAssertion`, else the Subject's `EncryptedID` when it is the Subject's one
//!    identifier (beside another one it stays, and the schema check refuses that Subject after the
//!    signatures, as without keys); the encrypted structure has the shape and algorithms allowed
//!    ([`Error::XmlencStructure`], [`Error::XmlencAlgorithm`], [`Error::XmlencRsa15Forbidden`])
//!    and fits the limits (`max_ciphertext_bytes`, `max_plaintext_bytes`, `max_encrypted_keys`).
//! 2. A signature that covers the ciphertext is verified before anything is decrypted: the
//!    Response's over an `EncryptedAssertion`, the Response's and the Assertion's over an
//!    `EncryptedID`. A modified ciphertext under a signature therefore never reaches the
//!    decryption, so it cannot serve as a decryption oracle.
//! 3. The content key is unwrapped with RSA-OAEP for each `EncryptedKey` and each SP key, the
//!    content decrypted (AES in the core, [`cipher`]), and the plaintext put in place of its
//!    wrapper in the same document ([`splice`]), which is parsed again in full. Every failure of
//!    this step is [`Error::XmlencDecryptionFailed`], one code and one sentence whichever part
//!    failed; a failed OAEP decoding continues with a substitute key (implicit rejection), so it
//!    even takes the path of a failed content decryption.
//! 4. The decrypted document goes through exactly the checks of a response sent in the clear
//!    ([`crate::saml`]): the assertion's own signature, or the Response's verified in step 2;
//!    neither → `ERR_SAML_UNSIGNED`. Anyone can encrypt to the SP (its key is public), so
//!    decrypting proves nothing about the sender. The schema check and the profile rules apply
//!    to the decrypted Assertion, and a signature verified in step 2 counts as verified for what
//!    is reported from signed content only (the Response's `ID` and `InResponseTo`).
//!
//! An `EncryptedID` inside an `EncryptedAssertion` takes a second round: the assertion is
//! decrypted, its signature verified, then the NameID decrypted.
//!
//! # Purity
//!
//! No clock, I/O or randomness here. RSA decryption needs blinding randomness, so
//! [`verify_response_decrypting`] takes the caller's RNG; a JS host instead runs RSA itself
//! ([`DecryptionRound::key_tasks`]) and hands back [`Unwrapped`] results.

mod algorithms;
mod cipher;
mod keys;
mod oaep;
mod splice;
mod structure;

use alloc::string::String;
use alloc::vec::Vec;

pub use algorithms::{DataAlgorithm, KeyTransport, OaepHash, XMLENC11};
pub use keys::DecryptionKeys;
pub use oaep::Unwrapped;
use rsa::rand_core::TryCryptoRng;

use self::splice::Expected;
use crate::dsig::{self, DsigOptions, PendingSignature};
use crate::error::{Error, Result};
use crate::saml::bindings;
use crate::saml::ns::{ASSERTION, DSIG, PROTOCOL};
use crate::saml::{
    begin_document, check_config, check_status, check_version, Digests, PendingResponse, Prior, SignatureTask,
    VerifiedResponse, VerifyOptions,
};
use crate::trust::TrustedKeys;
use crate::xml::{self, Document, Node, NodeId};

/// One decryption that led to the verified response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decrypted {
    /// `"EncryptedAssertion"` or `"EncryptedID"`.
    pub element: &'static str,
    /// The content encryption.
    pub algorithm: DataAlgorithm,
    /// The key transport of the `EncryptedKey` that opened it.
    pub key_transport: KeyTransport,
    /// The SP key that opened it (its index in the order the keys were given).
    pub key_index: usize,
    /// A signature over the ciphertext was verified before decrypting (step 2 above).
    pub signature_checked_first: bool,
}

/// The rule a response without decryption keys is held to, before its signatures: no
/// `EncryptedAssertion` (there would be no Assertion to verify).
pub(crate) fn refuse_encrypted(doc: &Document) -> Result<()> {
    if doc.descendants().any(|n| n.is(ASSERTION, "EncryptedAssertion")) {
        return Err(Error::SamlEncryptedAssertion);
    }
    Ok(())
}

/// The same rule for the Subject's `EncryptedID`, after the schema check (which allows it only
/// as the Subject's one identifier): with SP decryption keys it was decrypted before, so one
/// still here means no key was configured.
pub(crate) fn refuse_encrypted_id(assertion: Node<'_>) -> Result<()> {
    if assertion.child(ASSERTION, "Subject").and_then(|s| s.child(ASSERTION, "EncryptedID")).is_some() {
        return Err(Error::SamlEncryptedAssertion);
    }
    Ok(())
}

/// The warnings a decrypted response carries: CBC is not authenticated.
pub(crate) fn warnings(decrypted: &[Decrypted]) -> Vec<String> {
    decrypted
        .iter()
        .filter(|d| !d.algorithm.is_gcm())
        .map(|d| {
            alloc::format!(
                "the {} was encrypted with {}, which is not authenticated; AES-GCM is preferred \
                 (have the IdP use xmlenc11#aes256-gcm, or sign the Response so that its signature \
                 is checked before anything is decrypted)",
                d.element,
                d.algorithm.name()
            )
        })
        .collect()
}

/// A response on its way through decryption.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Decrypting {
    /// Nothing (more) to decrypt: the usual checks up to the signature values.
    Ready(PendingResponse),
    /// One encrypted element to decrypt, after the signatures covering it.
    Round(DecryptionRound),
}

/// [`begin_decrypting_xml`] for the input as it arrives at the ACS (XML, base64 or a form body).
pub fn begin_decrypting(
    input: &[u8],
    keys: &TrustedKeys,
    options: &VerifyOptions,
    digests: Digests,
) -> Result<Decrypting> {
    let decoded = bindings::decode_post_input(input, &options.limits)?;
    begin_decrypting_xml(&decoded.xml, keys, options, digests)
}

/// Starts verifying a response that may be encrypted. `digests` applies to the signatures checked
/// after decryption; those checked before it (step 2) digest in the core.
pub fn begin_decrypting_xml(
    xml_text: &str,
    keys: &TrustedKeys,
    options: &VerifyOptions,
    digests: Digests,
) -> Result<Decrypting> {
    check_config(keys, options)?;
    let doc = xml::parse(xml_text, &options.limits)?;
    let text = String::from(xml::span_source(xml_text));
    plan(text, doc, Prior::default(), options, digests)
}

/// Verifies a response, decrypting what is encrypted with `decryption_keys` (RSA blinded with
/// `rng`), with the pure-Rust crypto throughout. Without decryption keys this is
/// [`crate::saml::verify_response`] (an encrypted response is then `ERR_SAML_ENCRYPTED_UNSUPPORTED`).
pub fn verify_response_decrypting<R: TryCryptoRng + ?Sized>(
    input: &[u8],
    keys: &TrustedKeys,
    decryption_keys: &DecryptionKeys,
    options: &VerifyOptions,
    rng: &mut R,
) -> Result<VerifiedResponse> {
    if decryption_keys.is_empty() {
        return crate::saml::verify_response(input, keys, options);
    }
    let mut step = begin_decrypting(input, keys, options, Digests::InCore)?;
    loop {
        step = match step {
            Decrypting::Ready(pending) => return pending.finish_with_rust_crypto(keys),
            Decrypting::Round(round) => round.finish_with_rust_crypto(keys, decryption_keys, rng)?,
        };
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    Response,
    Assertion,
}

/// One `EncryptedKey` to unwrap with each SP key.
#[derive(Debug, Clone, Copy)]
pub struct KeyTask<'a> {
    /// RSA-OAEP parameters.
    pub transport: &'a KeyTransport,
    /// The encrypted content key (`c`, as long as the SP key's modulus when it is for that key).
    pub encrypted_key: &'a [u8],
    /// The content key length the data algorithm needs (16, 24 or 32).
    pub key_len: usize,
}

/// One round: the signatures to verify before decrypting, and the keys to unwrap.
#[derive(Debug)]
pub struct DecryptionRound {
    text: String,
    doc: Document,
    options: VerifyOptions,
    digests: Digests,
    expected: Expected,
    wrapper: NodeId,
    algorithm: DataAlgorithm,
    ciphertext: Vec<u8>,
    keys: Vec<structure::EncryptedKey>,
    gates: Vec<(Gate, PendingSignature)>,
    gate_error: Option<Error>,
    prior: Prior,
}

/// Rounds a response may take: an EncryptedAssertion, then the EncryptedID it held.
const MAX_ROUNDS: usize = 2;

/// Checks what is in the clear and finds the next thing to decrypt, or hands over.
fn plan(text: String, doc: Document, prior: Prior, o: &VerifyOptions, digests: Digests) -> Result<Decrypting> {
    match plan_round(text, doc, prior, o, digests, true)? {
        Planned::Done(_, doc, prior) => begin_document(doc, prior, o, digests).map(Decrypting::Ready),
        Planned::Round(round) => Ok(Decrypting::Round(round)),
    }
}

/// What [`plan_round`] found.
#[allow(clippy::large_enum_variant)]
enum Planned {
    /// Nothing (more) is encrypted: the text and the document.
    Done(String, Document, Prior),
    /// The next round.
    Round(DecryptionRound),
}

/// [`plan`]; `gated: false` (inspection only) leaves out the signatures over the ciphertext.
fn plan_round(
    text: String,
    doc: Document,
    prior: Prior,
    o: &VerifyOptions,
    digests: Digests,
    gated: bool,
) -> Result<Planned> {
    let response = doc.root_element();
    if !response.is(PROTOCOL, "Response") {
        return Ok(Planned::Done(text, doc, prior));
    }
    check_version(response)?;
    check_status(response)?;

    // Exactly one assertion, encrypted or not, in the whole document (profiles §4.1.4.2).
    let assertions: Vec<Node<'_>> =
        doc.descendants().filter(|n| n.is(ASSERTION, "Assertion") || n.is(ASSERTION, "EncryptedAssertion")).collect();
    let [assertion] = assertions.as_slice() else {
        return Err(Error::SamlAssertionCount { found: assertions.len() });
    };
    let assertion = *assertion;
    if assertion.parent_element() != Some(response) {
        let what = assertion.local_name();
        return Err(Error::SamlStructure { detail: alloc::format!("the {what} is not a child of the Response") });
    }

    let (wrapper, expected) = if assertion.is(ASSERTION, "EncryptedAssertion") {
        (assertion, Expected::Assertion)
    } else {
        let subject = assertion.child(ASSERTION, "Subject");
        let ids: Vec<Node<'_>> = subject
            .into_iter()
            .flat_map(|s| s.element_children())
            .filter(|n| n.is(ASSERTION, "NameID") || n.is(ASSERTION, "BaseID") || n.is(ASSERTION, "EncryptedID"))
            .collect();
        // Only the Subject's one identifier is decrypted. Beside another one it stays as it is:
        // the schema check (crate::saml::schema, after the signatures) refuses that Subject
        // with ERR_SAML_SCHEMA, as it does with or without decryption keys.
        match ids.as_slice() {
            [id] if id.is(ASSERTION, "EncryptedID") => (*id, Expected::NameId),
            _ => return Ok(Planned::Done(text, doc, prior)),
        }
    };
    if prior.decrypted.len() >= MAX_ROUNDS {
        return Err(Error::XmlencStructure { detail: String::from("encrypted content nested too deep") });
    }

    // Signatures over the ciphertext, verified before it is decrypted (Response first; an error
    // of the Assertion's ranks after the Response's signature value, as in crate::saml).
    let dopts =
        DsigOptions { allow_sha1: o.allow_sha1, max_canonical_bytes: o.limits.max_canonical_bytes, host_digest: false };
    let one_signature = |n: Node<'_>| -> Result<Option<PendingSignature>> {
        let mut sigs = n.children_named(DSIG, "Signature");
        match (sigs.next(), sigs.next()) {
            (None, _) => Ok(None),
            (Some(s), None) => dsig::check(s, dopts, n == response).map(Some),
            (Some(_), Some(_)) => Err(Error::DsigMultipleSignatures { element: n.qname() }),
        }
    };
    let mut gates = Vec::new();
    let mut gate_error = None;
    if gated && prior.response_signature.is_none() {
        if let Some(p) = one_signature(response)? {
            gates.push((Gate::Response, p));
        }
    }
    if gated && expected == Expected::NameId && prior.assertion_signature.is_none() {
        match one_signature(assertion) {
            Ok(Some(p)) => gates.push((Gate::Assertion, p)),
            Ok(None) => {}
            Err(e) if gates.is_empty() => return Err(e),
            Err(e) => gate_error = Some(e),
        }
    }

    let data = structure::read(wrapper, &o.limits)?;
    Ok(Planned::Round(DecryptionRound {
        wrapper: wrapper.id(),
        algorithm: data.algorithm,
        ciphertext: data.ciphertext,
        keys: data.keys,
        text,
        options: o.clone(),
        digests,
        expected,
        gates,
        gate_error,
        prior,
        doc,
    }))
}

/// A document as far as it could be decrypted, for debugging tools (`inspect`): no signature is
/// checked before decrypting and nothing here is a verdict.
#[derive(Debug)]
pub struct Inspection {
    /// The document text with everything decrypted so far in place.
    pub xml: String,
    /// What was decrypted.
    pub decrypted: Vec<Decrypted>,
    /// The next round, if something is still encrypted; finish it with
    /// [`DecryptionRound::finish_unchecked`].
    pub round: Option<DecryptionRound>,
}

/// Starts decrypting a response for inspection (see [`Inspection`]).
pub fn begin_inspection(xml_text: &str, options: &VerifyOptions) -> Result<Inspection> {
    let doc = xml::parse(xml_text, &options.limits)?;
    let text = String::from(xml::span_source(xml_text));
    inspection(plan_round(text, doc, Prior::default(), options, Digests::InCore, false)?)
}

fn inspection(planned: Planned) -> Result<Inspection> {
    Ok(match planned {
        Planned::Done(xml, _, prior) => Inspection { xml, decrypted: prior.decrypted, round: None },
        Planned::Round(round) => {
            Inspection { xml: round.text.clone(), decrypted: round.prior.decrypted.clone(), round: Some(round) }
        }
    })
}

/// Decrypts everything `decryption_keys` can open, for inspection (see [`Inspection`]).
pub fn inspect_decrypting<R: TryCryptoRng + ?Sized>(
    xml_text: &str,
    decryption_keys: &DecryptionKeys,
    options: &VerifyOptions,
    rng: &mut R,
) -> Result<Inspection> {
    let mut step = begin_inspection(xml_text, options)?;
    while let Some(round) = step.round.take() {
        let unwrapped: Vec<Vec<Unwrapped>> =
            round.keys.iter().map(|k| decryption_keys.unwrap(&k.cipher, rng)).collect();
        step = round.finish_unchecked(&unwrapped)?;
    }
    Ok(step)
}

impl DecryptionRound {
    /// `"EncryptedAssertion"` or `"EncryptedID"`: what this round decrypts.
    pub fn element(&self) -> &'static str {
        match self.expected {
            Expected::Assertion => "EncryptedAssertion",
            Expected::NameId => "EncryptedID",
        }
    }

    /// The content encryption of this round.
    pub fn algorithm(&self) -> DataAlgorithm {
        self.algorithm
    }

    /// The signature values to verify before decrypting (Response, then Assertion).
    pub fn signature_tasks(&self) -> Vec<SignatureTask<'_>> {
        self.gates
            .iter()
            .map(|(_, p)| SignatureTask {
                algorithm: p.signature_algorithm,
                message: &p.signed_info,
                signature: &p.signature_value,
            })
            .collect()
    }

    /// For signature task `i`, the indices of the pinned keys to try.
    pub fn candidate_keys(&self, i: usize, keys: &TrustedKeys) -> Vec<usize> {
        self.gates.get(i).map(|(_, p)| p.candidate_keys(keys)).unwrap_or_default()
    }

    /// The `EncryptedKey`s to unwrap, each with every SP key.
    pub fn key_tasks(&self) -> Vec<KeyTask<'_>> {
        self.keys
            .iter()
            .map(|k| KeyTask { transport: &k.transport, encrypted_key: &k.cipher, key_len: self.algorithm.key_len() })
            .collect()
    }

    /// Finishes the round with the pure-Rust crypto: the signatures, then RSA with
    /// `decryption_keys` (blinded with `rng`) only when they verified.
    pub fn finish_with_rust_crypto<R: TryCryptoRng + ?Sized>(
        self,
        keys: &TrustedKeys,
        decryption_keys: &DecryptionKeys,
        rng: &mut R,
    ) -> Result<Decrypting> {
        let results: Vec<Option<usize>> = self.gates.iter().map(|(_, p)| p.verify_value(keys)).collect();
        let unwrapped: Vec<Vec<Unwrapped>> = if results.iter().all(Option::is_some) && self.gate_error.is_none() {
            self.keys.iter().map(|k| decryption_keys.unwrap(&k.cipher, rng)).collect()
        } else {
            self.keys.iter().map(|_| Vec::new()).collect()
        };
        self.finish(keys, &results, &unwrapped)
    }

    /// Finishes the round: `signature_results[i]` is the pinned key that verified signature task
    /// `i` (or `None`), `unwrapped[j]` what each SP key made of key task `j`. The signatures are
    /// judged first; only then is anything decrypted.
    pub fn finish(
        mut self,
        keys: &TrustedKeys,
        signature_results: &[Option<usize>],
        unwrapped: &[Vec<Unwrapped>],
    ) -> Result<Decrypting> {
        if signature_results.len() != self.gates.len() {
            return Err(Error::ConfigInvalid {
                option: String::from("results"),
                detail: alloc::format!("{} results for {} signature tasks", signature_results.len(), self.gates.len()),
            });
        }
        let mut prior = core::mem::take(&mut self.prior);
        for ((gate, pending), result) in core::mem::take(&mut self.gates).into_iter().zip(signature_results) {
            let verified = pending.conclude(keys, *result)?;
            match gate {
                Gate::Response => prior.response_signature = Some(verified),
                Gate::Assertion => prior.assertion_signature = Some(verified),
            }
        }
        if let Some(e) = self.gate_error.take() {
            return Err(e);
        }
        self.prior = prior;
        let (text, doc, prior) = self.open(unwrapped)?;
        plan(text, doc, prior, &self.options, self.digests)
    }

    /// For inspection only ([`begin_inspection`]): decrypts without any signature checked first.
    pub fn finish_unchecked(mut self, unwrapped: &[Vec<Unwrapped>]) -> Result<Inspection> {
        if !self.gates.is_empty() {
            return Err(Error::ConfigInvalid {
                option: String::from("round"),
                detail: String::from("a verification round must be finished with its signature results"),
            });
        }
        let (text, doc, prior) = self.open(unwrapped)?;
        inspection(plan_round(text, doc, prior, &self.options, self.digests, false)?)
    }

    /// Unwraps the content key, decrypts and splices: the new text and document.
    fn open(&mut self, unwrapped: &[Vec<Unwrapped>]) -> Result<(String, Document, Prior)> {
        if unwrapped.len() != self.keys.len() {
            return Err(Error::ConfigInvalid {
                option: String::from("unwrapped"),
                detail: alloc::format!("{} results for {} key tasks", unwrapped.len(), self.keys.len()),
            });
        }

        let mut prior = core::mem::take(&mut self.prior);
        let o = &self.options;
        let wrapper = self.doc.get(self.wrapper);
        let key_len = self.algorithm.key_len();
        let mut opened = None;
        'keys: for (task, results) in self.keys.iter().zip(unwrapped) {
            for (key_index, u) in results.iter().enumerate() {
                let Some(cek) = oaep::content_key(u, &task.transport, key_len) else { continue };
                let Some(plain) = cipher::decrypt(self.algorithm, &cek, &self.ciphertext) else { continue };
                if let Some(done) = splice::splice(&self.text, wrapper, &plain, self.expected, &o.limits) {
                    opened = Some((done, key_index, task.transport.clone()));
                    break 'keys;
                }
            }
        }
        let Some(((text, doc), key_index, key_transport)) = opened else {
            return Err(Error::XmlencDecryptionFailed);
        };

        // The elements whose signatures were verified before decrypting keep unique IDs.
        for v in [&prior.response_signature, &prior.assertion_signature].into_iter().flatten() {
            if dsig::elements_with_id(doc.root(), &v.reference_id) != 1 {
                return Err(Error::DsigDuplicateId { id: v.reference_id.clone() });
            }
        }
        let signature_checked_first = prior.response_signature.is_some()
            || (self.expected == Expected::NameId && prior.assertion_signature.is_some());
        prior.decrypted.push(Decrypted {
            element: match self.expected {
                Expected::Assertion => "EncryptedAssertion",
                Expected::NameId => "EncryptedID",
            },
            algorithm: self.algorithm,
            key_transport,
            key_index,
            signature_checked_first,
        });
        Ok((text, doc, prior))
    }
}
