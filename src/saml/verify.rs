//! The one path of a response, from the bytes the ACS received to the verified identity, sent in
//! the clear or encrypted, whichever crypto checks the signature values:
//!
//! ```text
//! check_config → decode_post_input → Verification::begin ─┬─ tasks()      signature values ─┐
//!                                                         └─ key_tasks()  RSA (decrypting) ─┤
//!                          Verification::finish(verdicts) ←─────────────────────────────────┘
//!                             → Step::Next (another round) | Step::Done(VerifiedResponse)
//! ```
//!
//! [`verify_response`] and [`verify_response_decrypting`] drive it with the core's own crypto; a JS
//! host drives the same steps with node:crypto or WebCrypto (src/wasm.rs), and every verdict is
//! decided here either way ([`crate::verdict`]).

#[cfg(feature = "rust-crypto")]
use super::bindings::decode_post_input;
use super::bindings::PostInput;
use super::decryption::{plan, DecryptionRound, KeyTask, Planned};
use super::response::{begin_document, check_config, PendingResponse, Prior, VerifiedResponse};
use super::VerifyOptions;
use crate::error::Result;
use crate::trust::TrustedKeys;
use crate::verdict::{Pending, SignatureTask};
use crate::xml;
#[cfg(feature = "rust-crypto")]
use crate::xmlenc::DecryptionKeys;
use crate::xmlenc::Unwrapped;
use alloc::string::String;
use alloc::vec::Vec;

/// Verify a response as it arrives at the ACS (raw XML, base64 of it, or the whole
/// `application/x-www-form-urlencoded` POST body) with the core's own crypto. An encrypted
/// response is refused (`ERR_SAML_ENCRYPTED_UNSUPPORTED`): [`verify_response_decrypting`] takes
/// the SP's keys.
///
/// # Errors
/// The first check that fails, in the order of [`super::response`].
#[cfg(feature = "rust-crypto")]
pub fn verify_response(input: &[u8], keys: &TrustedKeys, options: &VerifyOptions) -> Result<VerifiedResponse> {
    check_config(keys, options)?;
    let message = decode_post_input(input, &options.limits)?;
    let mut v = Verification::begin(&message, keys, options)?;
    loop {
        v = match v.finish_in_core(keys)? {
            Step::Done(r) => return Ok(r),
            Step::Next(next) => next,
        };
    }
}

/// [`verify_response`] decrypting what is encrypted with `decryption_keys` (RSA blinded with
/// `rng`), in the order of [`super::decryption`]. Without decryption keys this is
/// [`verify_response`].
///
/// # Errors
/// As [`verify_response`]; the decryption's refusals ([`super::decryption`]).
#[cfg(feature = "rust-crypto")]
pub fn verify_response_decrypting<R: rsa::rand_core::TryCryptoRng + ?Sized>(
    input: &[u8],
    keys: &TrustedKeys,
    decryption_keys: &DecryptionKeys,
    options: &VerifyOptions,
    rng: &mut R,
) -> Result<VerifiedResponse> {
    if decryption_keys.is_empty() {
        return verify_response(input, keys, options);
    }
    let mut o = options.clone();
    o.decrypt = true;
    check_config(keys, &o)?;
    let message = decode_post_input(input, &o.limits)?;
    let mut v = Verification::begin(&message, keys, &o)?;
    loop {
        let verdicts: Vec<Option<usize>> = v.tasks().iter().map(|t| t.verify_in_core(keys)).collect();
        // The RSA private key is used only once the signatures over the ciphertext verified.
        if verdicts.iter().all(Option::is_some) {
            v.unwrap_in_core(decryption_keys, rng)?;
        }
        v = match v.finish(keys, &verdicts)? {
            Step::Done(r) => return Ok(r),
            Step::Next(next) => next,
        };
    }
}

/// A response on its way: checked up to its signature values, and, while something is still
/// encrypted, up to the RSA of its content key.
#[derive(Debug)]
pub struct Verification(Stage);

#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
enum Stage {
    /// One encrypted element to decrypt, after the signatures over its ciphertext.
    Decrypting(DecryptionRound),
    /// Nothing (more) encrypted: the response's signatures, then steps 6–10.
    Ready(PendingResponse),
}

