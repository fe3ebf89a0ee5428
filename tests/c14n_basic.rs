//! Canonicalization spot checks; the expected bytes were produced by libxml2 (lxml).
//! The large generated suite lives in tests/c14n_vectors.rs.

use saml_edge::internals::c14n::{canonicalize_to_vec, Method};
use saml_edge::internals::xml::{parse, Node};
use saml_edge::Limits;

fn modes() -> [Method; 4] {
    [
        Method::Exclusive { with_comments: false, inclusive_prefixes: vec![] },
        Method::Exclusive { with_comments: true, inclusive_prefixes: vec![] },
        Method::Inclusive { with_comments: false },
        Method::Inclusive { with_comments: true },
    ]
}

fn check(text: &str, pick: impl Fn(&saml_edge::internals::xml::Document) -> Node<'_>, expected: [&str; 4]) {
    let doc = parse(text, &Limits::default()).unwrap();
    let node = pick(&doc);
    for (m, want) in modes().iter().zip(expected) {
        let got = canonicalize_to_vec(node, m, None);
        assert_eq!(String::from_utf8(got).unwrap(), want, "{m:?}");
    }
}

#[test]
fn namespaces_comments_pis() {
    check(
        r#"<a xmlns="urn:a" xmlns:p="urn:p" xmlns:u="urn:unused"><p:b x="1" p:y="2"><c xmlns=""><d/></c></p:b><!--cm--><?pi x?></a>"#,
        |d| d.root(),
        [
            r#"<a xmlns="urn:a"><p:b xmlns:p="urn:p" x="1" p:y="2"><c xmlns=""><d></d></c></p:b><?pi x?></a>"#,
            r#"<a xmlns="urn:a"><p:b xmlns:p="urn:p" x="1" p:y="2"><c xmlns=""><d></d></c></p:b><!--cm--><?pi x?></a>"#,
            r#"<a xmlns="urn:a" xmlns:p="urn:p" xmlns:u="urn:unused"><p:b x="1" p:y="2"><c xmlns=""><d></d></c></p:b><?pi x?></a>"#,
            r#"<a xmlns="urn:a" xmlns:p="urn:p" xmlns:u="urn:unused"><p:b x="1" p:y="2"><c xmlns=""><d></d></c></p:b><!--cm--><?pi x?></a>"#,
        ],
    );
}

#[test]
fn subtree_with_escapes() {
    let text = r#"<r xmlns:p="urn:p" xmlns="urn:d"><x ID="s"><p:y a="&#9;&#10;&#13;&quot;&lt;&gt;&amp;">t&#13;&gt;&lt;&amp;<![CDATA[<z>]]></p:y><w xmlns=""/></x></r>"#;
    let exc = r#"<x xmlns="urn:d" ID="s"><p:y xmlns:p="urn:p" a="&#x9;&#xA;&#xD;&quot;&lt;>&amp;">t&#xD;&gt;&lt;&amp;&lt;z&gt;</p:y><w xmlns=""></w></x>"#;
    let inc = r#"<x xmlns="urn:d" xmlns:p="urn:p" ID="s"><p:y a="&#x9;&#xA;&#xD;&quot;&lt;>&amp;">t&#xD;&gt;&lt;&amp;&lt;z&gt;</p:y><w xmlns=""></w></x>"#;
    check(text, |d| d.root_element().first_child().unwrap(), [exc, exc, inc, inc]);
}

#[test]
fn document_level_nodes() {
    let text = "<!--before--><?p1?><a><b xmlns=\"urn:x\"><c xmlns=\"urn:x\"/></b></a><!--after-->";
    let plain = "<?p1?>\n<a><b xmlns=\"urn:x\"><c></c></b></a>";
    let comments = "<!--before-->\n<?p1?>\n<a><b xmlns=\"urn:x\"><c></c></b></a>\n<!--after-->";
    check(text, |d| d.root(), [plain, comments, plain, comments]);
}

#[test]
fn exclusion_and_prefix_list() {
    let doc =
        parse(r#"<a xmlns:p="urn:p" xmlns:q="urn:q" ID="x"><p:s><p:v/></p:s><b q:z="1"/></a>"#, &Limits::default())
            .unwrap();
    let a = doc.root_element();
    let sig = a.first_child().unwrap();
    let m = Method::Exclusive { with_comments: false, inclusive_prefixes: vec!["p".into()] };
    assert_eq!(
        String::from_utf8(canonicalize_to_vec(a, &m, Some(sig))).unwrap(),
        r#"<a xmlns:p="urn:p" ID="x"><b xmlns:q="urn:q" q:z="1"></b></a>"#
    );
}
