//! Explaining a SAML message without trusting it, for debugging tools: the one explanation that
//! the CLI (`saml-edge inspect`, text and JSON) and the npm package (`inspect()`, the debugger
//! page) render, each in its own shape.
//!
//! Nothing here accepts or refuses a login (the verdict is [`crate::saml::verify_response`]'s).
//! It reports what verification looks at, computed with the core's own parts: each signature
//! with the digest it declares and the one the core computes, whether its value verifies with
//! each pinned key, the KeyInfo certificate; each condition expected vs found; the time windows
//! against now ([`crate::time::Window`], as verification judges them); the claims under Entra's
//! short names; and the pretty XML with the signed regions marked. Every step is bounded by the
//! [`Limits`] given (those verification uses).

use alloc::string::String;
use alloc::vec::Vec;

use crate::c14n::Method;
use crate::crypto::{Certificate, DigestAlgorithm, SignatureAlgorithm};
use crate::dsig::{self, parse_signature, Transform};
use crate::error::Error;
use crate::limits::Limits;
use crate::ns::{ASSERTION, CM_BEARER, DSIG, PROTOCOL};
use crate::saml::bindings::decode_post_input;
use crate::saml::claims::short_name;
use crate::saml::SamlAttribute;
use crate::time::{Timestamp, Window, WindowCheck};
use crate::trust::TrustedKeys;
use crate::xml::{self, Document, Node};

/// What the caller expects; every field optional: an absent expectation is reported, not compared.
#[non_exhaustive]
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    /// The SP entity ID (the expected Audience).
    pub sp_entity_id: Option<String>,
    /// The ACS URL (the expected Destination and Recipient).
    pub acs_url: Option<String>,
    /// The IdP entity ID (the expected Issuer).
    pub idp_entity_id: Option<String>,
    /// The request the response should answer.
    pub in_response_to: Option<String>,
    /// The instant to judge time windows at; without it they are shown, not judged.
    pub now: Option<Timestamp>,
    /// Clock tolerance, as for verification. Default: 0 (set it: verification's default is 180).
    pub clock_tolerance_secs: u32,
    /// Include the canonical bytes of each SignedInfo and Reference. Default: false.
    pub canonical: bool,
}

/// Why a message could not be explained: the stage that refused it, and the refusal.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// `"decode"` (base64, form encoding, UTF-8) or `"parse"` (the strict XML parser).
    pub stage: &'static str,
    /// The refusal, as verification would report it.
    pub error: Error,
}

/// An explained message.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// `RelayState` of a posted form.
    pub relay_state: Option<String>,
    /// The root element.
    pub root: Root,
    /// Every `ds:Signature` in the document.
    pub signature_count: usize,
    /// The first signatures, as many as verification would look at (`Limits::max_signatures`).
    pub signatures: Vec<SignatureReport>,
    /// Every `saml:Assertion`, wherever it is.
    pub assertions: Vec<AssertionReport>,
    /// The document pretty-printed (never what was signed: see the canonical bytes for that).
    pub xml: String,
    /// For each signature shown, where what it covers and where itself are in `xml`.
    pub signed_regions: Vec<SignedRegion>,
}

/// Lines `(first, last)` of [`Explanation::xml`], 0-based, inclusive (`None`: not rendered).
pub type Lines = Option<(usize, usize)>;

/// What one signature covers, and the signature itself, in [`Explanation::xml`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedRegion {
    /// The signed element (the whole document for an empty Reference URI).
    pub signed: Lines,
    /// The `ds:Signature`.
    pub signature: Lines,
}

/// One expectation against what the message says: `ok` is `None` when nothing was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What is compared (`"Destination"`, `"Audience"`, ...).
    pub name: &'static str,
    /// The expectation.
    pub expected: Option<String>,
    /// What the message says.
    pub found: Option<String>,
    /// Whether they agree.
    pub ok: Option<bool>,
}

fn check(name: &'static str, expected: Option<&str>, found: Option<&str>) -> Check {
    Check {
        name,
        expected: expected.map(String::from),
        found: found.map(String::from),
        ok: expected.map(|e| found == Some(e)),
    }
}

/// An `xs:dateTime` attribute as written, and the instant it means (`None` when malformed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instant {
    /// The attribute value.
    pub value: String,
    /// The instant.
    pub at: Option<Timestamp>,
}

