//! Putting decrypted content in place of its encrypted wrapper (XML Encryption §4.6 step 4;
//! SAML core §2.3.4, §2.2.4): the plaintext replaces the `EncryptedAssertion` / `EncryptedID`
//! in the text of the same document, which is then parsed again in full, so the decrypted
//! element has the ancestors, the namespaces in scope and the strict parsing of any element
//! that arrived in the clear.
//!
//! Namespaces: the plaintext replaces the `EncryptedData`, so it is read in the scope of the
//! `EncryptedData`'s parent, the `EncryptedAssertion` / `EncryptedID` (XML Encryption §4.6): it
//! may use a prefix declared on that wrapper (the Response's are in scope anyway; the
//! `EncryptedData`'s own declarations go with it). The wrapper's bindings are redeclared on the
//! decrypted root element, unless it declares the prefix itself: every name then resolves as it did
//! inside the wrapper, and canonicalization gives the same bytes (inclusive C14N renders what is
//! in scope at the apex, exclusive C14N only what is used).
//!
//! The plaintext must be exactly one element of the expected kind (`saml:Assertion`,
//! `saml:NameID`), optionally with whitespace around it: no declaration, comment or PI
//! outside it. Any other outcome is `None`, which the caller reports as the one decryption
//! error: a parser that said *why* would be the oracle of Jager and Somorovsky's attack on CBC.

use alloc::string::String;
use alloc::vec::Vec;

use crate::limits::Limits;
use crate::ns::ASSERTION;
use crate::xml::{self, Document, Node, NodeKind};

/// The element an encrypted wrapper must decrypt to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expected {
    /// `EncryptedAssertion` → `saml:Assertion` (SAML core §2.3.4).
    Assertion,
    /// `EncryptedID` → `saml:NameID` (SAML core §2.2.4; BaseID and NewID are not used here).
    NameId,
}

impl Expected {
    fn local(self) -> &'static str {
        match self {
            Expected::Assertion => "Assertion",
            Expected::NameId => "NameID",
        }
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn escape(uri: &str) -> String {
    uri.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
}

fn declaration(prefix: Option<&str>, uri: &str) -> String {
    match prefix {
        Some(p) => alloc::format!(" xmlns:{p}=\"{}\"", escape(uri)),
        None => alloc::format!(" xmlns=\"{}\"", escape(uri)),
    }
}

/// Every binding in scope at `n`, innermost first, one per prefix (`xml` excluded).
fn bindings_in_scope<'d>(n: Node<'d>) -> Vec<(Option<&'d str>, &'d str)> {
    let mut out: Vec<(Option<&'d str>, &'d str)> = Vec::new();
    for a in n.ancestors() {
        for d in a.namespace_decls().iter().rev() {
            let prefix = d.prefix.as_deref();
            if prefix != Some("xml") && !out.iter().any(|(p, _)| *p == prefix) {
                out.push((prefix, d.uri.as_str()));
            }
        }
    }
    out
}

/// Where decrypted content goes: what [`splice`] needs of the encrypted wrapper, read from its
/// document once, so that the document need not be kept while the key is unwrapped (by the host's
/// crypto, across an `await` in JS).
#[derive(Debug, Clone)]
pub(crate) struct Site {
    /// The wrapper's byte range in the span source.
    span: core::ops::Range<usize>,
    /// Every binding in scope at the wrapper, innermost first, one per prefix (`xml` excluded).
    scope: Vec<(Option<String>, String)>,
    /// The bindings declared on the wrapper itself that its parent does not already have: what
    /// the decrypted element must redeclare unless it declares the prefix itself (in `scope`'s
    /// order, reversed: outermost first).
    added: Vec<(Option<String>, String)>,
}

impl Site {
    /// The site of `wrapper` (an `EncryptedAssertion` or `EncryptedID`, never the root).
    pub(crate) fn of(wrapper: Node<'_>) -> Option<Site> {
        let scope = bindings_in_scope(wrapper);
        let outer = wrapper.parent_element()?;
        let mut added = Vec::new();
        for (prefix, uri) in scope.iter().rev() {
            if !wrapper.namespace_decls().iter().any(|d| d.prefix.as_deref() == *prefix) {
                continue;
            }
            let outside = outer.lookup_namespace(*prefix);
            if outside == Some(*uri) || (prefix.is_none() && uri.is_empty() && outside.is_none()) {
                continue;
            }
            added.push((prefix.map(String::from), String::from(*uri)));
        }
        let scope = scope.into_iter().map(|(p, u)| (p.map(String::from), String::from(u))).collect();
        Some(Site { span: wrapper.span(), scope, added })
    }
}

