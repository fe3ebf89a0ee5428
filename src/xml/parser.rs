//! The quick-xml seam: the only file that names quick-xml.
//!
//! quick-xml splits the input into markup events; everything XML 1.0 and
//! Namespaces in XML 1.0 require beyond that is checked here: names,
//! attributes (parsed from the raw tag so that each quoting and spacing rule
//! is ours), references, namespace binding, and the document shape.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::scope::Scope;
use super::tree::{Attribute, Document, NamespaceDecl, NodeData, NodeId, NodeKind};
use super::{XMLNS_NS, XML_NS};
use crate::error::{Error, LimitKind, Result};
use crate::limits::Limits;

/// Parse `text` into a [`Document`], refusing anything [`crate::xml`] forbids.
///
/// Line ends are normalized first (XML 1.0 §2.11), so node spans refer to the
/// normalized text.
pub fn parse(text: &str, limits: &Limits) -> Result<Document> {
    if text.len() > limits.max_input_bytes {
        return Err(Error::Limit { kind: LimitKind::InputBytes, max: limits.max_input_bytes });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.starts_with('\u{feff}') {
        // XML 1.0 §4.3.3: one byte order mark; a second one is a character before the prolog.
        return Err(syntax(0, "a second byte order mark"));
    }
    check_chars(text)?;
    let text = normalize_line_ends(text);
    Parser::new(&text, limits).run()
}

/// The text node spans refer to: `text` without its byte order mark, line ends normalized.
/// (The XML Encryption layer splices decrypted content into it and parses the result again.)
pub(crate) fn span_source(text: &str) -> Cow<'_, str> {
    normalize_line_ends(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The next event of quick-xml's reader, in a function of its own: inlined into [`Parser::run`],
/// the reader's state machine made one 21 KB WebAssembly function that V8's optimizing compiler
/// took about 0.6 s of CPU to compile (on a background thread, but on a 2-core edge host that is
/// the cold start's time too), during which the parser ran unoptimized.
#[inline(never)]
fn next_event<'a>(reader: &mut Reader<&'a [u8]>) -> quick_xml::Result<Event<'a>> {
    reader.read_event()
}

/// quick-xml's message for an error of [`next_event`], written out for the two kinds a reader over
/// a string returns (the same text as its `Display`): formatting the whole `quick_xml::Error`
/// would link the messages of I/O, encoding, escape, attribute and namespace errors, which
/// `read_event` on a `&[u8]` never returns, into the WebAssembly build.
fn reader_error(e: &quick_xml::Error) -> String {
    match e {
        quick_xml::Error::Syntax(e) => alloc::format!("syntax error: {e}"),
        quick_xml::Error::IllFormed(e) => alloc::format!("ill-formed document: {e}"),
        _ => String::from("malformed XML"),
    }
}

/// XML 1.0 §2.2 `Char`: refuse control characters and U+FFFE/U+FFFF anywhere.
///
/// A byte scan, not a char walk (it reads the whole document, and decoding every char was
/// a visible share of parsing): in valid UTF-8 a byte below 0x20 is that C0 control, and
/// `EF BF BE` / `EF BF BF` are exactly U+FFFE / U+FFFF.
fn check_chars(text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let bad = (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || (b == 0xEF && bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)));
        if bad {
            // `i` is at a char boundary: an ASCII byte or the lead byte 0xEF.
            let c = text.get(i..).and_then(|rest| rest.chars().next()).map_or(0, u32::from);
            return Err(syntax(i, alloc::format!("character U+{c:04X} is not allowed in XML")));
        }
        i += 1;
    }
    Ok(())
}

/// XML 1.0 §2.11: `\r\n` and lone `\r` become `\n` before parsing.
fn normalize_line_ends(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn syntax(position: usize, detail: impl Into<String>) -> Error {
    Error::XmlSyntax { position, detail: detail.into() }
}

fn namespace_error(detail: impl Into<String>) -> Error {
    Error::XmlNamespace { detail: detail.into() }
}

/// XML 1.0 (5th ed.) §2.3 `NameStartChar`, without `:` (Namespaces: NCName).
fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z' | '_'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Namespaces in XML 1.0 §3 `NCName`.
pub fn is_ncname(s: &str) -> bool {
    // Nearly every name is ASCII: a byte test then, the Unicode ranges only otherwise.
    if let [first, rest @ ..] = s.as_bytes() {
        if s.is_ascii() {
            return (first.is_ascii_alphabetic() || *first == b'_')
                && rest.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
        }
    }
    is_ncname_unicode(s)
}

fn is_ncname_unicode(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_name_start(c) => chars.all(is_name_char),
        _ => false,
    }
}

