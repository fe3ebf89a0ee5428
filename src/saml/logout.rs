//! Single Logout on the front channel (SAML core §3.7, profiles §4.4), as an SP does it.
//!
//! Sending: [`build_logout_request`] (SP-initiated logout) and [`build_logout_response`] (the
//! answer to the IdP's request), both sent signed on the HTTP-Redirect binding
//! ([`super::redirect_signature`]).
//!
//! Receiving, at the SP's SingleLogoutService, by HTTP-Redirect or HTTP-POST
//! ([`LogoutInput`]), in this order (the first failing check is the one reported):
//!
//! 1. decode (bounded) and parse strictly; the root is the expected message
//!    (`samlp:LogoutRequest` / `samlp:LogoutResponse`), `Version="2.0"`, with `ID` and `IssueInstant`;
//! 2. signatures appear only on the root, at most one; the message must be signed (profiles
//!    §4.4.3.3, §4.4.4.1): by the redirect binding's `Signature` over the query as received
//!    (bindings §3.4.4.1), else by a `ds:Signature` on the root (the XML-DSig profile responses
//!    use); either covers the whole message;
//! 3. the signature verifies with a pinned IdP key (the value may be checked by the host's crypto);
//! 4. `Issuer` is the IdP (required, profiles §4.4.4.1–2); `Destination` is this SP's logout URL
//!    (required for a signed message, bindings §3.4.5.2); `IssueInstant` is not in the future and at
//!    most `max_message_age_secs` old (both with the clock tolerance);
//! 5. a LogoutRequest's `NotOnOrAfter` has not passed (core §3.7.1); a LogoutResponse answers the
//!    request we sent (`InResponseTo`, required) and its top-level status is Success (core §3.7.3.2;
//!    a second-level `PartialLogout` is reported).
//!
//! SOAP (the back channel) is not supported: an SP at the edge has no endpoint the IdP can call.

use alloc::string::String;
use alloc::vec::Vec;

use super::authn_request::{attr, check_id, config, escape_into};
use super::bindings::{decode_post_message, decode_redirect, RedirectParam};
use super::redirect_signature::PendingRedirectSignature;
use crate::crypto::SignatureAlgorithm;
use crate::dsig::{self, DsigOptions, PendingSignature};
use crate::error::{Error, LimitKind, Result};
use crate::limits::Limits;
use crate::ns::{ASSERTION, DSIG, PROTOCOL, STATUS_SUCCESS};
use crate::time::{Timestamp, Window, WindowCheck};
use crate::trust::TrustedKeys;
use crate::verdict::{one_per_task, Pending, SignatureTask};
use crate::xml::{self, Node};

/// Second-level status of a logout that did not reach every session participant (SAML core §3.2.2.2).
pub const STATUS_PARTIAL_LOGOUT: &str = "urn:oasis:names:tc:SAML:2.0:status:PartialLogout";

// ---------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------

/// What goes into a LogoutRequest (SAML core §3.7.1). Build with [`LogoutRequestOptions::new`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoutRequestOptions {
    /// `ID`: an NCName starting with a letter or `_`, with at least 128 random bits; keep it to
    /// match the LogoutResponse's `InResponseTo`.
    pub id: String,
    /// `IssueInstant`.
    pub issue_instant: Timestamp,
    /// `Destination`: the IdP's SingleLogoutService URL.
    pub destination: String,
    /// `Issuer`: the SP entity ID.
    pub sp_entity_id: String,
    /// `NameID` as the Assertion gave it (value, then its qualifiers and format below).
    pub name_id: String,
    /// `NameID/@Format`. Default: `None`.
    pub name_id_format: Option<String>,
    /// `NameID/@NameQualifier`. Default: `None`.
    pub name_qualifier: Option<String>,
    /// `NameID/@SPNameQualifier`. Default: `None`.
    pub sp_name_qualifier: Option<String>,
    /// `SessionIndex` values (the Assertion's `AuthnStatement/@SessionIndex`). Default: none.
    pub session_indexes: Vec<String>,
    /// `NotOnOrAfter`. Default: `None`.
    pub not_on_or_after: Option<Timestamp>,
    /// `Reason` (e.g. `urn:oasis:names:tc:SAML:2.0:logout:user`). Default: `None`.
    pub reason: Option<String>,
}