/// The text of the document with the wrapper at `site` replaced by `plaintext`, and that
/// document parsed.
///
/// `text` is the span source of the wrapper's document ([`crate::xml::span_source`]).
pub(crate) fn splice(
    text: &str,
    site: &Site,
    plaintext: &[u8],
    expected: Expected,
    limits: &Limits,
) -> Option<(String, Document)> {
    let plaintext = core::str::from_utf8(plaintext).ok()?;
    // XML 1.0 §2.11, as the parser does for the rest of the text (so spans stay aligned).
    let plaintext = plaintext.replace("\r\n", "\n").replace('\r', "\n");
    let plaintext = plaintext.trim_matches(is_space);

    // Parse it alone in the scope of the wrapper: one element of the expected kind, and which
    // prefixes it declares itself.
    let mut context = String::from("<_");
    for (p, uri) in &site.scope {
        context.push_str(&declaration(p.as_deref(), uri));
    }
    context.push('>');
    context.push_str(plaintext);
    context.push_str("</_>");
    let alone = xml::parse(&context, limits).ok()?;
    let holder = alone.root_element();
    let mut elements = holder.element_children();
    let element = elements.next()?;
    if elements.next().is_some()
        || holder
            .children()
            .any(|c| c.kind() != NodeKind::Element && !(c.kind() == NodeKind::Text && c.text().chars().all(is_space)))
        || !element.is(ASSERTION, expected.local())
    {
        return None;
    }
    let own: Vec<Option<&str>> = element.namespace_decls().iter().map(|d| d.prefix.as_deref()).collect();

    // The bindings the wrapper adds, redeclared on the decrypted element.
    let mut added = String::new();
    for (prefix, uri) in &site.added {
        if !own.contains(&prefix.as_deref()) {
            added.push_str(&declaration(prefix.as_deref(), uri));
        }
    }
    let name_end = plaintext.get(1..)?.find(|c: char| is_space(c) || c == '/' || c == '>')? + 1;
    let (start_of_tag, rest_of_tag) = plaintext.split_at_checked(name_end)?;

    let span = &site.span;
    let mut out = String::with_capacity(text.len() + added.len());
    out.push_str(text.get(..span.start)?);
    out.push_str(start_of_tag);
    out.push_str(&added);
    out.push_str(rest_of_tag);
    let end = out.len();
    out.push_str(text.get(span.end..)?);

    // The whole document again: one element must span exactly the inserted text, so the
    // plaintext closed everything it opened and the text after it parses as it did before.
    let doc = xml::parse(&out, limits).ok()?;
    doc.descendants().find(|n| n.is_element() && n.span() == (span.start..end))?;
    Some((out, doc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ns::XMLENC;
    use alloc::string::ToString;

    const SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";

    fn run(doc_text: &str, plaintext: &str, expected: Expected) -> Option<String> {
        let limits = Limits::default();
        let doc = xml::parse(doc_text, &limits).unwrap();
        let wrapper = doc.descendants().find(|n| n.local_name().starts_with("Encrypted") && n.is_element()).unwrap();
        splice(doc_text, &Site::of(wrapper).unwrap(), plaintext.as_bytes(), expected, &limits).map(|(t, _)| t)
    }

    #[test]
    fn prefixes_declared_on_the_wrapper_are_redeclared() {
        let d = alloc::format!(
            "<r xmlns:s=\"{SAML}\"><s:EncryptedAssertion xmlns:a=\"{SAML}\" xmlns:x=\"urn:x\">\
             <e:EncryptedData xmlns:e=\"{XMLENC}\"/></s:EncryptedAssertion><after/></r>"
        );
        // `a` comes from the wrapper, `s` from the root, `x` is declared by the plaintext itself,
        // `e` was the EncryptedData's own (gone with it).
        let out = run(&d, "\n<a:Assertion xmlns:x=\"urn:y\"><s:Issuer/></a:Assertion>\n", Expected::Assertion).unwrap();
        assert_eq!(
            out,
            alloc::format!(
                "<r xmlns:s=\"{SAML}\"><a:Assertion xmlns:a=\"{SAML}\" xmlns:x=\"urn:y\">\
                 <s:Issuer/></a:Assertion><after/></r>"
            )
        );
    }

    #[test]
    fn anything_but_one_expected_element_is_refused() {
        let d =
            alloc::format!("<r xmlns=\"{SAML}\"><EncryptedID><EncryptedData xmlns=\"{XMLENC}\" xmlns:e=\"{XMLENC}\"/></EncryptedID></r>");
        assert!(run(&d, &alloc::format!("<NameID xmlns=\"{SAML}\">x</NameID>"), Expected::NameId).is_some());
        for bad in [
            "<NameID xmlns=\"urn:other\">x</NameID>".to_string(),
            "<e:NameID>x</e:NameID>".to_string(), // the EncryptedData's prefix is gone with it
            alloc::format!("<NameID xmlns=\"{SAML}\">x</NameID><NameID xmlns=\"{SAML}\"/>"),
            alloc::format!("<!-- c --><NameID xmlns=\"{SAML}\">x</NameID>"),
            alloc::format!("<?xml version=\"1.0\"?><NameID xmlns=\"{SAML}\">x</NameID>"),
            alloc::format!("<NameID xmlns=\"{SAML}\">x</NameID></EncryptedID><EncryptedID>"),
            alloc::format!("<Assertion xmlns=\"{SAML}\"/>"),
            alloc::format!("<NameID xmlns=\"{SAML}\">x"),
            "x".to_string(),
            String::new(),
        ] {
            assert_eq!(run(&d, &bad, Expected::NameId), None, "{bad}");
        }
        let limits = Limits::default();
        let doc = xml::parse(&d, &limits).unwrap();
        let w = doc.descendants().find(|n| n.local_name() == "EncryptedID").unwrap();
        assert!(splice(
            &d,
            &Site::of(w).unwrap(),
            b"<NameID xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\">\xff</NameID>",
            Expected::NameId,
            &limits
        )
        .is_none());
    }
}