/// RFC 3986 §3 `absolute-URI` (with an optional fragment) by its characters: a scheme, then
/// only unreserved, reserved and `%`-encoded octets. Namespace names are compared as strings,
/// so anything else (spaces, non-ASCII, bad escapes) would name nothing.
fn is_absolute_uri(uri: &str) -> bool {
    let Some((scheme, _)) = uri.split_once(':') else { return false };
    let mut sc = scheme.bytes();
    let scheme_ok = sc.next().is_some_and(|b| b.is_ascii_alphabetic())
        && sc.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !scheme_ok {
        return false;
    }
    let bytes = uri.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let ok = match b {
            b'%' => {
                let hex = |j: usize| bytes.get(j).is_some_and(|h| h.is_ascii_hexdigit());
                if !(hex(i + 1) && hex(i + 2)) {
                    return false;
                }
                i += 2;
                true
            }
            _ => {
                b.is_ascii_alphanumeric()
                    || matches!(
                        b,
                        b'-' | b'.'
                            | b'_'
                            | b'~'
                            | b':'
                            | b'/'
                            | b'?'
                            | b'#'
                            | b'['
                            | b']'
                            | b'@'
                            | b'!'
                            | b'$'
                            | b'&'
                            | b'\''
                            | b'('
                            | b')'
                            | b'*'
                            | b'+'
                            | b','
                            | b';'
                            | b'='
                    )
            }
        };
        if !ok {
            return false;
        }
        i += 1;
    }
    true
}

/// Split a QName into (prefix, local), checking both parts are NCNames.
fn split_qname(name: &str, at: usize) -> Result<(Option<&str>, &str)> {
    let (prefix, local) = match name.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, name),
    };
    if prefix.is_some_and(|p| !is_ncname(p)) || !is_ncname(local) {
        return Err(syntax(at, alloc::format!("\"{name}\" is not a valid qualified name")));
    }
    Ok((prefix, local))
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Expand one reference body (between `&` and `;`): the five predefined
/// entities (XML 1.0 §4.6) and character references (§4.1). Nothing else.
fn expand_reference(name: &str, at: usize) -> Result<char> {
    match name {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        _ => {
            let Some(num) = name.strip_prefix('#') else {
                return if is_ncname(name) {
                    Err(Error::XmlEntityForbidden { name: name.to_string() })
                } else {
                    Err(syntax(at, alloc::format!("malformed reference &{name};")))
                };
            };
            let value = match num.strip_prefix('x') {
                Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    u32::from_str_radix(hex, 16).ok()
                }
                None if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => num.parse::<u32>().ok(),
                _ => None,
            };
            let c = value.and_then(char::from_u32).filter(
                |c| !matches!(*c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}'),
            );
            c.ok_or_else(|| syntax(at, alloc::format!("&{name}; does not reference an XML character")))
        }
    }
}

