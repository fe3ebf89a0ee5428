//! Verifying a `samlp:Response` received at the ACS (SAML core §3.2.2,
//! profiles §4.1.4.2–3), in a fixed order so that the first failing check is
//! the one reported:
//!
//! 0. the configuration: a pinned key, from metadata still valid now;
//! 1. decode the POST input and parse the XML strictly;
//! 2. the root is a `samlp:Response` of Version 2.0 whose Status is Success;
//! 3. signatures appear only on the Response or its Assertion, one each;
//! 4. the document holds exactly one Assertion, a child of the Response;
//! 5. each signature verifies against a pinned key (Response first);
//! 6. the Assertion is covered by a verified signature;
//! 7. the elements the verifier reads have the schema's structure ([`super::schema`]);
//! 8. Destination, Issuer, InResponseTo and IssueInstant of the Response;
//! 9. Version, IssueInstant, Issuer, subject confirmation, Conditions, audience, NameID
//!    qualifier and AuthnStatement of the Assertion;
//! 10. the identity is read from the verified Assertion only.

use alloc::string::String;
use alloc::vec::Vec;

use super::bindings;
use super::claims::{read_identity, Identity};
use super::conditions::{check_assertion, Windows};
use super::ns::{ASSERTION, DSIG, NAMEID_ENTITY, PROTOCOL, STATUS_SUCCESS};
use super::options::VerifyOptions;
use super::schema;
use crate::crypto::{DigestAlgorithm, SignatureAlgorithm};
use crate::dsig::{self, DsigOptions, PendingSignature, VerifiedSignature};
use crate::error::{shown, Error, LimitKind, Result, MAX_SHOWN_CHARS};
use crate::time::Timestamp;
use crate::trust::TrustedKeys;
use crate::xml::{self, Node, NodeId};

/// Which elements carried a verified signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedElement {
    /// Only the Response (its signature covers the Assertion).
    Response,
    /// Only the Assertion (Entra's default).
    Assertion,
    /// Both.
    Both,
}

impl SignedElement {
    /// `"response"`, `"assertion"` or `"both"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignedElement::Response => "response",
            SignedElement::Assertion => "assertion",
            SignedElement::Both => "both",
        }
    }
}

/// An accepted response: only content covered by a verified signature, plus
/// what the checks were made against.
#[derive(Debug, Clone)]
pub struct VerifiedResponse {
    /// The identity from the verified Assertion.
    pub identity: Identity,
    /// Assertion `Issuer`.
    pub issuer: String,
    /// Assertion `ID` (the key for a replay cache).
    pub assertion_id: String,
    /// Response `ID`, when the Response's own signature verified (else it is unsigned envelope
    /// content, and not reported).
    pub response_id: Option<String>,
    /// The request this answers, from signed content only: the Assertion's bearer
    /// SubjectConfirmationData, else the Response's `InResponseTo` when the Response is signed.
    pub in_response_to: Option<String>,
    /// Which elements were signed.
    pub signed_element: SignedElement,
    /// The Response's verified signature, if it had one.
    pub response_signature: Option<VerifiedSignature>,
    /// The Assertion's verified signature, if it had one.
    pub assertion_signature: Option<VerifiedSignature>,
    /// The time windows the Assertion was checked against.
    pub windows: Windows,
    /// Things a person debugging the login should know (e.g. "InResponseTo not checked"), and
    /// every legacy key or algorithm a verified signature used (RSA below 2048 bits, SHA-1).
    pub warnings: Vec<String>,
    /// The clock tolerance the windows were checked with (for [`VerifiedResponse::replay_expiry`]).
    pub clock_tolerance_secs: u32,
}

impl VerifiedResponse {
    /// The signature that vouches for the Assertion: its own, else the Response's.
    pub fn covering_signature(&self) -> Option<&VerifiedSignature> {
        self.assertion_signature.as_ref().or(self.response_signature.as_ref())
    }
    /// When a replay cache may forget this assertion: the last instant at which it could still be
    /// accepted (the latest bearer `NotOnOrAfter`, capped by the Conditions' `NotOnOrAfter`, plus the
    /// clock tolerance). Always set for an accepted response (its bearer confirmation has an end).
    pub fn replay_expiry(&self) -> Option<Timestamp> {
        self.windows.acceptable_until(self.clock_tolerance_secs)
    }
}

