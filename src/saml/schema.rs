//! The SAML 2.0 schemas' content models for the elements the verifier reads (SAML core §2 and
//! §3, `saml-schema-assertion-2.0.xsd`, `saml-schema-protocol-2.0.xsd`): element order,
//! cardinality, required attributes, and no text where only elements may be.
//!
//! A small table, not an XSD engine: each entry is a content model transcribed from the
//! schema, matched greedily (the schemas obey XSD's Unique Particle Attribution, so a greedy
//! match of each sequence is exact). What the table does not hold is deliberately not checked:
//! lexical forms (an `xs:ID` that starts with a digit, as real IdPs send, protects nothing
//! when refused; time values are read by [`crate::time`]), attributes the schema does not
//! declare, and the inside of `ds:Signature` (the XML-DSig profile in [`crate::dsig`] reads that
//! more strictly than its schema does). Elements inside wildcards (`SubjectConfirmationData`,
//! `AttributeValue`, `StatusDetail`, `Extensions`, `Advice`) are checked when the table knows
//! them, as the schemas' `processContents="lax"` asks.
//!
//! `tests/schema/` holds the proof that this table and the OASIS XSDs agree: structural
//! variants of real IdP output (elements removed, repeated, reordered, foreign elements and
//! text added, required attributes dropped) get the same verdict from both.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::ns::{ASSERTION, DSIG, PROTOCOL, XMLENC, XS, XSI};
use crate::xml::{Node, NodeKind};

/// XML 1.0 §2.3 `S`: what element-only content may hold between its elements.
fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// An element's name as an error shows it: the local name for SAML and XML-DSig elements,
/// `{namespace}name` for anything else.
fn name_of(n: Node<'_>) -> String {
    match n.namespace() {
        Some(ns) if ns == ASSERTION || ns == PROTOCOL || ns == DSIG => String::from(n.local_name()),
        Some(ns) => alloc::format!("{{{ns}}}{}", n.local_name()),
        None => alloc::format!("{} (no namespace)", n.local_name()),
    }
}

const UNBOUNDED: usize = usize::MAX;

/// The elements one particle admits.
struct Names {
    /// These (namespace, local name) pairs.
    of: &'static [(&'static str, &'static str)],
    /// Also any element of a namespace other than this one (XSD `##other`: not unqualified).
    other_than: Option<&'static str>,
}

impl Names {
    fn admits(&self, n: Node<'_>) -> bool {
        self.of.iter().any(|(ns, local)| n.is(ns, local))
            || self.other_than.is_some_and(|target| n.namespace().is_some_and(|ns| ns != target))
    }
}

/// `names` from `min` to `max` times.
struct Particle {
    names: Names,
    min: usize,
    max: usize,
}

/// What an element may contain.
enum Content {
    /// Element children only (and whitespace), matching one of these sequences.
    Elements(&'static [&'static [Particle]]),
    /// Text only (simple content: `xs:string`, `xs:anyURI`).
    Text,
    /// Anything (`xs:anyType`, mixed content with `##any` wildcards).
    Any,
}

struct Model {
    ns: &'static str,
    local: &'static str,
    /// Attributes with `use="required"` (unqualified).
    required: &'static [&'static str],
    content: Content,
}

const fn one(of: &'static [(&'static str, &'static str)]) -> Particle {
    Particle { names: Names { of, other_than: None }, min: 1, max: 1 }
}
const fn opt(of: &'static [(&'static str, &'static str)]) -> Particle {
    Particle { names: Names { of, other_than: None }, min: 0, max: 1 }
}
const fn many(of: &'static [(&'static str, &'static str)]) -> Particle {
    Particle { names: Names { of, other_than: None }, min: 0, max: UNBOUNDED }
}
const fn some(of: &'static [(&'static str, &'static str)]) -> Particle {
    Particle { names: Names { of, other_than: None }, min: 1, max: UNBOUNDED }
}