/// Unescape an attribute value and normalize it as XML 1.0 §3.3.3 says for
/// CDATA attributes (no DTD, so every attribute is CDATA): each literal
/// whitespace character becomes a space; characters from references stay.
fn attribute_value(raw: &str, at: usize) -> Result<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    // Every split below is at an ASCII byte found by `split_once`, so no index can fall inside a character.
    while let Some(i) = rest.find(['&', '<', '\t', '\n']) {
        let (before, from) = rest.split_at_checked(i).unwrap_or((rest, ""));
        out.push_str(before);
        let mut chars = from.chars();
        match chars.next() {
            Some('<') => return Err(syntax(at, "\"<\" is not allowed in an attribute value")),
            Some('&') => {
                let Some((name, after)) = chars.as_str().split_once(';') else {
                    return Err(syntax(at, "unterminated reference in an attribute value"));
                };
                out.push(expand_reference(name, at)?);
                rest = after;
            }
            Some(_) => {
                out.push(' ');
                rest = chars.as_str();
            }
            None => break,
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// One attribute as written in a start tag.
struct RawAttribute<'a> {
    qname: &'a str,
    value: String,
}

/// Parse the attribute part of a start tag (XML 1.0 §3.1 `Attribute`):
/// whitespace before each, `Name Eq AttValue`, quotes matched.
fn raw_attributes<'a>(raw: &'a str, at: usize, limits: &Limits) -> Result<Vec<RawAttribute<'a>>> {
    let mut out = Vec::new();
    let mut rest = raw;
    loop {
        let trimmed = rest.trim_start_matches(is_xml_space);
        if trimmed.is_empty() {
            return Ok(out);
        }
        if trimmed.len() == rest.len() {
            return Err(syntax(at, "attributes must be separated by whitespace"));
        }
        let name_end = trimmed.find(|c: char| is_xml_space(c) || c == '=').unwrap_or(trimmed.len());
        let (qname, after_name) = trimmed.split_at_checked(name_end).unwrap_or((trimmed, ""));
        let after_name = after_name.trim_start_matches(is_xml_space);
        let Some(after_eq) = after_name.strip_prefix('=') else {
            return Err(syntax(at, alloc::format!("attribute \"{qname}\" has no value")));
        };
        let after_eq = after_eq.trim_start_matches(is_xml_space);
        let mut chars = after_eq.chars();
        let quote = match chars.next() {
            Some(q @ ('"' | '\'')) => q,
            _ => return Err(syntax(at, alloc::format!("the value of \"{qname}\" is not quoted"))),
        };
        let Some((value, after_value)) = chars.as_str().split_once(quote) else {
            return Err(syntax(at, alloc::format!("the value of \"{qname}\" is not closed")));
        };
        out.push(RawAttribute { qname, value: attribute_value(value, at)? });
        if out.len() > limits.max_attributes.saturating_add(limits.max_namespace_declarations) {
            return Err(Error::Limit { kind: LimitKind::Attributes, max: limits.max_attributes });
        }
        rest = after_value;
    }
}

