//! The one error type of the crate.
//!
//! Every refusal is an [`Error`] variant: [`Error::code`] is a stable string
//! (`ERR_...`) that crosses into JavaScript unchanged, `Display` is a sentence
//! a person understands, and [`Error::detail`] lists the facts that lead to the
//! fix (which check, expected vs found).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// Which finite limit of [`crate::Limits`] was exceeded.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// `Limits::max_input_bytes`.
    InputBytes,
    /// `Limits::max_depth`.
    Depth,
    /// `Limits::max_nodes`.
    Nodes,
    /// `Limits::max_attributes`.
    Attributes,
    /// `Limits::max_namespace_declarations`.
    NamespaceDeclarations,
    /// `Limits::max_signatures`.
    Signatures,
    /// `Limits::max_inflated_bytes`.
    InflatedBytes,
    /// `Limits::max_canonical_bytes`.
    CanonicalBytes,
    /// `Limits::max_ciphertext_bytes`.
    CiphertextBytes,
    /// `Limits::max_plaintext_bytes`.
    PlaintextBytes,
    /// `Limits::max_encrypted_keys`.
    EncryptedKeys,
}

impl LimitKind {
    fn name(self) -> &'static str {
        match self {
            LimitKind::InputBytes => "input bytes",
            LimitKind::Depth => "element depth",
            LimitKind::Nodes => "nodes",
            LimitKind::Attributes => "attributes per element",
            LimitKind::NamespaceDeclarations => "namespace declarations",
            LimitKind::Signatures => "signatures",
            LimitKind::InflatedBytes => "inflated bytes",
            LimitKind::CanonicalBytes => "canonical bytes to digest",
            LimitKind::CiphertextBytes => "ciphertext bytes",
            LimitKind::PlaintextBytes => "plaintext bytes",
            LimitKind::EncryptedKeys => "encrypted keys",
        }
    }
}