const ISSUER: &[(&str, &str)] = &[(ASSERTION, "Issuer")];
const SIGNATURE: &[(&str, &str)] = &[(DSIG, "Signature")];
const IDENTIFIER: &[(&str, &str)] = &[(ASSERTION, "BaseID"), (ASSERTION, "NameID"), (ASSERTION, "EncryptedID")];
const SUBJECT_CONFIRMATION: &[(&str, &str)] = &[(ASSERTION, "SubjectConfirmation")];
const AUTHN_CONTEXT_DECL: &[(&str, &str)] = &[(ASSERTION, "AuthnContextDecl"), (ASSERTION, "AuthnContextDeclRef")];
const AUTHENTICATING_AUTHORITY: &[(&str, &str)] = &[(ASSERTION, "AuthenticatingAuthority")];
const AUDIENCE: &[(&str, &str)] = &[(ASSERTION, "Audience")];
const ASSERTIONS: &[(&str, &str)] = &[(ASSERTION, "Assertion"), (ASSERTION, "EncryptedAssertion")];

/// The table, transcribed from the OASIS schemas (SAML V2.0, March 2005).
const MODELS: &[Model] = &[
    // protocol: StatusResponseType + ResponseType (core §3.2.2, §3.3.3)
    Model {
        ns: PROTOCOL,
        local: "Response",
        required: &["ID", "Version", "IssueInstant"],
        content: Content::Elements(&[&[
            opt(ISSUER),
            opt(SIGNATURE),
            opt(&[(PROTOCOL, "Extensions")]),
            one(&[(PROTOCOL, "Status")]),
            many(ASSERTIONS),
        ]]),
    },
    Model {
        ns: PROTOCOL,
        local: "Extensions",
        required: &[],
        content: Content::Elements(&[&[Particle {
            names: Names { of: &[], other_than: Some(PROTOCOL) },
            min: 1,
            max: UNBOUNDED,
        }]]),
    },
    Model {
        ns: PROTOCOL,
        local: "Status",
        required: &[],
        content: Content::Elements(&[&[
            one(&[(PROTOCOL, "StatusCode")]),
            opt(&[(PROTOCOL, "StatusMessage")]),
            opt(&[(PROTOCOL, "StatusDetail")]),
        ]]),
    },
    Model {
        ns: PROTOCOL,
        local: "StatusCode",
        required: &["Value"],
        content: Content::Elements(&[&[opt(&[(PROTOCOL, "StatusCode")])]]),
    },
    Model { ns: PROTOCOL, local: "StatusMessage", required: &[], content: Content::Text },
    Model { ns: PROTOCOL, local: "StatusDetail", required: &[], content: Content::Any },
    // assertion: AssertionType (core §2.3.3)
    Model {
        ns: ASSERTION,
        local: "Assertion",
        required: &["Version", "ID", "IssueInstant"],
        content: Content::Elements(&[&[
            one(ISSUER),
            opt(SIGNATURE),
            opt(&[(ASSERTION, "Subject")]),
            opt(&[(ASSERTION, "Conditions")]),
            opt(&[(ASSERTION, "Advice")]),
            many(&[
                (ASSERTION, "Statement"),
                (ASSERTION, "AuthnStatement"),
                (ASSERTION, "AuthzDecisionStatement"),
                (ASSERTION, "AttributeStatement"),
            ]),
        ]]),
    },
    // NameIDType (core §2.2.3, §2.2.5)
    Model { ns: ASSERTION, local: "Issuer", required: &[], content: Content::Text },
    Model { ns: ASSERTION, local: "NameID", required: &[], content: Content::Text },
    // SubjectType (core §2.4.1): an identifier and any confirmations, or confirmations alone.
    Model {
        ns: ASSERTION,
        local: "Subject",
        required: &[],
        content: Content::Elements(&[&[one(IDENTIFIER), many(SUBJECT_CONFIRMATION)], &[some(SUBJECT_CONFIRMATION)]]),
    },
    Model {
        ns: ASSERTION,
        local: "SubjectConfirmation",
        required: &["Method"],
        content: Content::Elements(&[&[opt(IDENTIFIER), opt(&[(ASSERTION, "SubjectConfirmationData")])]]),
    },
    Model { ns: ASSERTION, local: "SubjectConfirmationData", required: &[], content: Content::Any },
    // ConditionsType (core §2.5.1)
    Model {
        ns: ASSERTION,
        local: "Conditions",
        required: &[],
        content: Content::Elements(&[&[many(&[
            (ASSERTION, "Condition"),
            (ASSERTION, "AudienceRestriction"),
            (ASSERTION, "OneTimeUse"),
            (ASSERTION, "ProxyRestriction"),
        ])]]),
    },
    Model {
        ns: ASSERTION,
        local: "AudienceRestriction",
        required: &[],
        content: Content::Elements(&[&[some(AUDIENCE)]]),
    },
    Model { ns: ASSERTION, local: "Audience", required: &[], content: Content::Text },
    Model { ns: ASSERTION, local: "OneTimeUse", required: &[], content: Content::Elements(&[&[]]) },
    Model { ns: ASSERTION, local: "ProxyRestriction", required: &[], content: Content::Elements(&[&[many(AUDIENCE)]]) },
    // AdviceType (core §2.6.1)
    Model {
        ns: ASSERTION,
        local: "Advice",
        required: &[],
        content: Content::Elements(&[&[Particle {
            names: Names {
                of: &[
                    (ASSERTION, "AssertionIDRef"),
                    (ASSERTION, "AssertionURIRef"),
                    (ASSERTION, "Assertion"),
                    (ASSERTION, "EncryptedAssertion"),
                ],
                other_than: Some(ASSERTION),
            },
            min: 0,
            max: UNBOUNDED,
        }]]),
    },
    // AuthnStatementType, AuthnContextType (core §2.7.2)
    Model {
        ns: ASSERTION,
        local: "AuthnStatement",
        required: &["AuthnInstant"],
        content: Content::Elements(&[&[opt(&[(ASSERTION, "SubjectLocality")]), one(&[(ASSERTION, "AuthnContext")])]]),
    },
    Model {
        ns: ASSERTION,
        local: "AuthnContext",
        required: &[],
        content: Content::Elements(&[
            &[one(&[(ASSERTION, "AuthnContextClassRef")]), opt(AUTHN_CONTEXT_DECL), many(AUTHENTICATING_AUTHORITY)],
            &[one(AUTHN_CONTEXT_DECL), many(AUTHENTICATING_AUTHORITY)],
        ]),
    },
    Model { ns: ASSERTION, local: "AuthnContextClassRef", required: &[], content: Content::Text },
    // AttributeStatementType, AttributeType (core §2.7.3)
    Model {
        ns: ASSERTION,
        local: "AttributeStatement",
        required: &[],
        content: Content::Elements(&[&[some(&[(ASSERTION, "Attribute"), (ASSERTION, "EncryptedAttribute")])]]),
    },
    Model {
        ns: ASSERTION,
        local: "Attribute",
        required: &["Name"],
        content: Content::Elements(&[&[many(&[(ASSERTION, "AttributeValue")])]]),
    },
    Model { ns: ASSERTION, local: "AttributeValue", required: &[], content: Content::Any },
];