fn instant(value: Option<&str>) -> Option<Instant> {
    value.map(|v| Instant { value: String::from(v), at: Timestamp::parse(v).ok() })
}

/// The root element.
#[derive(Debug, Clone)]
pub struct Root {
    /// Local name.
    pub local_name: String,
    /// The name as written.
    pub qname: String,
    /// Namespace URI.
    pub namespace: Option<String>,
    /// `ID`.
    pub id: Option<String>,
    /// `Version`.
    pub version: Option<String>,
    /// `IssueInstant`.
    pub issue_instant: Option<Instant>,
    /// `Destination`.
    pub destination: Option<String>,
    /// `InResponseTo`.
    pub in_response_to: Option<String>,
    /// `AssertionConsumerServiceURL` (an AuthnRequest's).
    pub acs_url: Option<String>,
    /// `Issuer` text.
    pub issuer: Option<String>,
    /// The top-level `StatusCode`.
    pub status: Option<String>,
    /// `StatusMessage`.
    pub status_message: Option<String>,
    /// A Response's Destination, Issuer and InResponseTo against the expectations.
    pub checks: Vec<Check>,
}

/// One `ds:Signature`.
#[derive(Debug, Clone)]
pub struct SignatureReport {
    /// The element it sits on, as written.
    pub element: String,
    /// That element's namespace.
    pub element_namespace: Option<String>,
    /// That element's `ID`.
    pub element_id: Option<String>,
    /// What it says and what the core computes, or why it cannot be read.
    pub details: core::result::Result<SignatureDetails, Error>,
    /// Found only in decrypted content (set by a caller that explains a decrypted document).
    pub decrypted: bool,
}

/// A readable `ds:Signature`. SHA-1 is read too, so that its digests can be shown: the verdict
/// refuses it unless allowed.
#[derive(Debug, Clone)]
pub struct SignatureDetails {
    /// SignatureMethod.
    pub signature_algorithm: SignatureAlgorithm,
    /// CanonicalizationMethod of SignedInfo.
    pub canonicalization: Method,
    /// `Reference/@URI`.
    pub reference_uri: String,
    /// The transforms as written.
    pub transforms: Vec<Transform>,
    /// DigestMethod.
    pub digest_algorithm: DigestAlgorithm,
    /// SHA-1 in the signature method or the digest.
    pub uses_sha1: bool,
    /// DigestValue.
    pub digest_declared: Vec<u8>,
    /// The URI is `#` + the signed element's own `ID` (what verification requires).
    pub references_parent: bool,
    /// How many elements carry the referenced ID (verification requires one).
    pub elements_with_referenced_id: Option<usize>,
    /// The digest the core computes, or why it cannot (`None`: the signature has no parent).
    pub digest_computed: Option<core::result::Result<Vec<u8>, Error>>,
    /// The canonical bytes of the Reference (with [`Expectations::canonical`]).
    pub canonical_reference: Option<core::result::Result<Vec<u8>, Error>>,
    /// The canonical bytes of SignedInfo (with [`Expectations::canonical`]).
    pub canonical_signed_info: Option<core::result::Result<Vec<u8>, Error>>,
    /// The value against each pinned key, with the core's crypto, or why SignedInfo could not be
    /// canonicalized.
    pub keys: core::result::Result<Vec<KeyTry>, Error>,
    /// Each KeyInfo certificate (never trusted: reported), with whether its key is pinned.
    pub key_info: Vec<core::result::Result<(Certificate, bool), Error>>,
}

impl SignatureDetails {
    /// The computed digest equals DigestValue.
    pub fn digest_matches(&self) -> Option<bool> {
        match &self.digest_computed {
            Some(Ok(d)) => Some(crate::crypto::constant_time_eq(d, &self.digest_declared)),
            _ => None,
        }
    }
}

/// One pinned key tried on a signature value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyTry {
    /// Its index in the pinned keys.
    pub index: usize,
    /// Its kind fits the algorithm.
    pub supported: bool,
    /// It verifies the value.
    pub verifies: bool,
}