/// Everything that can make saml-edge refuse an input or a configuration.
///
/// Variants name the rule they enforce; fields carry what was expected and
/// what was found. New variants may be added in minor releases.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    // ----- input decoding (SAML bindings §3.5.4, §3.4.4.1) -----
    /// The SAMLResponse/SAMLRequest is not valid base64, URL- or form-encoding, or not UTF-8.
    InputEncoding { detail: String },
    /// The assertion consumer service received something other than the HTTP-POST binding's
    /// form with a base64 `SAMLResponse` field (SAML bindings §3.5.4): raw XML, or a field value
    /// that is not base64.
    InputBinding { expected: String, found: String },
    /// A finite limit was exceeded (see [`crate::Limits`]).
    Limit { kind: LimitKind, max: usize },

    // ----- XML layer (XML 1.0, Namespaces in XML 1.0) -----
    /// Not well-formed XML.
    XmlSyntax { position: usize, detail: String },
    /// The document is not UTF-8 (XML 1.0 §4.3.3; we accept UTF-8 only).
    XmlEncoding { found: String },
    /// A `<!DOCTYPE` declaration: DTDs are never processed (SAML core §1.3.3 / XXE).
    XmlDtdForbidden,
    /// An entity reference other than the five predefined ones (XML 1.0 §4.6).
    XmlEntityForbidden { name: String },
    /// A namespace rule was broken: unbound prefix, `xml`/`xmlns` misuse (Namespaces §3).
    XmlNamespace { detail: String },
    /// Two attributes with the same expanded name on one element (XML 1.0 §3.1, Namespaces §6.3).
    XmlDuplicateAttribute { name: String },

    // ----- canonicalization -----
    /// A canonicalization algorithm or parameter we do not implement.
    C14nUnsupported { algorithm: String },

    // ----- XML-DSig profile (XML-DSig 1.1 §4, SAML core §5.4) -----
    /// A `Signature` element has the wrong shape (SignedInfo/SignatureValue count, `Object`, ...).
    DsigStructure { detail: String },
    /// A `Signature` where SAML does not allow one (only on the Response or its Assertion, SAML core §5.4.1).
    DsigMisplaced { parent: String },
    /// More than one `Signature` on one element.
    DsigMultipleSignatures { element: String },
    /// `Reference/@URI` is not `#` + the signed element's `ID` (SAML core §5.4.2).
    DsigReferenceUri { expected: String, found: String },
    /// The referenced ID occurs more than once in the document (SAML core §5.4.2, XSW).
    DsigDuplicateId { id: String },
    /// A transform outside enveloped-signature + (exclusive) c14n, or too many (SAML core §5.4.4).
    DsigTransform { algorithm: String },
    /// A signature or digest algorithm we do not accept.
    DsigAlgorithm { algorithm: String },
    /// SHA-1 was used and the caller did not opt in.
    DsigSha1Disabled { algorithm: String },
    /// An HMAC SignatureMethod: never accepted for a public-key trust model.
    DsigHmacForbidden { algorithm: String },
    /// `DigestValue` or `SignatureValue` is not valid base64.
    DsigBase64 { element: String },
    /// The digest of the referenced element does not match `DigestValue` (XML-DSig §3.2.1).
    DsigDigestMismatch { reference: String, declared: String, computed: String },
    /// `SignatureValue` does not verify with any pinned key (XML-DSig §3.2.2).
    DsigSignatureInvalid { tried_keys: usize },
    /// The message names (in KeyInfo) a certificate that is not pinned: the usual rollover failure.
    /// Both thumbprints (hex): SHA-256, and SHA-1, the one Entra's and ADFS's consoles show.
    DsigUntrustedCertificate { sha256: String, sha1: String, subject: String, not_after: String },
    /// The algorithm needs another key type than any pinned key (e.g. ECDSA signature, RSA keys).
    DsigKeyMismatch { algorithm: String },

    // ----- keys and certificates -----
    /// A certificate or key could not be read.
    CertificateInvalid { detail: String },
    /// An RSA key outside 1024..=8192 bits or below the configured minimum (default 2048),
    /// or an EC curve other than P-256/P-384.
    KeyUnsupported { detail: String },
    /// No trusted keys configured.
    ConfigNoKeys,
    /// A configuration value is unusable (e.g. an AuthnRequest ID that starts with a digit).
    ConfigInvalid { option: String, detail: String },

    // ----- SAML protocol checks (SAML core §3.2.2, profiles §4.1.4.3) -----
    /// The root element is not a `samlp:Response`.
    SamlNotResponse { found: String },
    /// The Web Browser SSO profile's structure is not met: no Status, an Assertion outside the
    /// Response, no AuthnStatement (profiles §4.1.4.2), a condition that is not understood.
    SamlStructure { detail: String },
    /// An element the verifier reads breaks the SAML 2.0 schema's content model: element order,
    /// cardinality, a required attribute, text where only elements may be (SAML core §2, §3;
    /// `saml-schema-assertion-2.0.xsd`, `saml-schema-protocol-2.0.xsd`).
    SamlSchema { element: String, expected: String, found: String },
    /// `Version` is not `2.0` (SAML core §3.2.2).
    SamlVersion { found: String },
    /// Top-level `StatusCode` is not Success (SAML core §3.2.2.2).
    SamlStatus { code: String, sub_codes: Vec<String>, message: Option<String> },
    /// `Issuer` is not the expected IdP (profiles §4.1.4.2).
    SamlIssuer { expected: String, found: String },
    /// An `Issuer` has a `Format` other than `...:nameid-format:entity` (profiles §4.1.4.2).
    SamlIssuerFormat { element: String, found: String },
    /// Zero or several `Assertion`s in the Response (profiles §4.1.4.2; we take exactly one).
    SamlAssertionCount { found: usize },
    /// An `EncryptedAssertion` or `Subject/EncryptedID` and no SP decryption key is configured.
    SamlEncryptedAssertion,
    /// The Assertion is not covered by a valid signature (profiles §4.1.3.5).
    SamlUnsigned,
    /// Policy requires the Assertion's own signature; only the Response is signed.
    SamlAssertionSignatureRequired,
    /// `Destination` is not the ACS URL (SAML core §3.2.2, bindings §3.5.5.2).
    SamlDestination { expected: String, found: String },
    /// No bearer `SubjectConfirmation` satisfies the checks (profiles §4.1.4.2).
    SamlSubjectConfirmation { detail: String },
    /// `SubjectConfirmationData/@Recipient` is not the ACS URL (profiles §4.1.4.2).
    SamlRecipient { expected: String, found: String },
    /// `InResponseTo` is not the request we sent (profiles §4.1.4.2).
    SamlInResponseTo { expected: String, found: String },
    /// No request ID to check the response against, and unsolicited responses were not allowed
    /// (profiles §4.1.5; strict by default).
    SamlUnsolicited { found: String },
    /// `NotBefore` is in the future beyond the tolerance (SAML core §2.5.1.2).
    SamlNotYetValid { element: String, not_before: String, now: String },
    /// `NotOnOrAfter` has passed beyond the tolerance (SAML core §2.5.1.2, §2.4.1.2).
    SamlExpired { element: String, not_on_or_after: String, now: String },
    /// No `Audience` equals the SP entity ID (SAML core §2.5.1.4).
    SamlAudience { expected: String, found: Vec<String> },
    /// A timestamp is not an `xs:dateTime` in UTC (SAML core §1.3.3).
    SamlTimeFormat { value: String },
    /// `NotBefore` is not earlier than `NotOnOrAfter` (SAML core §2.5.1.2, §2.4.1.2): a window no
    /// instant is in.
    SamlTimeWindow { element: String, not_before: String, not_on_or_after: String },
    /// The Assertion has no usable `Subject/NameID`.
    SamlSubject { detail: String },
    /// The NameID's `SPNameQualifier` names another SP than this one or its affiliations
    /// (SAML core §2.2.2: the name was issued for that SP).
    SamlNameQualifier { expected: Vec<String>, found: String },
    /// This assertion ID was seen before (replay; profiles §4.1.4.5).
    SamlReplay { id: String },

    // ----- metadata (SAML metadata §2.4) -----
    /// IdP metadata is unusable.
    Metadata { detail: String },

    // ----- SP signing, metadata trust, Single Logout (SAML core §3.7, profiles §4.4, metadata §3) -----
    /// The SP's private key could not be read (PKCS#8 or PKCS#1 RSA, PEM or DER).
    PrivateKeyInvalid { detail: String },
    /// Metadata certificates are configured but the metadata root carries no signature (SAML metadata §3).
    MetadataUnsigned { root: String },
    /// The message is not the logout message expected here (SAML core §3.7.1, §3.7.2).
    LogoutMessage { expected: String, found: String },
    /// A logout message carries neither an HTTP-Redirect signature nor an XML signature on its root
    /// (SAML profiles §4.4.3.3, §4.4.4.1; bindings §3.4.4.1).
    LogoutUnsigned { message: String },
    /// The LogoutResponse's top-level status is not Success (SAML core §3.2.2.2, §3.7.3.2).
    LogoutStatus { code: String, sub_codes: Vec<String>, message: Option<String> },
    /// `Destination` is not this SP's SingleLogoutService URL (SAML core §3.2.1, bindings §3.4.5.2).
    LogoutDestination { expected: String, found: String },
    /// The LogoutRequest's `NotOnOrAfter` has passed beyond the tolerance (SAML core §3.7.1).
    LogoutExpired { not_on_or_after: String, now: String },
    /// `IssueInstant` is in the future, or older than the accepted message age (SAML core §3.2.1).
    LogoutIssueInstant { issue_instant: String, now: String, max_age_secs: u32 },
    /// The IdP metadata the keys were pinned from is past its `validUntil` (SAML metadata
    /// §2.3.1: "after which the metadata MUST NOT be used"; an enclosing element's counts).
    MetadataExpired { valid_until: String, now: String },

    // ----- XML Encryption (XML Encryption 1.1, SAML core §2.2.4, §2.3.4; src/xmlenc) -----
    /// An `EncryptedAssertion`/`EncryptedID`, its `EncryptedData` or an `EncryptedKey` has a shape
    /// we do not accept (SAML core §2.2.4; XML Encryption §3): no `EncryptedKey`, a `CipherReference`,
    /// an external `RetrievalMethod`, `Type` other than Element, ...
    XmlencStructure { detail: String },
    /// An encryption, key transport or digest algorithm outside the allow-list (XML Encryption §5).
    XmlencAlgorithm { algorithm: String },
    /// RSA PKCS#1 v1.5 key transport (XML Encryption §5.4.1): refused, Bleichenbacher's attack.
    XmlencRsa15Forbidden { algorithm: String },
    /// Decryption failed. One error for every cause (no SP key opens an EncryptedKey, OAEP,
    /// padding, GCM tag, plaintext not the expected element), so the error is no oracle.
    XmlencDecryptionFailed,
}

