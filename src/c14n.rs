//! Canonicalization: Canonical XML 1.0 and Exclusive XML Canonicalization 1.0.
//!
//! The input is always a whole document or the subtree of one element (the
//! node-set `(//. | //@* | //namespace::*)` of a same-document Reference,
//! XML-DSig §4.4.3.3), optionally minus one subtree (the enveloped-signature
//! transform, XML-DSig §6.6.4). No XPath: SAML needs none, and each extra
//! transform is attack surface (docs/security.md §15).
//!
//! Output streams into a [`Sink`] so a digest can be computed without
//! holding the canonical bytes.

use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::xml::scope::Scope;
use crate::xml::{Node, NodeKind, XML_NS};

/// URI of Canonical XML 1.0 (omits comments).
pub const C14N_10: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
/// URI of Canonical XML 1.0 with comments.
pub const C14N_10_COMMENTS: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
/// URI of Exclusive XML Canonicalization 1.0 (omits comments).
pub const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
/// URI of Exclusive XML Canonicalization 1.0 with comments.
pub const EXC_C14N_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";

/// A canonicalization method with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// Exclusive XML Canonicalization 1.0. `inclusive_prefixes` is the
    /// `InclusiveNamespaces PrefixList` (Exc-C14N §3); `#default` names the
    /// default namespace.
    Exclusive { with_comments: bool, inclusive_prefixes: Vec<String> },
    /// Canonical XML 1.0.
    Inclusive { with_comments: bool },
}

impl Method {
    /// The method named by an `Algorithm` URI; `prefixes` is the PrefixList (exclusive only).
    pub fn from_uri(uri: &str, prefixes: Vec<String>) -> Result<Method> {
        match uri {
            EXC_C14N => Ok(Method::Exclusive { with_comments: false, inclusive_prefixes: prefixes }),
            EXC_C14N_COMMENTS => Ok(Method::Exclusive { with_comments: true, inclusive_prefixes: prefixes }),
            C14N_10 => Ok(Method::Inclusive { with_comments: false }),
            C14N_10_COMMENTS => Ok(Method::Inclusive { with_comments: true }),
            _ => Err(Error::C14nUnsupported { algorithm: String::from(uri) }),
        }
    }

    /// The `Algorithm` URI of this method.
    pub fn uri(&self) -> &'static str {
        match self {
            Method::Exclusive { with_comments: false, .. } => EXC_C14N,
            Method::Exclusive { with_comments: true, .. } => EXC_C14N_COMMENTS,
            Method::Inclusive { with_comments: false } => C14N_10,
            Method::Inclusive { with_comments: true } => C14N_10_COMMENTS,
        }
    }

    fn with_comments(&self) -> bool {
        match self {
            Method::Exclusive { with_comments, .. } | Method::Inclusive { with_comments } => *with_comments,
        }
    }
}

/// Where canonical bytes go: a buffer, or a running digest.
pub trait Sink {
    /// Append bytes.
    fn write(&mut self, bytes: &[u8]);
    /// True when the sink wants no more bytes: canonicalization stops early.
    fn full(&self) -> bool {
        false
    }
}

/// A sink that passes at most `remaining` bytes on, then reports itself full.
struct Bounded<'a, S: Sink + ?Sized> {
    inner: &'a mut S,
    remaining: usize,
    exceeded: bool,
}

impl<S: Sink + ?Sized> Sink for Bounded<'_, S> {
    fn write(&mut self, bytes: &[u8]) {
        if self.exceeded {
            return;
        }
        if bytes.len() > self.remaining {
            self.exceeded = true;
            return;
        }
        self.remaining -= bytes.len();
        self.inner.write(bytes);
    }
    fn full(&self) -> bool {
        self.exceeded
    }
}

