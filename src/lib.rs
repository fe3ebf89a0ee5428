//! # saml-edge
//!
//! Strict SAML 2.0 Service-Provider response verification in pure Rust.
#![no_std]
#![forbid(unsafe_code)]
// Nothing may panic on input: no unwrap/expect/panic, no indexing that can go out of bounds.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::string_slice)
)]

extern crate alloc;

pub(crate) mod c14n;
pub mod crypto;
pub(crate) mod dsig;
pub(crate) mod encoding;
mod error;
#[cfg(feature = "rust-crypto")]
pub mod inspect;
#[doc(hidden)]
pub mod internals;
mod limits;
pub mod ns;
pub mod saml;
pub mod time;
pub mod trust;
pub mod verdict;
#[cfg(feature = "wasm")]
pub mod wasm;
pub(crate) mod xml;
pub mod xmlenc;

pub use error::{Error, LimitKind, Result};
pub use limits::Limits;