impl Error {
    /// A stable code for programs; it never changes once released.
    pub fn code(&self) -> &'static str {
        use Error::*;
        match self {
            InputEncoding { .. } => "ERR_INPUT_ENCODING",
            InputBinding { .. } => "ERR_INPUT_BINDING",
            Limit { kind, .. } => match kind {
                LimitKind::InputBytes => "ERR_LIMIT_INPUT_SIZE",
                LimitKind::Depth => "ERR_LIMIT_DEPTH",
                LimitKind::Nodes => "ERR_LIMIT_NODES",
                LimitKind::Attributes => "ERR_LIMIT_ATTRIBUTES",
                LimitKind::NamespaceDeclarations => "ERR_LIMIT_NAMESPACES",
                LimitKind::Signatures => "ERR_LIMIT_SIGNATURES",
                LimitKind::InflatedBytes => "ERR_LIMIT_INFLATED_SIZE",
                LimitKind::CanonicalBytes => "ERR_LIMIT_CANONICAL_SIZE",
                LimitKind::CiphertextBytes => "ERR_LIMIT_CIPHERTEXT_SIZE",
                LimitKind::PlaintextBytes => "ERR_LIMIT_PLAINTEXT_SIZE",
                LimitKind::EncryptedKeys => "ERR_LIMIT_ENCRYPTED_KEYS",
            },
            XmlSyntax { .. } => "ERR_XML_SYNTAX",
            XmlEncoding { .. } => "ERR_XML_ENCODING",
            XmlDtdForbidden => "ERR_XML_DTD_FORBIDDEN",
            XmlEntityForbidden { .. } => "ERR_XML_ENTITY_FORBIDDEN",
            XmlNamespace { .. } => "ERR_XML_NAMESPACE",
            XmlDuplicateAttribute { .. } => "ERR_XML_DUPLICATE_ATTRIBUTE",
            C14nUnsupported { .. } => "ERR_C14N_UNSUPPORTED",
            DsigStructure { .. } => "ERR_DSIG_STRUCTURE",
            DsigMisplaced { .. } => "ERR_DSIG_MISPLACED",
            DsigMultipleSignatures { .. } => "ERR_DSIG_MULTIPLE_SIGNATURES",
            DsigReferenceUri { .. } => "ERR_DSIG_REFERENCE_URI",
            DsigDuplicateId { .. } => "ERR_DSIG_DUPLICATE_ID",
            DsigTransform { .. } => "ERR_DSIG_TRANSFORM",
            DsigAlgorithm { .. } => "ERR_DSIG_ALGORITHM",
            DsigSha1Disabled { .. } => "ERR_DSIG_SHA1_DISABLED",
            DsigHmacForbidden { .. } => "ERR_DSIG_HMAC_FORBIDDEN",
            DsigBase64 { .. } => "ERR_DSIG_BASE64",
            DsigDigestMismatch { .. } => "ERR_DSIG_DIGEST_MISMATCH",
            DsigSignatureInvalid { .. } => "ERR_DSIG_SIGNATURE_INVALID",
            DsigUntrustedCertificate { .. } => "ERR_DSIG_UNTRUSTED_CERT",
            DsigKeyMismatch { .. } => "ERR_DSIG_KEY_MISMATCH",
            CertificateInvalid { .. } => "ERR_CERT_INVALID",
            KeyUnsupported { .. } => "ERR_KEY_UNSUPPORTED",
            ConfigNoKeys => "ERR_CONFIG_NO_KEYS",
            ConfigInvalid { .. } => "ERR_CONFIG_INVALID",
            SamlNotResponse { .. } => "ERR_SAML_NOT_RESPONSE",
            SamlStructure { .. } => "ERR_SAML_STRUCTURE",
            SamlSchema { .. } => "ERR_SAML_SCHEMA",
            SamlVersion { .. } => "ERR_SAML_VERSION",
            SamlStatus { .. } => "ERR_SAML_STATUS",
            SamlIssuer { .. } | SamlIssuerFormat { .. } => "ERR_SAML_ISSUER",
            SamlAssertionCount { .. } => "ERR_SAML_ASSERTION_COUNT",
            SamlEncryptedAssertion => "ERR_SAML_ENCRYPTED_UNSUPPORTED",
            SamlUnsigned => "ERR_SAML_UNSIGNED",
            SamlAssertionSignatureRequired => "ERR_SAML_ASSERTION_NOT_SIGNED",
            SamlDestination { .. } => "ERR_SAML_DESTINATION",
            SamlSubjectConfirmation { .. } => "ERR_SAML_SUBJECT_CONFIRMATION",
            SamlRecipient { .. } => "ERR_SAML_RECIPIENT",
            SamlInResponseTo { .. } | SamlUnsolicited { .. } => "ERR_SAML_IN_RESPONSE_TO",
            SamlNotYetValid { .. } => "ERR_SAML_NOT_YET_VALID",
            SamlExpired { .. } => "ERR_SAML_EXPIRED",
            SamlAudience { .. } => "ERR_SAML_AUDIENCE",
            SamlTimeFormat { .. } => "ERR_SAML_TIME_FORMAT",
            SamlTimeWindow { .. } => "ERR_SAML_TIME_WINDOW",
            SamlSubject { .. } | SamlNameQualifier { .. } => "ERR_SAML_SUBJECT",
            SamlReplay { .. } => "ERR_SAML_REPLAY",
            Metadata { .. } => "ERR_METADATA",
            PrivateKeyInvalid { .. } => "ERR_KEY_INVALID",
            MetadataUnsigned { .. } => "ERR_METADATA_UNSIGNED",
            LogoutMessage { .. } => "ERR_LOGOUT_MESSAGE",
            LogoutUnsigned { .. } => "ERR_LOGOUT_UNSIGNED",
            LogoutStatus { .. } => "ERR_LOGOUT_STATUS",
            LogoutDestination { .. } => "ERR_LOGOUT_DESTINATION",
            LogoutExpired { .. } => "ERR_LOGOUT_EXPIRED",
            LogoutIssueInstant { .. } => "ERR_LOGOUT_ISSUE_INSTANT",
            MetadataExpired { .. } => "ERR_METADATA_EXPIRED",
            XmlencStructure { .. } => "ERR_XMLENC_STRUCTURE",
            XmlencAlgorithm { .. } => "ERR_XMLENC_ALGORITHM",
            XmlencRsa15Forbidden { .. } => "ERR_XMLENC_RSA1_5_FORBIDDEN",
            XmlencDecryptionFailed => "ERR_XMLENC_DECRYPTION_FAILED",
        }
    }

    /// The facts behind the refusal as `(name, value)` pairs, e.g. `("expected", ...)`, `("found", ...)`.
    ///
    /// Every value that came from the input is shown bounded: control characters escaped and at
    /// most [`MAX_SHOWN_CHARS`] characters (our own sentences [`MAX_SHOWN_TEXT_CHARS`]), with the
    /// full length stated. An `expected` value from the configuration is kept whole.
    pub fn detail(&self) -> Vec<(&'static str, String)> {
        use Error::*;
        let v = |x: &str| shown(x, MAX_SHOWN_CHARS);
        let t = |x: &str| shown(x, MAX_SHOWN_TEXT_CHARS);
        let whole = |x: &str| String::from(x);
        let list = |xs: &[String]| shown(&xs.join(", "), MAX_SHOWN_TEXT_CHARS);
        match self {
            InputEncoding { detail }
            | XmlNamespace { detail }
            | DsigStructure { detail }
            | CertificateInvalid { detail }
            | KeyUnsupported { detail }
            | SamlStructure { detail }
            | SamlSubjectConfirmation { detail }
            | SamlSubject { detail }
            | Metadata { detail } => alloc::vec![("detail", t(detail))],
            Limit { kind, max } => alloc::vec![("limit", whole(kind.name())), ("max", alloc::format!("{max}"))],
            XmlSyntax { position, detail } => {
                alloc::vec![("position", alloc::format!("{position}")), ("detail", t(detail))]
            }
            XmlEncoding { found } | SamlVersion { found } | SamlNotResponse { found } => {
                alloc::vec![("found", v(found))]
            }
            XmlDtdForbidden | ConfigNoKeys | SamlEncryptedAssertion | SamlUnsigned | SamlAssertionSignatureRequired => {
                Vec::new()
            }
            XmlEntityForbidden { name } | XmlDuplicateAttribute { name } => alloc::vec![("name", v(name))],
            C14nUnsupported { algorithm }
            | DsigTransform { algorithm }
            | DsigAlgorithm { algorithm }
            | DsigSha1Disabled { algorithm }
            | DsigHmacForbidden { algorithm }
            | DsigKeyMismatch { algorithm } => alloc::vec![("algorithm", v(algorithm))],
            DsigMisplaced { parent } => alloc::vec![("parent", v(parent))],
            DsigMultipleSignatures { element } | DsigBase64 { element } => alloc::vec![("element", v(element))],
            DsigDuplicateId { id } | SamlReplay { id } => alloc::vec![("id", v(id))],
            // The expected reference is the parent's ID: input, not configuration.
            DsigReferenceUri { expected, found } | InputBinding { expected, found } => {
                alloc::vec![("expected", v(expected)), ("found", v(found))]
            }
            SamlIssuer { expected, found }
            | SamlDestination { expected, found }
            | SamlRecipient { expected, found }
            | SamlInResponseTo { expected, found } => {
                alloc::vec![("expected", whole(expected)), ("found", v(found))]
            }
            SamlIssuerFormat { element, found } => alloc::vec![
                ("element", whole(element)),
                ("expected", whole(crate::ns::NAMEID_ENTITY)),
                ("found", v(found))
            ],
            DsigDigestMismatch { reference, declared, computed } => {
                alloc::vec![("reference", v(reference)), ("declared", v(declared)), ("computed", whole(computed))]
            }
            DsigSignatureInvalid { tried_keys } => alloc::vec![("tried_keys", alloc::format!("{tried_keys}"))],
            DsigUntrustedCertificate { sha256, sha1, subject, not_after } => alloc::vec![
                ("certificate_sha256", whole(sha256)),
                ("certificate_sha1", whole(sha1)),
                ("subject", v(subject)),
                ("not_after", whole(not_after))
            ],
            ConfigInvalid { option, detail } => alloc::vec![("option", v(option)), ("detail", t(detail))],
            SamlStatus { code, sub_codes, message } => {
                let mut out = alloc::vec![("status_code", v(code))];
                for c in sub_codes {
                    out.push(("sub_status_code", v(c)));
                }
                if let Some(m) = message {
                    out.push(("status_message", t(m)));
                }
                out
            }
            SamlAssertionCount { found } => alloc::vec![("found", alloc::format!("{found}"))],
            SamlNotYetValid { element, not_before, now } => {
                alloc::vec![("element", whole(element)), ("not_before", whole(not_before)), ("now", whole(now))]
            }
            SamlExpired { element, not_on_or_after, now } => alloc::vec![
                ("element", whole(element)),
                ("not_on_or_after", whole(not_on_or_after)),
                ("now", whole(now))
            ],
            SamlTimeWindow { element, not_before, not_on_or_after } => alloc::vec![
                ("element", whole(element)),
                ("not_before", whole(not_before)),
                ("not_on_or_after", whole(not_on_or_after))
            ],
            SamlAudience { expected, found } => alloc::vec![("expected", whole(expected)), ("found", list(found))],
            SamlNameQualifier { expected, found } => {
                alloc::vec![("expected", expected.join(", ")), ("found", v(found))]
            }
            SamlTimeFormat { value } => alloc::vec![("value", v(value))],
            SamlUnsolicited { found } => alloc::vec![
                ("expected", whole("the ID of the AuthnRequest this response answers")),
                ("found", v(found))
            ],
            SamlSchema { element, expected, found } => {
                alloc::vec![("element", v(element)), ("expected", whole(expected)), ("found", t(found))]
            }
            MetadataExpired { valid_until, now } => {
                alloc::vec![("valid_until", whole(valid_until)), ("now", whole(now))]
            }
            XmlencStructure { detail } => alloc::vec![("detail", t(detail))],
            XmlencAlgorithm { algorithm } | XmlencRsa15Forbidden { algorithm } => {
                alloc::vec![("algorithm", v(algorithm))]
            }
            XmlencDecryptionFailed => Vec::new(),
            PrivateKeyInvalid { detail } => alloc::vec![("detail", t(detail))],
            MetadataUnsigned { root } => alloc::vec![("root", v(root))],
            LogoutMessage { expected, found } | LogoutDestination { expected, found } => {
                alloc::vec![("expected", whole(expected)), ("found", v(found))]
            }
            LogoutUnsigned { message } => alloc::vec![("message", whole(message))],
            LogoutStatus { code, sub_codes, message } => {
                let mut out = alloc::vec![("status_code", v(code))];
                for c in sub_codes {
                    out.push(("sub_status_code", v(c)));
                }
                if let Some(m) = message {
                    out.push(("status_message", t(m)));
                }
                out
            }
            LogoutExpired { not_on_or_after, now } => {
                alloc::vec![("not_on_or_after", v(not_on_or_after)), ("now", whole(now))]
            }
            LogoutIssueInstant { issue_instant, now, max_age_secs } => alloc::vec![
                ("issue_instant", v(issue_instant)),
                ("now", whole(now)),
                ("max_age_secs", alloc::format!("{max_age_secs}"))
            ],
        }
    }
}