/// One `saml:Assertion`.
#[derive(Debug, Clone)]
pub struct AssertionReport {
    /// `ID`.
    pub id: Option<String>,
    /// The parent element, as written.
    pub parent: String,
    /// It is a child of a Response root (where verification requires it).
    pub child_of_response: bool,
    /// It carries a `ds:Signature`.
    pub signed: bool,
    /// `Issuer` text.
    pub issuer: Option<String>,
    /// `Subject/NameID` text.
    pub name_id: Option<String>,
    /// `NameID/@Format`.
    pub name_id_format: Option<String>,
    /// Every `Audience` of the Conditions.
    pub audiences: Vec<String>,
    /// Issuer, Audience, and per SubjectConfirmation its Method, Recipient and InResponseTo.
    pub checks: Vec<Check>,
    /// The Conditions' window, then each SubjectConfirmationData's.
    pub windows: Vec<WindowReport>,
    /// Each SubjectConfirmationData's Recipient and InResponseTo.
    pub confirmations: Vec<(Option<String>, Option<String>)>,
    /// `AuthnStatement/@AuthnInstant`.
    pub authn_instant: Option<Instant>,
    /// `AuthnStatement/@SessionNotOnOrAfter`.
    pub session_not_on_or_after: Option<Instant>,
    /// `AuthnStatement/@SessionIndex`.
    pub session_index: Option<String>,
    /// Every Attribute of the AttributeStatements, with its short name.
    pub attributes: Vec<(SamlAttribute, String)>,
}

/// A time window against now, as verification judges it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowReport {
    /// `"Conditions"` or `"SubjectConfirmationData"`.
    pub name: &'static str,
    /// `NotBefore`.
    pub not_before: Option<Instant>,
    /// `NotOnOrAfter`.
    pub not_on_or_after: Option<Instant>,
    /// Inside at now (`None` without now; false for a malformed instant or an empty window).
    pub ok: Option<bool>,
}

fn window(name: &'static str, n: Node<'_>, x: &Expectations) -> WindowReport {
    let (not_before, not_on_or_after) = (instant(n.attribute("NotBefore")), instant(n.attribute("NotOnOrAfter")));
    let malformed = |i: &Option<Instant>| i.as_ref().is_some_and(|i| i.at.is_none());
    let ok = if malformed(&not_before) || malformed(&not_on_or_after) {
        Some(false)
    } else {
        let w = Window {
            not_before: not_before.as_ref().and_then(|i| i.at),
            not_on_or_after: not_on_or_after.as_ref().and_then(|i| i.at),
        };
        x.now.map(|now| w.check(now, x.clock_tolerance_secs) == WindowCheck::Inside)
    };
    WindowReport { name, not_before, not_on_or_after, ok }
}

fn text_of(parent: Node<'_>, ns: &str, local: &str) -> Option<String> {
    parent.child(ns, local).map(|n| n.text_content())
}

/// Explain `input` (XML, base64 or a form body; any SAML message, not only a Response).
///
/// # Errors
/// A [`Refusal`] when the input cannot be decoded or parsed.
pub fn explain(
    input: &[u8],
    keys: &TrustedKeys,
    x: &Expectations,
    limits: &Limits,
) -> core::result::Result<Explanation, Refusal> {
    let decoded = decode_post_input(input, limits).map_err(|error| Refusal { stage: "decode", error })?;
    let doc = xml::parse(&decoded.xml, limits).map_err(|error| Refusal { stage: "parse", error })?;
    Ok(explain_document(&doc, decoded.relay_state, keys, x, limits))
}

/// [`explain`] for a parsed document.
pub fn explain_document(
    doc: &Document,
    relay_state: Option<String>,
    keys: &TrustedKeys,
    x: &Expectations,
    limits: &Limits,
) -> Explanation {
    let root_element = doc.root_element();
    let all: Vec<Node<'_>> = doc.descendants().filter(|n| n.is(DSIG, "Signature")).collect();
    let shown: Vec<Node<'_>> = all.iter().copied().take(limits.max_signatures).collect();
    let signatures = shown.iter().map(|s| signature(*s, keys, x, limits)).collect();
    let assertions =
        doc.descendants().filter(|n| n.is(ASSERTION, "Assertion")).map(|a| assertion(a, root_element, x)).collect();

    // Pretty XML, with each signature's covered element and the Signature itself marked.
    let mut marked = Vec::new();
    for s in &shown {
        let covered = match (parse_signature(*s, true), s.parent_element()) {
            (Ok(p), _) if p.reference_uri.is_empty() => Some(root_element),
            (_, parent) => parent,
        };
        marked.push(covered.unwrap_or(*s));
        marked.push(*s);
    }
    let (pretty, spans) = xml::pretty_marked(doc, &marked);
    let signed_regions = spans
        .chunks(2)
        .map(|pair| SignedRegion { signed: pair.first().copied().flatten(), signature: pair.get(1).copied().flatten() })
        .collect();
    Explanation {
        relay_state,
        root: root(root_element, x),
        signature_count: all.len(),
        signatures,
        assertions,
        xml: pretty,
        signed_regions,
    }
}