struct Parser<'t> {
    text: &'t str,
    limits: &'t Limits,
    doc: Document,
    /// Open elements, innermost last.
    stack: Vec<NodeId>,
    /// In-scope namespace bindings, innermost last; each element remembers where its own begin.
    scope: Scope,
    scope_marks: Vec<usize>,
    /// Character data not yet turned into a node, and where it began.
    pending_text: String,
    pending_start: Option<usize>,
    seen_root: bool,
    ns_total: usize,
    /// The namespace of the `xml` prefix, bound in every document (Namespaces in XML §3).
    xml_ns: Arc<str>,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str, limits: &'t Limits) -> Self {
        let root = NodeData::new(NodeKind::Root, 0..text.len());
        Parser {
            text,
            limits,
            doc: Document {
                nodes: alloc::vec![root],
                attributes: Vec::new(),
                ns_decls: Vec::new(),
                // Names and text together are at most the input (entity references only shrink).
                strings: String::with_capacity(text.len()),
            },
            stack: Vec::new(),
            scope: Scope::default(),
            xml_ns: Arc::from(XML_NS),
            scope_marks: Vec::new(),
            pending_text: String::new(),
            pending_start: None,
            seen_root: false,
            ns_total: 0,
        }
    }

    fn run(mut self) -> Result<Document> {
        let mut reader = Reader::from_str(self.text);
        {
            let config = reader.config_mut();
            config.check_end_names = true;
            config.check_comments = true;
            config.allow_dangling_amp = false;
            config.allow_unmatched_ends = false;
            config.expand_empty_elements = false;
            config.trim_text(false);
        }
        let mut first = true;
        loop {
            let start = reader.buffer_position() as usize;
            let event = next_event(&mut reader).map_err(|e| {
                let at = reader.error_position() as usize;
                if self.text.get(at..).is_some_and(|s| s.starts_with("<!DOCTYPE")) {
                    Error::XmlDtdForbidden
                } else {
                    syntax(at, reader_error(&e))
                }
            })?;
            let end = reader.buffer_position() as usize;
            let was_first = core::mem::replace(&mut first, false);
            match event {
                Event::Decl(_) => {
                    if !was_first || start != 0 {
                        return Err(syntax(start, "the XML declaration must come first"));
                    }
                    self.declaration(start, end)?;
                }
                Event::DocType(_) => return Err(Error::XmlDtdForbidden),
                Event::Start(e) => {
                    let raw = e.attributes_raw();
                    let name = e.name().into_inner();
                    self.start_element(name, raw, start, end, false)?;
                }
                Event::Empty(e) => {
                    let raw = e.attributes_raw();
                    let name = e.name().into_inner();
                    self.start_element(name, raw, start, end, true)?;
                }
                Event::End(_) => self.end_element(end)?,
                Event::Text(t) => {
                    let raw: &str = &t;
                    // The byte test first: a substring searcher set up per text node costs more than the scan.
                    if raw.as_bytes().contains(&b']') && raw.contains("]]>") {
                        return Err(syntax(start, "\"]]>\" is not allowed in text"));
                    }
                    self.push_text(raw, start)?;
                }
                Event::CData(t) => {
                    if self.stack.is_empty() {
                        return Err(syntax(start, "CDATA outside the root element"));
                    }
                    let raw: &str = &t;
                    self.push_text(raw, start)?;
                }
                Event::GeneralRef(r) => {
                    if self.stack.is_empty() {
                        return Err(syntax(start, "a reference outside the root element"));
                    }
                    let name: &str = &r;
                    let c = expand_reference(name, start)?;
                    self.pending_start.get_or_insert(start);
                    self.pending_text.push(c);
                }
                Event::Comment(t) => {
                    let body: &str = &t;
                    if body.ends_with('-') {
                        return Err(syntax(start, "a comment must not end with \"-\""));
                    }
                    self.flush_text()?;
                    self.add_leaf(NodeKind::Comment, "", body, start..end)?;
                }
                Event::PI(pi) => {
                    let target = pi.target();
                    if !is_ncname(target) || target.eq_ignore_ascii_case("xml") {
                        return Err(syntax(start, alloc::format!("\"{target}\" is not a valid PI target")));
                    }
                    let content = pi.content();
                    if !content.is_empty() && !content.starts_with(is_xml_space) {
                        return Err(syntax(start, "a PI target must be followed by whitespace"));
                    }
                    let data = content.trim_start_matches(is_xml_space);
                    self.flush_text()?;
                    self.add_leaf(NodeKind::ProcessingInstruction, target, data, start..end)?;
                }
                Event::Eof => break,
            }
        }
        if !self.stack.is_empty() {
            return Err(syntax(self.text.len(), "the document ends inside an element"));
        }
        self.flush_text()?;
        if !self.seen_root {
            return Err(syntax(0, "the document has no root element"));
        }
        Ok(self.doc)
    }

    /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` (XML 1.0 §2.8, §4.3.3).
    fn declaration(&self, start: usize, end: usize) -> Result<()> {
        let raw = self.text.get(start + 5..end.saturating_sub(2)).unwrap_or("");
        let attrs = raw_attributes(raw, start, self.limits)?;
        let names: Vec<&str> = attrs.iter().map(|a| a.qname).collect();
        let order_ok = matches!(
            names.as_slice(),
            ["version"] | ["version", "encoding"] | ["version", "standalone"] | ["version", "encoding", "standalone"]
        );
        if !order_ok {
            return Err(syntax(start, "malformed XML declaration"));
        }
        for a in &attrs {
            match a.qname {
                "version" if a.value != "1.0" => {
                    return Err(syntax(start, alloc::format!("XML version {} is not supported", a.value)))
                }
                "encoding" if !a.value.eq_ignore_ascii_case("utf-8") => {
                    return Err(Error::XmlEncoding { found: a.value.clone() })
                }
                "standalone" if a.value != "yes" && a.value != "no" => {
                    return Err(syntax(start, "standalone must be yes or no"))
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn push_text(&mut self, raw: &str, start: usize) -> Result<()> {
        if raw.is_empty() {
            return Ok(());
        }
        if self.stack.is_empty() {
            if raw.chars().all(is_xml_space) {
                return Ok(());
            }
            return Err(syntax(start, "text outside the root element"));
        }
        self.pending_start.get_or_insert(start);
        self.pending_text.push_str(raw);
        Ok(())
    }

    fn flush_text(&mut self) -> Result<()> {
        if let Some(start) = self.pending_start.take() {
            // Taken and given back: the buffer's capacity serves the next text node.
            let mut pending = core::mem::take(&mut self.pending_text);
            let text = self.intern(&pending)?;
            let end = start + pending.len();
            pending.clear();
            self.pending_text = pending;
            self.push_node(NodeData { text, ..NodeData::new(NodeKind::Text, start..end) })?;
        }
        Ok(())
    }

    fn push_node(&mut self, mut data: NodeData) -> Result<NodeId> {
        if self.doc.nodes.len() >= self.limits.max_nodes {
            return Err(Error::Limit { kind: LimitKind::Nodes, max: self.limits.max_nodes });
        }
        let id = NodeId(self.doc.nodes.len() as u32);
        let parent = self.stack.last().copied().unwrap_or(NodeId(0));
        data.parent = Some(parent);
        let last = self.node_mut(parent).and_then(|p| p.last_child.replace(id));
        match last.and_then(|l| self.node_mut(l)) {
            Some(l) => l.next_sibling = Some(id),
            None => {
                if let Some(p) = self.node_mut(parent) {
                    p.first_child = Some(id);
                }
            }
        }
        self.doc.nodes.push(data);
        Ok(id)
    }

    fn node_mut(&mut self, id: NodeId) -> Option<&mut NodeData> {
        self.doc.nodes.get_mut(id.0 as usize)
    }

    fn add_leaf(&mut self, kind: NodeKind, name: &str, text: &str, span: core::ops::Range<usize>) -> Result<()> {
        let (name, text) = (self.intern(name)?, self.intern(text)?);
        self.push_node(NodeData { name, text, ..NodeData::new(kind, span) })?;
        Ok(())
    }

    /// Append `s` to the document's string buffer; its range there.
    fn intern(&mut self, s: &str) -> Result<core::ops::Range<u32>> {
        let start = self.doc.strings.len();
        let end = start + s.len();
        let (Ok(start32), Ok(end32)) = (u32::try_from(start), u32::try_from(end)) else {
            return Err(Error::Limit { kind: LimitKind::InputBytes, max: u32::MAX as usize });
        };
        self.doc.strings.push_str(s);
        Ok(start32..end32)
    }

    /// The namespace `prefix` is bound to, shared (cloning it copies no text).
    fn resolve(&self, prefix: Option<&str>) -> Option<&Arc<str>> {
        if prefix == Some("xml") {
            return Some(&self.xml_ns);
        }
        self.scope.get_shared(prefix)
    }

    fn start_element(&mut self, qname: &str, raw_attrs: &str, start: usize, end: usize, empty: bool) -> Result<()> {
        self.flush_text()?;
        if self.stack.is_empty() {
            if self.seen_root {
                return Err(syntax(start, "a document has exactly one root element"));
            }
            self.seen_root = true;
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(Error::Limit { kind: LimitKind::Depth, max: self.limits.max_depth });
        }
        let (prefix, local) = split_qname(qname, start)?;
        let raw = raw_attributes(raw_attrs, start, self.limits)?;

        // Namespace declarations first: they apply to this element's own name and attributes.
        let mark = self.scope.mark();
        let decl_start = self.doc.ns_decls.len() as u32;
        let mut plain = Vec::with_capacity(raw.len());
        for a in raw {
            let declared = if a.qname == "xmlns" { Some(None) } else { a.qname.strip_prefix("xmlns:").map(Some) };
            let Some(declared) = declared else {
                plain.push(a);
                continue;
            };
            self.check_declaration(declared, &a.value, start)?;
            if a.value.len() > self.limits.max_namespace_uri_bytes {
                return Err(namespace_error(alloc::format!(
                    "a namespace name of {} bytes exceeds the limit of {} bytes",
                    a.value.len(),
                    self.limits.max_namespace_uri_bytes
                )));
            }
            if self.doc.ns_decls.iter().skip(decl_start as usize).any(|d| d.prefix.as_deref() == declared) {
                return Err(Error::XmlDuplicateAttribute { name: a.qname.to_string() });
            }
            self.ns_total += 1;
            if self.ns_total > self.limits.max_namespace_declarations {
                return Err(Error::Limit {
                    kind: LimitKind::NamespaceDeclarations,
                    max: self.limits.max_namespace_declarations,
                });
            }
            self.scope.push(declared, &a.value);
            self.doc.ns_decls.push(NamespaceDecl { prefix: declared.map(String::from), uri: a.value });
        }
        let decl_end = self.doc.ns_decls.len() as u32;
        if plain.len() > self.limits.max_attributes {
            return Err(Error::Limit { kind: LimitKind::Attributes, max: self.limits.max_attributes });
        }

        if prefix == Some("xmlns") {
            return Err(namespace_error("an element may not have the prefix xmlns"));
        }
        let namespace = match prefix {
            Some(p) => match self.resolve(Some(p)) {
                Some(uri) => Some(Arc::clone(uri)),
                None => return Err(namespace_error(alloc::format!("the prefix \"{p}\" of <{qname}> is not bound"))),
            },
            None => self.resolve(None).filter(|u| !u.is_empty()).cloned(),
        };

        let attr_start = self.doc.attributes.len() as u32;
        for a in plain {
            let (p, l) = split_qname(a.qname, start)?;
            let ns = match p {
                Some(p) => match self.resolve(Some(p)) {
                    Some(uri) => Some(Arc::clone(uri)),
                    None => {
                        return Err(namespace_error(alloc::format!(
                            "the prefix \"{p}\" of attribute {} is not bound",
                            a.qname
                        )))
                    }
                },
                None => None,
            };
            let dup = self.doc.attributes.iter().skip(attr_start as usize).any(|b| b.local == l && b.namespace == ns);
            if dup {
                return Err(Error::XmlDuplicateAttribute { name: a.qname.to_string() });
            }
            self.doc.attributes.push(Attribute {
                prefix: p.map(String::from),
                local: l.to_string(),
                namespace: ns,
                value: a.value,
            });
        }
        let attr_end = self.doc.attributes.len() as u32;

        let name = self.intern(local)?;
        let prefix = match prefix {
            Some(p) => Some(self.intern(p)?),
            None => None,
        };
        let id = self.push_node(NodeData {
            name,
            prefix,
            namespace,
            attributes: attr_start..attr_end,
            ns_decls: decl_start..decl_end,
            ..NodeData::new(NodeKind::Element, start..end)
        })?;
        if empty {
            self.scope.pop_to(mark);
        } else {
            self.stack.push(id);
            self.scope_marks.push(mark);
        }
        Ok(())
    }

    /// Namespaces in XML 1.0 §3 constraints on `xmlns` and `xmlns:p` attributes.
    fn check_declaration(&self, prefix: Option<&str>, uri: &str, at: usize) -> Result<()> {
        match prefix {
            Some(p) if !is_ncname(p) => Err(syntax(at, alloc::format!("\"xmlns:{p}\" is not a valid name"))),
            Some("xmlns") => Err(namespace_error("the prefix xmlns must not be declared")),
            Some("xml") if uri != XML_NS => {
                Err(namespace_error("the prefix xml must not be bound to another namespace"))
            }
            Some("xml") => Ok(()),
            Some(p) if uri.is_empty() => {
                Err(namespace_error(alloc::format!("the prefix \"{p}\" must not be undeclared (XML 1.0 namespaces)")))
            }
            _ if uri == XML_NS || uri == XMLNS_NS => {
                Err(namespace_error(alloc::format!("the namespace {uri} must not be declared")))
            }
            _ if uri.is_empty() => Ok(()),
            _ if !is_absolute_uri(uri) => Err(namespace_error(alloc::format!(
                "the namespace name \"{uri}\" is not an absolute URI (Namespaces in XML 1.0 §2.2; \
                 relative namespace names are deprecated and Canonical XML cannot process them)"
            ))),
            _ => Ok(()),
        }
    }

    fn end_element(&mut self, end: usize) -> Result<()> {
        self.flush_text()?;
        let Some(id) = self.stack.pop() else {
            return Err(syntax(end, "an end tag without a start tag"));
        };
        let mark = self.scope_marks.pop().unwrap_or(0);
        self.scope.pop_to(mark);
        if let Some(n) = self.node_mut(id) {
            n.span.end = end;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII fast path of `is_ncname` agrees with the Unicode ranges on every ASCII
    /// string of up to three characters.
    #[test]
    fn ncname_ascii_fast_path_matches_the_ranges() {
        let mut s = String::new();
        for a in 0u8..128 {
            for b in 0u8..129 {
                for c in 0u8..129 {
                    s.clear();
                    s.extend([a, b, c].iter().filter(|&&x| x < 128).map(|&x| char::from(x)));
                    assert_eq!(is_ncname(&s), is_ncname_unicode(&s), "{s:?}");
                }
            }
        }
        assert!(is_ncname("Assertion") && is_ncname("_a-1.b") && is_ncname("é") && !is_ncname("1a") && !is_ncname(""));
    }

    /// The byte scan refuses exactly the characters XML 1.0 §2.2 excludes, and names them.
    #[test]
    fn forbidden_characters_by_byte_scan() {
        for c in (0u32..0x20).filter(|c| ![9, 10, 13].contains(c)).chain([0xFFFE, 0xFFFF]) {
            let ch = char::from_u32(c).unwrap();
            let e = check_chars(&alloc::format!("<a>x{ch}</a>")).unwrap_err();
            assert!(e.to_string().contains(&alloc::format!("U+{c:04X}")), "{e}");
        }
        for ok in ["\t\n\r", "\u{FFFD}\u{EFBF}\u{FFBE}\u{10FFFF}", "\u{FEFF}", "é\u{7F}\u{85}"] {
            assert!(check_chars(ok).is_ok(), "{ok:?}");
        }
    }
}