/// Verify a response as it arrives at the ACS: raw XML, base64 of it, or the
/// whole `application/x-www-form-urlencoded` POST body.
#[cfg(feature = "rust-crypto")]
pub fn verify_response(input: &[u8], keys: &TrustedKeys, options: &VerifyOptions) -> Result<VerifiedResponse> {
    begin_verify_response(input, keys, options)?.finish_with_rust_crypto(keys)
}

/// Verify a response given as XML text.
#[cfg(feature = "rust-crypto")]
pub fn verify_response_xml(xml_text: &str, keys: &TrustedKeys, options: &VerifyOptions) -> Result<VerifiedResponse> {
    begin_verify_response_xml(xml_text, keys, options)?.finish_with_rust_crypto(keys)
}

/// Run every check up to the signature values, which are left as [`SignatureTask`]s
/// for the caller's crypto (e.g. WebCrypto); then call [`PendingResponse::finish`].
/// [`verify_response`] is exactly this with the pure-Rust crypto, so both paths
/// give the same verdicts and error codes.
pub fn begin_verify_response(input: &[u8], keys: &TrustedKeys, options: &VerifyOptions) -> Result<PendingResponse> {
    begin_verify_response_with(input, keys, options, Digests::InCore)
}

/// Who computes the Reference digests of a [`PendingResponse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digests {
    /// The core, while it checks each signature (the default).
    InCore,
    /// The host: [`PendingResponse::digest_tasks`] hands out the canonical bytes, and
    /// [`PendingResponse::finish_with_digests`] compares what the host computed, first.
    ByHost,
}

/// [`begin_verify_response`], with the Reference digests left to the host if `digests` says so.
pub fn begin_verify_response_with(
    input: &[u8],
    keys: &TrustedKeys,
    options: &VerifyOptions,
    digests: Digests,
) -> Result<PendingResponse> {
    check_config(keys, options)?;
    let decoded = bindings::decode_post_input(input, &options.limits)?;
    begin_xml(&decoded.xml, options, digests)
}

/// [`begin_verify_response`] for XML text.
pub fn begin_verify_response_xml(xml_text: &str, keys: &TrustedKeys, o: &VerifyOptions) -> Result<PendingResponse> {
    check_config(keys, o)?;
    begin_xml(xml_text, o, Digests::InCore)
}

/// Step 0: something is pinned, and the metadata it came from is still valid at `now` (SAML
/// metadata §2.3.1). A configuration fault is reported before anything about the input.
fn check_config(keys: &TrustedKeys, o: &VerifyOptions) -> Result<()> {
    if keys.is_empty() {
        return Err(Error::ConfigNoKeys);
    }
    keys.check_valid_at(o.now)
}

