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
pub mod inspect;
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

/// What the fuzz targets, benchmarks, tests and the CLI's debugging commands reach below the API:
/// the XML parser and tree, canonicalization, the text encodings, the schema check. Not an API:
/// it changes with the internals.
#[doc(hidden)]
pub mod internals {
    /// The strict XML parser and its tree ([`crate::xml`]).
    pub mod xml {
        pub use crate::xml::{is_ncname, parse, pretty, pretty_marked, Attribute, Document, Node, NodeId, NodeKind};
    }
    /// Canonical XML ([`crate::c14n`]).
    pub mod c14n {
        pub use crate::c14n::*;
    }
    /// Base64 and hex ([`crate::encoding`]).
    pub mod encoding {
        pub use crate::encoding::*;
    }
    /// XML-DSig below the SAML layer ([`crate::dsig`]).
    pub mod dsig {
        pub use crate::dsig::*;
    }
    pub use crate::saml::schema::check_structure;
}