impl LogoutRequestOptions {
    /// Options with the required values and every default.
    pub fn new(
        id: impl Into<String>,
        issue_instant: Timestamp,
        destination: impl Into<String>,
        sp_entity_id: impl Into<String>,
        name_id: impl Into<String>,
    ) -> Self {
        LogoutRequestOptions {
            id: id.into(),
            issue_instant,
            destination: destination.into(),
            sp_entity_id: sp_entity_id.into(),
            name_id: name_id.into(),
            name_id_format: None,
            name_qualifier: None,
            sp_name_qualifier: None,
            session_indexes: Vec::new(),
            not_on_or_after: None,
            reason: None,
        }
    }
}

fn require(option: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(config(option, "must not be empty"));
    }
    Ok(())
}

fn open_message(x: &mut String, name: &str, id: &str, instant: Timestamp, destination: &str) -> Result<()> {
    x.push_str("<samlp:");
    x.push_str(name);
    x.push_str(" xmlns:samlp=\"");
    x.push_str(PROTOCOL);
    x.push_str("\" xmlns:saml=\"");
    x.push_str(ASSERTION);
    x.push('"');
    attr(x, "ID", id, "id")?;
    x.push_str(" Version=\"2.0\"");
    attr(x, "IssueInstant", &alloc::format!("{instant}"), "issue_instant")?;
    attr(x, "Destination", destination, "destination")
}

/// Serialize the LogoutRequest as compact UTF-8 XML, every value XML-escaped.
///
/// Refused with [`Error::ConfigInvalid`] (naming the option): an `id` that is not an NCName
/// starting with a letter or `_`; an empty destination, SP entity ID or NameID; an empty
/// optional value or SessionIndex; characters XML 1.0 cannot carry.
pub fn build_logout_request(o: &LogoutRequestOptions) -> Result<String> {
    check_id(&o.id)?;
    require("destination", &o.destination)?;
    require("sp_entity_id", &o.sp_entity_id)?;
    require("name_id", &o.name_id)?;
    for (option, value) in [
        ("name_id_format", &o.name_id_format),
        ("name_qualifier", &o.name_qualifier),
        ("sp_name_qualifier", &o.sp_name_qualifier),
        ("reason", &o.reason),
    ] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            return Err(config(option, "must not be empty when set"));
        }
    }
    if o.session_indexes.iter().any(|s| s.trim().is_empty()) {
        return Err(config("session_indexes", "must not contain an empty SessionIndex"));
    }
    let mut x = String::with_capacity(768);
    open_message(&mut x, "LogoutRequest", &o.id, o.issue_instant, &o.destination)?;
    if let Some(t) = o.not_on_or_after {
        attr(&mut x, "NotOnOrAfter", &alloc::format!("{t}"), "not_on_or_after")?;
    }
    if let Some(r) = &o.reason {
        attr(&mut x, "Reason", r, "reason")?;
    }
    x.push_str("><saml:Issuer>");
    escape_into(&mut x, &o.sp_entity_id, false, "sp_entity_id")?;
    x.push_str("</saml:Issuer><saml:NameID");
    if let Some(q) = &o.name_qualifier {
        attr(&mut x, "NameQualifier", q, "name_qualifier")?;
    }
    if let Some(q) = &o.sp_name_qualifier {
        attr(&mut x, "SPNameQualifier", q, "sp_name_qualifier")?;
    }
    if let Some(f) = &o.name_id_format {
        attr(&mut x, "Format", f, "name_id_format")?;
    }
    x.push('>');
    escape_into(&mut x, &o.name_id, false, "name_id")?;
    x.push_str("</saml:NameID>");
    for s in &o.session_indexes {
        x.push_str("<samlp:SessionIndex>");
        escape_into(&mut x, s, false, "session_indexes")?;
        x.push_str("</samlp:SessionIndex>");
    }
    x.push_str("</samlp:LogoutRequest>");
    Ok(x)
}

