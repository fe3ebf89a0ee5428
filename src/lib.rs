//! # saml-edge
//!
//! Strict SAML 2.0 Service-Provider response verification in pure Rust.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod c14n;
pub mod crypto;
pub mod dsig;
pub mod encoding;
mod error;
mod limits;
pub mod saml;
pub mod time;
pub mod trust;
pub mod xml;

pub use error::{Error, LimitKind, Result};
pub use limits::Limits;
