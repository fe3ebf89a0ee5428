//! What the caller expects of a response: the SP's identity, the instant, the policy.

use alloc::string::String;
use alloc::vec::Vec;

use crate::limits::Limits;
use crate::time::Timestamp;

/// Expectations and policy for [`crate::saml::verify_response`].
///
/// Setting an expectation makes the element required: with `idp_entity_id`
/// set, an Assertion must name that Issuer; with `in_response_to` set, the
/// response must answer that request.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// The SP entity ID; an `Audience` must equal it exactly (SAML core §2.5.1.4).
    pub sp_entity_id: String,
    /// The ACS URL the response was POSTed to; `Destination` and `Recipient`
    /// must equal it exactly (SAML core §3.2.2, profiles §4.1.4.2).
    pub acs_url: String,
    /// Affiliations this SP belongs to (SAML metadata §2.3.3 `affiliationID`): a NameID's
    /// `SPNameQualifier` may name one of them instead of `sp_entity_id`. Default: none.
    pub affiliations: Vec<String>,
    /// The IdP entity ID the `Issuer` must equal. Default: `None` (not checked, reported).
    pub idp_entity_id: Option<String>,
    /// The ID of the AuthnRequest this response must answer. Default: `None`
    /// (the value is reported, not checked; the npm flow always sets it).
    pub in_response_to: Option<String>,
    /// The instant to evaluate time windows at. There is no clock in the core.
    pub now: Timestamp,
    /// Allowed clock skew in seconds, applied to every time window. Default: 180.
    pub clock_tolerance_secs: u32,
    /// Accept a response when `in_response_to` is `None`: an IdP-initiated response, or one whose
    /// request we cannot check (its InResponseTo is then reported as a warning). Default: false.
    pub allow_unsolicited: bool,
    /// Accept RSA-SHA1 signatures and SHA-1 digests. Default: false.
    pub allow_sha1: bool,
    /// Require the Assertion's own signature; a signed Response alone is not enough. Default: false.
    pub require_signed_assertion: bool,
    /// The attribute that gives the portal its user name. Default: `sAMAccountName`
    /// (then `upn`, then the NameID).
    pub login_name_claim: String,
    /// The caller holds the SP's private keys: encrypted content is decrypted
    /// ([`crate::saml::decryption`]; [`crate::saml::verify_response_decrypting`] sets it, a JS
    /// host that holds the keys sets it in its call). Default: false (an `EncryptedAssertion` is
    /// refused with `ERR_SAML_ENCRYPTED_UNSUPPORTED`).
    pub decrypt: bool,
    /// Bounds on input size and parsing work. Default: [`Limits::default`].
    pub limits: Limits,
}

impl VerifyOptions {
    /// Options with the required values and every default.
    pub fn new(sp_entity_id: impl Into<String>, acs_url: impl Into<String>, now: Timestamp) -> Self {
        VerifyOptions {
            sp_entity_id: sp_entity_id.into(),
            acs_url: acs_url.into(),
            affiliations: Vec::new(),
            idp_entity_id: None,
            in_response_to: None,
            now,
            clock_tolerance_secs: 180,
            allow_unsolicited: false,
            allow_sha1: false,
            require_signed_assertion: false,
            login_name_claim: String::from("sAMAccountName"),
            decrypt: false,
            limits: Limits::default(),
        }
    }
}