/// What goes into a LogoutResponse (SAML core §3.7.2). Build with [`LogoutResponseOptions::new`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoutResponseOptions {
    /// `ID`: an NCName starting with a letter or `_`.
    pub id: String,
    /// `IssueInstant`.
    pub issue_instant: Timestamp,
    /// `Destination`: the IdP's SingleLogoutService (response) URL.
    pub destination: String,
    /// `Issuer`: the SP entity ID.
    pub sp_entity_id: String,
    /// `InResponseTo`: the ID of the IdP's LogoutRequest.
    pub in_response_to: String,
    /// Top-level `StatusCode`. Default: Success.
    pub status_code: String,
    /// Second-level `StatusCode`. Default: `None`.
    pub sub_status_code: Option<String>,
    /// `StatusMessage`. Default: `None`.
    pub status_message: Option<String>,
}

impl LogoutResponseOptions {
    /// A Success response with the required values.
    pub fn new(
        id: impl Into<String>,
        issue_instant: Timestamp,
        destination: impl Into<String>,
        sp_entity_id: impl Into<String>,
        in_response_to: impl Into<String>,
    ) -> Self {
        LogoutResponseOptions {
            id: id.into(),
            issue_instant,
            destination: destination.into(),
            sp_entity_id: sp_entity_id.into(),
            in_response_to: in_response_to.into(),
            status_code: String::from(STATUS_SUCCESS),
            sub_status_code: None,
            status_message: None,
        }
    }
}

/// Serialize the LogoutResponse as compact UTF-8 XML, every value XML-escaped. Refusals as
/// [`build_logout_request`]; an empty `in_response_to` or status code too.
pub fn build_logout_response(o: &LogoutResponseOptions) -> Result<String> {
    check_id(&o.id)?;
    require("destination", &o.destination)?;
    require("sp_entity_id", &o.sp_entity_id)?;
    require("in_response_to", &o.in_response_to)?;
    require("status_code", &o.status_code)?;
    if o.sub_status_code.as_deref().is_some_and(|v| v.trim().is_empty()) {
        return Err(config("sub_status_code", "must not be empty when set"));
    }
    let mut x = String::with_capacity(768);
    open_message(&mut x, "LogoutResponse", &o.id, o.issue_instant, &o.destination)?;
    attr(&mut x, "InResponseTo", &o.in_response_to, "in_response_to")?;
    x.push_str("><saml:Issuer>");
    escape_into(&mut x, &o.sp_entity_id, false, "sp_entity_id")?;
    x.push_str("</saml:Issuer><samlp:Status><samlp:StatusCode");
    attr(&mut x, "Value", &o.status_code, "status_code")?;
    match &o.sub_status_code {
        Some(sub) => {
            x.push_str("><samlp:StatusCode");
            attr(&mut x, "Value", sub, "sub_status_code")?;
            x.push_str("/></samlp:StatusCode>");
        }
        None => x.push_str("/>"),
    }
    if let Some(m) = &o.status_message {
        x.push_str("<samlp:StatusMessage>");
        escape_into(&mut x, m, false, "status_message")?;
        x.push_str("</samlp:StatusMessage>");
    }
    x.push_str("</samlp:Status></samlp:LogoutResponse>");
    Ok(x)
}

// ---------------------------------------------------------------------------
// Receiving
// ---------------------------------------------------------------------------

/// A logout message as it reached the SingleLogoutService.
#[derive(Debug, Clone, Copy)]
pub enum LogoutInput<'a> {
    /// HTTP-Redirect (a GET): the whole URL or its query string, exactly as received.
    Redirect(&'a str),
    /// HTTP-POST: the `application/x-www-form-urlencoded` body.
    Post(&'a [u8]),
}

/// How a received logout message was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoutBinding {
    /// The redirect binding's `Signature` query parameter (SAML bindings §3.4.4.1).
    Redirect,
    /// A `ds:Signature` enveloped in the message's root (XML-DSig; HTTP-POST, or a redirect
    /// message that kept its XML signature).
    Xml,
}

