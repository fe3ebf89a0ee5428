//! An indented rendering of a parsed document, for people reading an assertion.
//!
//! Display only: whitespace-only text is dropped and indentation added, so the
//! output is never what was signed (use [`crate::c14n`] for that).

use alloc::string::String;
use alloc::vec::Vec;

use super::tree::{Document, Node, NodeKind};

/// Render `doc` with two-space indentation; elements whose only content is
/// text stay on one line.
pub fn pretty(doc: &Document) -> String {
    pretty_marked(doc, &[]).0
}

/// [`pretty`], and for each of `marked` the lines its subtree occupies in the
/// output: `(first, last)`, 0-based and inclusive (`None` when the node is not
/// rendered, e.g. whitespace-only text). For showing which region a signature covers.
pub fn pretty_marked(doc: &Document, marked: &[Node<'_>]) -> (String, Vec<Option<(usize, usize)>>) {
    let mut w = Writer { out: String::new(), marked, spans: alloc::vec![None; marked.len()] };
    for child in doc.root().children() {
        write_node(child, 0, &mut w);
    }
    // Byte spans to lines, once at the end (few marked nodes, one pass each).
    let line_of = |byte: usize| w.out.as_bytes().iter().take(byte).filter(|&&b| b == b'\n').count();
    let lines =
        w.spans.iter().map(|s| s.map(|(start, end)| (line_of(start), line_of(end).saturating_sub(1)))).collect();
    (w.out, lines)
}

/// The output so far and the byte spans of the marked nodes written.
struct Writer<'m, 'd> {
    out: String,
    marked: &'m [Node<'d>],
    spans: Vec<Option<(usize, usize)>>,
}

fn escape(s: &str, attr: bool, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' if !attr => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
}

fn indent(depth: usize, out: &mut String) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write_node(n: Node<'_>, depth: usize, w: &mut Writer<'_, '_>) {
    let start = w.out.len();
    write_subtree(n, depth, w);
    let end = w.out.len();
    for (i, m) in w.marked.iter().enumerate() {
        if let Some(span) = w.spans.get_mut(i).filter(|_| *m == n && end > start) {
            *span = Some((start, end));
        }
    }
}

fn write_subtree(n: Node<'_>, depth: usize, w: &mut Writer<'_, '_>) {
    // Depth is bounded by Limits::max_depth, so recursion is bounded too.
    match n.kind() {
        NodeKind::Element => {
            indent(depth, &mut w.out);
            w.out.push('<');
            w.out.push_str(&n.qname());
            for d in n.namespace_decls() {
                w.out.push_str(" xmlns");
                if let Some(p) = &d.prefix {
                    w.out.push(':');
                    w.out.push_str(p);
                }
                w.out.push_str("=\"");
                escape(&d.uri, true, &mut w.out);
                w.out.push('"');
            }
            for a in n.attributes() {
                w.out.push(' ');
                if let Some(p) = &a.prefix {
                    w.out.push_str(p);
                    w.out.push(':');
                }
                w.out.push_str(&a.local);
                w.out.push_str("=\"");
                escape(&a.value, true, &mut w.out);
                w.out.push('"');
            }
            let visible: alloc::vec::Vec<Node<'_>> =
                n.children().filter(|c| c.kind() != NodeKind::Text || !c.text().trim().is_empty()).collect();
            if visible.is_empty() {
                w.out.push_str("/>\n");
            } else if visible.iter().all(|c| c.kind() == NodeKind::Text) {
                w.out.push('>');
                escape(&n.text_content(), false, &mut w.out);
                w.out.push_str("</");
                w.out.push_str(&n.qname());
                w.out.push_str(">\n");
            } else {
                w.out.push_str(">\n");
                for c in visible {
                    write_node(c, depth + 1, w);
                }
                indent(depth, &mut w.out);
                w.out.push_str("</");
                w.out.push_str(&n.qname());
                w.out.push_str(">\n");
            }
        }
        NodeKind::Text => {
            indent(depth, &mut w.out);
            escape(n.text().trim(), false, &mut w.out);
            w.out.push('\n');
        }
        NodeKind::Comment => {
            indent(depth, &mut w.out);
            w.out.push_str("<!--");
            w.out.push_str(n.text());
            w.out.push_str("-->\n");
        }
        NodeKind::ProcessingInstruction => {
            indent(depth, &mut w.out);
            w.out.push_str("<?");
            w.out.push_str(n.local_name());
            if !n.text().is_empty() {
                w.out.push(' ');
                w.out.push_str(n.text());
            }
            w.out.push_str("?>\n");
        }
        NodeKind::Root => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_lines_of_a_subtree() {
        let doc =
            crate::xml::parse("<a><b><c>x</c>\n<!--two\nlines--></b><d/></a>", &crate::Limits::default()).unwrap();
        let b = doc.root_element().element_children().next().unwrap();
        let (text, spans) = pretty_marked(&doc, &[b, doc.root_element()]);
        assert_eq!(text, "<a>\n  <b>\n    <c>x</c>\n    <!--two\nlines-->\n  </b>\n  <d/>\n</a>\n");
        assert_eq!(spans, alloc::vec![Some((1, 5)), Some((0, 7))]);
        assert_eq!(pretty(&doc), text);
    }
}