/// Most characters of one input value an error message or detail repeats (`Error` `Display`,
/// [`Error::detail`]); the rest is cut and its length stated. A forged 900 KB `Destination`
/// must not become a 900 KB log line.
pub(crate) const MAX_SHOWN_CHARS: usize = 256;
/// The same for the sentences of a `detail` field, which may quote input inside them.
pub(crate) const MAX_SHOWN_TEXT_CHARS: usize = 1024;

/// `value` as an error may show it: control characters (C0, DEL, C1), line and paragraph
/// separators and bidirectional controls escaped (`\n`, `\u{202e}`), so that input can neither
/// forge a log line nor reorder what a terminal shows; then at most `max` characters, with
/// `… (N characters)` when cut.
pub(crate) fn shown(value: &str, max: usize) -> String {
    let mut out = String::with_capacity(value.len().min(max.saturating_mul(2)));
    for (count, c) in value.chars().enumerate() {
        if count == max {
            let total = value.chars().count();
            out.push_str(&alloc::format!("… ({total} characters)"));
            return out;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&alloc::format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{feff}')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// A value in a message: [`shown`] with [`MAX_SHOWN_CHARS`].
struct V<'a>(&'a str);
/// A sentence or list in a message: [`shown`] with [`MAX_SHOWN_TEXT_CHARS`].
struct T<'a>(&'a str);

impl fmt::Display for V<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&shown(self.0, MAX_SHOWN_CHARS))
    }
}

