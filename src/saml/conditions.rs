//! Time windows, audience and bearer confirmation of an Assertion
//! (SAML core §2.4.1, §2.5; profiles §4.1.4.2–3).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::options::VerifyOptions;
use crate::error::{Error, Result};
use crate::ns::{ASSERTION, CM_BEARER};
use crate::time::{Timestamp, Window, WindowCheck};
use crate::xml::Node;

/// The windows an accepted Assertion was checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Windows {
    /// `Conditions/@NotBefore`.
    pub not_before: Option<Timestamp>,
    /// `Conditions/@NotOnOrAfter`.
    pub not_on_or_after: Option<Timestamp>,
    /// Bearer `SubjectConfirmationData/@NotOnOrAfter` of the confirmation that held: the last
    /// instant the assertion may be delivered.
    pub subject_not_on_or_after: Option<Timestamp>,
    /// The latest `NotOnOrAfter` of every bearer confirmation (one that did not hold now may hold
    /// on a later delivery). With `Conditions/@NotOnOrAfter` it bounds how long the assertion stays
    /// acceptable: see [`Windows::acceptable_until`].
    pub bearer_not_on_or_after_latest: Option<Timestamp>,
}

impl Windows {
    /// The last instant at which this assertion could still be accepted, by any of its bearer
    /// confirmations, given `tolerance_secs` of clock skew: how long a replay cache must remember
    /// its ID (profiles §4.1.4.5). `None` only if no bearer confirmation states an end.
    pub fn acceptable_until(&self, tolerance_secs: u32) -> Option<Timestamp> {
        let bearer = self.bearer_not_on_or_after_latest?;
        let end = match self.not_on_or_after {
            Some(c) if c.unix_millis() < bearer.unix_millis() => c,
            _ => bearer,
        };
        Some(Timestamp::from_unix_millis(end.unix_millis().saturating_add(i64::from(tolerance_secs) * 1000)))
    }
}

fn time_attr(n: Node<'_>, name: &str) -> Result<Option<Timestamp>> {
    n.attribute(name).map(Timestamp::parse).transpose()
}

/// `NotBefore` is inclusive and `NotOnOrAfter` exclusive (SAML core §2.5.1.2), each widened by the
/// tolerance ([`crate::time::Window`]). When both are given, `NotBefore` must be earlier
/// (§2.5.1.2, §2.4.1.2): an empty window is refused as such.
fn check_window(
    element: &str,
    not_before: Option<Timestamp>,
    not_on_or_after: Option<Timestamp>,
    o: &VerifyOptions,
) -> Result<()> {
    let shown = |t: Option<Timestamp>| t.map(|t| t.to_string()).unwrap_or_default();
    match (Window { not_before, not_on_or_after }).check(o.now, o.clock_tolerance_secs) {
        WindowCheck::Inside => Ok(()),
        WindowCheck::Empty => Err(Error::SamlTimeWindow {
            element: String::from(element),
            not_before: shown(not_before),
            not_on_or_after: shown(not_on_or_after),
        }),
        WindowCheck::NotYet => Err(Error::SamlNotYetValid {
            element: String::from(element),
            not_before: shown(not_before),
            now: o.now.to_string(),
        }),
        WindowCheck::Ended => Err(Error::SamlExpired {
            element: String::from(element),
            not_on_or_after: shown(not_on_or_after),
            now: o.now.to_string(),
        }),
    }
}

/// One bearer `SubjectConfirmation` (profiles §4.1.4.2): Recipient = ACS,
/// NotOnOrAfter required and not passed, InResponseTo = the request we sent.
fn check_bearer(confirmation: Node<'_>, o: &VerifyOptions) -> Result<Option<Timestamp>> {
    let data =
        confirmation.child(ASSERTION, "SubjectConfirmationData").ok_or_else(|| Error::SamlSubjectConfirmation {
            detail: String::from("the bearer SubjectConfirmation has no SubjectConfirmationData"),
        })?;
    let recipient = data.attribute("Recipient").unwrap_or("");
    if recipient != o.acs_url {
        return Err(Error::SamlRecipient { expected: o.acs_url.clone(), found: String::from(recipient) });
    }
    let not_on_or_after = time_attr(data, "NotOnOrAfter")?;
    if not_on_or_after.is_none() {
        return Err(Error::SamlSubjectConfirmation {
            detail: String::from("the bearer SubjectConfirmationData has no NotOnOrAfter"),
        });
    }
    check_window("SubjectConfirmationData", time_attr(data, "NotBefore")?, not_on_or_after, o)?;
    if let Some(expected) = &o.in_response_to {
        let found = data.attribute("InResponseTo").unwrap_or("");
        if found != expected {
            return Err(Error::SamlInResponseTo { expected: expected.clone(), found: String::from(found) });
        }
    }
    Ok(not_on_or_after)
}

