//! The wasm side of [`crate::xmlenc`]: the rounds of an encrypted response, with the RSA done by
//! the host (node:crypto or WebCrypto, where the SP keys live) and everything else in the core.
//!
//! ```text
//! verifier.beginDecrypt(bytes, callJson): Decryption      (same call keys as begin)
//!   while (!d.done()):
//!     d.signatureCount() / signatureInfo(i) / signatureMessage(i) / signatureValue(i)
//!     d.keyCount() / keyInfo(i) / keyCipher(i) / keyLabel(i)
//!     d.supplyKey(i, kind, bytes)   once per SP key, in the SP keys' order
//!                                   (kind "key": the content key; "raw": c^d mod n; "unusable")
//!     d.next(verifier, Int32Array)  signature results; decrypts (consumes this round)
//!   d.pending(verifier): Pending    the usual signature tasks, then Pending.finish
//! ```
//!
//! AES runs here, in the core, not in WebCrypto: WebCrypto's AES-CBC insists on PKCS #7 padding
//! (XML Encryption's is not) and Chromium has no AES-192; measured (README "Design notes"), it adds
//! 10,222 bytes to the gzipped wasm. RSA stays in the host: in the wasm it would add 27,242.

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::json::{obj, Json};
use super::{input_bytes, type_error, Args, JsResult, OrThrow, Pending, Verifier, BEGIN_KEYS};
use crate::saml::bindings::decode_post_input;
use crate::saml::{Digests, VerifyOptions};
use crate::time::Timestamp;
use crate::xmlenc::{
    begin_decrypting, begin_inspection, Decrypted, Decrypting, DecryptionRound, Inspection, Unwrapped,
};

/// Verifying, or inspecting (decrypting without a verdict, for the debugger's view).
enum State {
    Verify(Decrypting),
    Inspect(Inspection),
}

/// An encrypted response on its way through [`crate::xmlenc`] (see the module docs).
#[wasm_bindgen]
pub struct Decryption {
    verifier: u32,
    state: Option<State>,
    /// Per key task, what the host supplied so far (one entry per SP key).
    supplied: Vec<Vec<Unwrapped>>,
}

#[wasm_bindgen]
impl Verifier {
    /// Like [`Verifier::begin`], for a verifier with SP decryption keys in the host: checks what is
    /// in the clear and returns the first decryption round (or a finished one for a response
    /// sent in the clear: `done()` is then true at once).
    #[wasm_bindgen(js_name = beginDecrypt)]
    pub fn begin_decrypt(&self, input: &Uint8Array, call_json: &str) -> JsResult<Decryption> {
        let options = self.call_options_with(call_json, BEGIN_KEYS)?;
        let by_host = Args::parse(call_json, "the verification call", BEGIN_KEYS)?.opt_bool("hostDigests")?;
        let digests = if by_host == Some(true) { Digests::ByHost } else { Digests::InCore };
        let bytes = input_bytes(input, &options.limits)?;
        let state = begin_decrypting(&bytes, &self.keys, &options, digests).or_throw()?;
        Ok(Decryption::new(self.id, State::Verify(state)))
    }
}

/// For the debugger's view (`inspect` with decryption keys): decrypts what the host's keys open,
/// without checking any signature first; `xml()` is the result. Never a verdict.
#[wasm_bindgen(js_name = beginInspection)]
pub fn begin_inspection_js(input: &Uint8Array) -> JsResult<Decryption> {
    let options = VerifyOptions::new("", "", Timestamp::from_unix_millis(0));
    let bytes = input_bytes(input, &options.limits)?;
    let decoded = decode_post_input(&bytes, &options.limits).or_throw()?;
    let inspection = begin_inspection(&decoded.xml, &options).or_throw()?;
    Ok(Decryption::new(0, State::Inspect(inspection)))
}