/// [`canonicalize`], refusing with [`Error::Limit`] (`ERR_LIMIT_CANONICAL_SIZE`) once the
/// output would exceed `max_bytes`; the traversal stops there, so the work stays bounded.
pub fn canonicalize_bounded<S: Sink + ?Sized>(
    node: Node<'_>,
    method: &Method,
    exclude: Option<Node<'_>>,
    out: &mut S,
    max_bytes: usize,
) -> Result<()> {
    let mut bounded = Bounded { inner: out, remaining: max_bytes, exceeded: false };
    canonicalize(node, method, exclude, &mut bounded);
    if bounded.exceeded {
        return Err(Error::Limit { kind: crate::error::LimitKind::CanonicalBytes, max: max_bytes });
    }
    Ok(())
}

impl Sink for Vec<u8> {
    fn write(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Canonicalize `node` (the document node or an element) into a new buffer.
/// `exclude`, when given, is a subtree left out (enveloped signature).
pub fn canonicalize_to_vec(node: Node<'_>, method: &Method, exclude: Option<Node<'_>>) -> Vec<u8> {
    let mut out = Vec::new();
    canonicalize(node, method, exclude, &mut out);
    out
}

/// Canonicalize `node` (the document node or an element) into `out`.
pub fn canonicalize<S: Sink + ?Sized>(node: Node<'_>, method: &Method, exclude: Option<Node<'_>>, out: &mut S) {
    let mut listed = BTreeSet::new();
    if let Method::Exclusive { inclusive_prefixes, .. } = method {
        // Inserted one by one: `collect` into a BTreeSet sorts with the stable sort, which
        // nothing else in the WebAssembly build links (about 5 KB of it).
        for p in inclusive_prefixes {
            listed.insert(if p == "#default" { String::new() } else { p.clone() });
        }
    }
    let mut w = Writer { method, exclude: exclude.map(|n| n.id()), out, rendered: Scope::default(), listed };
    match node.kind() {
        NodeKind::Root => {
            // Canonical XML 1.0 §2.3: document-level comments and PIs are
            // separated from the root element by a line feed.
            let mut after_root = false;
            for child in node.children() {
                match child.kind() {
                    NodeKind::Element => {
                        w.element_subtree(child, Scope::default());
                        after_root = true;
                    }
                    NodeKind::Comment | NodeKind::ProcessingInstruction => {
                        if child.kind() == NodeKind::Comment && !method.with_comments() {
                            continue;
                        }
                        if after_root {
                            w.out.write(b"\n");
                        }
                        w.leaf(child);
                        if !after_root {
                            w.out.write(b"\n");
                        }
                    }
                    _ => {}
                }
            }
        }
        NodeKind::Element => {
            let in_scope = ancestor_scope(node);
            w.element_subtree(node, in_scope);
        }
        _ => w.leaf(node),
    }
}

/// Namespace bindings in scope at `node`'s parent (`xmlns=""` binds the default to "").
fn ancestor_scope(node: Node<'_>) -> Scope {
    let mut chain: Vec<Node<'_>> = node.ancestors().skip(1).filter(|n| n.is_element()).collect();
    chain.reverse();
    let mut scope = Scope::default();
    for a in chain {
        for d in a.namespace_decls() {
            scope.push(d.prefix.as_deref(), &d.uri);
        }
    }
    scope
}

struct Writer<'m, 'o, S: Sink + ?Sized> {
    method: &'m Method,
    exclude: Option<crate::xml::NodeId>,
    out: &'o mut S,
    /// Namespace declarations rendered by output ancestors.
    rendered: Scope,
    /// The exclusive InclusiveNamespaces PrefixList ("" for `#default`).
    listed: BTreeSet<String>,
}

/// One frame of the explicit traversal stack (no recursion: depth is input-controlled).
struct Frame<'d> {
    element: Node<'d>,
    next: Option<Node<'d>>,
    scope_mark: usize,
    rendered_mark: usize,
}

impl<S: Sink + ?Sized> Writer<'_, '_, S> {
    fn element_subtree(&mut self, apex: Node<'_>, mut scope: Scope) {
        if Some(apex.id()) == self.exclude {
            return;
        }
        let mut stack: Vec<Frame<'_>> = Vec::new();
        self.open(apex, &mut scope, &mut stack, true);
        while let Some(top) = stack.last_mut() {
            if self.out.full() {
                return;
            }
            match top.next {
                Some(child) => {
                    top.next = child.next_sibling();
                    if Some(child.id()) == self.exclude {
                        continue;
                    }
                    if child.is_element() {
                        self.open(child, &mut scope, &mut stack, false);
                    } else {
                        self.leaf(child);
                    }
                }
                None => {
                    if let Some(frame) = stack.pop() {
                        self.out.write(b"</");
                        self.write_qname(frame.element);
                        self.out.write(b">");
                        scope.pop_to(frame.scope_mark);
                        self.rendered.pop_to(frame.rendered_mark);
                    }
                }
            }
        }
    }