/// Subject confirmation, Conditions windows and audience of the Assertion.
pub(crate) fn check_assertion(assertion: Node<'_>, o: &VerifyOptions) -> Result<Windows> {
    let mut windows = Windows::default();

    // Subject: at least one bearer confirmation must hold; report the first failure.
    let subject = assertion
        .child(ASSERTION, "Subject")
        .ok_or_else(|| Error::SamlSubject { detail: String::from("the Assertion has no Subject") })?;
    let mut first_error = None;
    let mut bearer_seen = false;
    let mut held = false;
    for c in subject.children_named(ASSERTION, "SubjectConfirmation") {
        if c.attribute("Method") != Some(CM_BEARER) {
            continue;
        }
        bearer_seen = true;
        let stated_end =
            c.child(ASSERTION, "SubjectConfirmationData").and_then(|d| time_attr(d, "NotOnOrAfter").ok().flatten());
        windows.bearer_not_on_or_after_latest = match (windows.bearer_not_on_or_after_latest, stated_end) {
            (Some(l), Some(e)) if e.unix_millis() > l.unix_millis() => Some(e),
            (None, e) => e,
            (l, _) => l,
        };
        if held {
            continue;
        }
        match check_bearer(c, o) {
            Ok(noa) => {
                windows.subject_not_on_or_after = noa;
                held = true;
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if held {
        first_error = None;
    }
    if !bearer_seen {
        return Err(Error::SamlSubjectConfirmation {
            detail: String::from("the Subject has no SubjectConfirmation with Method bearer"),
        });
    }
    if let Some(e) = first_error {
        return Err(e);
    }

    // Conditions (SAML core §2.5.1): windows, then every AudienceRestriction.
    let conditions: Vec<Node<'_>> = assertion.children_named(ASSERTION, "Conditions").collect();
    if conditions.len() > 1 {
        return Err(Error::SamlStructure { detail: String::from("the Assertion has more than one Conditions") });
    }
    let mut audiences_seen = Vec::new();
    let mut restrictions = 0;
    if let Some(c) = conditions.first() {
        windows.not_before = time_attr(*c, "NotBefore")?;
        windows.not_on_or_after = time_attr(*c, "NotOnOrAfter")?;
        check_window("Conditions", windows.not_before, windows.not_on_or_after, o)?;
        for cond in c.element_children() {
            if cond.is(ASSERTION, "AudienceRestriction") {
                restrictions += 1;
                let audiences: Vec<String> =
                    cond.children_named(ASSERTION, "Audience").map(|a| a.text_content()).collect();
                if !audiences.contains(&o.sp_entity_id) {
                    return Err(Error::SamlAudience { expected: o.sp_entity_id.clone(), found: audiences });
                }
                audiences_seen.extend(audiences);
            } else if cond.is(ASSERTION, "OneTimeUse") || cond.is(ASSERTION, "ProxyRestriction") {
                // OneTimeUse is honoured by the replay cache of the caller; ProxyRestriction limits re-issuing only.
            } else {
                // SAML core §2.5.1.5: a condition that is not understood makes the assertion Indeterminate.
                return Err(Error::SamlStructure {
                    detail: alloc::format!("the condition {} is not understood", cond.qname()),
                });
            }
        }
    }
    if restrictions == 0 {
        return Err(Error::SamlAudience { expected: o.sp_entity_id.clone(), found: audiences_seen });
    }
    Ok(windows)
}
