//! The one verification split the host drives, for every message the SP verifies
//! ([`crate::verdict`]): a response (sent in the clear or encrypted, `Verifier.begin`) or a
//! logout message (`Verifier.beginLogout`).
//!
//! ```text
//! pending = verifier.begin(received, callJson) | verifier.beginLogout(kind, bytes, callJson)
//! loop:
//!   pending.taskCount() / taskInfo(i) / taskMessage(i) / taskSignature(i)   the signature values:
//!     checked by the host's crypto, or taskInCore(verifier, i) by the core's
//!   pending.keyCount() / keyInfo(i) / keyCipher(i) / keyLabel(i)           while decrypting: the
//!     pending.supplyKey(i, kind, bytes)  once per SP key, in the SP keys' order   RSA of each key
//!   json = pending.finish(verifier, Int32Array)   the verdict in the core: the result JSON, or
//!                                                 undefined when another round follows (loop)
//! pending.free()
//! ```
//!
//! What a Pending holds across the host's `await`s is the tasks and what the checks read, never
//! the document ([`crate::verdict`]): many verifications in flight cost little wasm memory.

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

#[cfg(feature = "wasm-sp")]
use super::json::{obj, Json};
use super::{render, type_error, JsResult, OrThrow, Verifier};
use crate::saml::logout::LogoutVerifyOptions;
#[cfg(feature = "wasm-sp")]
use crate::saml::logout::{PendingLogoutRequest, PendingLogoutResponse};
use crate::saml::{Step, Verification};
use crate::verdict::{Pending as _, SignatureTask};
use crate::xmlenc::Unwrapped;

/// What is being verified.
#[allow(clippy::large_enum_variant)]
pub(super) enum Kind {
    Response(Verification),
    #[cfg(feature = "wasm-sp")]
    LogoutRequest(PendingLogoutRequest),
    #[cfg(feature = "wasm-sp")]
    LogoutResponse(PendingLogoutResponse),
}

impl Kind {
    fn tasks(&self) -> Vec<SignatureTask<'_>> {
        match self {
            Kind::Response(v) => v.tasks(),
            #[cfg(feature = "wasm-sp")]
            Kind::LogoutRequest(p) => p.tasks(),
            #[cfg(feature = "wasm-sp")]
            Kind::LogoutResponse(p) => p.tasks(),
        }
    }
}

/// A message checked up to its signature values (and, while decrypting, the RSA of its keys).
#[wasm_bindgen]
pub struct Pending {
    verifier: u32,
    /// `None` once finished (or after a refusal).
    kind: Option<Kind>,
    /// The candidate keys of each task, for `taskInfo`.
    candidates: Vec<Vec<usize>>,
    /// The logout options, for the request's replay expiry.
    #[cfg_attr(not(feature = "wasm-sp"), allow(dead_code))]
    logout: Option<LogoutVerifyOptions>,
}

impl Pending {
    pub(super) fn new(verifier: &Verifier, kind: Kind, logout: Option<LogoutVerifyOptions>) -> Pending {
        let candidates = kind.tasks().iter().map(|t| t.candidates(&verifier.keys)).collect();
        Pending { verifier: verifier.id, kind: Some(kind), candidates, logout }
    }

    fn kind(&self) -> JsResult<&Kind> {
        self.kind.as_ref().ok_or_else(|| type_error("pending", "is finished"))
    }

    fn task(&self, i: u32) -> JsResult<(SignatureTask<'_>, &[usize])> {
        let i = usize::try_from(i).unwrap_or(usize::MAX);
        match (self.kind()?.tasks().into_iter().nth(i), self.candidates.get(i)) {
            (Some(t), Some(c)) => Ok((t, c.as_slice())),
            _ => Err(type_error("task", "there is no signature task with this index")),
        }
    }

    fn verification(&self) -> Option<&Verification> {
        match &self.kind {
            Some(Kind::Response(v)) => Some(v),
            _ => None,
        }
    }

    fn key(&self, i: u32) -> JsResult<crate::saml::KeyTask<'_>> {
        let i = usize::try_from(i).unwrap_or(usize::MAX);
        self.verification()
            .and_then(|v| v.key_tasks().into_iter().nth(i))
            .ok_or_else(|| type_error("key", "there is no key task with this index"))
    }

    fn check_verifier(&self, verifier: &Verifier) -> JsResult<()> {
        if verifier.id != self.verifier {
            return Err(type_error("verifier", "is not the Verifier that began this verification"));
        }
        Ok(())
    }
}