    fn open<'d>(&mut self, e: Node<'d>, scope: &mut Scope, stack: &mut Vec<Frame<'d>>, is_apex: bool) {
        let scope_mark = scope.mark();
        for d in e.namespace_decls() {
            scope.push(d.prefix.as_deref(), &d.uri);
        }
        let rendered_mark = self.rendered.mark();
        self.start_tag(e, scope, is_apex);
        stack.push(Frame { element: e, next: e.first_child(), scope_mark, rendered_mark });
    }

    /// The element's name as written (`prefix:local`), without building it.
    fn write_qname(&mut self, e: Node<'_>) {
        if let Some(p) = e.prefix() {
            self.out.write(p.as_bytes());
            self.out.write(b":");
        }
        self.out.write(e.local_name().as_bytes());
    }

    fn start_tag(&mut self, e: Node<'_>, scope: &Scope, is_apex: bool) {
        self.out.write(b"<");
        self.write_qname(e);

        // Namespace axis (C14N 1.0 §2.3 / Exc-C14N §3), sorted by prefix, default first.
        //
        // Inside a whole subtree every element's parent is output, so below the apex a
        // binding can differ from what is already rendered only where the element itself
        // declares it: the apex considers everything in scope, the others their own
        // declarations. That keeps the work linear in the declarations (no quadratic
        // blow-up from many namespaces on many elements).
        // Prefixes are borrowed from the tree and the scope, not copied: this runs per element.
        let single: [Option<&str>; 1];
        let mut many: Vec<Option<&str>>;
        let candidates: &[Option<&str>] = match self.method {
            // The common case, spelled out to spare an allocation per element: exclusive C14N
            // without a PrefixList, no prefixed attribute: only the element's own prefix.
            Method::Exclusive { .. } if self.listed.is_empty() && e.attributes().iter().all(|a| a.prefix.is_none()) => {
                single = [e.prefix()];
                &single
            }
            _ => {
                let own = || e.namespace_decls().iter().map(|d| d.prefix.as_deref()).collect::<Vec<_>>();
                let in_scope = || scope.bindings().map(|(p, _)| p).collect::<Vec<_>>();
                many = match self.method {
                    Method::Inclusive { .. } if is_apex => in_scope(),
                    Method::Inclusive { .. } => own(),
                    Method::Exclusive { .. } => {
                        // Visibly utilized prefixes, then listed ones (treated as in inclusive c14n).
                        let mut prefixes: Vec<Option<&str>> = alloc::vec![e.prefix()];
                        prefixes
                            .extend(e.attributes().iter().filter(|a| a.prefix.is_some()).map(|a| a.prefix.as_deref()));
                        if !self.listed.is_empty() {
                            let listed = if is_apex { in_scope() } else { own() };
                            prefixes.extend(listed.into_iter().filter(|p| self.listed.contains(p.unwrap_or(""))));
                        }
                        prefixes
                    }
                };
                // Equal prefixes are identical, so an unstable sort gives the same order.
                many.sort_unstable();
                many.dedup();
                &many
            }
        };
        let mut decls: Vec<(Option<&str>, &str)> = Vec::new();
        for &prefix in candidates {
            if prefix == Some("xml") {
                continue;
            }
            let uri = scope.get(prefix).unwrap_or("");
            if prefix.is_some() && uri.is_empty() {
                continue;
            }
            let rendered = self.rendered.get(prefix).unwrap_or("");
            if uri != rendered {
                decls.push((prefix, uri));
            }
        }
        for (prefix, uri) in &decls {
            match prefix {
                Some(p) => {
                    self.out.write(b" xmlns:");
                    self.out.write(p.as_bytes());
                }
                None => self.out.write(b" xmlns"),
            }
            self.out.write(b"=\"");
            escape_attribute(uri, self.out);
            self.out.write(b"\"");
        }
        for (prefix, uri) in &decls {
            self.rendered.push(*prefix, uri);
        }

        // Attribute axis, sorted by (namespace URI, local name), no-namespace first: a key that
        // is unique per element (the parser refuses duplicates), so an unstable sort is exact.
        let mut attrs: Vec<(&str, &str, Option<&str>, &str)> = e
            .attributes()
            .iter()
            .map(|a| (a.namespace.as_deref().unwrap_or(""), a.local.as_str(), a.prefix.as_deref(), a.value.as_str()))
            .collect();
        if is_apex && matches!(self.method, Method::Inclusive { .. }) {
            // C14N 1.0 §2.4: xml:* attributes of omitted ancestors are inherited by the apex.
            for anc in e.ancestors().skip(1).filter(|n| n.is_element()) {
                for a in anc.attributes() {
                    if a.namespace.as_deref() == Some(XML_NS) && !attrs.iter().any(|x| x.0 == XML_NS && x.1 == a.local)
                    {
                        attrs.push((XML_NS, a.local.as_str(), Some("xml"), a.value.as_str()));
                    }
                }
            }
        }
        attrs.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for (_, local, prefix, value) in &attrs {
            self.out.write(b" ");
            if let Some(p) = prefix {
                self.out.write(p.as_bytes());
                self.out.write(b":");
            }
            self.out.write(local.as_bytes());
            self.out.write(b"=\"");
            escape_attribute(value, self.out);
            self.out.write(b"\"");
        }
        self.out.write(b">");
    }