impl Decryption {
    fn new(verifier: u32, state: State) -> Self {
        let mut d = Decryption { verifier, state: Some(state), supplied: Vec::new() };
        d.supplied = d.round().map(|r| r.key_tasks().iter().map(|_| Vec::new()).collect()).unwrap_or_default();
        d
    }

    fn round(&self) -> JsResult<&DecryptionRound> {
        match &self.state {
            Some(State::Verify(Decrypting::Round(r))) | Some(State::Inspect(Inspection { round: Some(r), .. })) => {
                Ok(r)
            }
            _ => Err(type_error("decryption", "there is nothing (left) to decrypt")),
        }
    }

    fn inspection(&self) -> JsResult<&Inspection> {
        match &self.state {
            Some(State::Inspect(i)) => Ok(i),
            _ => Err(type_error("decryption", "is not an inspection (beginInspection)")),
        }
    }

    fn index(i: u32) -> usize {
        usize::try_from(i).unwrap_or(usize::MAX)
    }
}

#[wasm_bindgen]
impl Decryption {
    /// True when nothing (more) is encrypted: call `pending`.
    pub fn done(&self) -> bool {
        self.round().is_err()
    }

    /// Inspection only: the document with everything decrypted so far in place.
    pub fn xml(&self) -> JsResult<String> {
        Ok(self.inspection()?.xml.clone())
    }

    /// Inspection only: JSON, what was decrypted (as `identity.decrypted`).
    pub fn decrypted(&self) -> JsResult<String> {
        Ok(report(&self.inspection()?.decrypted).render())
    }

    /// `"EncryptedAssertion"` or `"EncryptedID"`.
    pub fn element(&self) -> JsResult<String> {
        Ok(String::from(self.round()?.element()))
    }

    /// How many signatures to verify before this round decrypts anything.
    #[wasm_bindgen(js_name = signatureCount)]
    pub fn signature_count(&self) -> JsResult<u32> {
        Ok(u32::try_from(self.round()?.signature_tasks().len()).unwrap_or(u32::MAX))
    }

    /// JSON `{"algorithm","scheme","hash","candidates"}`, as `Pending.taskInfo`.
    #[wasm_bindgen(js_name = signatureInfo)]
    pub fn signature_info(&self, verifier: &Verifier, i: u32) -> JsResult<String> {
        let round = self.round()?;
        let task = round.signature_tasks().into_iter().nth(Self::index(i));
        let task = task.ok_or_else(|| type_error("signature", "there is no signature task with this index"))?;
        let candidates = round.candidate_keys(Self::index(i), &verifier.keys);
        Ok(super::render::task_info(task.algorithm, &candidates).render())
    }

    /// The canonical SignedInfo of signature `i`.
    #[wasm_bindgen(js_name = signatureMessage)]
    pub fn signature_message(&self, i: u32) -> JsResult<Uint8Array> {
        let round = self.round()?;
        let task = round.signature_tasks().into_iter().nth(Self::index(i));
        task.map(|t| Uint8Array::from(t.message))
            .ok_or_else(|| type_error("signature", "there is no signature task with this index"))
    }

    /// The SignatureValue of signature `i`.
    #[wasm_bindgen(js_name = signatureValue)]
    pub fn signature_value(&self, i: u32) -> JsResult<Uint8Array> {
        let round = self.round()?;
        let task = round.signature_tasks().into_iter().nth(Self::index(i));
        task.map(|t| Uint8Array::from(t.signature))
            .ok_or_else(|| type_error("signature", "there is no signature task with this index"))
    }

    /// Signature `i` checked by the core's own crypto (where the host's lacks the algorithm, or
    /// with `crypto: 'wasm'`): the index of the pinned key that verified it, or -1.
    #[wasm_bindgen(js_name = signatureInCore)]
    pub fn signature_in_core(&self, verifier: &Verifier, i: u32) -> JsResult<i32> {
        let round = self.round()?;
        let task = round.signature_tasks().into_iter().nth(Self::index(i));
        let task = task.ok_or_else(|| type_error("signature", "there is no signature task with this index"))?;
        Ok(verify_in_core(verifier, &task, round.candidate_keys(Self::index(i), &verifier.keys)))
    }

