//! The one rule for signature values, for every message the SP verifies: a response (sent in the
//! clear or encrypted), a logout message, signed IdP metadata.
//!
//! Verification takes two steps. `begin` runs every check that needs no public-key operation,
//! digests included (each Reference is canonicalized straight into the core's hasher, so no
//! canonical bytes are ever held), and leaves each signature value as a [`SignatureTask`]. The
//! crypto that holds the keys (the core's own, node:crypto, WebCrypto) answers each task with the
//! index of the pinned key that verified it, or `None`; [`Pending::finish`] then decides. The
//! verdict, and which error is reported when several checks fail, are the core's in every case:
//! the host only ever says "key i verified this".
//!
//! What a pending verification holds while the host works (across an `await` in JS) is what the
//! tasks need and what the checks already read, never the document: many verifications in flight
//! cost little memory each.

use alloc::string::String;
use alloc::vec::Vec;

use crate::crypto::SignatureAlgorithm;
use crate::error::{Error, Result};
use crate::trust::TrustedKeys;

/// One signature value left to check: does `signature` verify `message` with one of the pinned
/// keys [`SignatureTask::candidates`]?
#[derive(Debug, Clone, Copy)]
pub struct SignatureTask<'a> {
    /// The algorithm (RSA PKCS#1 v1.5 or ECDSA with raw r‖s, and its hash).
    pub algorithm: SignatureAlgorithm,
    /// The signed octets: the canonical SignedInfo, or a redirect query as received.
    pub message: &'a [u8],
    /// The signature value (RSA: modulus-sized; ECDSA: raw r‖s, as WebCrypto takes it).
    pub signature: &'a [u8],
}

impl SignatureTask<'_> {
    /// Indices (into `keys`) of the pinned keys whose kind fits the algorithm, in the order to try.
    pub fn candidates(&self, keys: &TrustedKeys) -> Vec<usize> {
        keys.iter().enumerate().filter(|(_, k)| k.key().supports(self.algorithm)).map(|(i, _)| i).collect()
    }

    /// The check with the core's own crypto: the first candidate key that verifies, or `None`.
    #[cfg(feature = "rust-crypto")]
    pub fn verify_in_core(&self, keys: &TrustedKeys) -> Option<usize> {
        self.candidates(keys).into_iter().find(|&i| {
            keys.iter()
                .nth(i)
                .is_some_and(|k| k.key().verify(self.algorithm, self.message, self.signature).unwrap_or(false))
        })
    }
}

/// A message checked up to its signature values.
pub trait Pending: Sized {
    /// What a verified message gives.
    type Verified;

    /// The signature values to check, in order.
    fn tasks(&self) -> Vec<SignatureTask<'_>>;

    /// Decide, with `verdicts[i]` the index of the pinned key that verified task `i` (or `None`).
    /// Every remaining check runs here, in the core; the first failing one is reported.
    ///
    /// # Errors
    /// [`Error::ConfigInvalid`] (`results`) unless there is exactly one verdict per task; then
    /// whatever the message's checks refuse.
    fn finish(self, keys: &TrustedKeys, verdicts: &[Option<usize>]) -> Result<Self::Verified>;

    /// [`Pending::finish`] with the core's own crypto.
    #[cfg(feature = "rust-crypto")]
    fn finish_in_core(self, keys: &TrustedKeys) -> Result<Self::Verified> {
        let verdicts: Vec<Option<usize>> = self.tasks().iter().map(|t| t.verify_in_core(keys)).collect();
        self.finish(keys, &verdicts)
    }
}

/// Exactly one verdict per task (what [`Pending::finish`] requires first).
pub(crate) fn one_per_task(verdicts: &[Option<usize>], tasks: usize) -> Result<()> {
    if verdicts.len() == tasks {
        return Ok(());
    }
    Err(Error::ConfigInvalid {
        option: String::from("results"),
        detail: alloc::format!("{} results for {} signature tasks", verdicts.len(), tasks),
    })
}