impl fmt::Display for T<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&shown(self.0, MAX_SHOWN_TEXT_CHARS))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Error::*;
        match self {
            InputEncoding { detail } => write!(f, "the message could not be decoded: {}", T(detail)),
            InputBinding { expected, .. } if expected == "base64" => {
                f.write_str("the SAMLResponse field is not base64 (the HTTP-POST binding base64-encodes the message)")
            }
            InputBinding { .. } => f.write_str(
                "the ACS takes the HTTP-POST binding (a form with a base64 SAMLResponse field), not a raw XML body",
            ),
            Limit { kind, max } => write!(f, "the input exceeds the limit of {max} {}", kind.name()),
            XmlSyntax { position, detail } => {
                write!(f, "the XML is not well-formed at byte {position}: {}", T(detail))
            }
            XmlEncoding { found } => write!(f, "the XML must be UTF-8, but it declares {}", V(found)),
            XmlDtdForbidden => f.write_str("the XML contains a DOCTYPE; DTDs are never accepted"),
            XmlEntityForbidden { name } => {
                write!(f, "the XML references the entity &{}; only the five predefined entities are allowed", V(name))
            }
            XmlNamespace { detail } => write!(f, "the XML breaks a namespace rule: {}", T(detail)),
            XmlDuplicateAttribute { name } => write!(f, "the attribute {} appears twice on one element", V(name)),
            C14nUnsupported { algorithm } => {
                write!(f, "the canonicalization algorithm {} is not supported", V(algorithm))
            }
            DsigStructure { detail } => write!(f, "the Signature element is malformed: {}", T(detail)),
            DsigMisplaced { parent } => write!(
                f,
                "a Signature was found inside {}; SAML allows one only on the Response or its Assertion",
                V(parent)
            ),
            DsigMultipleSignatures { element } => write!(f, "{} carries more than one Signature", V(element)),
            DsigReferenceUri { expected, found } => write!(
                f,
                "the signature references \"{}\", but it must reference its parent \"{}\"",
                V(found),
                V(expected)
            ),
            DsigDuplicateId { id } => {
                write!(f, "the ID \"{}\" occurs more than once in the document (signature wrapping)", V(id))
            }
            DsigTransform { algorithm } => {
                write!(f, "the transform {} is not allowed in a SAML signature", V(algorithm))
            }
            DsigAlgorithm { algorithm } => write!(f, "the algorithm {} is not supported", V(algorithm)),
            DsigSha1Disabled { algorithm } => write!(
                f,
                "the signature uses SHA-1 ({}); opt in (allow_sha1; JS allowSha1; CLI --allow-sha1) only if the IdP \
                 cannot do better",
                V(algorithm)
            ),
            DsigHmacForbidden { algorithm } => {
                write!(f, "the signature uses HMAC ({}); only public-key signatures are accepted", V(algorithm))
            }
            DsigBase64 { element } => write!(f, "{} is not valid base64", V(element)),
            DsigDigestMismatch { reference, .. } => {
                write!(f, "the content signed as \"{}\" was changed after signing (digest mismatch)", V(reference))
            }
            DsigSignatureInvalid { tried_keys } => {
                write!(f, "the signature value does not verify with any of the {tried_keys} configured IdP key(s)")
            }
            DsigUntrustedCertificate { sha256, sha1, subject, .. } => write!(
                f,
                "the response was signed by a certificate you did not configure (subject {}, \
                 SHA-1 thumbprint {}, SHA-256 {}); if the IdP rolled its certificate over, add the new one",
                V(subject),
                V(&sha1.to_ascii_uppercase()),
                V(sha256)
            ),
            DsigKeyMismatch { algorithm } => {
                write!(f, "no configured IdP key can verify a {} signature", V(algorithm))
            }
            CertificateInvalid { detail } => write!(f, "a certificate could not be read: {}", T(detail)),
            KeyUnsupported { detail } => write!(f, "the key is not supported: {}", T(detail)),
            ConfigNoKeys => f.write_str("no IdP certificate is configured; pin at least one"),
            ConfigInvalid { option, detail } => write!(f, "the option {} is invalid: {}", V(option), T(detail)),
            SamlNotResponse { found } => write!(f, "expected a samlp:Response, found {}", V(found)),
            SamlStructure { detail } => write!(f, "the SAML message is malformed: {}", T(detail)),
            SamlSchema { element, expected, found } => {
                write!(f, "{} breaks the SAML 2.0 schema: expected {}, found {}", V(element), T(expected), T(found))
            }
            SamlVersion { found } => write!(f, "the SAML version is {}, expected 2.0", V(found)),
            SamlStatus { code, message, .. } => match message {
                Some(m) => write!(f, "the IdP refused the login with status {}: {}", V(code), V(m)),
                None => write!(f, "the IdP refused the login with status {}", V(code)),
            },
            SamlIssuer { expected, found } => {
                write!(f, "the issuer is \"{}\", expected \"{}\"", V(found), V(expected))
            }
            SamlIssuerFormat { element, found } => write!(
                f,
                "the {element} Issuer has Format \"{}\"; the Web Browser SSO profile allows only {} (or no Format)",
                V(found),
                crate::ns::NAMEID_ENTITY
            ),
            SamlAssertionCount { found } => {
                write!(f, "the response must carry exactly one Assertion, it carries {found}")
            }
            SamlEncryptedAssertion => f.write_str(
                "the response is encrypted (EncryptedAssertion or EncryptedID) and no SP decryption key is configured",
            ),
            SamlUnsigned => f.write_str("the assertion is not covered by a valid signature"),
            SamlAssertionSignatureRequired => {
                f.write_str("the assertion must carry its own signature; only the Response is signed")
            }
            SamlDestination { expected, found } => {
                write!(f, "the response was sent to \"{}\", expected this ACS URL \"{}\"", V(found), V(expected))
            }
            SamlSubjectConfirmation { detail } => {
                write!(f, "no bearer subject confirmation is valid: {}", T(detail))
            }
            SamlRecipient { expected, found } => {
                write!(f, "the assertion is meant for recipient \"{}\", expected \"{}\"", V(found), V(expected))
            }
            SamlInResponseTo { expected, found } => {
                write!(f, "the response answers request \"{}\", expected \"{}\"", V(found), V(expected))
            }
            SamlUnsolicited { found } => write!(
                f,
                "no request ID was given to check this response against (its InResponseTo: {}); pass the ID of \
                 the AuthnRequest it answers (JS inResponseTo), or accept IdP-initiated responses explicitly \
                 (JS allowUnsolicited: true; Rust allow_unsolicited)",
                V(found)
            ),
            SamlNotYetValid { element, not_before, now } => {
                write!(f, "{element} is not valid before {not_before} (now {now})")
            }
            SamlExpired { element, not_on_or_after, now } => {
                write!(f, "{element} expired at {not_on_or_after} (now {now})")
            }
            SamlTimeWindow { element, not_before, not_on_or_after } => write!(
                f,
                "{element} NotBefore {not_before} is not earlier than its NotOnOrAfter {not_on_or_after}: \
                 no instant is inside this window"
            ),
            SamlAudience { expected, found } => {
                write!(f, "the assertion is for audience [{}], expected \"{}\"", T(&found.join(", ")), V(expected))
            }
            SamlTimeFormat { value } => write!(f, "\"{}\" is not a UTC xs:dateTime", V(value)),
            SamlSubject { detail } => write!(f, "the assertion's subject is unusable: {}", T(detail)),
            SamlNameQualifier { expected, found } => write!(
                f,
                "the NameID was issued for the SP \"{}\" (SPNameQualifier), expected {}",
                V(found),
                T(&expected.iter().map(|e| alloc::format!("\"{e}\"")).collect::<Vec<_>>().join(" or "))
            ),
            SamlReplay { id } => write!(f, "the assertion {} was already used", V(id)),
            Metadata { detail } => write!(f, "the IdP metadata is unusable: {}", T(detail)),
            MetadataExpired { valid_until, now } => write!(
                f,
                "the IdP metadata expired at {valid_until} (validUntil; now {now}); fetch current metadata from the IdP"
            ),
            PrivateKeyInvalid { detail } => write!(f, "the SP's private key could not be read: {}", T(detail)),
            MetadataUnsigned { root } => write!(
                f,
                "the IdP metadata ({}) is not signed, but metadata certificates are configured to verify it",
                V(root)
            ),
            LogoutMessage { expected, found } => write!(f, "expected a {expected}, found {}", V(found)),
            LogoutUnsigned { message } => write!(
                f,
                "the {message} is not signed (neither a Signature query parameter nor a ds:Signature on its root)"
            ),
            LogoutStatus { code, message, .. } => match message {
                Some(m) => write!(f, "the IdP could not complete the logout: status {}: {}", V(code), V(m)),
                None => write!(f, "the IdP could not complete the logout: status {}", V(code)),
            },
            LogoutDestination { expected, found } => write!(
                f,
                "the logout message was sent to \"{}\", expected this SP's logout URL \"{expected}\"",
                V(found)
            ),
            LogoutExpired { not_on_or_after, now } => {
                write!(f, "the LogoutRequest expired at {} (now {now})", V(not_on_or_after))
            }
            LogoutIssueInstant { issue_instant, now, max_age_secs } => write!(
                f,
                "the logout message was issued at {}, outside the accepted window \
                 (now {now}, at most {max_age_secs} s old, clock tolerance included)",
                V(issue_instant)
            ),
            XmlencStructure { detail } => write!(f, "the encrypted element is malformed: {}", T(detail)),
            XmlencAlgorithm { algorithm } => write!(f, "the encryption algorithm {} is not supported", V(algorithm)),
            XmlencRsa15Forbidden { algorithm } => write!(
                f,
                "the key is transported with RSA PKCS#1 v1.5 ({}), which is never accepted \
                 (Bleichenbacher's attack); configure the IdP for RSA-OAEP",
                V(algorithm)
            ),
            XmlencDecryptionFailed => f.write_str(
                "the encrypted content could not be decrypted with the configured SP key(s), or did not \
                 decrypt to the element it must contain",
            ),
        }
    }
}

