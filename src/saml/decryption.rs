//! Encrypted content of a response: `EncryptedAssertion` and the Subject's `EncryptedID` (SAML
//! core §2.2.4, §2.3.4), decrypted with [`crate::xmlenc`] on the way to the usual checks, when the
//! caller holds the SP's private keys ([`super::VerifyOptions::decrypt`]).
//!
//! # What happens, in order (docs/security.md §18)
//!
//! 1. Everything that is sent in the clear is checked first: the configuration (as for any
//!    response); the root is a `samlp:Response` of Version 2.0 and status Success; the document
//!    holds exactly one assertion, encrypted or not (`Assertion` and `EncryptedAssertion` counted
//!    together, anywhere), a child of the Response; what is decrypted is the `EncryptedAssertion`,
//!    else the Subject's `EncryptedID` when it is the Subject's one identifier (beside another one
//!    it stays, and the schema check refuses that Subject after the signatures, as without keys);
//!    the encrypted structure has the shape and algorithms allowed ([`Error::XmlencStructure`],
//!    [`Error::XmlencAlgorithm`], [`Error::XmlencRsa15Forbidden`]) and fits the limits
//!    (`max_ciphertext_bytes`, `max_plaintext_bytes`, `max_encrypted_keys`).
//! 2. A signature that covers the ciphertext is verified before anything is decrypted: the
//!    Response's over an `EncryptedAssertion`, the Response's and the Assertion's over an
//!    `EncryptedID` (the round's [`SignatureTask`]s). A modified ciphertext under a signature
//!    therefore never reaches the decryption, so it cannot serve as a decryption oracle.
//! 3. The content key is unwrapped with RSA-OAEP for each `EncryptedKey` and each SP key (the
//!    round's [`KeyTask`]s, answered where the keys are), the content decrypted (AES in the core),
//!    and the plaintext put in place of its wrapper in the same document, which is parsed again in
//!    full. Every failure of this step is [`Error::XmlencDecryptionFailed`], one code and one
//!    sentence whichever part failed; a failed OAEP decoding continues with a substitute key
//!    (implicit rejection), so it even takes the path of a failed content decryption.
//! 4. The decrypted document goes through exactly the checks of a response sent in the clear
//!    ([`super::response`]): the assertion's own signature, or the Response's verified in step 2;
//!    neither → `ERR_SAML_UNSIGNED`. Anyone can encrypt to the SP (its key is public), so
//!    decrypting proves nothing about the sender. The schema check and the profile rules apply
//!    to the decrypted Assertion, and a signature verified in step 2 counts as verified for what
//!    is reported from signed content only (the Response's `ID` and `InResponseTo`).
//!
//! An `EncryptedID` inside an `EncryptedAssertion` takes a second round: the assertion is
//! decrypted, its signature verified, then the NameID decrypted.
//!
//! A round holds the document's text and what it read, not the parsed document: it may wait
//! long for the host's RSA.

/// Whether this build decrypts: always, but in the npm package's edge build (the `wasm` layer on
/// wasm32 without `wasm-decrypt`). There [`VerifyOptions::decrypt`] is ignored, an encrypted
/// response is refused (`ERR_SAML_ENCRYPTED_UNSUPPORTED`) and the compiler drops the decryption
/// code; the package's full build (`wasm-full`) decrypts.
pub(crate) const COMPILED: bool =
    cfg!(any(not(all(target_arch = "wasm32", feature = "wasm")), feature = "wasm-decrypt"));

use alloc::string::String;
use alloc::vec::Vec;

use super::response::{begin_document, check_status, check_version, Decrypted, PendingResponse, Prior};
use super::VerifyOptions;
use crate::dsig::{self, DsigOptions, PendingSignature};
use crate::error::{Error, Result};
use crate::ns::{ASSERTION, DSIG, PROTOCOL};
use crate::trust::TrustedKeys;
use crate::verdict::{one_per_task, SignatureTask};
use crate::xml::{self, Document, Node};
use crate::xmlenc::{self, DataAlgorithm, EncryptedKey, Expected, KeyTransport, Site, Unwrapped};

/// One `EncryptedKey` to unwrap with each SP key.
#[derive(Debug, Clone, Copy)]
pub struct KeyTask<'a> {
    /// RSA-OAEP parameters.
    pub transport: &'a KeyTransport,
    /// The encrypted content key (`c`, as long as the SP key's modulus when it is for that key).
    pub encrypted_key: &'a [u8],
    /// The content key length the data algorithm needs (16, 24 or 32).
    pub key_len: usize,
    /// The content encryption the key is for.
    pub algorithm: DataAlgorithm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    Response,
    Assertion,
}