fn model_of(n: Node<'_>) -> Option<&'static Model> {
    // The name is read once and compared with each model's (local name first: most differ in length).
    let (ns, local) = (n.namespace()?, n.local_name());
    MODELS.iter().find(|m| m.local == local && m.ns == ns)
}

/// Check `root` and every element below it that the table knows (not inside `ds:Signature`
/// or XML Encryption content) against the schema's content model.
///
/// # Errors
/// [`Error::SamlSchema`] naming the element, what the schema expects there and what was found.
pub fn check_structure(root: Node<'_>) -> Result<()> {
    let mut stack = alloc::vec![root];
    while let Some(n) = stack.pop() {
        if n.is(DSIG, "Signature") || n.namespace() == Some(XMLENC) {
            continue;
        }
        if let Some(model) = model_of(n) {
            check_element(n, model)?;
        }
        let first = stack.len();
        stack.extend(n.element_children());
        if let Some(added) = stack.get_mut(first..) {
            added.reverse();
        }
    }
    Ok(())
}

fn check_element(n: Node<'_>, model: &Model) -> Result<()> {
    for attribute in model.required {
        // An ID must also say something: it is the key a replay cache stores.
        let present = match n.attribute(attribute) {
            Some(v) if *attribute == "ID" => !v.chars().all(is_xml_space),
            Some(_) => true,
            None => false,
        };
        if !present {
            return Err(schema_error(
                n,
                alloc::format!("the required attribute {attribute}"),
                if n.attribute(attribute).is_some() {
                    alloc::format!("{attribute}=\"\"")
                } else {
                    alloc::format!("no {attribute}")
                },
            ));
        }
    }
    let text = || n.children().any(|c| c.kind() == NodeKind::Text && !c.text().chars().all(is_xml_space));
    let elements: Vec<Node<'_>> = n.element_children().collect();
    let content = match &model.content {
        // `xsi:type="xs:string"` (as on most AttributeValues) makes the type a built-in simple one:
        // text only (XML Schema 1 §3.3.4, §4.3.1).
        Content::Any if typed_simple(n) => &Content::Text,
        other => other,
    };
    match content {
        Content::Any => Ok(()),
        Content::Text => match elements.first() {
            Some(e) => Err(schema_error(n, String::from("text only"), alloc::format!("the element {}", name_of(*e)))),
            None => Ok(()),
        },
        Content::Elements(alternatives) => {
            if text() {
                return Err(schema_error(n, describe(alternatives), String::from("text between its elements")));
            }
            // The alternative that matched the most children names the offending one.
            let mut best = 0;
            for sequence in alternatives.iter() {
                match match_sequence(&elements, sequence) {
                    Ok(()) => return Ok(()),
                    Err(at) => best = best.max(at),
                }
            }
            let names: Vec<String> = elements.iter().map(|e| name_of(*e)).collect();
            let found = match elements.get(best) {
                Some(bad) => alloc::format!(
                    "{} ({} is not allowed there)",
                    if names.is_empty() { String::from("nothing") } else { names.join(", ") },
                    ordinal_name(&elements, best, *bad)
                ),
                None if names.is_empty() => String::from("no child elements"),
                None => alloc::format!("{} (something required is missing)", names.join(", ")),
            };
            Err(schema_error(n, describe(alternatives), found))
        }
    }
}

/// True when `n` carries an `xsi:type` naming a built-in type of XML Schema other than `anyType`:
/// every one of those is simple.
fn typed_simple(n: Node<'_>) -> bool {
    let Some(value) = n.attribute_ns(XSI, "type") else { return false };
    let value = value.trim_matches(is_xml_space);
    let (prefix, local) = match value.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, value),
    };
    n.lookup_namespace(prefix) == Some(XS) && local != "anyType"
}