/// Short for `core::result::Result<T, saml_edge::Error>`.
pub type Result<T> = core::result::Result<T, Error>;

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn echoed_values_are_bounded_and_escaped() {
        let long = "x".repeat(900_000);
        let e = Error::SamlDestination { expected: String::from("https://sp.example/acs"), found: long.clone() };
        let message = e.to_string();
        assert!(message.len() < 600, "{}", message.len());
        assert!(message.contains("… (900000 characters)"), "{message}");
        let detail = e.detail();
        assert_eq!(detail[0], ("expected", String::from("https://sp.example/acs")));
        assert_eq!(detail[1].1.chars().count(), MAX_SHOWN_CHARS + "… (900000 characters)".chars().count());

        // `&#10;` in an attribute value is a newline after parsing: it must not start a new log line.
        let forged = Error::SamlIssuer {
            expected: String::from("urn:idp"),
            found: String::from("urn:evil\n2026-01-15 INFO login ok user=admin\u{202e}\u{7}"),
        };
        let message = forged.to_string();
        assert!(!message.contains('\n') && !message.contains('\u{202e}') && !message.contains('\u{7}'), "{message}");
        assert!(message.contains("urn:evil\\n2026-01-15") && message.contains("\\u{202e}\\u{7}"), "{message}");
        assert!(forged.detail().iter().all(|(_, v)| !v.contains('\n')));

        // The expected value from the configuration is kept whole in the detail.
        let expected = "e".repeat(2000);
        let e = Error::SamlAudience { expected: expected.clone(), found: alloc::vec![long] };
        assert_eq!(e.detail()[0].1, expected);
        assert!(e.detail()[1].1.chars().count() < MAX_SHOWN_TEXT_CHARS + 40);
        assert!(e.to_string().len() < 1500);

        assert_eq!(shown("short", 256), "short");
        assert_eq!(shown("abc", 2), "ab… (3 characters)");
        assert_eq!(shown("a\tb\r\u{85}", 10), "a\\tb\\r\\u{85}");
    }

    #[test]
    fn the_unsolicited_refusal_names_the_option_of_each_interface() {
        let e = Error::SamlUnsolicited { found: String::from("(none)") };
        let m = e.to_string();
        assert!(m.contains("allowUnsolicited") && m.contains("allow_unsolicited") && !m.contains(" is off"), "{m}");
        assert_eq!(e.code(), "ERR_SAML_IN_RESPONSE_TO");
    }
}