    fn leaf(&mut self, n: Node<'_>) {
        match n.kind() {
            NodeKind::Text => escape_text(n.text(), self.out),
            NodeKind::Comment => {
                if self.method.with_comments() {
                    self.out.write(b"<!--");
                    self.out.write(n.text().as_bytes());
                    self.out.write(b"-->");
                }
            }
            NodeKind::ProcessingInstruction => {
                self.out.write(b"<?");
                self.out.write(n.local_name().as_bytes());
                if !n.text().is_empty() {
                    self.out.write(b" ");
                    self.out.write(n.text().as_bytes());
                }
                self.out.write(b"?>");
            }
            NodeKind::Root | NodeKind::Element => {}
        }
    }
}

/// C14N 1.0 §2.3 text nodes: `&`, `<`, `>` and CR are escaped.
fn escape_text<S: Sink + ?Sized>(s: &str, out: &mut S) {
    escape(s, out, |b| match b {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'>' => Some(b"&gt;"),
        b'\r' => Some(b"&#xD;"),
        _ => None,
    });
}

/// C14N 1.0 §2.3 attribute values: `&`, `<`, `"`, TAB, LF and CR are escaped.
fn escape_attribute<S: Sink + ?Sized>(s: &str, out: &mut S) {
    escape(s, out, |b| match b {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'"' => Some(b"&quot;"),
        b'\t' => Some(b"&#x9;"),
        b'\n' => Some(b"&#xA;"),
        b'\r' => Some(b"&#xD;"),
        _ => None,
    });
}

fn escape<S: Sink + ?Sized>(s: &str, out: &mut S, rule: impl Fn(u8) -> Option<&'static [u8]>) {
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(rep) = rule(b) {
            out.write(bytes.get(from..i).unwrap_or_default());
            out.write(rep);
            from = i + 1;
        }
    }
    out.write(bytes.get(from..).unwrap_or_default());
}