/// One round: the signatures to verify before decrypting, and the keys to unwrap.
#[derive(Debug)]
pub(crate) struct DecryptionRound {
    text: String,
    site: Site,
    options: VerifyOptions,
    expected: Expected,
    algorithm: DataAlgorithm,
    ciphertext: Vec<u8>,
    keys: Vec<EncryptedKey>,
    /// Per key task, what each SP key made of it (supplied in the SP keys' order).
    supplied: Vec<Vec<Unwrapped>>,
    gates: Vec<(Gate, PendingSignature)>,
    gate_error: Option<Error>,
    prior: Prior,
}

/// Rounds a response may take: an EncryptedAssertion, then the EncryptedID it held.
const MAX_ROUNDS: usize = 2;

/// What comes after the checks in the clear: a round to decrypt, or the usual signature checks.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub(crate) enum Planned {
    Round(DecryptionRound),
    Ready(PendingResponse),
}

/// Checks what is in the clear and finds the next thing to decrypt, or hands over to the checks
/// of a response sent in the clear.
pub(crate) fn plan(text: String, doc: Document, prior: Prior, o: &VerifyOptions) -> Result<Planned> {
    match plan_round(text, doc, prior, o, true)? {
        Found::Nothing(_, doc, prior) => begin_document(doc, prior, o).map(Planned::Ready),
        Found::Round(round) => Ok(Planned::Round(round)),
    }
}

/// What [`plan_round`] found.
#[allow(clippy::large_enum_variant)]
enum Found {
    /// Nothing (more) is encrypted: the text and the document.
    Nothing(String, Document, Prior),
    /// The next round.
    Round(DecryptionRound),
}

/// [`plan`]; `gated: false` (inspection only) leaves out the signatures over the ciphertext.
fn plan_round(text: String, doc: Document, prior: Prior, o: &VerifyOptions, gated: bool) -> Result<Found> {
    let response = doc.root_element();
    if !response.is(PROTOCOL, "Response") {
        return Ok(Found::Nothing(text, doc, prior));
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
            _ => return Ok(Found::Nothing(text, doc, prior)),
        }
    };
    if prior.decrypted.len() >= MAX_ROUNDS {
        return Err(Error::XmlencStructure { detail: String::from("encrypted content nested too deep") });
    }

    // Signatures over the ciphertext, verified before it is decrypted (Response first; an error
    // of the Assertion's ranks after the Response's signature value, as in crate::saml).
    let dopts = DsigOptions { allow_sha1: o.allow_sha1, max_canonical_bytes: o.limits.max_canonical_bytes };
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

    let data = xmlenc::read(wrapper, &o.limits)?;
    let site = Site::of(wrapper).ok_or_else(|| Error::XmlencStructure {
        detail: alloc::format!("the {} has no parent element", wrapper.local_name()),
    })?;
    Ok(Found::Round(DecryptionRound {
        supplied: data.keys.iter().map(|_| Vec::new()).collect(),
        site,
        algorithm: data.algorithm,
        ciphertext: data.ciphertext,
        keys: data.keys,
        text,
        options: o.clone(),
        expected,
        gates,
        gate_error,
        prior,
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
    /// The next round, if something is still encrypted: supply its keys
    /// ([`InspectionRound::supply_key`]), then [`InspectionRound::finish`].
    pub round: Option<InspectionRound>,
}

/// A round of an [`Inspection`].
#[derive(Debug)]
pub struct InspectionRound(DecryptionRound);

/// Starts decrypting a response for inspection (see [`Inspection`]).
///
/// # Errors
/// XML errors; the errors of the checks in the clear (step 1 above).
pub fn begin_inspection(xml_text: &str, options: &VerifyOptions) -> Result<Inspection> {
    let doc = xml::parse(xml_text, &options.limits)?;
    let text = String::from(xml::span_source(xml_text));
    inspection(plan_round(text, doc, Prior::default(), options, false)?)
}

fn inspection(found: Found) -> Result<Inspection> {
    Ok(match found {
        Found::Nothing(xml, _, prior) => Inspection { xml, decrypted: prior.decrypted, round: None },
        Found::Round(round) => Inspection {
            xml: round.text.clone(),
            decrypted: round.prior.decrypted.clone(),
            round: Some(InspectionRound(round)),
        },
    })
}

/// Decrypts everything `decryption_keys` can open, for inspection (see [`Inspection`]).
///
/// # Errors
/// As [`begin_inspection`]; [`Error::XmlencDecryptionFailed`] when no key opens a round.
#[cfg(feature = "rust-crypto")]
pub fn inspect_decrypting<R: rsa::rand_core::TryCryptoRng + ?Sized>(
    xml_text: &str,
    decryption_keys: &xmlenc::DecryptionKeys,
    options: &VerifyOptions,
    rng: &mut R,
) -> Result<Inspection> {
    let mut step = begin_inspection(xml_text, options)?;
    while let Some(mut round) = step.round.take() {
        for i in 0..round.0.keys.len() {
            for u in round.0.unwrap_in_core(i, decryption_keys, rng) {
                round.supply_key(i, u)?;
            }
        }
        step = round.finish()?;
    }
    Ok(step)
}

impl InspectionRound {
    /// `"EncryptedAssertion"` or `"EncryptedID"`: what this round decrypts.
    pub fn element(&self) -> &'static str {
        self.0.element()
    }
    /// The `EncryptedKey`s to unwrap, each with every SP key.
    pub fn key_tasks(&self) -> Vec<KeyTask<'_>> {
        self.0.key_tasks()
    }
    /// What the next SP key made of key task `task` (see [`DecryptionRound::supply_key`]).
    ///
    /// # Errors
    /// [`Error::ConfigInvalid`] for a task that does not exist.
    pub fn supply_key(&mut self, task: usize, unwrapped: Unwrapped) -> Result<()> {
        self.0.supply_key(task, unwrapped)
    }
    /// Decrypts this round with the keys as supplied (no signature is checked).
    ///
    /// # Errors
    /// [`Error::XmlencDecryptionFailed`]; the errors of the checks in the clear of what follows.
    pub fn finish(self) -> Result<Inspection> {
        let mut round = self.0;
        let (text, doc, prior) = round.open()?;
        inspection(plan_round(text, doc, prior, &round.options, false)?)
    }
}

