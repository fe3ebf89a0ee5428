//! The fuzz checks, one function per target.
//!
//! The fuzz targets (`fuzz_targets/*.rs`) call these, and so does the main
//! crate's `tests/fuzz_regressions.rs` (through `#[path]`), so a regression
//! input is replayed exactly as the fuzzer ran it. Each returns the
//! `Error::code()` of a refusal (`Err`) or `Ok(())`, and panics only when a
//! property the crate promises does not hold.

use std::string::String;
use std::sync::OnceLock;
use std::vec::Vec;

use saml_edge::c14n::{canonicalize_to_vec, Method};
use saml_edge::saml::bindings::{decode_post_input, decode_redirect};
use saml_edge::saml::metadata::{parse_idp_metadata, parse_idp_metadata_for};
use saml_edge::saml::{verify_response, VerifyOptions};
use saml_edge::time::Timestamp;
use saml_edge::trust::TrustedKeys;
use saml_edge::xml::{self, Node};
use saml_edge::{Error, Limits};

/// `Ok(())`, or the stable code of the refusal.
pub type Outcome = Result<(), &'static str>;

fn code(e: Error) -> &'static str {
    // Every refusal must also describe itself without panicking.
    let _ = (e.to_string(), e.detail());
    e.code()
}

// ---------------------------------------------------------------------------
// xml_parse
// ---------------------------------------------------------------------------

/// `xml::parse` on the (lossy UTF-8) input; `xml::pretty` on what parses.
pub fn xml_parse(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let doc = xml::parse(&text, &Limits::default()).map_err(code)?;
    let _ = xml::pretty(&doc);
    Ok(())
}

// ---------------------------------------------------------------------------
// c14n
// ---------------------------------------------------------------------------

/// The four modes; exclusive ones both without and with an InclusiveNamespaces PrefixList.
pub fn c14n_methods() -> Vec<Method> {
    let prefixes = || vec![String::from("#default"), String::from("saml"), String::from("ds"), String::from("xs")];
    vec![
        Method::Exclusive { with_comments: false, inclusive_prefixes: Vec::new() },
        Method::Exclusive { with_comments: true, inclusive_prefixes: Vec::new() },
        Method::Exclusive { with_comments: false, inclusive_prefixes: prefixes() },
        Method::Exclusive { with_comments: true, inclusive_prefixes: prefixes() },
        Method::Inclusive { with_comments: false },
        Method::Inclusive { with_comments: true },
    ]
}

/// Limits for re-parsing canonical output: c14n may legitimately add namespace
/// declarations (exclusive c14n pushes them down) and grow the text, so only the
/// depth bound stays as it was. Idempotence is a property of c14n, not of limits.
fn relaxed_limits() -> Limits {
    let mut l = Limits::default();
    l.max_input_bytes = usize::MAX;
    l.max_nodes = usize::MAX;
    l.max_attributes = usize::MAX;
    l.max_namespace_declarations = usize::MAX;
    l
}

/// The child an enveloped-signature transform would leave out: a `Signature`
/// child if there is one, else the first element child.
fn excluded_child(apex: Node<'_>) -> Option<Node<'_>> {
    apex.element_children().find(|c| c.local_name() == "Signature").or_else(|| apex.element_children().next())
}

fn describe(m: &Method) -> String {
    format!("{m:?}")
}

/// Canonicalize the whole document and the first element with an `ID`, in every
/// mode, with and without leaving out a child. Panics when the output is not
/// UTF-8, does not parse again, or is not a fixed point of (parse → c14n).
pub fn c14n(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let doc = xml::parse(&text, &Limits::default()).map_err(code)?;
    let root_element = doc.root_element();
    let id_element = doc.descendants().find(|n| n.is_element() && n.attribute("ID").is_some());

    let mut targets: Vec<(Node<'_>, Node<'_>, &str)> = vec![(doc.root(), root_element, "document")];
    if let Some(e) = id_element {
        targets.push((e, e, "ID element"));
    }
    for (node, apex, what) in targets {
        let child = excluded_child(apex);
        let excludes: Vec<Option<Node<'_>>> = match child {
            Some(c) => vec![None, Some(c)],
            None => vec![None],
        };
        for method in c14n_methods() {
            for exclude in &excludes {
                let out = canonicalize_to_vec(node, &method, *exclude);
                let canonical = match std::str::from_utf8(&out) {
                    Ok(s) => s,
                    Err(e) => panic!("c14n output of the {what} is not UTF-8 ({}): {e}", describe(&method)),
                };
                check_fixed_point(canonical, &method, what, exclude.is_some());
            }
        }
    }
    Ok(())
}