/// Greedy match; `Err(i)` is the index of the first child that did not fit (or the count of
/// children when a required particle is missing at the end).
fn match_sequence(children: &[Node<'_>], sequence: &[Particle]) -> core::result::Result<(), usize> {
    let mut i = 0;
    for p in sequence {
        let mut n = 0;
        while n < p.max && children.get(i).is_some_and(|c| p.names.admits(*c)) {
            n += 1;
            i += 1;
        }
        if n < p.min {
            return Err(i);
        }
    }
    if i < children.len() {
        Err(i)
    } else {
        Ok(())
    }
}

/// "the second NameID" for the child at `at`.
fn ordinal_name(children: &[Node<'_>], at: usize, bad: Node<'_>) -> String {
    let same = children
        .iter()
        .take(at)
        .filter(|c| c.namespace() == bad.namespace() && c.local_name() == bad.local_name())
        .count();
    let nth = match same {
        0 => "",
        1 => "a second ",
        2 => "a third ",
        _ => "another ",
    };
    alloc::format!("{nth}{}", name_of(bad))
}

/// The content model as the schema's notation: `Issuer?, Signature?, Status, (Assertion|EncryptedAssertion)*`.
fn describe(alternatives: &[&[Particle]]) -> String {
    let one = |sequence: &[Particle]| -> String {
        if sequence.is_empty() {
            return String::from("no content");
        }
        let parts: Vec<String> = sequence
            .iter()
            .map(|p| {
                let mut names: Vec<&str> = p.names.of.iter().map(|(_, l)| *l).collect();
                if p.names.other_than.is_some() {
                    names.push("any element of another namespace");
                }
                let group = if names.len() > 1 { alloc::format!("({})", names.join("|")) } else { names.concat() };
                let suffix = match (p.min, p.max) {
                    (0, 1) => "?",
                    (0, _) => "*",
                    (1, 1) => "",
                    _ => "+",
                };
                alloc::format!("{group}{suffix}")
            })
            .collect();
        parts.join(", ")
    };
    alternatives.iter().map(|s| one(s)).collect::<Vec<_>>().join(" or ")
}

fn schema_error(n: Node<'_>, expected: String, found: String) -> Error {
    // `ancestors()` starts at the element itself.
    let mut path: Vec<&str> = n.ancestors().filter(|a| a.is_element()).map(|a| a.local_name()).collect();
    path.reverse();
    Error::SamlSchema { element: path.join("/"), expected, found }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;

    const RESPONSE_OPEN: &str = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" \
        xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_r\" Version=\"2.0\" IssueInstant=\"2026-01-15T10:00:00Z\">\
        <samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>";

    fn check(assertion_body: &str) -> core::result::Result<(), (String, String, String)> {
        let xml = alloc::format!(
            "{RESPONSE_OPEN}<saml:Assertion ID=\"_a\" Version=\"2.0\" IssueInstant=\"2026-01-15T10:00:00Z\">\
             <saml:Issuer>urn:idp</saml:Issuer>{assertion_body}</saml:Assertion></samlp:Response>"
        );
        let doc = crate::xml::parse(&xml, &Limits::default()).unwrap();
        check_structure(doc.root_element()).map_err(|e| match e {
            Error::SamlSchema { element, expected, found } => (element, expected, found),
            other => panic!("{other:?}"),
        })
    }

    const SC: &str = "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"/>";

    #[test]
    fn subject_identifiers() {
        assert!(check(&alloc::format!("<saml:Subject><saml:NameID>a</saml:NameID>{SC}</saml:Subject>")).is_ok());
        assert!(check(&alloc::format!("<saml:Subject>{SC}{SC}</saml:Subject>")).is_ok());
        let (element, expected, found) = check(&alloc::format!(
            "<saml:Subject><saml:NameID>a</saml:NameID><saml:NameID>b</saml:NameID>{SC}</saml:Subject>"
        ))
        .unwrap_err();
        assert_eq!(element, "Response/Assertion/Subject");
        assert_eq!(expected, "(BaseID|NameID|EncryptedID), SubjectConfirmation* or SubjectConfirmation+");
        assert_eq!(found, "NameID, NameID, SubjectConfirmation (a second NameID is not allowed there)");
        assert!(check("<saml:Subject><saml:NameID>a</saml:NameID><saml:EncryptedID/></saml:Subject>").is_err());
        assert!(check("<saml:Subject/>").is_err());
    }

    #[test]
    fn order_and_required_attributes() {
        let authn = "<saml:AuthnStatement AuthnInstant=\"2026-01-15T10:00:00Z\"><saml:AuthnContext>\
            <saml:AuthnContextClassRef>x</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>";
        let subject = alloc::format!("<saml:Subject><saml:NameID>a</saml:NameID>{SC}</saml:Subject>");
        assert!(check(&alloc::format!("{subject}<saml:Conditions/>{authn}")).is_ok());
        let (_, _, found) = check(&alloc::format!("<saml:Conditions/>{subject}{authn}")).unwrap_err();
        assert_eq!(found, "Issuer, Conditions, Subject, AuthnStatement (Subject is not allowed there)");
        let (element, expected, found) =
            check(&authn.replace(" AuthnInstant=\"2026-01-15T10:00:00Z\"", "")).unwrap_err();
        assert_eq!(
            (element.as_str(), expected.as_str(), found.as_str()),
            ("Response/Assertion/AuthnStatement", "the required attribute AuthnInstant", "no AuthnInstant")
        );
        assert!(check("<saml:AuthnStatement AuthnInstant=\"x\"><saml:AuthnContext/></saml:AuthnStatement>").is_err());
        assert!(check("<saml:Conditions>text</saml:Conditions>").is_err());
        assert!(check("<saml:Conditions>\n  </saml:Conditions>").is_ok());
        assert!(check("<saml:AttributeStatement/>").is_err());
        assert!(check("<saml:AttributeStatement><saml:Attribute/></saml:AttributeStatement>").is_err());
        assert!(check("<x:Foo xmlns:x=\"urn:x\"/>").is_err());
        // A value typed xs:string holds text only; an untyped one anything.
        let value = |v: &str| {
            alloc::format!(
                "<saml:AttributeStatement><saml:Attribute Name=\"n\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" \
                 xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">{v}</saml:Attribute></saml:AttributeStatement>"
            )
        };
        assert!(check(&value("<saml:AttributeValue><x:y xmlns:x=\"urn:x\"/></saml:AttributeValue>")).is_ok());
        assert!(check(&value("<saml:AttributeValue xsi:type=\"xs:string\">a</saml:AttributeValue>")).is_ok());
        let (_, expected, _) =
            check(&value("<saml:AttributeValue xsi:type=\"xs:string\"><x:y xmlns:x=\"urn:x\"/></saml:AttributeValue>"))
                .unwrap_err();
        assert_eq!(expected, "text only");
        assert!(check(&value(
            "<saml:AttributeValue xsi:type=\"xs:anyType\"><x:y xmlns:x=\"urn:x\"/></saml:AttributeValue>"
        ))
        .is_ok());
        // Wildcards: anything inside SubjectConfirmationData and AttributeValue.
        assert!(check(
            "<saml:Subject><saml:SubjectConfirmation Method=\"m\"><saml:SubjectConfirmationData>t<x:y xmlns:x=\"urn:x\"/>\
             </saml:SubjectConfirmationData></saml:SubjectConfirmation></saml:Subject>"
        )
        .is_ok());
        // Text-only elements hold no elements.
        let (_, expected, found) = check(
            "<saml:Conditions><saml:AudienceRestriction><saml:Audience>a<saml:NameID/></saml:Audience>\
             </saml:AudienceRestriction></saml:Conditions>",
        )
        .unwrap_err();
        assert_eq!((expected.as_str(), found.as_str()), ("text only", "the element NameID"));
        let (_, _, found) = check("<x:Foo xmlns:x=\"urn:x\"/>").unwrap_err();
        assert_eq!(found, "Issuer, {urn:x}Foo ({urn:x}Foo is not allowed there)");
    }

    #[test]
    fn an_empty_or_missing_id() {
        let xml = alloc::format!(
            "{RESPONSE_OPEN}<saml:Assertion ID=\" \" Version=\"2.0\" IssueInstant=\"2026-01-15T10:00:00Z\">\
             <saml:Issuer>urn:idp</saml:Issuer></saml:Assertion></samlp:Response>"
        );
        let doc = crate::xml::parse(&xml, &Limits::default()).unwrap();
        assert_eq!(check_structure(doc.root_element()).unwrap_err().code(), "ERR_SAML_SCHEMA");
    }
}
