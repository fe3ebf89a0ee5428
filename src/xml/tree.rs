//! The arena tree: every node lives in one `Vec`, handles are `Copy`.
//!
//! The tree holds what XML 1.0 and Namespaces in XML say a document *means*
//! after parsing: line ends normalized (§2.11), attribute values normalized
//! (§3.3.3), references expanded, CDATA merged into text, namespace
//! declarations kept apart from attributes and every name resolved to its
//! namespace URI. Canonicalization and extraction both read this one tree, so
//! the bytes that are signed and the values that are used cannot disagree.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::ops::Range;

/// Index of a node in its [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub(crate) u32);

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// The document node (the parent of the root element).
    Root,
    /// An element.
    Element,
    /// Character data: text and CDATA sections, merged, references expanded.
    Text,
    /// A comment (its content without `<!--` `-->`).
    Comment,
    /// A processing instruction.
    ProcessingInstruction,
}

/// An attribute after namespace resolution and value normalization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// Prefix as written (`None` for an unprefixed attribute, which has no namespace).
    pub prefix: Option<String>,
    /// Local part of the name.
    pub local: String,
    /// Namespace URI the prefix resolves to (`None` when unprefixed); shared, not copied.
    pub namespace: Option<Arc<str>>,
    /// Normalized value (XML 1.0 §3.3.3 for CDATA-typed attributes).
    pub value: String,
}

/// A namespace declaration (`xmlns="..."` or `xmlns:p="..."`) as written on an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceDecl {
    /// `None` for the default namespace.
    pub prefix: Option<String>,
    /// The URI; empty for `xmlns=""` (undeclaring the default namespace).
    pub uri: String,
}

#[derive(Debug, Clone)]
pub(crate) struct NodeData {
    pub kind: NodeKind,
    pub parent: Option<NodeId>,
    pub first_child: Option<NodeId>,
    pub last_child: Option<NodeId>,
    pub next_sibling: Option<NodeId>,
    /// Element: local name. PI: target. Others: empty. (A range of [`Document::strings`].)
    pub name: Range<u32>,
    /// Element: prefix as written (a range of [`Document::strings`]).
    pub prefix: Option<Range<u32>>,
    /// Element: resolved namespace URI, shared with the binding (not copied per element).
    pub namespace: Option<Arc<str>>,
    /// Text/comment content, PI data (a range of [`Document::strings`]).
    pub text: Range<u32>,
    pub attributes: Range<u32>,
    pub ns_decls: Range<u32>,
    /// Byte range in the (line-end normalized) source.
    pub span: Range<usize>,
}

impl NodeData {
    /// A node of `kind` with no links, names, text or attributes yet.
    pub(crate) const fn new(kind: NodeKind, span: Range<usize>) -> NodeData {
        NodeData {
            kind,
            parent: None,
            first_child: None,
            last_child: None,
            next_sibling: None,
            name: 0..0,
            prefix: None,
            namespace: None,
            text: 0..0,
            attributes: 0..0,
            ns_decls: 0..0,
            span,
        }
    }
}

/// Stands in for a node that does not exist; never reached for handles the document made.
static EMPTY: NodeData = NodeData::new(NodeKind::Text, 0..0);

/// A parsed document. Build one with [`crate::xml::parse`].
#[derive(Debug, Clone)]
pub struct Document {
    pub(crate) nodes: Vec<NodeData>,
    pub(crate) attributes: Vec<Attribute>,
    pub(crate) ns_decls: Vec<NamespaceDecl>,
    /// Every node's name, prefix and text, end to end: one buffer instead of a few small
    /// allocations per node (allocation was ~15% of a large response's verification).
    pub(crate) strings: String,
}

impl Document {
    fn str(&self, range: &Range<u32>) -> &str {
        self.strings.get(range.start as usize..range.end as usize).unwrap_or_default()
    }