impl LogoutBinding {
    /// `"redirect"` or `"xml"`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogoutBinding::Redirect => "redirect",
            LogoutBinding::Xml => "xml",
        }
    }
}

/// Expectations and policy for the logout messages the SP receives.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub struct LogoutVerifyOptions {
    /// This SP's SingleLogoutService URL: `Destination` must equal it.
    pub slo_url: String,
    /// The IdP entity ID: `Issuer` must equal it.
    pub idp_entity_id: String,
    /// The instant to evaluate times at. There is no clock in the core.
    pub now: Timestamp,
    /// Allowed clock skew in seconds. Default: 180.
    pub clock_tolerance_secs: u32,
    /// How old `IssueInstant` may be, in seconds (a logout message is delivered at once by the
    /// browser). Default: 300.
    pub max_message_age_secs: u32,
    /// Accept SHA-1 signatures (redirect `SigAlg` and XML). Default: false.
    pub allow_sha1: bool,
    /// Bounds on input size and parsing work. Default: [`Limits::default`].
    pub limits: Limits,
}

impl LogoutVerifyOptions {
    /// Options with the required values and every default.
    pub fn new(slo_url: impl Into<String>, idp_entity_id: impl Into<String>, now: Timestamp) -> Self {
        LogoutVerifyOptions {
            slo_url: slo_url.into(),
            idp_entity_id: idp_entity_id.into(),
            now,
            clock_tolerance_secs: 180,
            max_message_age_secs: 300,
            allow_sha1: false,
            limits: Limits::default(),
        }
    }
}

/// The signature that vouched for a logout message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoutSignature {
    /// Which mechanism carried it.
    pub binding: LogoutBinding,
    /// Its algorithm.
    pub algorithm: SignatureAlgorithm,
    /// Index of the pinned key that verified it.
    pub key_index: usize,
    /// SHA-256 of that key's certificate (or of its SubjectPublicKeyInfo for a bare key).
    pub key_sha256: [u8; 32],
}

/// The `NameID` of a LogoutRequest: whose sessions to end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoutNameId {
    /// The text (full text content).
    pub value: String,
    /// `Format`.
    pub format: Option<String>,
    /// `NameQualifier`.
    pub name_qualifier: Option<String>,
    /// `SPNameQualifier`.
    pub sp_name_qualifier: Option<String>,
}

/// A verified LogoutRequest from the IdP: end the sessions of `name_id` (those with one of
/// `session_indexes`, or all of them when there is none), then answer with a LogoutResponse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedLogoutRequest {
    /// `ID` (the answer's `InResponseTo`).
    pub id: String,
    /// `Issuer`.
    pub issuer: String,
    /// `IssueInstant`.
    pub issue_instant: Timestamp,
    /// `NameID`.
    pub name_id: LogoutNameId,
    /// `SessionIndex` values, in order.
    pub session_indexes: Vec<String>,
    /// `NotOnOrAfter`, if given.
    pub not_on_or_after: Option<Timestamp>,
    /// `Reason`, if given.
    pub reason: Option<String>,
    /// `RelayState` (to send back unchanged with the LogoutResponse).
    pub relay_state: Option<String>,
    /// What verified it.
    pub signature: LogoutSignature,
}

impl VerifiedLogoutRequest {
    /// Until when a replay cache must remember this request's `ID`: the end of the accepted
    /// `IssueInstant` window, or `NotOnOrAfter` when it comes earlier (tolerance included).
    pub fn replay_expiry(&self, o: &LogoutVerifyOptions) -> Timestamp {
        let window = i64::from(o.max_message_age_secs) + i64::from(o.clock_tolerance_secs);
        let by_age = self.issue_instant.checked_add_seconds(window).unwrap_or(self.issue_instant);
        match self.not_on_or_after.and_then(|t| t.checked_add_seconds(i64::from(o.clock_tolerance_secs))) {
            Some(t) if t < by_age => t,
            _ => by_age,
        }
    }
}