#[wasm_bindgen]
impl Pending {
    /// How many signature values to check in this step.
    #[wasm_bindgen(js_name = taskCount)]
    pub fn task_count(&self) -> JsResult<u32> {
        self.kind()?;
        Ok(u32::try_from(self.candidates.len()).unwrap_or(u32::MAX))
    }

    /// JSON `{"algorithm","scheme","hash","candidates"}` for task `i`.
    #[wasm_bindgen(js_name = taskInfo)]
    pub fn task_info(&self, i: u32) -> JsResult<String> {
        let (task, candidates) = self.task(i)?;
        Ok(render::task_info(task.algorithm, candidates).render())
    }

    /// The signed octets of task `i` (the canonical SignedInfo, or a redirect query as received).
    #[wasm_bindgen(js_name = taskMessage)]
    pub fn task_message(&self, i: u32) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.task(i)?.0.message))
    }

    /// The signature value of task `i` (RSA: modulus-sized; ECDSA: raw r‖s, as WebCrypto takes it).
    #[wasm_bindgen(js_name = taskSignature)]
    pub fn task_signature(&self, i: u32) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.task(i)?.0.signature))
    }

    /// Task `i` checked by the core's own crypto (`crypto: 'wasm'`, or an algorithm the host's
    /// crypto lacks): the index of the pinned key that verified it, or -1.
    #[cfg(feature = "rust-crypto")]
    #[wasm_bindgen(js_name = taskInCore)]
    pub fn task_in_core(&self, verifier: &Verifier, i: u32) -> JsResult<i32> {
        self.check_verifier(verifier)?;
        let (task, _) = self.task(i)?;
        Ok(task.verify_in_core(&verifier.keys).and_then(|k| i32::try_from(k).ok()).unwrap_or(-1))
    }

    /// While decrypting: `"EncryptedAssertion"` or `"EncryptedID"`; else undefined.
    pub fn decrypting(&self) -> Option<String> {
        self.verification().and_then(Verification::decrypting).map(String::from)
    }

    /// How many `EncryptedKey`s to unwrap in this step (each with every SP key; 0 unless decrypting).
    #[wasm_bindgen(js_name = keyCount)]
    pub fn key_count(&self) -> u32 {
        self.verification().map_or(0, |v| u32::try_from(v.key_tasks().len()).unwrap_or(u32::MAX))
    }

    /// JSON `{"digest","mgf1","keyLength","algorithm"}` of key task `i`: the OAEP hashes as
    /// WebCrypto names them, the content key length in bytes, the content algorithm.
    #[wasm_bindgen(js_name = keyInfo)]
    pub fn key_info(&self, i: u32) -> JsResult<String> {
        Ok(render::key_task_info(&self.key(i)?).render())
    }

    /// The encrypted content key of key task `i`.
    #[wasm_bindgen(js_name = keyCipher)]
    pub fn key_cipher(&self, i: u32) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.key(i)?.encrypted_key))
    }

    /// The OAEP label of key task `i` (usually empty).
    #[wasm_bindgen(js_name = keyLabel)]
    pub fn key_label(&self, i: u32) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.key(i)?.transport.label.as_slice()))
    }

    /// What the next SP key made of key task `i`: `kind` `"key"` (the content key, from a full
    /// RSA-OAEP; random bytes of `keyLength` when that failed), `"raw"` (the RSA output, `k`
    /// bytes, for the core to decode) or `"unusable"` (`bytes` ignored).
    #[wasm_bindgen(js_name = supplyKey)]
    pub fn supply_key(&mut self, i: u32, kind: &str, bytes: &Uint8Array) -> JsResult<()> {
        let value = unwrapped(kind, bytes)?;
        match &mut self.kind {
            Some(Kind::Response(v)) => v.supply_key(usize::try_from(i).unwrap_or(usize::MAX), value).or_throw(),
            _ => Err(type_error("key", "there is no key task with this index")),
        }
    }

    /// `results[i]` is the index of the key that verified task `i`, or -1. The verdict is the
    /// core's: throws its error, else returns the result JSON, or undefined when another round
    /// of tasks follows (something was decrypted). `verifier` must be the one that began it.
    pub fn finish(&mut self, verifier: &Verifier, results: &[i32]) -> JsResult<Option<String>> {
        self.check_verifier(verifier)?;
        let verdicts = results
            .iter()
            .map(|&r| match r {
                -1 => Ok(None),
                r => usize::try_from(r).map(Some).map_err(|_| type_error("results", "must hold key indices or -1")),
            })
            .collect::<JsResult<Vec<Option<usize>>>>()?;
        let kind = self.kind.take().ok_or_else(|| type_error("pending", "is finished"))?;
        self.candidates.clear();
        let keys = &verifier.keys;
        let json = match kind {
            Kind::Response(v) => match v.finish(keys, &verdicts).or_throw()? {
                Step::Done(r) => render::verified(&r, keys),
                Step::Next(next) => {
                    self.candidates = next.tasks().iter().map(|t| t.candidates(keys)).collect();
                    self.kind = Some(Kind::Response(next));
                    return Ok(None);
                }
            },
            #[cfg(feature = "wasm-sp")]
            Kind::LogoutRequest(p) => {
                let o = self.logout.take().ok_or_else(|| type_error("pending", "has no logout options"))?;
                logout_request(&p.finish(keys, &verdicts).or_throw()?, &o)
            }
            #[cfg(feature = "wasm-sp")]
            Kind::LogoutResponse(p) => logout_response(&p.finish(keys, &verdicts).or_throw()?),
        };
        Ok(Some(json.render()))
    }
}

