//! The identity read from a verified Assertion (SAML core §2.2–§2.7).
//!
//! Every value is the full text content of its element (all text and CDATA,
//! comments and PIs skipped), so a comment inside a NameID can never truncate
//! it (docs/security.md §6).

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::ns::ASSERTION;
use crate::time::Timestamp;
use crate::xml::Node;

/// One `saml:Attribute` (SAML core §2.7.3.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SamlAttribute {
    /// `Name` as sent (Entra: a claim URI).
    pub name: String,
    /// `NameFormat`, if any.
    pub name_format: Option<String>,
    /// `FriendlyName`, if any.
    pub friendly_name: Option<String>,
    /// Every `AttributeValue`, in order.
    pub values: Vec<String>,
}

/// A claim under its short name (Entra's URIs shortened), values merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Short name, e.g. `emailaddress` for `http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress`.
    pub name: String,
    /// Values of every attribute with that short name.
    pub values: Vec<String>,
}

/// Who signed in, as the verified Assertion says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// `Subject/NameID` text.
    pub name_id: String,
    /// `NameID/@Format`.
    pub name_id_format: Option<String>,
    /// `NameID/@NameQualifier`.
    pub name_qualifier: Option<String>,
    /// `NameID/@SPNameQualifier`.
    pub sp_name_qualifier: Option<String>,
    /// `AuthnStatement/@SessionIndex`.
    pub session_index: Option<String>,
    /// `AuthnStatement/@AuthnInstant`.
    pub authn_instant: Option<Timestamp>,
    /// `AuthnStatement/@SessionNotOnOrAfter`: when the IdP wants the SP session to end.
    pub session_not_on_or_after: Option<Timestamp>,
    /// `AuthnContext/AuthnContextClassRef`.
    pub authn_context_class_ref: Option<String>,
    /// Every attribute as sent.
    pub attributes: Vec<SamlAttribute>,
    /// The attributes under short names.
    pub claims: Vec<Claim>,
    /// The user name for the portal: the configured claim, else `upn`, else the NameID.
    pub login_name: String,
    /// Entra's group-overage link (`groups.link`): too many groups to list; fetch them from Graph.
    pub groups_overage_link: Option<String>,
}

impl Identity {
    /// Values of the claim with this short name (case-insensitive), or of the attribute with this exact Name.
    pub fn claim(&self, name: &str) -> Option<&[String]> {
        self.claims
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
            .map(|c| c.values.as_slice())
            .or_else(|| self.attributes.iter().find(|a| a.name == name).map(|a| a.values.as_slice()))
    }
}

/// Entra ID (and WS-Federation) claim URIs and their short names.
const KNOWN_CLAIMS: &[(&str, &str)] = &[
    ("http://schemas.microsoft.com/identity/claims/tenantid", "tenantid"),
    ("http://schemas.microsoft.com/identity/claims/objectidentifier", "objectidentifier"),
    ("http://schemas.microsoft.com/identity/claims/displayname", "displayname"),
    ("http://schemas.microsoft.com/identity/claims/identityprovider", "identityprovider"),
    ("http://schemas.microsoft.com/claims/authnmethodsreferences", "authnmethodsreferences"),
    ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "name"),
    ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "emailaddress"),
    ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "givenname"),
    ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "surname"),
    ("http://schemas.microsoft.com/ws/2008/06/identity/claims/groups", "groups"),
    ("http://schemas.microsoft.com/ws/2008/06/identity/claims/role", "role"),
    ("http://schemas.microsoft.com/ws/2008/06/identity/claims/wids", "wids"),
    ("http://schemas.microsoft.com/claims/groups.link", "groups.link"),
];

/// The short name of an attribute: Entra's table, else the last segment of a
/// claim URI, else the FriendlyName of an OID-named attribute, else the Name.
pub fn short_name(attribute: &SamlAttribute) -> String {
    if let Some((_, short)) = KNOWN_CLAIMS.iter().find(|(uri, _)| *uri == attribute.name) {
        return String::from(*short);
    }
    let name = attribute.name.as_str();
    if name.starts_with("http://") || name.starts_with("https://") {
        if let Some(last) = name.trim_end_matches('/').rsplit('/').next().filter(|s| !s.is_empty()) {
            return String::from(last);
        }
    }
    if name.starts_with("urn:oid:") {
        if let Some(f) = attribute.friendly_name.as_deref().filter(|f| !f.is_empty()) {
            return String::from(f);
        }
    }
    String::from(name)
}

fn time_attr(n: Node<'_>, name: &str) -> Result<Option<Timestamp>> {
    n.attribute(name).map(Timestamp::parse).transpose()
}

/// Read the identity from the verified `assertion`.
pub(crate) fn read_identity(assertion: Node<'_>, login_name_claim: &str) -> Result<Identity> {
    let subject = assertion
        .child(ASSERTION, "Subject")
        .ok_or_else(|| Error::SamlSubject { detail: String::from("the Assertion has no Subject") })?;
    let name_id = subject.child(ASSERTION, "NameID").ok_or_else(|| Error::SamlSubject {
        detail: String::from("the Subject has no NameID (EncryptedID and BaseID are not supported)"),
    })?;
    let name_id_value = name_id.text_content();
    if name_id_value.trim().is_empty() {
        return Err(Error::SamlSubject { detail: String::from("the NameID is empty") });
    }

    let mut session_index = None;
    let mut authn_instant = None;
    let mut session_not_on_or_after = None;
    let mut authn_context_class_ref = None;
    if let Some(authn) = assertion.child(ASSERTION, "AuthnStatement") {
        session_index = authn.attribute("SessionIndex").map(String::from);
        authn_instant = time_attr(authn, "AuthnInstant")?;
        session_not_on_or_after = time_attr(authn, "SessionNotOnOrAfter")?;
        authn_context_class_ref = authn
            .child(ASSERTION, "AuthnContext")
            .and_then(|c| c.child(ASSERTION, "AuthnContextClassRef"))
            .map(|c| c.text_content());
    }

    let mut attributes = Vec::new();
    for statement in assertion.children_named(ASSERTION, "AttributeStatement") {
        for a in statement.children_named(ASSERTION, "Attribute") {
            attributes.push(SamlAttribute {
                name: String::from(a.attribute("Name").unwrap_or("")),
                name_format: a.attribute("NameFormat").map(String::from),
                friendly_name: a.attribute("FriendlyName").map(String::from),
                values: a.children_named(ASSERTION, "AttributeValue").map(|v| v.text_content()).collect(),
            });
        }
    }

    let mut claims: Vec<Claim> = Vec::new();
    for a in &attributes {
        let short = short_name(a);
        match claims.iter_mut().find(|c| c.name == short) {
            Some(c) => c.values.extend(a.values.iter().cloned()),
            None => claims.push(Claim { name: short, values: a.values.clone() }),
        }
    }
    let first_value = |name: &str| {
        claims
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
            .and_then(|c| c.values.iter().find(|v| !v.trim().is_empty()))
            .cloned()
    };
    let login_name =
        first_value(login_name_claim).or_else(|| first_value("upn")).unwrap_or_else(|| name_id_value.clone());
    let groups_overage_link = first_value("groups.link");

    Ok(Identity {
        name_id: name_id_value,
        name_id_format: name_id.attribute("Format").map(String::from),
        name_qualifier: name_id.attribute("NameQualifier").map(String::from),
        sp_name_qualifier: name_id.attribute("SPNameQualifier").map(String::from),
        session_index,
        authn_instant,
        session_not_on_or_after,
        authn_context_class_ref,
        attributes,
        claims,
        login_name,
        groups_overage_link,
    })
}
