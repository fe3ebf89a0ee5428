//! Hostile inputs are refused by a limit, through the full entry points, with the limit's code.
//! (How long they take is measured by benchmarks, never asserted here.)

use saml_edge::internals::c14n::{canonicalize_to_vec, Method};
use saml_edge::internals::encoding::base64_encode;
use saml_edge::saml::bindings::decode_redirect;
use saml_edge::saml::{verify_response, VerifyOptions};
use saml_edge::time::Timestamp;
use saml_edge::trust::TrustedKeys;
use saml_edge::Limits;

fn keys() -> TrustedKeys {
    TrustedKeys::from_pem_or_der(include_bytes!("keys/idp-rsa2048.crt")).unwrap()
}

fn options() -> VerifyOptions {
    VerifyOptions::new(
        "https://sp.example",
        "https://sp.example/acs",
        Timestamp::parse("2026-01-15T10:01:00Z").unwrap(),
    )
}

fn code(input: &[u8], o: &VerifyOptions) -> &'static str {
    match verify_response(input, &keys(), o) {
        Ok(_) => "OK",
        Err(e) => e.code(),
    }
}

const RESPONSE_OPEN: &str = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r" Version="2.0" IssueInstant="2026-01-15T10:00:00Z"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>"#;

#[test]
fn deep_nesting() {
    let depth = 100_000;
    let doc = format!("{}{}{}</samlp:Response>", RESPONSE_OPEN, "<a>".repeat(depth), "</a>".repeat(depth));
    assert_eq!(code(doc.as_bytes(), &options()), "ERR_LIMIT_DEPTH");
}

#[test]
fn a_million_attributes() {
    let attrs: String = (0..1_000_000).map(|i| format!(" a{i}=\"\"")).collect();
    let doc = format!("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"{attrs}/>");
    // Refused by size first with the default limits...
    assert_eq!(code(doc.as_bytes(), &options()), "ERR_LIMIT_INPUT_SIZE");
    // ...and by the attribute limit when the size limit is raised.
    let mut o = options();
    o.limits.max_input_bytes = 64 << 20;
    assert_eq!(code(doc.as_bytes(), &o), "ERR_LIMIT_ATTRIBUTES");
}

#[test]
fn many_namespace_declarations_on_many_elements() {
    let decls: String = (0..2_000).map(|i| format!("<e xmlns:p{i}=\"urn:{i}\"/>")).collect();
    let doc = format!("{RESPONSE_OPEN}{decls}</samlp:Response>");
    assert_eq!(code(doc.as_bytes(), &options()), "ERR_LIMIT_NAMESPACES");
}

/// The shape that made inclusive canonicalization quadratic (all declarations in scope of
/// every element): it parses, and every canonicalization gives the expected bytes.
#[test]
fn namespaces_in_scope_of_many_elements_canonicalize_linearly() {
    let decls: String = (0..1_000).map(|i| format!(" xmlns:p{i}=\"urn:{i}\"")).collect();
    let body: String = (0..5_000).map(|i| format!("<p{}:e p{}:a=\"1\"/>", i % 1_000, (i * 7) % 1_000)).collect();
    let text = format!("<r{decls}>{body}</r>");
    let doc = saml_edge::internals::xml::parse(&text, &Limits::default()).unwrap();
    let inclusive = canonicalize_to_vec(doc.root(), &Method::Inclusive { with_comments: false }, None);
    // Declarations once on the root, none below it.
    assert_eq!(String::from_utf8_lossy(&inclusive).matches("xmlns:").count(), 1_000);
    let all: Vec<String> = (0..1_000).map(|i| format!("p{i}")).collect();
    let m = Method::Exclusive { with_comments: false, inclusive_prefixes: all };
    let exclusive = canonicalize_to_vec(doc.root(), &m, None);
    assert_eq!(String::from_utf8_lossy(&exclusive).matches("xmlns:").count(), 1_000);
}

#[test]
fn too_many_nodes_and_huge_text() {
    let doc = format!("{RESPONSE_OPEN}{}</samlp:Response>", "<a/>".repeat(60_000));
    assert_eq!(code(doc.as_bytes(), &options()), "ERR_LIMIT_NODES");
    let doc = format!("{RESPONSE_OPEN}<a>{}</a></samlp:Response>", "x".repeat(2 << 20));
    assert_eq!(code(doc.as_bytes(), &options()), "ERR_LIMIT_INPUT_SIZE");
}

#[test]
fn a_hundred_signatures() {
    let sig = r#"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>"#;
    let doc = format!("{RESPONSE_OPEN}{}</samlp:Response>", sig.repeat(100));
    assert_eq!(code(doc.as_bytes(), &options()), "ERR_LIMIT_SIGNATURES");
}

#[test]
fn megabyte_of_base64_that_is_not_xml() {
    let junk: Vec<u8> = (0..768 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let b64 = base64_encode(&junk);
    assert!(b64.len() >= 1 << 20);
    let c = code(b64.as_bytes(), &options());
    assert!(c == "ERR_INPUT_ENCODING" || c == "ERR_XML_SYNTAX", "{c}");
}

#[test]
fn billion_laughs_and_external_entities() {
    let lol = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>"#;
    assert_eq!(code(lol.as_bytes(), &options()), "ERR_XML_DTD_FORBIDDEN");
    let xxe = r#"<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#;
    assert_eq!(code(xxe.as_bytes(), &options()), "ERR_XML_DTD_FORBIDDEN");
}

#[test]
fn inflate_bomb_in_the_redirect_binding() {
    // 64 MiB of one byte deflates to a few dozen KiB; the inflated bound stops it.
    let bomb = vec![b'A'; 64 << 20];
    let deflated = deflate_raw(&bomb);
    let value = base64_encode(&deflated);
    let url = format!("https://sp.example/slo?SAMLRequest={}", saml_edge::saml::bindings::url_encode(&value));
    let err = decode_redirect(&url, &Limits::default()).unwrap_err();
    assert_eq!(err.code(), "ERR_LIMIT_INFLATED_SIZE");
}

/// Raw DEFLATE of `data`, made through the crate's own redirect encoder.
fn deflate_raw(data: &[u8]) -> Vec<u8> {
    // redirect_url deflates, base64s and URL-encodes its XML argument; undo the last two.
    let text = std::str::from_utf8(data).unwrap();
    let url = saml_edge::saml::bindings::redirect_url(
        "https://x.example/",
        saml_edge::saml::bindings::RedirectParam::SamlRequest,
        text,
        None,
        &[],
    )
    .unwrap();
    let value = url.split("SAMLRequest=").nth(1).unwrap();
    let b64 = saml_edge::saml::bindings::url_decode(value).unwrap();
    saml_edge::internals::encoding::base64_decode_xml(&b64).unwrap()
}
