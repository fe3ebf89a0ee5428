//! An indented rendering of a parsed document, for people reading an assertion.
//!
//! Display only: whitespace-only text is dropped and indentation added, so the
//! output is never what was signed (use [`crate::c14n`] for that).

use alloc::string::String;

use super::tree::{Document, Node, NodeKind};

/// Render `doc` with two-space indentation; elements whose only content is
/// text stay on one line.
pub fn pretty(doc: &Document) -> String {
    let mut out = String::new();
    for child in doc.root().children() {
        write_node(child, 0, &mut out);
    }
    out
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

fn write_node(n: Node<'_>, depth: usize, out: &mut String) {
    // Depth is bounded by Limits::max_depth, so recursion is bounded too.
    match n.kind() {
        NodeKind::Element => {
            indent(depth, out);
            out.push('<');
            out.push_str(&n.qname());
            for d in n.namespace_decls() {
                out.push_str(" xmlns");
                if let Some(p) = &d.prefix {
                    out.push(':');
                    out.push_str(p);
                }
                out.push_str("=\"");
                escape(&d.uri, true, out);
                out.push('"');
            }
            for a in n.attributes() {
                out.push(' ');
                if let Some(p) = &a.prefix {
                    out.push_str(p);
                    out.push(':');
                }
                out.push_str(&a.local);
                out.push_str("=\"");
                escape(&a.value, true, out);
                out.push('"');
            }
            let visible: alloc::vec::Vec<Node<'_>> =
                n.children().filter(|c| c.kind() != NodeKind::Text || !c.text().trim().is_empty()).collect();
            if visible.is_empty() {
                out.push_str("/>\n");
            } else if visible.iter().all(|c| c.kind() == NodeKind::Text) {
                out.push('>');
                escape(&n.text_content(), false, out);
                out.push_str("</");
                out.push_str(&n.qname());
                out.push_str(">\n");
            } else {
                out.push_str(">\n");
                for c in visible {
                    write_node(c, depth + 1, out);
                }
                indent(depth, out);
                out.push_str("</");
                out.push_str(&n.qname());
                out.push_str(">\n");
            }
        }
        NodeKind::Text => {
            indent(depth, out);
            escape(n.text().trim(), false, out);
            out.push('\n');
        }
        NodeKind::Comment => {
            indent(depth, out);
            out.push_str("<!--");
            out.push_str(n.text());
            out.push_str("-->\n");
        }
        NodeKind::ProcessingInstruction => {
            indent(depth, out);
            out.push_str("<?");
            out.push_str(n.local_name());
            if !n.text().is_empty() {
                out.push(' ');
                out.push_str(n.text());
            }
            out.push_str("?>\n");
        }
        NodeKind::Root => {}
    }
}