    /// The document node.
    pub fn root(&self) -> Node<'_> {
        Node { doc: self, id: NodeId(0) }
    }

    /// The document element.
    pub fn root_element(&self) -> Node<'_> {
        // The parser guarantees exactly one element child of the root.
        self.root().children().find(|n| n.is_element()).unwrap_or(self.root())
    }

    /// The node with this id.
    pub fn get(&self, id: NodeId) -> Node<'_> {
        Node { doc: self, id }
    }

    /// Every node in document order.
    pub fn descendants(&self) -> impl Iterator<Item = Node<'_>> + '_ {
        (0..self.nodes.len() as u32).map(move |i| Node { doc: self, id: NodeId(i) })
    }

    /// Number of nodes, the document node included.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Never true: a document has at least its root and one element.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// A handle to one node; cheap to copy.
#[derive(Clone, Copy)]
pub struct Node<'d> {
    doc: &'d Document,
    id: NodeId,
}

impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self.doc, other.doc) && self.id == other.id
    }
}
impl Eq for Node<'_> {}

impl core::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Node({:?} {:?} {})", self.id.0, self.kind(), self.local_name())
    }
}

impl<'d> Node<'d> {
    fn data(&self) -> &'d NodeData {
        // Handles are only made by the document for its own nodes, so the id is in range.
        self.doc.nodes.get(self.id.0 as usize).unwrap_or(&EMPTY)
    }

    /// This node's id.
    pub fn id(&self) -> NodeId {
        self.id
    }
    /// The document this node belongs to.
    pub fn document(&self) -> &'d Document {
        self.doc
    }
    /// What the node is.
    pub fn kind(&self) -> NodeKind {
        self.data().kind
    }
    /// True for elements.
    pub fn is_element(&self) -> bool {
        self.kind() == NodeKind::Element
    }
    /// True for element `local` in namespace `ns`. Names are never matched without their namespace.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.is_element() && self.local_name() == local && self.data().namespace.as_deref() == Some(ns)
    }
    /// Element local name, or PI target; empty for other kinds.
    pub fn local_name(&self) -> &'d str {
        self.doc.str(&self.data().name)
    }
    /// Element prefix as written.
    pub fn prefix(&self) -> Option<&'d str> {
        self.data().prefix.as_ref().map(|r| self.doc.str(r))
    }
    /// Element namespace URI.
    pub fn namespace(&self) -> Option<&'d str> {
        self.data().namespace.as_deref()
    }
    /// The qualified name as written (`prefix:local` or `local`).
    pub fn qname(&self) -> String {
        match self.prefix() {
            Some(p) => alloc::format!("{p}:{}", self.local_name()),
            None => String::from(self.local_name()),
        }
    }
    /// Text or comment content, or PI data; empty for elements and the root.
    pub fn text(&self) -> &'d str {
        self.doc.str(&self.data().text)
    }
    /// Byte range of the node in the parsed (line-end normalized) source.
    pub fn span(&self) -> Range<usize> {
        self.data().span.clone()
    }

    /// Attributes (namespace declarations excluded), in document order.
    pub fn attributes(&self) -> &'d [Attribute] {
        let r = &self.data().attributes;
        self.doc.attributes.get(r.start as usize..r.end as usize).unwrap_or_default()
    }
    /// The value of the unprefixed (no-namespace) attribute `local`.
    pub fn attribute(&self, local: &str) -> Option<&'d str> {
        self.attributes().iter().find(|a| a.namespace.is_none() && a.local == local).map(|a| a.value.as_str())
    }
    /// The value of attribute `{ns}local`.
    pub fn attribute_ns(&self, ns: &str, local: &str) -> Option<&'d str> {
        self.attributes()
            .iter()
            .find(|a| a.namespace.as_deref() == Some(ns) && a.local == local)
            .map(|a| a.value.as_str())
    }
    /// Namespace declarations written on this element.
    pub fn namespace_decls(&self) -> &'d [NamespaceDecl] {
        let r = &self.data().ns_decls;
        self.doc.ns_decls.get(r.start as usize..r.end as usize).unwrap_or_default()
    }
    /// Resolve `prefix` (`None`: the default namespace) in this element's scope.
    /// `Some("")` is returned where the default namespace is undeclared by `xmlns=""`.
    pub fn lookup_namespace(&self, prefix: Option<&str>) -> Option<&'d str> {
        if prefix == Some("xml") {
            return Some(super::XML_NS);
        }
        let mut cur = Some(*self);
        while let Some(n) = cur {
            if let Some(d) = n.namespace_decls().iter().rev().find(|d| d.prefix.as_deref() == prefix) {
                return Some(d.uri.as_str());
            }
            cur = n.parent();
        }
        None
    }

    /// The parent node (`None` for the document node).
    pub fn parent(&self) -> Option<Node<'d>> {
        self.data().parent.map(|id| Node { doc: self.doc, id })
    }
    /// The parent element, if any.
    pub fn parent_element(&self) -> Option<Node<'d>> {
        self.parent().filter(|p| p.is_element())
    }
    /// This node and its ancestors, nearest first.
    pub fn ancestors(&self) -> impl Iterator<Item = Node<'d>> {
        let mut cur = Some(*self);
        core::iter::from_fn(move || {
            let n = cur?;
            cur = n.parent();
            Some(n)
        })
    }
    /// The first child.
    pub fn first_child(&self) -> Option<Node<'d>> {
        self.data().first_child.map(|id| Node { doc: self.doc, id })
    }
    /// The next sibling.
    pub fn next_sibling(&self) -> Option<Node<'d>> {
        self.data().next_sibling.map(|id| Node { doc: self.doc, id })
    }
    /// Child nodes in order.
    pub fn children(&self) -> impl Iterator<Item = Node<'d>> {
        let mut cur = self.first_child();
        core::iter::from_fn(move || {
            let n = cur?;
            cur = n.next_sibling();
            Some(n)
        })
    }
    /// Child elements in order.
    pub fn element_children(&self) -> impl Iterator<Item = Node<'d>> {
        self.children().filter(|n| n.is_element())
    }
    /// Child elements named `{ns}local`.
    pub fn children_named<'a>(&self, ns: &'a str, local: &'a str) -> impl Iterator<Item = Node<'d>> + 'a
    where
        'd: 'a,
    {
        self.element_children().filter(move |n| n.is(ns, local))
    }
    /// The first child element named `{ns}local`.
    pub fn child(&self, ns: &str, local: &str) -> Option<Node<'d>> {
        self.element_children().find(|n| n.is(ns, local))
    }
    /// This node and all nodes below it, in document order.
    pub fn descendants(&self) -> impl Iterator<Item = Node<'d>> {
        // Nodes are stored in document order, so a subtree is a contiguous id range.
        let start = self.id.0;
        let end = self.subtree_end();
        let doc = self.doc;
        (start..end).map(move |i| Node { doc, id: NodeId(i) })
    }
    /// One past the last node id of this subtree.
    fn subtree_end(&self) -> u32 {
        let mut cur = *self;
        loop {
            if let Some(s) = cur.next_sibling() {
                return s.id.0;
            }
            match cur.parent() {
                Some(p) => cur = p,
                None => return self.doc.nodes.len() as u32,
            }
        }
    }
    /// True when `other` is this node or below it.
    pub fn contains(&self, other: Node<'_>) -> bool {
        other.id.0 >= self.id.0 && other.id.0 < self.subtree_end()
    }
    /// All character data below this node, concatenated (text and CDATA; comments and PIs excluded).
    ///
    /// SAML values are read this way so that a comment inside a NameID can never truncate it.
    pub fn text_content(&self) -> String {
        match self.kind() {
            NodeKind::Text => String::from(self.text()),
            NodeKind::Comment | NodeKind::ProcessingInstruction => String::new(),
            _ => {
                let mut s = String::new();
                for n in self.descendants() {
                    if n.kind() == NodeKind::Text {
                        s.push_str(n.text());
                    }
                }
                s
            }
        }
    }
}