/// A verified LogoutResponse answering our LogoutRequest with a top-level Success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedLogoutResponse {
    /// `ID`.
    pub id: String,
    /// `Issuer`.
    pub issuer: String,
    /// `IssueInstant`.
    pub issue_instant: Timestamp,
    /// `InResponseTo`: the request it answers (equal to the expected one).
    pub in_response_to: String,
    /// Second-level status codes, in order (e.g. [`STATUS_PARTIAL_LOGOUT`]).
    pub sub_status_codes: Vec<String>,
    /// `StatusMessage`, if any.
    pub status_message: Option<String>,
    /// `RelayState`, as received.
    pub relay_state: Option<String>,
    /// What verified it.
    pub signature: LogoutSignature,
}

impl VerifiedLogoutResponse {
    /// True when the IdP reports that not every session participant could be logged out.
    pub fn partial(&self) -> bool {
        self.sub_status_codes.iter().any(|c| c == STATUS_PARTIAL_LOGOUT)
    }
}

#[derive(Debug, Clone)]
enum Check {
    Redirect(PendingRedirectSignature),
    Xml(PendingSignature),
}

/// What both logout messages share, read before the signature is checked and used only after.
#[derive(Debug, Clone)]
struct Common {
    id: String,
    issuer: Option<String>,
    destination: Option<String>,
    issue_instant: Timestamp,
    relay_state: Option<String>,
    check: Check,
    options: LogoutVerifyOptions,
}

fn describe(n: Node<'_>) -> String {
    match n.namespace() {
        Some(ns) => alloc::format!("{} ({ns})", n.qname()),
        None => n.qname(),
    }
}

fn structure(detail: String) -> Error {
    Error::SamlStructure { detail }
}

fn optional(n: Node<'_>, name: &str) -> Option<String> {
    n.attribute(name).map(String::from)
}