/// What [`Verification::finish`] gives: another round, or the verified response.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Step {
    /// Something encrypted was decrypted and the result holds more to check: answer its tasks.
    Next(Verification),
    /// Every check passed.
    Done(VerifiedResponse),
}

impl Verification {
    /// Every check of a decoded `message` that needs no key the caller holds: the configuration,
    /// the XML, and every step of [`super::response`] but the signature values, or (with
    /// [`VerifyOptions::decrypt`]) what is sent in the clear before the first decryption.
    ///
    /// # Errors
    /// The first check that fails.
    pub fn begin(message: &PostInput, keys: &TrustedKeys, options: &VerifyOptions) -> Result<Verification> {
        check_config(keys, options)?;
        let doc = xml::parse(&message.xml, &options.limits)?;
        let stage = if options.decrypt && super::decryption::COMPILED {
            let text = String::from(xml::span_source(&message.xml));
            match plan(text, doc, Prior::default(), options)? {
                Planned::Round(r) => Stage::Decrypting(r),
                Planned::Ready(p) => Stage::Ready(p),
            }
        } else {
            Stage::Ready(begin_document(doc, Prior::default(), options)?)
        };
        Ok(Verification(stage))
    }

    /// What this round decrypts (`"EncryptedAssertion"` or `"EncryptedID"`), or `None` when
    /// nothing is left to decrypt.
    pub fn decrypting(&self) -> Option<&'static str> {
        match &self.0 {
            Stage::Decrypting(r) => Some(r.element()),
            Stage::Ready(_) => None,
        }
    }

    /// The `EncryptedKey`s to unwrap, each with every SP key (none when nothing is encrypted).
    pub fn key_tasks(&self) -> Vec<KeyTask<'_>> {
        match &self.0 {
            Stage::Decrypting(r) => r.key_tasks(),
            Stage::Ready(_) => Vec::new(),
        }
    }

    /// What the next SP key made of key task `task`: call it once per SP key, in the SP keys'
    /// order (the position is the key index reported in `decrypted`).
    ///
    /// # Errors
    /// [`crate::Error::ConfigInvalid`] for a task that does not exist.
    pub fn supply_key(&mut self, task: usize, unwrapped: Unwrapped) -> Result<()> {
        match &mut self.0 {
            Stage::Decrypting(r) => r.supply_key(task, unwrapped),
            Stage::Ready(_) => Err(crate::Error::ConfigInvalid {
                option: String::from("key"),
                detail: String::from("there is nothing (left) to decrypt"),
            }),
        }
    }

    /// Every key task unwrapped with the core's own RSA and `keys` (blinded with `rng`).
    #[cfg(feature = "rust-crypto")]
    fn unwrap_in_core<R: rsa::rand_core::TryCryptoRng + ?Sized>(
        &mut self,
        keys: &DecryptionKeys,
        rng: &mut R,
    ) -> Result<()> {
        let Stage::Decrypting(r) = &mut self.0 else { return Ok(()) };
        for task in 0..r.key_tasks().len() {
            for u in r.unwrap_in_core(task, keys, rng) {
                r.supply_key(task, u)?;
            }
        }
        Ok(())
    }
}

impl Pending for Verification {
    type Verified = Step;

    /// The signature values of this step: those over the ciphertext while decrypting, else the
    /// response's.
    fn tasks(&self) -> Vec<SignatureTask<'_>> {
        match &self.0 {
            Stage::Decrypting(r) => r.tasks(),
            Stage::Ready(p) => p.tasks(),
        }
    }

    /// Judge this step's signatures; while decrypting, then decrypt with the keys as supplied.
    fn finish(self, keys: &TrustedKeys, verdicts: &[Option<usize>]) -> Result<Step> {
        match self.0 {
            // Never reached without decryption compiled in (nothing makes this stage): the arm is
            // left out so that the compiler drops XML Encryption from such a build.
            Stage::Decrypting(_) if !super::decryption::COMPILED => Err(crate::Error::SamlEncryptedAssertion),
            Stage::Decrypting(r) => Ok(Step::Next(Verification(match r.finish(keys, verdicts)? {
                Planned::Round(r) => Stage::Decrypting(r),
                Planned::Ready(p) => Stage::Ready(p),
            }))),
            Stage::Ready(p) => p.finish(keys, verdicts).map(Step::Done),
        }
    }
}