fn begin_xml(xml_text: &str, o: &VerifyOptions, digests: Digests) -> Result<PendingResponse> {
    let doc = xml::parse(xml_text, &o.limits)?;
    let response = doc.root_element();

    // 2. Root, Version, Status (SAML core §3.2.2, §3.2.2.2).
    if !response.is(PROTOCOL, "Response") {
        return Err(Error::SamlNotResponse { found: describe(response) });
    }
    check_version(response)?;
    check_status(response)?;

    // 3. Where signatures may be (SAML core §5.4.1; docs/security.md §1, §17).
    let signatures: Vec<Node<'_>> = doc.descendants().filter(|n| n.is(DSIG, "Signature")).collect();
    if signatures.len() > o.limits.max_signatures {
        return Err(Error::Limit { kind: LimitKind::Signatures, max: o.limits.max_signatures });
    }
    for s in &signatures {
        let parent = s.parent_element();
        let allowed = parent
            .is_some_and(|p| p == response || (p.is(ASSERTION, "Assertion") && p.parent_element() == Some(response)));
        if !allowed {
            return Err(Error::DsigMisplaced { parent: parent.map(describe).unwrap_or_default() });
        }
    }
    for s in &signatures {
        if let Some(p) = s.parent_element() {
            if p.children_named(DSIG, "Signature").count() > 1 {
                return Err(Error::DsigMultipleSignatures { element: describe(p) });
            }
        }
    }

    // 4. Exactly one Assertion in the whole document, a child of the Response (profiles §4.1.4.2).
    if doc.descendants().any(|n| n.is(ASSERTION, "EncryptedAssertion")) {
        return Err(Error::SamlEncryptedAssertion);
    }
    let assertions: Vec<Node<'_>> = doc.descendants().filter(|n| n.is(ASSERTION, "Assertion")).collect();
    let [assertion] = assertions.as_slice() else {
        return Err(Error::SamlAssertionCount { found: assertions.len() });
    };
    let assertion = *assertion;
    if assertion.parent_element() != Some(response) {
        return Err(Error::SamlStructure { detail: String::from("the Assertion is not a child of the Response") });
    }

    // 5. Signatures, the Response's first, up to the signature value (XML-DSig core validation).
    // An error in the Assertion's signature ranks after the Response's signature value, so it waits.
    let dopts = DsigOptions {
        allow_sha1: o.allow_sha1,
        max_canonical_bytes: o.limits.max_canonical_bytes,
        host_digest: digests == Digests::ByHost,
    };
    let mut signatures = Vec::new();
    let mut pending_error = None;
    if let Some(s) = response.child(DSIG, "Signature") {
        signatures.push((Part::Response, dsig::check(s, dopts, true)?));
    }
    if let Some(s) = assertion.child(DSIG, "Signature") {
        match dsig::check(s, dopts, false) {
            Ok(p) => signatures.push((Part::Assertion, p)),
            Err(e) if signatures.is_empty() => return Err(e),
            Err(e) => pending_error = Some(e),
        }
    }
    let response_id = response.id();
    let assertion_id = assertion.id();
    Ok(PendingResponse {
        doc,
        options: o.clone(),
        response: response_id,
        assertion: assertion_id,
        signatures,
        pending_error,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Response,
    Assertion,
}

/// One signature value left to check: does `signature` verify `message` with
/// one of the pinned keys `candidate_keys` (indices into the [`TrustedKeys`])?
#[derive(Debug, Clone, Copy)]
pub struct SignatureTask<'a> {
    /// The algorithm (RSA PKCS#1 v1.5 or ECDSA with raw r‖s, and its hash).
    pub algorithm: SignatureAlgorithm,
    /// The canonical SignedInfo bytes.
    pub message: &'a [u8],
    /// The decoded SignatureValue.
    pub signature: &'a [u8],
}

/// One Reference digest left to the host ([`Digests::ByHost`]): hash `canonical` with `algorithm`.
#[derive(Debug, Clone, Copy)]
pub struct DigestTask<'a> {
    /// DigestMethod.
    pub algorithm: crate::crypto::DigestAlgorithm,
    /// The canonical bytes of the referenced content.
    pub canonical: &'a [u8],
}

/// A response checked up to its signature values. Finish it with the same keys.
#[derive(Debug)]
pub struct PendingResponse {
    doc: xml::Document,
    options: VerifyOptions,
    response: NodeId,
    assertion: NodeId,
    signatures: Vec<(Part, PendingSignature)>,
    pending_error: Option<Error>,
}

