//! Strict XML: a tokenizer on quick-xml feeding an arena tree.
//!
//! What is refused, and why: any `<!DOCTYPE` (no DTD, so no entity expansion,
//! no external resources, no attribute defaults that would change what is
//! signed); entities other than the five predefined; encodings other than
//! UTF-8; unbound prefixes and misuse of `xml`/`xmlns` (Namespaces in XML 1.0
//! §3); duplicate attributes by expanded name (§6.3); anything but
//! whitespace, comments and PIs around the single root element. Every size is
//! bounded by [`crate::Limits`].

mod parser;
mod pretty;
pub(crate) mod scope;
mod tree;

pub(crate) use parser::span_source;
pub use parser::{is_ncname, parse};
pub use pretty::{pretty, pretty_marked};
pub use tree::{Attribute, Document, Node, NodeId, NodeKind};

/// The namespace bound to the `xml` prefix (Namespaces in XML 1.0 §3).
pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace bound to the `xmlns` prefix; never declarable.
pub(crate) const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";