/// The root element, and for a Response its Destination, Issuer and InResponseTo checked.
pub fn root(root: Node<'_>, x: &Expectations) -> Root {
    let status = root.child(PROTOCOL, "Status");
    let issuer = text_of(root, ASSERTION, "Issuer");
    let mut checks = Vec::new();
    if root.is(PROTOCOL, "Response") {
        checks.push(check("Destination", x.acs_url.as_deref(), root.attribute("Destination")));
        checks.push(check("Response Issuer", x.idp_entity_id.as_deref(), issuer.as_deref()));
        checks.push(check("Response InResponseTo", x.in_response_to.as_deref(), root.attribute("InResponseTo")));
    }
    let attr = |name: &str| root.attribute(name).map(String::from);
    Root {
        local_name: String::from(root.local_name()),
        qname: root.qname(),
        namespace: root.namespace().map(String::from),
        id: attr("ID"),
        version: attr("Version"),
        issue_instant: instant(root.attribute("IssueInstant")),
        destination: attr("Destination"),
        in_response_to: attr("InResponseTo"),
        acs_url: attr("AssertionConsumerServiceURL"),
        issuer,
        status: status
            .and_then(|s| s.child(PROTOCOL, "StatusCode"))
            .and_then(|c| c.attribute("Value"))
            .map(String::from),
        status_message: status.and_then(|s| text_of(s, PROTOCOL, "StatusMessage")),
        checks,
    }
}

/// One `ds:Signature`: where it is, what it declares, and what the core computes.
pub fn signature(sig: Node<'_>, keys: &TrustedKeys, x: &Expectations, limits: &Limits) -> SignatureReport {
    let parent = sig.parent_element();
    let details = parse_signature(sig, true).map(|parsed| {
        let id = parent.and_then(|p| p.attribute("ID")).unwrap_or("");
        let target = parsed.reference_uri.strip_prefix('#').unwrap_or("");
        let max = limits.max_canonical_bytes;
        let signed_info = dsig::signed_info_bytes(&parsed, sig, max);
        let key_tries = signed_info.as_ref().map_err(Clone::clone).map(|bytes| {
            keys.iter()
                .enumerate()
                .map(|(index, k)| {
                    let supported = k.key().supports(parsed.signature_algorithm);
                    let verifies = supported
                        && k.key().verify(parsed.signature_algorithm, bytes, &parsed.signature_value).unwrap_or(false);
                    KeyTry { index, supported, verifies }
                })
                .collect()
        });
        let key_info = parsed
            .key_info_certificates
            .iter()
            .map(|b64| Certificate::from_base64(b64).map(|c| (c.clone(), keys.matches_certificate(&c))))
            .collect();
        SignatureDetails {
            signature_algorithm: parsed.signature_algorithm,
            canonicalization: parsed.signed_info_c14n.clone(),
            reference_uri: parsed.reference_uri.clone(),
            transforms: parsed.transforms.clone(),
            digest_algorithm: parsed.digest_algorithm,
            uses_sha1: parsed.digest_algorithm == DigestAlgorithm::Sha1
                || parsed.signature_algorithm.digest() == DigestAlgorithm::Sha1,
            digest_declared: parsed.digest_value.clone(),
            references_parent: !id.is_empty() && parsed.reference_uri == alloc::format!("#{id}"),
            elements_with_referenced_id: (!target.is_empty())
                .then(|| dsig::elements_with_id(sig.document().root(), target)),
            digest_computed: parent.map(|p| dsig::reference_digest(&parsed, sig, p, max)),
            canonical_reference: parent.filter(|_| x.canonical).map(|p| dsig::reference_bytes(&parsed, sig, p, max)),
            canonical_signed_info: x.canonical.then(|| signed_info.clone()),
            keys: key_tries,
            key_info,
        }
    });
    SignatureReport {
        element: parent.map(|p| p.qname()).unwrap_or_default(),
        element_namespace: parent.and_then(|p| p.namespace()).map(String::from),
        element_id: parent.and_then(|p| p.attribute("ID")).map(String::from),
        details,
        decrypted: false,
    }
}