impl PendingResponse {
    /// The signature values to check, in order (at most two: Response, then Assertion).
    pub fn tasks(&self) -> Vec<SignatureTask<'_>> {
        self.signatures
            .iter()
            .map(|(_, p)| SignatureTask {
                algorithm: p.signature_algorithm,
                message: &p.signed_info,
                signature: &p.signature_value,
            })
            .collect()
    }

    /// With [`Digests::ByHost`]: the Reference digests to compute, in order (one per signature).
    pub fn digest_tasks(&self) -> Vec<DigestTask<'_>> {
        self.signatures
            .iter()
            .filter_map(|(_, p)| p.host_digest.as_ref())
            .map(|h| DigestTask { algorithm: h.algorithm, canonical: &h.canonical })
            .collect()
    }

    /// For task `i`, the indices of the pinned keys to try, in order.
    pub fn candidate_keys(&self, i: usize, keys: &TrustedKeys) -> Vec<usize> {
        self.signatures.get(i).map(|(_, p)| p.candidate_keys(keys)).unwrap_or_default()
    }

    /// Check the signature values with the pure-Rust crypto and finish.
    #[cfg(feature = "rust-crypto")]
    pub fn finish_with_rust_crypto(self, keys: &TrustedKeys) -> Result<VerifiedResponse> {
        let results: Vec<Option<usize>> = self.signatures.iter().map(|(_, p)| p.verify_value(keys)).collect();
        self.finish(keys, &results)
    }

    /// Finish with the outcome of each task: the index of the pinned key that
    /// verified it, or `None`. Every remaining check runs here, in Rust.
    pub fn finish(self, keys: &TrustedKeys, results: &[Option<usize>]) -> Result<VerifiedResponse> {
        self.finish_with_digests(keys, results, &[])
    }

    /// [`PendingResponse::finish`] after [`Digests::ByHost`]: `digests[i]` is the digest of
    /// `digest_tasks()[i]`. Each signature's digest is compared before its value is judged,
    /// so the verdict and its error are those of the in-core path.
    pub fn finish_with_digests(
        self,
        keys: &TrustedKeys,
        results: &[Option<usize>],
        digests: &[&[u8]],
    ) -> Result<VerifiedResponse> {
        let wanted = self.signatures.iter().filter(|(_, p)| p.host_digest.is_some()).count();
        if digests.len() != wanted {
            return Err(Error::ConfigInvalid {
                option: String::from("digests"),
                detail: alloc::format!("{} digests for {} digest tasks", digests.len(), wanted),
            });
        }
        if results.len() != self.signatures.len() {
            return Err(Error::ConfigInvalid {
                option: String::from("results"),
                detail: alloc::format!("{} results for {} signature tasks", results.len(), self.signatures.len()),
            });
        }
        let mut response_signature = None;
        let mut assertion_signature = None;
        let mut host_digests = digests.iter();
        for ((part, pending), result) in self.signatures.into_iter().zip(results) {
            let computed = if pending.host_digest.is_some() { host_digests.next().copied() } else { None };
            pending.check_host_digest(computed)?;
            let verified = pending.conclude(keys, *result)?;
            match part {
                Part::Response => response_signature = Some(verified),
                Part::Assertion => assertion_signature = Some(verified),
            }
        }
        if let Some(e) = self.pending_error {
            return Err(e);
        }
        let o = &self.options;
        let response = self.doc.get(self.response);
        let assertion = self.doc.get(self.assertion);

        // 6. The consumed Assertion must be covered (profiles §4.1.3.5).
        let signed_element = match (&response_signature, &assertion_signature) {
            (Some(_), Some(_)) => SignedElement::Both,
            (None, Some(_)) => SignedElement::Assertion,
            (Some(_), None) if o.require_signed_assertion => return Err(Error::SamlAssertionSignatureRequired),
            (Some(_), None) => SignedElement::Response,
            (None, None) => return Err(Error::SamlUnsigned),
        };

        // 7. The structure the schema defines, for every element read below (SAML core §2, §3).
        schema::check_structure(response)?;

        let mut warnings = Vec::new();
        for (element, signature) in [("Response", &response_signature), ("Assertion", &assertion_signature)] {
            if let Some(s) = signature {
                legacy_warnings(element, s, keys, &mut warnings);
            }
        }

        // 8. Response: Destination (required when signed; bindings §3.5.5.2), Issuer, InResponseTo.
        match response.attribute("Destination") {
            Some(d) if d != o.acs_url => {
                return Err(Error::SamlDestination { expected: o.acs_url.clone(), found: String::from(d) });
            }
            None if response_signature.is_some() => {
                return Err(Error::SamlDestination { expected: o.acs_url.clone(), found: String::from("(none)") });
            }
            _ => {}
        }
        if let Some(issuer) = response.child(ASSERTION, "Issuer") {
            check_issuer_format("Response", issuer)?;
            if let Some(expected) = &o.idp_entity_id {
                let found = issuer.text_content();
                if found != *expected {
                    return Err(Error::SamlIssuer { expected: expected.clone(), found });
                }
            }
        }
        let response_in_response_to = response.attribute("InResponseTo");
        let subject_in_response_to = assertion
            .child(ASSERTION, "Subject")
            .into_iter()
            .flat_map(|s| s.children_named(ASSERTION, "SubjectConfirmation"))
            .filter_map(|c| c.child(ASSERTION, "SubjectConfirmationData"))
            .find_map(|d| d.attribute("InResponseTo"));
        // Only signed content is reported: the Response's attribute is the IdP's word only when
        // the Response's own signature verified (docs/security.md §20).
        let signed_response_in_response_to = response_in_response_to.filter(|_| response_signature.is_some());
        let in_response_to = subject_in_response_to.or(signed_response_in_response_to).map(String::from);
        if o.in_response_to.is_none() && !o.allow_unsolicited {
            // Strict by default: without the request ID we cannot tell a reply from a replayed or
            // foreign one (profiles §4.1.5; docs/security.md §20).
            let found = subject_in_response_to.or(response_in_response_to).unwrap_or("(none)");
            return Err(Error::SamlUnsolicited { found: String::from(found) });
        }
        if let (Some(expected), Some(found)) = (&o.in_response_to, response_in_response_to) {
            if found != expected {
                return Err(Error::SamlInResponseTo { expected: expected.clone(), found: String::from(found) });
            }
        }
        check_issue_instant(response)?;

        // 9. Assertion: Version, IssueInstant, Issuer (SAML core §2.3.3), then subject and conditions.
        check_version(assertion)?;
        check_issue_instant(assertion)?;
        let issuer_element = assertion
            .child(ASSERTION, "Issuer")
            .ok_or_else(|| Error::SamlStructure { detail: String::from("the Assertion has no Issuer") })?;
        check_issuer_format("Assertion", issuer_element)?;
        let issuer = issuer_element.text_content();
        match &o.idp_entity_id {
            Some(expected) if issuer != *expected => {
                return Err(Error::SamlIssuer { expected: expected.clone(), found: issuer });
            }
            Some(_) => {}
            None => warnings.push(String::from("Issuer not checked: no IdP entity ID was given")),
        }
        let windows = check_assertion(assertion, o)?;
        check_name_qualifier(assertion, o)?;
        // Profiles §4.1.4.2: the assertion that signs someone in carries an AuthnStatement; an
        // attribute-query answer signed by the same key must not log anyone in.
        if assertion.child(ASSERTION, "AuthnStatement").is_none() {
            return Err(Error::SamlStructure {
                detail: String::from(
                    "the Assertion has no AuthnStatement; the Web Browser SSO profile requires one \
                     (an assertion without it says nothing about a login)",
                ),
            });
        }

        // 10. Identity from the verified Assertion only.
        let identity = read_identity(assertion, &o.login_name_claim)?;

        if o.in_response_to.is_none() {
            match (&in_response_to, response_in_response_to) {
                (Some(v), _) => warnings.push(alloc::format!(
                    "InResponseTo \"{}\" not checked: no request ID was given",
                    shown(v, MAX_SHOWN_CHARS)
                )),
                (None, Some(v)) => warnings.push(alloc::format!(
                    "InResponseTo \"{}\" of the unsigned Response not checked and not reported: no request ID was \
                     given, and nothing signed names the request",
                    shown(v, MAX_SHOWN_CHARS)
                )),
                (None, None) => warnings.push(String::from("unsolicited response (no InResponseTo)")),
            }
        }

        Ok(VerifiedResponse {
            identity,
            issuer,
            assertion_id: String::from(assertion.attribute("ID").unwrap_or("")),
            response_id: response_signature.as_ref().and(response.attribute("ID")).map(String::from),
            in_response_to,
            signed_element,
            response_signature,
            assertion_signature,
            windows,
            warnings,
            clock_tolerance_secs: o.clock_tolerance_secs,
        })
    }
}