/// Steps 1–2 for `expected` (`LogoutRequest` or `LogoutResponse`): decode, parse, read what both
/// messages share, and prepare the signature check. `read` reads the message's own fields.
fn begin<T>(
    input: LogoutInput<'_>,
    keys: &TrustedKeys,
    o: &LogoutVerifyOptions,
    expected: &str,
    read: impl FnOnce(Node<'_>) -> Result<T>,
) -> Result<(Common, T)> {
    if keys.is_empty() {
        return Err(Error::ConfigNoKeys);
    }
    // Keys pinned from metadata past its validUntil verify nothing (SAML metadata §2.3.1).
    keys.check_valid_at(o.now)?;
    let expected_param =
        if expected == "LogoutRequest" { RedirectParam::SamlRequest } else { RedirectParam::SamlResponse };
    let (param, xml_text, relay_state, redirect_sig) = match input {
        LogoutInput::Redirect(url) => {
            let m = decode_redirect(url, &o.limits)?;
            let sig = PendingRedirectSignature::from_message(&m, o.allow_sha1)?;
            (m.param, m.xml, m.relay_state, sig)
        }
        LogoutInput::Post(body) => {
            let m = decode_post_message(body, &o.limits)?;
            (m.param, m.xml, m.relay_state, None)
        }
    };
    let doc = xml::parse(&xml_text, &o.limits)?;
    let root = doc.root_element();
    if !root.is(PROTOCOL, expected) {
        return Err(Error::LogoutMessage { expected: alloc::format!("samlp:{expected}"), found: describe(root) });
    }
    if param != expected_param {
        return Err(Error::LogoutMessage {
            expected: alloc::format!("samlp:{expected} in {}", expected_param.name()),
            found: alloc::format!("samlp:{expected} in {}", param.name()),
        });
    }
    match root.attribute("Version") {
        Some("2.0") => {}
        other => return Err(Error::SamlVersion { found: String::from(other.unwrap_or("(none)")) }),
    }
    let id = root
        .attribute("ID")
        .filter(|id| !id.is_empty())
        .ok_or_else(|| structure(alloc::format!("the {expected} has no ID")))?;
    let issue_instant = Timestamp::parse(
        root.attribute("IssueInstant")
            .ok_or_else(|| structure(alloc::format!("the {expected} has no IssueInstant")))?,
    )?;
    let issuer = root.child(ASSERTION, "Issuer").map(|i| i.text_content());

    // Signatures only on the root, one at most (SAML core §5.4.1; docs/security.md §1, §17).
    let signatures: Vec<Node<'_>> = doc.descendants().filter(|n| n.is(DSIG, "Signature")).collect();
    if signatures.len() > o.limits.max_signatures {
        return Err(Error::Limit { kind: LimitKind::Signatures, max: o.limits.max_signatures });
    }
    for s in &signatures {
        let parent = s.parent_element();
        if parent != Some(root) {
            return Err(Error::DsigMisplaced { parent: parent.map(describe).unwrap_or_default() });
        }
    }
    if signatures.len() > 1 {
        return Err(Error::DsigMultipleSignatures { element: describe(root) });
    }
    let check = match (redirect_sig, signatures.first()) {
        (Some(r), _) => Check::Redirect(r),
        (None, Some(s)) => {
            let dopts = DsigOptions { allow_sha1: o.allow_sha1, max_canonical_bytes: o.limits.max_canonical_bytes };
            Check::Xml(dsig::check(*s, dopts, true)?)
        }
        (None, None) => return Err(Error::LogoutUnsigned { message: String::from(expected) }),
    };
    let own = read(root)?;
    let common = Common {
        id: String::from(id),
        issuer,
        destination: optional(root, "Destination"),
        issue_instant,
        relay_state,
        check,
        options: o.clone(),
    };
    Ok((common, own))
}

impl Common {
    fn task(&self) -> SignatureTask<'_> {
        match &self.check {
            Check::Redirect(r) => r.task(),
            Check::Xml(x) => x.task(),
        }
    }

    /// Steps 3–4: the signature verdict, then Issuer, Destination and IssueInstant.
    fn finish(self, keys: &TrustedKeys, verified_with: Option<usize>) -> Result<(Common, LogoutSignature)> {
        let signature = match &self.check {
            Check::Redirect(r) => {
                let v = r.conclude(keys, verified_with)?;
                LogoutSignature {
                    binding: LogoutBinding::Redirect,
                    algorithm: v.algorithm,
                    key_index: v.key_index,
                    key_sha256: v.key_sha256,
                }
            }
            Check::Xml(x) => {
                let v = x.clone().conclude(keys, verified_with)?;
                LogoutSignature {
                    binding: LogoutBinding::Xml,
                    algorithm: v.signature_algorithm,
                    key_index: v.key_index,
                    key_sha256: v.key_sha256,
                }
            }
        };
        let o = &self.options;
        let issuer = self.issuer.as_deref().unwrap_or("(none)");
        if issuer != o.idp_entity_id {
            return Err(Error::SamlIssuer { expected: o.idp_entity_id.clone(), found: String::from(issuer) });
        }
        let destination = self.destination.as_deref().unwrap_or("(none)");
        if destination != o.slo_url {
            return Err(Error::LogoutDestination { expected: o.slo_url.clone(), found: String::from(destination) });
        }
        // Not in the future, at most `max_message_age_secs` old (that instant included).
        let age_ms = i64::from(o.max_message_age_secs) * 1000 + 1;
        let window = Window {
            not_before: Some(self.issue_instant),
            not_on_or_after: Some(Timestamp::from_unix_millis(self.issue_instant.unix_millis().saturating_add(age_ms))),
        };
        if window.check(o.now, o.clock_tolerance_secs) != WindowCheck::Inside {
            return Err(Error::LogoutIssueInstant {
                issue_instant: alloc::format!("{}", self.issue_instant),
                now: alloc::format!("{}", o.now),
                max_age_secs: o.max_message_age_secs,
            });
        }
        Ok((self, signature))
    }
}

/// A LogoutRequest's own fields.
#[derive(Debug, Clone)]
struct RequestFields {
    name_id: LogoutNameId,
    session_indexes: Vec<String>,
    not_on_or_after: Option<Timestamp>,
    reason: Option<String>,
}

/// A LogoutResponse's own fields.
#[derive(Debug, Clone)]
struct ResponseFields {
    in_response_to: Option<String>,
    status_code: String,
    sub_status_codes: Vec<String>,
    status_message: Option<String>,
}

