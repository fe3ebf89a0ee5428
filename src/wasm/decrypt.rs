//! Decryption for the debugger's view (`inspect` with decryption keys): the rounds of
//! [`crate::saml::decryption`] without any signature checked first, the RSA done by the host
//! (node:crypto or WebCrypto, where the SP keys live). Never a verdict: verification decrypts
//! through [`super::pending`].
//!
//! ```text
//! d = beginInspection(bytes)
//! while (!d.done()):
//!   d.keyCount() / keyInfo(i) / keyCipher(i) / keyLabel(i) / supplyKey(i, kind, bytes)
//!   d.nextUnchecked()
//! d.xml() / d.decrypted()
//! ```
//!
//! AES runs in the core, not in WebCrypto: WebCrypto's AES-CBC insists on PKCS #7 padding
//! (XML Encryption's is not) and Chromium has no AES-192; measured (docs/design.md), it adds
//! 10,222 bytes to the gzipped wasm. RSA stays in the host: in the wasm it would add 27,242.

use alloc::string::String;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::pending::unwrapped;
use super::render;
use super::{input_bytes, type_error, JsResult, OrThrow};
use crate::saml::bindings::decode_post_input;
use crate::saml::{begin_inspection, Inspection, KeyTask, VerifyOptions};
use crate::time::Timestamp;

/// A response decrypted as far as the host's keys open it (see the module docs).
#[wasm_bindgen]
pub struct Decryption {
    /// `None` only after a failed round.
    state: Option<Inspection>,
}

/// For the debugger's view (`inspect` with decryption keys): decrypts what the host's keys open,
/// without checking any signature first; `xml()` is the result. Never a verdict.
#[wasm_bindgen(js_name = beginInspection)]
pub fn begin_inspection_js(input: &Uint8Array) -> JsResult<Decryption> {
    let options = VerifyOptions::new("", "", Timestamp::from_unix_millis(0));
    let bytes = input_bytes(input, &options.limits)?;
    let decoded = decode_post_input(&bytes, &options.limits).or_throw()?;
    let inspection = begin_inspection(&decoded.xml, &options).or_throw()?;
    Ok(Decryption { state: Some(inspection) })
}

impl Decryption {
    fn inspection(&self) -> JsResult<&Inspection> {
        self.state.as_ref().ok_or_else(|| type_error("decryption", "failed"))
    }

    fn key(&self, i: u32) -> JsResult<KeyTask<'_>> {
        let i = usize::try_from(i).unwrap_or(usize::MAX);
        self.inspection()?
            .round
            .as_ref()
            .and_then(|r| r.key_tasks().into_iter().nth(i))
            .ok_or_else(|| type_error("key", "there is no key task with this index"))
    }
}

#[wasm_bindgen]
impl Decryption {
    /// True when nothing (more) is encrypted, or nothing more could be decrypted.
    pub fn done(&self) -> bool {
        self.state.as_ref().map_or(true, |i| i.round.is_none())
    }

    /// The document with everything decrypted so far in place.
    pub fn xml(&self) -> JsResult<String> {
        Ok(self.inspection()?.xml.clone())
    }

    /// JSON, what was decrypted (as `identity.decrypted`).
    pub fn decrypted(&self) -> JsResult<String> {
        Ok(super::render::decrypted(&self.inspection()?.decrypted).render())
    }

    /// How many `EncryptedKey`s to unwrap (each with every SP key).
    #[wasm_bindgen(js_name = keyCount)]
    pub fn key_count(&self) -> u32 {
        let n = self.state.as_ref().and_then(|i| i.round.as_ref()).map_or(0, |r| r.key_tasks().len());
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// JSON `{"digest","mgf1","keyLength","algorithm"}` of key task `i`, as `Pending.keyInfo`.
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

    /// What the next SP key made of key task `i`, as `Pending.supplyKey`.
    #[wasm_bindgen(js_name = supplyKey)]
    pub fn supply_key(&mut self, i: u32, kind: &str, bytes: &Uint8Array) -> JsResult<()> {
        let value = unwrapped(kind, bytes)?;
        let round = self.state.as_mut().and_then(|s| s.round.as_mut());
        let round = round.ok_or_else(|| type_error("decryption", "there is nothing (left) to decrypt"))?;
        round.supply_key(usize::try_from(i).unwrap_or(usize::MAX), value).or_throw()
    }

    /// Decrypts this round with the keys as supplied (no signature is checked); throws the
    /// core's error (and nothing more can be decrypted then).
    #[wasm_bindgen(js_name = nextUnchecked)]
    pub fn next_unchecked(&mut self) -> JsResult<()> {
        let mut state = self.state.take().ok_or_else(|| type_error("decryption", "failed"))?;
        let Some(round) = state.round.take() else {
            self.state = Some(state);
            return Err(type_error("decryption", "there is nothing (left) to decrypt in this inspection"));
        };
        self.state = Some(round.finish().or_throw()?);
        Ok(())
    }
}