fn describe(n: Node<'_>) -> String {
    match n.namespace() {
        Some(ns) => alloc::format!("{} ({ns})", n.qname()),
        None => n.qname(),
    }
}

/// Profiles §4.1.4.2: an Issuer's `Format`, when present, is `...:nameid-format:entity`.
fn check_issuer_format(element: &str, issuer: Node<'_>) -> Result<()> {
    match issuer.attribute("Format") {
        Some(f) if f != NAMEID_ENTITY => {
            Err(Error::SamlIssuerFormat { element: String::from(element), found: String::from(f) })
        }
        _ => Ok(()),
    }
}

/// SAML core §1.3.3, §2.3.3, §3.2.2: `IssueInstant` is an `xs:dateTime` in UTC (its presence is
/// the schema's rule, checked before).
fn check_issue_instant(n: Node<'_>) -> Result<()> {
    match n.attribute("IssueInstant") {
        Some(v) => Timestamp::parse(v).map(|_| ()),
        None => Err(Error::SamlSchema {
            element: String::from(n.local_name()),
            expected: String::from("the required attribute IssueInstant"),
            found: String::from("no IssueInstant"),
        }),
    }
}

/// SAML core §2.2.2: a NameID's `SPNameQualifier` names the SP (or affiliation) the name was
/// issued for; a name issued for another SP is not this SP's user.
fn check_name_qualifier(assertion: Node<'_>, o: &VerifyOptions) -> Result<()> {
    let qualifier = assertion
        .child(ASSERTION, "Subject")
        .and_then(|s| s.child(ASSERTION, "NameID"))
        .and_then(|n| n.attribute("SPNameQualifier"));
    match qualifier {
        Some(q) if q != o.sp_entity_id && !o.affiliations.iter().any(|a| a == q) => {
            let mut expected = alloc::vec![o.sp_entity_id.clone()];
            expected.extend(o.affiliations.iter().cloned());
            Err(Error::SamlNameQualifier { expected, found: String::from(q) })
        }
        _ => Ok(()),
    }
}