#[cfg(feature = "wasm-sp")]
fn logout_request(v: &crate::saml::logout::VerifiedLogoutRequest, o: &LogoutVerifyOptions) -> Json {
    obj([
        ("message", Json::str("LogoutRequest")),
        ("id", Json::str(&v.id)),
        ("issuer", Json::str(&v.issuer)),
        ("nameId", Json::str(&v.name_id.value)),
        ("nameIdFormat", Json::opt_str(v.name_id.format.as_deref())),
        ("nameQualifier", Json::opt_str(v.name_id.name_qualifier.as_deref())),
        ("spNameQualifier", Json::opt_str(v.name_id.sp_name_qualifier.as_deref())),
        ("sessionIndexes", Json::strs(&v.session_indexes)),
        ("notOnOrAfterMs", render::ms(v.not_on_or_after)),
        ("reason", Json::opt_str(v.reason.as_deref())),
        ("relayState", Json::opt_str(v.relay_state.as_deref())),
        ("replayExpiresMs", Json::Int(v.replay_expiry(o).unix_millis())),
        ("signature", logout_signature(&v.signature)),
    ])
}

#[cfg(feature = "wasm-sp")]
fn logout_response(v: &crate::saml::logout::VerifiedLogoutResponse) -> Json {
    obj([
        ("message", Json::str("LogoutResponse")),
        ("id", Json::str(&v.id)),
        ("issuer", Json::str(&v.issuer)),
        ("inResponseTo", Json::str(&v.in_response_to)),
        ("partial", Json::Bool(v.partial())),
        ("subStatusCodes", Json::strs(&v.sub_status_codes)),
        ("statusMessage", Json::opt_str(v.status_message.as_deref())),
        ("relayState", Json::opt_str(v.relay_state.as_deref())),
        ("signature", logout_signature(&v.signature)),
    ])
}

#[cfg(feature = "wasm-sp")]
fn logout_signature(s: &crate::saml::logout::LogoutSignature) -> Json {
    obj([
        ("binding", Json::str(s.binding.as_str())),
        ("algorithm", Json::str(s.algorithm.uri())),
        ("keyIndex", Json::uint(s.key_index)),
        ("keySha256", Json::Str(crate::encoding::hex_lower(&s.key_sha256))),
    ])
}

/// What the host made of an EncryptedKey with one SP key, from `supplyKey`'s `kind` and `bytes`.
pub(super) fn unwrapped(kind: &str, bytes: &Uint8Array) -> JsResult<Unwrapped> {
    match kind {
        "key" => Ok(Unwrapped::Key(bytes.to_vec())),
        "raw" => Ok(Unwrapped::Raw(bytes.to_vec())),
        "unusable" => Ok(Unwrapped::Unusable),
        _ => Err(type_error("kind", "must be \"key\", \"raw\" or \"unusable\"")),
    }
}
