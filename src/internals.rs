//! What the fuzz targets, benchmarks, tests and the CLI's debugging commands reach below the API:
//! the XML parser and tree, canonicalization, the text encodings, the schema check. Not an API:
//! it changes with the internals.

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