/// A LogoutRequest checked up to its signature value.
#[derive(Debug, Clone)]
pub struct PendingLogoutRequest {
    common: Common,
    fields: RequestFields,
}

/// A LogoutResponse checked up to its signature value.
#[derive(Debug, Clone)]
pub struct PendingLogoutResponse {
    common: Common,
    expected_in_response_to: String,
    fields: ResponseFields,
}

fn read_request(root: Node<'_>) -> Result<RequestFields> {
    // SAML core §3.7.1: exactly one of BaseID, NameID, EncryptedID.
    let ids: Vec<Node<'_>> = root
        .element_children()
        .filter(|c| c.is(ASSERTION, "NameID") || c.is(ASSERTION, "BaseID") || c.is(ASSERTION, "EncryptedID"))
        .collect();
    let name_id = match ids.as_slice() {
        [one] if one.is(ASSERTION, "NameID") => *one,
        [one] => {
            return Err(structure(alloc::format!(
                "the LogoutRequest identifies the user by {}; only a NameID is supported",
                one.local_name()
            )))
        }
        [] => return Err(structure(String::from("the LogoutRequest has no NameID"))),
        _ => {
            return Err(structure(String::from(
                "the LogoutRequest has more than one identifier (NameID, BaseID, EncryptedID)",
            )))
        }
    };
    let value = name_id.text_content();
    if value.trim().is_empty() {
        return Err(structure(String::from("the LogoutRequest's NameID is empty")));
    }
    let name_id = LogoutNameId {
        value,
        format: optional(name_id, "Format"),
        name_qualifier: optional(name_id, "NameQualifier"),
        sp_name_qualifier: optional(name_id, "SPNameQualifier"),
    };
    let session_indexes = root.children_named(PROTOCOL, "SessionIndex").map(|s| s.text_content()).collect();
    let not_on_or_after = root.attribute("NotOnOrAfter").map(Timestamp::parse).transpose()?;
    Ok(RequestFields { name_id, session_indexes, not_on_or_after, reason: optional(root, "Reason") })
}

fn read_response(root: Node<'_>) -> Result<ResponseFields> {
    let status =
        root.child(PROTOCOL, "Status").ok_or_else(|| structure(String::from("the LogoutResponse has no Status")))?;
    let code =
        status.child(PROTOCOL, "StatusCode").ok_or_else(|| structure(String::from("the Status has no StatusCode")))?;
    let value = code.attribute("Value").ok_or_else(|| structure(String::from("the StatusCode has no Value")))?;
    let mut sub_codes = Vec::new();
    let mut cur = code.child(PROTOCOL, "StatusCode");
    while let Some(c) = cur {
        sub_codes.push(String::from(c.attribute("Value").unwrap_or("")));
        cur = c.child(PROTOCOL, "StatusCode");
    }
    let message = status.child(PROTOCOL, "StatusMessage").map(|m| m.text_content());
    Ok(ResponseFields {
        in_response_to: optional(root, "InResponseTo"),
        status_code: String::from(value),
        sub_status_codes: sub_codes,
        status_message: message,
    })
}

/// Steps 1–2 for a LogoutRequest from the IdP (IdP-initiated logout, or another SP's).
pub fn begin_logout_request(
    input: LogoutInput<'_>,
    keys: &TrustedKeys,
    o: &LogoutVerifyOptions,
) -> Result<PendingLogoutRequest> {
    let (common, fields) = begin(input, keys, o, "LogoutRequest", read_request)?;
    Ok(PendingLogoutRequest { common, fields })
}

/// Steps 1–2 for the LogoutResponse answering our LogoutRequest `in_response_to`.
pub fn begin_logout_response(
    input: LogoutInput<'_>,
    keys: &TrustedKeys,
    o: &LogoutVerifyOptions,
    in_response_to: &str,
) -> Result<PendingLogoutResponse> {
    if in_response_to.is_empty() {
        return Err(config("in_response_to", "the ID of the LogoutRequest we sent is required"));
    }
    let (common, fields) = begin(input, keys, o, "LogoutResponse", read_response)?;
    Ok(PendingLogoutResponse { common, expected_in_response_to: String::from(in_response_to), fields })
}

