//! Canonicalization: Canonical XML 1.0 and Exclusive XML Canonicalization 1.0.
//!
//! The input is always a whole document or the subtree of one element (the
//! node-set `(//. | //@* | //namespace::*)` of a same-document Reference,
//! XML-DSig §4.4.3.3), optionally minus one subtree (the enveloped-signature
//! transform, XML-DSig §6.6.4). No XPath: SAML needs none, and each extra
//! transform is attack surface (../SAML-ATTACKS.md §15).
//!
//! Output streams into a [`Sink`] so a digest can be computed without
//! holding the canonical bytes.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Result};
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
    let mut w = Writer { method, exclude: exclude.map(|n| n.id()), out, rendered: Vec::new() };
    match node.kind() {
        NodeKind::Root => {
            // Canonical XML 1.0 §2.3: document-level comments and PIs are
            // separated from the root element by a line feed.
            let mut after_root = false;
            for child in node.children() {
                match child.kind() {
                    NodeKind::Element => {
                        w.element_subtree(child, Vec::new());
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

/// Namespace bindings in scope at `node`'s parent: `(prefix, uri)`, nearest last.
/// An empty `uri` with prefix `None` is `xmlns=""`.
fn ancestor_scope(node: Node<'_>) -> Vec<(Option<String>, String)> {
    let mut chain: Vec<Node<'_>> = node.ancestors().skip(1).filter(|n| n.is_element()).collect();
    chain.reverse();
    let mut scope = Vec::new();
    for a in chain {
        for d in a.namespace_decls() {
            scope.push((d.prefix.clone(), d.uri.clone()));
        }
    }
    scope
}

fn lookup<'s>(scope: &'s [(Option<String>, String)], prefix: Option<&str>) -> Option<&'s str> {
    scope.iter().rev().find(|(p, _)| p.as_deref() == prefix).map(|(_, u)| u.as_str())
}

struct Writer<'m, 'o, S: Sink + ?Sized> {
    method: &'m Method,
    exclude: Option<crate::xml::NodeId>,
    out: &'o mut S,
    /// Namespace declarations rendered by output ancestors, nearest last.
    rendered: Vec<(Option<String>, String)>,
}

/// One frame of the explicit traversal stack (no recursion: depth is input-controlled).
struct Frame<'d> {
    element: Node<'d>,
    next: Option<Node<'d>>,
    scope_mark: usize,
    rendered_mark: usize,
}

impl<S: Sink + ?Sized> Writer<'_, '_, S> {
    fn element_subtree(&mut self, apex: Node<'_>, mut scope: Vec<(Option<String>, String)>) {
        if Some(apex.id()) == self.exclude {
            return;
        }
        let mut stack: Vec<Frame<'_>> = Vec::new();
        self.open(apex, &mut scope, &mut stack, true);
        while let Some(top) = stack.last_mut() {
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
                        self.out.write(frame.element.qname().as_bytes());
                        self.out.write(b">");
                        scope.truncate(frame.scope_mark);
                        self.rendered.truncate(frame.rendered_mark);
                    }
                }
            }
        }
    }

    fn open<'d>(
        &mut self,
        e: Node<'d>,
        scope: &mut Vec<(Option<String>, String)>,
        stack: &mut Vec<Frame<'d>>,
        is_apex: bool,
    ) {
        let scope_mark = scope.len();
        for d in e.namespace_decls() {
            scope.push((d.prefix.clone(), d.uri.clone()));
        }
        let rendered_mark = self.rendered.len();
        self.start_tag(e, scope, is_apex);
        stack.push(Frame { element: e, next: e.first_child(), scope_mark, rendered_mark });
    }

    fn start_tag(&mut self, e: Node<'_>, scope: &[(Option<String>, String)], is_apex: bool) {
        let qname = e.qname();
        self.out.write(b"<");
        self.out.write(qname.as_bytes());

        // Namespace axis (C14N 1.0 §2.3 / Exc-C14N §3), sorted by prefix, default first.
        let mut decls: Vec<(Option<String>, String)> = Vec::new();
        let candidates: Vec<Option<String>> = match self.method {
            Method::Inclusive { .. } => {
                let mut prefixes: Vec<Option<String>> = Vec::new();
                for (p, _) in scope {
                    if !prefixes.contains(p) {
                        prefixes.push(p.clone());
                    }
                }
                prefixes
            }
            Method::Exclusive { inclusive_prefixes, .. } => {
                let mut prefixes: Vec<Option<String>> = alloc::vec![e.prefix().map(String::from)];
                for a in e.attributes() {
                    if a.prefix.is_some() && !prefixes.contains(&a.prefix) {
                        prefixes.push(a.prefix.clone());
                    }
                }
                for p in inclusive_prefixes {
                    let p = if p == "#default" { None } else { Some(p.clone()) };
                    // Listed prefixes are treated as in inclusive c14n: only if in scope.
                    if lookup(scope, p.as_deref()).is_some() && !prefixes.contains(&p) {
                        prefixes.push(p);
                    }
                }
                prefixes
            }
        };
        for prefix in candidates {
            if prefix.as_deref() == Some("xml") {
                continue;
            }
            let uri = lookup(scope, prefix.as_deref()).unwrap_or("");
            if prefix.is_some() && uri.is_empty() {
                continue;
            }
            let rendered = lookup(&self.rendered, prefix.as_deref()).unwrap_or("");
            if uri != rendered {
                decls.push((prefix, String::from(uri)));
            }
        }
        decls.sort_by(|a, b| a.0.as_deref().unwrap_or("").cmp(b.0.as_deref().unwrap_or("")));
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
        self.rendered.extend(decls);

        // Attribute axis, sorted by (namespace URI, local name), no-namespace first.
        let mut attrs: Vec<(&str, &str, String, &str)> = e
            .attributes()
            .iter()
            .map(|a| {
                let qn = match &a.prefix {
                    Some(p) => alloc::format!("{p}:{}", a.local),
                    None => a.local.clone(),
                };
                (a.namespace.as_deref().unwrap_or(""), a.local.as_str(), qn, a.value.as_str())
            })
            .collect();
        if is_apex && matches!(self.method, Method::Inclusive { .. }) {
            // C14N 1.0 §2.4: xml:* attributes of omitted ancestors are inherited by the apex.
            for anc in e.ancestors().skip(1).filter(|n| n.is_element()) {
                for a in anc.attributes() {
                    if a.namespace.as_deref() == Some(XML_NS) && !attrs.iter().any(|x| x.0 == XML_NS && x.1 == a.local)
                    {
                        attrs.push((XML_NS, a.local.as_str(), alloc::format!("xml:{}", a.local), a.value.as_str()));
                    }
                }
            }
        }
        attrs.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for (_, _, qn, value) in &attrs {
            self.out.write(b" ");
            self.out.write(qn.as_bytes());
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