impl DecryptionRound {
    /// `"EncryptedAssertion"` or `"EncryptedID"`: what this round decrypts.
    pub(crate) fn element(&self) -> &'static str {
        match self.expected {
            Expected::Assertion => "EncryptedAssertion",
            Expected::NameId => "EncryptedID",
        }
    }

    /// The signature values to verify before decrypting (Response, then Assertion).
    pub(crate) fn tasks(&self) -> Vec<SignatureTask<'_>> {
        self.gates.iter().map(|(_, p)| p.task()).collect()
    }

    /// The `EncryptedKey`s to unwrap, each with every SP key.
    pub(crate) fn key_tasks(&self) -> Vec<KeyTask<'_>> {
        let (algorithm, key_len) = (self.algorithm, self.algorithm.key_len());
        self.keys
            .iter()
            .map(|k| KeyTask { transport: &k.transport, encrypted_key: &k.cipher, key_len, algorithm })
            .collect()
    }

    /// Records what the next SP key made of key task `task` (call it once per SP key, in the SP
    /// keys' order: the position is the key index reported in [`Decrypted::key_index`]).
    pub(crate) fn supply_key(&mut self, task: usize, unwrapped: Unwrapped) -> Result<()> {
        let slot = self.supplied.get_mut(task).ok_or_else(|| Error::ConfigInvalid {
            option: String::from("key"),
            detail: alloc::format!("there is no key task {task}"),
        })?;
        slot.push(unwrapped);
        Ok(())
    }

    /// The core's own RSA for key task `task`, with each of `keys` (blinded with `rng`).
    #[cfg(feature = "rust-crypto")]
    pub(crate) fn unwrap_in_core<R: rsa::rand_core::TryCryptoRng + ?Sized>(
        &self,
        task: usize,
        keys: &xmlenc::DecryptionKeys,
        rng: &mut R,
    ) -> Vec<Unwrapped> {
        self.keys.get(task).map(|k| keys.unwrap(&k.cipher, rng)).unwrap_or_default()
    }

    /// The signatures are judged first (`verdicts[i]`: the pinned key that verified signature
    /// task `i`, or `None`); only then is anything decrypted, with the keys as supplied; then the
    /// decrypted document is planned like the one received.
    pub(crate) fn finish(mut self, keys: &TrustedKeys, verdicts: &[Option<usize>]) -> Result<Planned> {
        one_per_task(verdicts, self.gates.len())?;
        let mut prior = core::mem::take(&mut self.prior);
        for ((gate, pending), verdict) in core::mem::take(&mut self.gates).into_iter().zip(verdicts) {
            let verified = pending.conclude(keys, *verdict)?;
            match gate {
                Gate::Response => prior.response_signature = Some(verified),
                Gate::Assertion => prior.assertion_signature = Some(verified),
            }
        }
        if let Some(e) = self.gate_error.take() {
            return Err(e);
        }
        self.prior = prior;
        let (text, doc, prior) = self.open()?;
        plan(text, doc, prior, &self.options)
    }

    /// Unwraps the content key, decrypts and splices: the new text and document.
    fn open(&mut self) -> Result<(String, Document, Prior)> {
        let mut prior = core::mem::take(&mut self.prior);
        let limits = &self.options.limits;
        let key_len = self.algorithm.key_len();
        let mut opened = None;
        'keys: for (task, results) in self.keys.iter().zip(&self.supplied) {
            for (key_index, u) in results.iter().enumerate() {
                let Some(plain) = xmlenc::decrypt(u, &task.transport, key_len, self.algorithm, &self.ciphertext) else {
                    continue;
                };
                if let Some(done) = xmlenc::splice(&self.text, &self.site, &plain, self.expected, limits) {
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
            element: self.element(),
            algorithm: self.algorithm,
            key_transport,
            key_index,
            signature_checked_first,
        });
        Ok((text, doc, prior))
    }
}