impl Pending for PendingLogoutRequest {
    type Verified = VerifiedLogoutRequest;

    /// The one signature left to check.
    fn tasks(&self) -> Vec<SignatureTask<'_>> {
        alloc::vec![self.common.task()]
    }

    /// Steps 3–5, with the outcome of the signature-value check.
    fn finish(self, keys: &TrustedKeys, verdicts: &[Option<usize>]) -> Result<VerifiedLogoutRequest> {
        one_per_task(verdicts, 1)?;
        let (common, signature) = self.common.finish(keys, verdicts.first().copied().flatten())?;
        let o = &common.options;
        let f = self.fields;
        if let Some(t) = f.not_on_or_after {
            let window = Window { not_before: None, not_on_or_after: Some(t) };
            if window.check(o.now, o.clock_tolerance_secs) == WindowCheck::Ended {
                return Err(Error::LogoutExpired {
                    not_on_or_after: alloc::format!("{t}"),
                    now: alloc::format!("{}", o.now),
                });
            }
        }
        Ok(VerifiedLogoutRequest {
            id: common.id,
            issuer: common.issuer.unwrap_or_default(),
            issue_instant: common.issue_instant,
            name_id: f.name_id,
            session_indexes: f.session_indexes,
            not_on_or_after: f.not_on_or_after,
            reason: f.reason,
            relay_state: common.relay_state,
            signature,
        })
    }
}

impl PendingLogoutRequest {
    /// The options it is checked against (for [`VerifiedLogoutRequest::replay_expiry`]).
    pub fn options(&self) -> &LogoutVerifyOptions {
        &self.common.options
    }
}

impl Pending for PendingLogoutResponse {
    type Verified = VerifiedLogoutResponse;

    /// The one signature left to check.
    fn tasks(&self) -> Vec<SignatureTask<'_>> {
        alloc::vec![self.common.task()]
    }

    /// Steps 3–5, with the outcome of the signature-value check.
    fn finish(self, keys: &TrustedKeys, verdicts: &[Option<usize>]) -> Result<VerifiedLogoutResponse> {
        one_per_task(verdicts, 1)?;
        let (common, signature) = self.common.finish(keys, verdicts.first().copied().flatten())?;
        let f = self.fields;
        let found = f.in_response_to.unwrap_or_else(|| String::from("(none)"));
        if found != self.expected_in_response_to {
            return Err(Error::SamlInResponseTo { expected: self.expected_in_response_to, found });
        }
        if f.status_code != STATUS_SUCCESS {
            return Err(Error::LogoutStatus {
                code: f.status_code,
                sub_codes: f.sub_status_codes,
                message: f.status_message,
            });
        }
        Ok(VerifiedLogoutResponse {
            id: common.id,
            issuer: common.issuer.unwrap_or_default(),
            issue_instant: common.issue_instant,
            in_response_to: found,
            sub_status_codes: f.sub_status_codes,
            status_message: f.status_message,
            relay_state: common.relay_state,
            signature,
        })
    }
}

/// Verify a LogoutRequest from the IdP with the pure-Rust crypto (every step above).
#[cfg(feature = "rust-crypto")]
pub fn verify_logout_request(
    input: LogoutInput<'_>,
    keys: &TrustedKeys,
    o: &LogoutVerifyOptions,
) -> Result<VerifiedLogoutRequest> {
    begin_logout_request(input, keys, o)?.finish_in_core(keys)
}

/// Verify the LogoutResponse answering our request `in_response_to`, with the pure-Rust crypto.
#[cfg(feature = "rust-crypto")]
pub fn verify_logout_response(
    input: LogoutInput<'_>,
    keys: &TrustedKeys,
    o: &LogoutVerifyOptions,
    in_response_to: &str,
) -> Result<VerifiedLogoutResponse> {
    begin_logout_response(input, keys, o, in_response_to)?.finish_in_core(keys)
}
