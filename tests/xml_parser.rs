//! The strict XML layer: what it accepts, what it refuses, and with which code.

use saml_edge::internals::xml::{parse, NodeKind};
use saml_edge::Limits;

fn code(text: &str) -> &'static str {
    match parse(text, &Limits::default()) {
        Ok(_) => "OK",
        Err(e) => e.code(),
    }
}

#[test]
fn accepts_namespaced_document_and_resolves_names() {
    let doc = parse(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<p:a xmlns:p=\"urn:p\" xmlns=\"urn:d\" p:x=\"1\" y='2'><b>t&amp;&#x41;<![CDATA[<c>]]></b><!-- c --><?pi  data ?></p:a>",
        &Limits::default(),
    )
    .unwrap();
    let root = doc.root_element();
    assert!(root.is("urn:p", "a"));
    assert_eq!(root.attribute_ns("urn:p", "x"), Some("1"));
    assert_eq!(root.attribute("y"), Some("2"));
    let b = root.first_child().unwrap();
    assert!(b.is("urn:d", "b"));
    assert_eq!(b.text_content(), "t&A<c>");
    let kinds: Vec<NodeKind> = root.children().map(|n| n.kind()).collect();
    assert_eq!(kinds, [NodeKind::Element, NodeKind::Comment, NodeKind::ProcessingInstruction]);
    let pi = root.children().nth(2).unwrap();
    assert_eq!((pi.local_name(), pi.text()), ("pi", "data "));
}

#[test]
fn normalizes_line_ends_and_attribute_whitespace() {
    let doc = parse("<a x=\"1\r\n2\t3&#10;4&#9;\">l1\r\nl2\rl3</a>", &Limits::default()).unwrap();
    let a = doc.root_element();
    assert_eq!(a.attribute("x"), Some("1 2 3\n4\t"));
    assert_eq!(a.text_content(), "l1\nl2\nl3");
}

#[test]
fn text_content_skips_comments_and_pis() {
    let doc = parse("<n>admin@example.com<!---->.evil.com<?x y?></n>", &Limits::default()).unwrap();
    assert_eq!(doc.root_element().text_content(), "admin@example.com.evil.com");
}

#[test]
fn refuses_dtds_and_entities() {
    assert_eq!(code("<!DOCTYPE a><a/>"), "ERR_XML_DTD_FORBIDDEN");
    assert_eq!(code("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>"), "ERR_XML_DTD_FORBIDDEN");
    assert_eq!(
        code("<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a/>"),
        "ERR_XML_DTD_FORBIDDEN"
    );
    assert_eq!(code("<a>&x;</a>"), "ERR_XML_ENTITY_FORBIDDEN");
    assert_eq!(code("<a b=\"&x;\"/>"), "ERR_XML_ENTITY_FORBIDDEN");
}

#[test]
fn refuses_other_encodings_and_bad_chars() {
    assert_eq!(code("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>"), "ERR_XML_ENCODING");
    assert_eq!(code("<a>\u{1}</a>"), "ERR_XML_SYNTAX");
    assert_eq!(code("<a>&#0;</a>"), "ERR_XML_SYNTAX");
    assert_eq!(code("<a>&#x1;</a>"), "ERR_XML_SYNTAX");
    assert_eq!(code("<?xml version=\"1.1\"?><a/>"), "ERR_XML_SYNTAX");
}

#[test]
fn refuses_malformed_structure() {
    for bad in [
        "",
        "text",
        "<a>",
        "<a></b>",
        "<a/><b/>",
        "<a/>x",
        "<a b=1/>",
        "<a b=\"1\"c=\"2\"/>",
        "<a b=\"<\"/>",
        "<a>]]></a>",
        "<1a/>",
        "<a><!-- a -- b --></a>",
        "<a><!-- a ---></a>",
        "<a><?xml x?></a>",
        " <?xml version=\"1.0\"?><a/>",
        "<a>&amp</a>",
        "</a>",
    ] {
        assert_eq!(code(bad), "ERR_XML_SYNTAX", "{bad:?}");
    }
}

#[test]
fn namespace_rules() {
    assert_eq!(code("<p:a/>"), "ERR_XML_NAMESPACE");
    assert_eq!(code("<a p:b=\"1\"/>"), "ERR_XML_NAMESPACE");
    assert_eq!(code("<a xmlns:p=\"\"/>"), "ERR_XML_NAMESPACE");
    assert_eq!(code("<a xmlns:xmlns=\"urn:x\"/>"), "ERR_XML_NAMESPACE");
    assert_eq!(code("<a xmlns:xml=\"urn:x\"/>"), "ERR_XML_NAMESPACE");
    assert_eq!(code("<a xmlns:p=\"http://www.w3.org/XML/1998/namespace\"/>"), "ERR_XML_NAMESPACE");
    assert_eq!(code("<xmlns:a xmlns:xmlns=\"x\"/>"), "ERR_XML_NAMESPACE");
    assert_eq!(code("<a xml:lang=\"en\" xmlns=\"\"/>"), "OK");
    // Scope ends with the element.
    assert_eq!(code("<a><b xmlns:p=\"urn:p\"/><p:c/></a>"), "ERR_XML_NAMESPACE");
}

#[test]
fn duplicate_attributes_by_expanded_name() {
    assert_eq!(code("<a b=\"1\" b=\"2\"/>"), "ERR_XML_DUPLICATE_ATTRIBUTE");
    assert_eq!(code("<a xmlns:p=\"urn:x\" xmlns:q=\"urn:x\" p:b=\"1\" q:b=\"2\"/>"), "ERR_XML_DUPLICATE_ATTRIBUTE");
    assert_eq!(code("<a xmlns:p=\"urn:x\" xmlns:p=\"urn:y\"/>"), "ERR_XML_DUPLICATE_ATTRIBUTE");
    assert_eq!(code("<a xmlns:p=\"urn:x\" xmlns:q=\"urn:y\" p:b=\"1\" q:b=\"2\"/>"), "OK");
}

#[test]
fn limits_have_one_error_each() {
    let limits = Limits::default();
    let deep = "<a>".repeat(limits.max_depth + 1) + &"</a>".repeat(limits.max_depth + 1);
    assert_eq!(code(&deep), "ERR_LIMIT_DEPTH");
    let attrs: String = (0..=limits.max_attributes).map(|i| format!(" a{i}=\"\"")).collect();
    assert_eq!(code(&format!("<a{attrs}/>")), "ERR_LIMIT_ATTRIBUTES");
    let nodes = format!("<a>{}</a>", "<b/>".repeat(limits.max_nodes));
    assert_eq!(code(&nodes), "ERR_LIMIT_NODES");
    let decls: String =
        (0..=limits.max_namespace_declarations).map(|i| format!("<b xmlns:p{i}=\"urn:{i}\"/>")).collect();
    assert_eq!(code(&format!("<a>{decls}</a>")), "ERR_LIMIT_NAMESPACES");
    let big = format!("<a>{}</a>", "x".repeat(limits.max_input_bytes));
    assert_eq!(code(&big), "ERR_LIMIT_INPUT_SIZE");
}

#[test]
fn descendants_are_the_subtree() {
    let doc = parse("<a><b><c/>t</b><d/></a>", &Limits::default()).unwrap();
    let b = doc.root_element().first_child().unwrap();
    let names: Vec<&str> = b.descendants().map(|n| n.local_name()).collect();
    assert_eq!(names, ["b", "c", ""]);
    assert!(b.contains(b.first_child().unwrap()));
    assert!(!b.contains(doc.root_element()));
}