    /// How many `EncryptedKey`s to unwrap (each with every SP key).
    #[wasm_bindgen(js_name = keyCount)]
    pub fn key_count(&self) -> JsResult<u32> {
        Ok(u32::try_from(self.round()?.key_tasks().len()).unwrap_or(u32::MAX))
    }

    /// JSON `{"digest","mgf1","keyLength","algorithm"}` of key task `i`: the OAEP hashes as
    /// WebCrypto names them, the content key length in bytes, the content algorithm.
    #[wasm_bindgen(js_name = keyInfo)]
    pub fn key_info(&self, i: u32) -> JsResult<String> {
        let round = self.round()?;
        let task = round.key_tasks().into_iter().nth(Self::index(i));
        let task = task.ok_or_else(|| type_error("key", "there is no key task with this index"))?;
        Ok(obj([
            ("digest", Json::str(task.transport.digest.name())),
            ("mgf1", Json::str(task.transport.mgf1.name())),
            ("keyLength", Json::uint(task.key_len)),
            ("algorithm", Json::str(round.algorithm().name())),
        ])
        .render())
    }

    /// The encrypted content key of key task `i`.
    #[wasm_bindgen(js_name = keyCipher)]
    pub fn key_cipher(&self, i: u32) -> JsResult<Uint8Array> {
        let round = self.round()?;
        let task = round.key_tasks().into_iter().nth(Self::index(i));
        task.map(|t| Uint8Array::from(t.encrypted_key))
            .ok_or_else(|| type_error("key", "there is no key task with this index"))
    }

    /// The OAEP label of key task `i` (usually empty).
    #[wasm_bindgen(js_name = keyLabel)]
    pub fn key_label(&self, i: u32) -> JsResult<Uint8Array> {
        let round = self.round()?;
        let task = round.key_tasks().into_iter().nth(Self::index(i));
        task.map(|t| Uint8Array::from(t.transport.label.as_slice()))
            .ok_or_else(|| type_error("key", "there is no key task with this index"))
    }

    /// What the next SP key made of key task `i`: `kind` `"key"` (the content key, from a full
    /// RSA-OAEP; random bytes of `keyLength` when that failed), `"raw"` (the RSA output, `k`
    /// bytes, for the core to decode) or `"unusable"` (`bytes` ignored).
    #[wasm_bindgen(js_name = supplyKey)]
    pub fn supply_key(&mut self, i: u32, kind: &str, bytes: &Uint8Array) -> JsResult<()> {
        self.round()?;
        let slot = self
            .supplied
            .get_mut(Self::index(i))
            .ok_or_else(|| type_error("key", "there is no key task with this index"))?;
        let value = match kind {
            "key" => Unwrapped::Key(bytes.to_vec()),
            "raw" => Unwrapped::Raw(bytes.to_vec()),
            "unusable" => Unwrapped::Unusable,
            _ => return Err(type_error("kind", "must be \"key\", \"raw\" or \"unusable\"")),
        };
        slot.push(value);
        Ok(())
    }

    /// Finishes this round: `results[i]` the pinned key that verified signature `i` (or -1), the
    /// keys as supplied. The signatures are judged first, then the content decrypted; throws the
    /// core's error. Afterwards `done()` tells whether another round follows.
    pub fn next(&mut self, verifier: &Verifier, results: &[i32]) -> JsResult<()> {
        if verifier.id != self.verifier {
            return Err(type_error("verifier", "is not the Verifier that began this verification"));
        }
        let results = results
            .iter()
            .map(|&r| match r {
                -1 => Ok(None),
                r => usize::try_from(r).map(Some).map_err(|_| type_error("results", "must hold key indices or -1")),
            })
            .collect::<JsResult<Vec<Option<usize>>>>()?;
        let Some(State::Verify(Decrypting::Round(round))) = self.state.take() else {
            return Err(type_error("decryption", "there is nothing (left) to decrypt"));
        };
        let supplied = core::mem::take(&mut self.supplied);
        let next = round.finish(&verifier.keys, &results, &supplied).or_throw()?;
        *self = Decryption::new(self.verifier, State::Verify(next));
        Ok(())
    }