/// C14N is idempotent: the canonical form, parsed and canonicalized again
/// (whole document, same method, nothing excluded), is unchanged.
pub fn check_fixed_point(canonical: &str, method: &Method, what: &str, excluded: bool) {
    let again = match xml::parse(canonical, &relaxed_limits()) {
        Ok(d) => d,
        Err(Error::Limit { .. }) => return,
        Err(e) => panic!(
            "c14n output of the {what} ({}, child excluded: {excluded}) does not parse again: {} {e}\n--- output ---\n{canonical}",
            describe(method),
            e.code()
        ),
    };
    let out2 = canonicalize_to_vec(again.root(), method, None);
    if out2 != canonical.as_bytes() {
        panic!(
            "c14n is not idempotent for the {what} ({}, child excluded: {excluded})\n--- first ---\n{canonical}\n--- second ---\n{}",
            describe(method),
            String::from_utf8_lossy(&out2)
        );
    }
}

// ---------------------------------------------------------------------------
// verify
// ---------------------------------------------------------------------------

const IDP_CERT: &[u8] = include_bytes!("../../tests/keys/idp-rsa2048.crt");
/// tests/fixtures/manifest.json `defaults`.
pub const SP_ENTITY_ID: &str = "https://auth.iws-hybrid.trendmicro.com/0123456789abcdef";
pub const ACS_URL: &str = "https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp";
pub const IDP_ENTITY_ID: &str = "https://sts.windows.net/00000000-0000-0000-0000-000000000000/";
pub const IN_RESPONSE_TO: &str = "_4fee3b046395c4e751011e97f8900b5273d56685";
pub const NOW: &str = "2026-01-15T10:01:00Z";

/// Keys pinned from tests/keys/idp-rsa2048.crt and the manifest's default options.
pub fn verify_setup() -> &'static (TrustedKeys, VerifyOptions) {
    static SETUP: OnceLock<(TrustedKeys, VerifyOptions)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let keys = TrustedKeys::from_pem_or_der(IDP_CERT).expect("the pinned certificate loads");
        let now = Timestamp::parse(NOW).expect("NOW is a timestamp");
        let mut opts = VerifyOptions::new(SP_ENTITY_ID, ACS_URL, now);
        opts.idp_entity_id = Some(IDP_ENTITY_ID.into());
        opts.in_response_to = Some(IN_RESPONSE_TO.into());
        (keys, opts)
    })
}

/// `saml::verify_response` with the fixed keys and options. An accepted mutated
/// input is fine (RSA cannot be forged; whitespace outside what is signed may
/// change), but an accepted response must name the signature that covers it.
pub fn verify(data: &[u8]) -> Outcome {
    let (keys, opts) = verify_setup();
    let v = verify_response(data, keys, opts).map_err(code)?;
    assert!(v.covering_signature().is_some(), "a response was accepted without a covering signature");
    let _ = (v.replay_expiry(), format!("{v:?}"));
    Ok(())
}

// ---------------------------------------------------------------------------
// bindings and metadata
// ---------------------------------------------------------------------------

/// `bindings::decode_redirect` on the (lossy UTF-8) input.
pub fn redirect_decode(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let limits = Limits::default();
    let m = decode_redirect(&text, &limits).map_err(code)?;
    assert!(m.xml.len() <= limits.max_inflated_bytes, "the inflated message exceeds max_inflated_bytes");
    assert_eq!(m.signed_query.is_some(), m.sig_alg.is_some() && m.signature.is_some());
    Ok(())
}

/// `bindings::decode_post_input` on the raw bytes.
pub fn post_input(data: &[u8]) -> Outcome {
    let limits = Limits::default();
    let p = decode_post_input(data, &limits).map_err(code)?;
    assert!(p.xml.len() <= limits.max_input_bytes, "the decoded XML exceeds max_input_bytes");
    // Leading whitespace is kept for the parser (it refuses whitespace before an XML
    // declaration); the first other character is `<`.
    let first = p.xml.trim_start_matches([' ', '\t', '\r', '\n']).chars().next();
    assert_eq!(first, Some('<'), "the decoded XML does not start with '<'");
    Ok(())
}

/// `metadata::parse_idp_metadata` on the (lossy UTF-8) input; for aggregates also
/// the choice of one entity by ID.
pub fn metadata(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let limits = Limits::default();
    if text.contains("EntitiesDescriptor") {
        if let Ok(m) = parse_idp_metadata_for(&text, Some(IDP_ENTITY_ID), &limits) {
            assert_eq!(m.entity_id, IDP_ENTITY_ID);
            assert!(!m.signing_certificates.is_empty(), "metadata accepted without a signing certificate");
        }
    }
    let m = parse_idp_metadata(&text, &limits).map_err(code)?;
    assert!(!m.signing_certificates.is_empty(), "metadata accepted without a signing certificate");
    Ok(())
}

/// The check for a target name (`xml_parse`, `c14n`, `verify`, ...).
pub fn by_name(target: &str) -> Option<fn(&[u8]) -> Outcome> {
    Some(match target {
        "xml_parse" => xml_parse,
        "c14n" => c14n,
        "verify" => verify,
        "redirect_decode" => redirect_decode,
        "metadata" => metadata,
        "post_input" => post_input,
        _ => return None,
    })
}