/// One `saml:Assertion`: where it sits, what it says, and each condition expected vs found.
pub fn assertion(a: Node<'_>, response: Node<'_>, x: &Expectations) -> AssertionReport {
    let issuer = text_of(a, ASSERTION, "Issuer");
    let mut checks = alloc::vec![check("Assertion Issuer", x.idp_entity_id.as_deref(), issuer.as_deref())];
    let mut windows = Vec::new();
    let mut audiences = Vec::new();
    if let Some(c) = a.child(ASSERTION, "Conditions") {
        windows.push(window("Conditions", c, x));
        audiences = c.descendants().filter(|n| n.is(ASSERTION, "Audience")).map(|n| n.text_content()).collect();
    }
    checks.push(Check {
        name: "Audience",
        expected: x.sp_entity_id.clone(),
        found: (!audiences.is_empty()).then(|| audiences.join(" | ")),
        ok: x.sp_entity_id.as_ref().map(|sp| audiences.iter().any(|a| a == sp)),
    });

    let subject = a.child(ASSERTION, "Subject");
    let name_id = subject.and_then(|s| s.child(ASSERTION, "NameID"));
    let mut confirmations = Vec::new();
    for c in subject.into_iter().flat_map(|s| s.children_named(ASSERTION, "SubjectConfirmation")) {
        checks.push(check("SubjectConfirmation Method", Some(CM_BEARER), c.attribute("Method")));
        if let Some(d) = c.child(ASSERTION, "SubjectConfirmationData") {
            windows.push(window("SubjectConfirmationData", d, x));
            checks.push(check("Recipient", x.acs_url.as_deref(), d.attribute("Recipient")));
            checks.push(check(
                "SubjectConfirmationData InResponseTo",
                x.in_response_to.as_deref(),
                d.attribute("InResponseTo"),
            ));
            confirmations
                .push((d.attribute("Recipient").map(String::from), d.attribute("InResponseTo").map(String::from)));
        }
    }
    let authn = a.child(ASSERTION, "AuthnStatement");
    let mut attributes = Vec::new();
    for statement in a.children_named(ASSERTION, "AttributeStatement") {
        for at in statement.children_named(ASSERTION, "Attribute") {
            let attribute = SamlAttribute {
                name: String::from(at.attribute("Name").unwrap_or("")),
                name_format: at.attribute("NameFormat").map(String::from),
                friendly_name: at.attribute("FriendlyName").map(String::from),
                values: at.children_named(ASSERTION, "AttributeValue").map(|v| v.text_content()).collect(),
            };
            let short = short_name(&attribute);
            attributes.push((attribute, short));
        }
    }
    let parent = a.parent_element();
    AssertionReport {
        id: a.attribute("ID").map(String::from),
        parent: parent.map(|p| p.qname()).unwrap_or_default(),
        child_of_response: parent == Some(response) && response.is(PROTOCOL, "Response"),
        signed: a.child(DSIG, "Signature").is_some(),
        issuer,
        name_id: name_id.map(|n| n.text_content()),
        name_id_format: name_id.and_then(|n| n.attribute("Format")).map(String::from),
        audiences,
        checks,
        windows,
        confirmations,
        authn_instant: instant(authn.and_then(|s| s.attribute("AuthnInstant"))),
        session_not_on_or_after: instant(authn.and_then(|s| s.attribute("SessionNotOnOrAfter"))),
        session_index: authn.and_then(|s| s.attribute("SessionIndex")).map(String::from),
        attributes,
    }
}

/// The URI of a transform as written.
pub fn transform_uri(t: &Transform) -> &'static str {
    match t {
        Transform::Enveloped => dsig::ENVELOPED,
        Transform::C14n(m) => m.uri(),
    }
}