    /// Inspection only: decrypts this round with the keys as supplied (no signature is checked).
    #[wasm_bindgen(js_name = nextUnchecked)]
    pub fn next_unchecked(&mut self) -> JsResult<()> {
        let Some(State::Inspect(Inspection { round: Some(round), .. })) = self.state.take() else {
            return Err(type_error("decryption", "there is nothing (left) to decrypt in this inspection"));
        };
        let supplied = core::mem::take(&mut self.supplied);
        let next = round.finish_unchecked(&supplied).or_throw()?;
        *self = Decryption::new(0, State::Inspect(next));
        Ok(())
    }

    /// The decrypted response checked up to its signature values: finish it as `begin`'s.
    pub fn pending(self, verifier: &Verifier) -> JsResult<Pending> {
        if verifier.id != self.verifier {
            return Err(type_error("verifier", "is not the Verifier that began this verification"));
        }
        match self.state {
            Some(State::Verify(Decrypting::Ready(inner))) => {
                let candidates = (0..inner.tasks().len()).map(|i| inner.candidate_keys(i, &verifier.keys)).collect();
                Ok(Pending { verifier: self.verifier, inner, candidates })
            }
            _ => Err(type_error("decryption", "is not done: finish its rounds with next()")),
        }
    }
}

/// The first candidate key that verifies `task` with the pure-Rust crypto, or -1.
fn verify_in_core(verifier: &Verifier, task: &crate::saml::SignatureTask<'_>, candidates: Vec<usize>) -> i32 {
    candidates
        .into_iter()
        .find(|&i| {
            verifier
                .keys
                .iter()
                .nth(i)
                .is_some_and(|k| k.key().verify(task.algorithm, task.message, task.signature).unwrap_or(false))
        })
        .and_then(|i| i32::try_from(i).ok())
        .unwrap_or(-1)
}

#[wasm_bindgen]
impl Pending {
    /// Task `i` checked by the core's own crypto: the index of the pinned key that verified it, or -1.
    #[wasm_bindgen(js_name = taskInCore)]
    pub fn task_in_core(&self, verifier: &Verifier, i: u32) -> JsResult<i32> {
        let (task, candidates) = self.task(i)?;
        Ok(verify_in_core(verifier, &task, candidates.to_vec()))
    }

    /// Finishes with the core's own crypto for every signature (`crypto: 'wasm'`).
    #[wasm_bindgen(js_name = finishInCore)]
    pub fn finish_in_core(self, verifier: &Verifier) -> JsResult<String> {
        if verifier.id != self.verifier {
            return Err(type_error("verifier", "is not the Verifier that began this verification"));
        }
        let verified = self.inner.finish_with_rust_crypto(&verifier.keys).or_throw()?;
        Ok(super::render::verified(&verified, &verifier.keys).render())
    }
}

/// `identity.decrypted`: what was decrypted, for the report.
pub(super) fn report(decrypted: &[Decrypted]) -> Json {
    Json::Arr(
        decrypted
            .iter()
            .map(|d| {
                obj([
                    ("element", Json::str(d.element)),
                    ("algorithm", Json::str(d.algorithm.name())),
                    ("keyTransport", Json::str(d.key_transport.uri)),
                    ("oaepDigest", Json::str(d.key_transport.digest.name())),
                    ("oaepMgf1", Json::str(d.key_transport.mgf1.name())),
                    ("keyIndex", Json::uint(d.key_index)),
                    ("signatureCheckedFirst", Json::Bool(d.signature_checked_first)),
                ])
            })
            .collect(),
    )
}