/// A warning for each legacy choice a verified signature relied on: an RSA key below 2048 bits
/// (pinned by the legacy opt-in), SHA-1 (allowed by `allow_sha1`).
fn legacy_warnings(element: &str, s: &VerifiedSignature, keys: &TrustedKeys, warnings: &mut Vec<String>) {
    if let Some(k) = keys.iter().nth(s.key_index) {
        if TrustedKeys::is_legacy(k.key()) {
            warnings.push(alloc::format!(
                "the {element} signature was verified with a legacy {} key, pinned only because the minimum RSA \
                 size was lowered to {} bits; ask the IdP for a 2048-bit key",
                k.key().kind_name(),
                keys.min_rsa_bits()
            ));
        }
    }
    if s.signature_algorithm.digest() == DigestAlgorithm::Sha1 || s.digest_algorithm == DigestAlgorithm::Sha1 {
        warnings.push(alloc::format!(
            "the {element} signature uses SHA-1 ({}, digest {}), accepted only because SHA-1 is allowed",
            s.signature_algorithm.uri(),
            s.digest_algorithm.uri()
        ));
    }
}

fn check_version(n: Node<'_>) -> Result<()> {
    match n.attribute("Version") {
        Some("2.0") => Ok(()),
        other => Err(Error::SamlVersion { found: String::from(other.unwrap_or("(none)")) }),
    }
}

/// SAML core §3.2.2.2: only a top-level Success is a login.
fn check_status(response: Node<'_>) -> Result<()> {
    let status = response
        .child(PROTOCOL, "Status")
        .ok_or_else(|| Error::SamlStructure { detail: String::from("the Response has no Status") })?;
    let code = status
        .child(PROTOCOL, "StatusCode")
        .ok_or_else(|| Error::SamlStructure { detail: String::from("the Status has no StatusCode") })?;
    let value = code.attribute("Value").unwrap_or("");
    if value == STATUS_SUCCESS {
        return Ok(());
    }
    let mut sub_codes = Vec::new();
    let mut cur = code.child(PROTOCOL, "StatusCode");
    while let Some(c) = cur {
        sub_codes.push(String::from(c.attribute("Value").unwrap_or("")));
        cur = c.child(PROTOCOL, "StatusCode");
    }
    let message = status.child(PROTOCOL, "StatusMessage").map(|m| m.text_content());
    Err(Error::SamlStatus { code: String::from(value), sub_codes, message })
}
