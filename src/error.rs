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
    DsigUntrustedCertificate { sha256: String, subject: String, not_after: String },
    /// The algorithm needs another key type than any pinned key (e.g. ECDSA signature, RSA keys).
    DsigKeyMismatch { algorithm: String },

    // ----- keys and certificates -----
    /// A certificate or key could not be read.
    CertificateInvalid { detail: String },
    /// An RSA key outside 2048..=8192 bits, or an EC curve other than P-256/P-384.
    KeyUnsupported { detail: String },
    /// No trusted keys configured.
    ConfigNoKeys,
    /// A configuration value is unusable (e.g. an AuthnRequest ID that starts with a digit).
    ConfigInvalid { option: String, detail: String },

    // ----- SAML protocol checks (SAML core §3.2.2, profiles §4.1.4.3) -----
    /// The root element is not a `samlp:Response`.
    SamlNotResponse { found: String },
    /// A required element or attribute is missing, or an element appears where the schema forbids it.
    SamlStructure { detail: String },
    /// `Version` is not `2.0` (SAML core §3.2.2).
    SamlVersion { found: String },
    /// Top-level `StatusCode` is not Success (SAML core §3.2.2.2).
    SamlStatus { code: String, sub_codes: Vec<String>, message: Option<String> },
    /// `Issuer` is not the expected IdP (profiles §4.1.4.2).
    SamlIssuer { expected: String, found: String },
    /// Zero or several `Assertion`s in the Response (profiles §4.1.4.2; we take exactly one).
    SamlAssertionCount { found: usize },
    /// An `EncryptedAssertion`: not supported yet.
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
    /// `NotBefore` is in the future beyond the tolerance (SAML core §2.5.1.2).
    SamlNotYetValid { element: String, not_before: String, now: String },
    /// `NotOnOrAfter` has passed beyond the tolerance (SAML core §2.5.1.2, §2.4.1.2).
    SamlExpired { element: String, not_on_or_after: String, now: String },
    /// No `Audience` equals the SP entity ID (SAML core §2.5.1.4).
    SamlAudience { expected: String, found: Vec<String> },
    /// A timestamp is not an `xs:dateTime` in UTC (SAML core §1.3.3).
    SamlTimeFormat { value: String },
    /// The Assertion has no usable `Subject/NameID`.
    SamlSubject { detail: String },
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
}

impl Error {
    /// A stable code for programs; it never changes once released.
    pub fn code(&self) -> &'static str {
        use Error::*;
        match self {
            InputEncoding { .. } => "ERR_INPUT_ENCODING",
            Limit { kind, .. } => match kind {
                LimitKind::InputBytes => "ERR_LIMIT_INPUT_SIZE",
                LimitKind::Depth => "ERR_LIMIT_DEPTH",
                LimitKind::Nodes => "ERR_LIMIT_NODES",
                LimitKind::Attributes => "ERR_LIMIT_ATTRIBUTES",
                LimitKind::NamespaceDeclarations => "ERR_LIMIT_NAMESPACES",
                LimitKind::Signatures => "ERR_LIMIT_SIGNATURES",
                LimitKind::InflatedBytes => "ERR_LIMIT_INFLATED_SIZE",
                LimitKind::CanonicalBytes => "ERR_LIMIT_CANONICAL_SIZE",
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
            SamlVersion { .. } => "ERR_SAML_VERSION",
            SamlStatus { .. } => "ERR_SAML_STATUS",
            SamlIssuer { .. } => "ERR_SAML_ISSUER",
            SamlAssertionCount { .. } => "ERR_SAML_ASSERTION_COUNT",
            SamlEncryptedAssertion => "ERR_SAML_ENCRYPTED_UNSUPPORTED",
            SamlUnsigned => "ERR_SAML_UNSIGNED",
            SamlAssertionSignatureRequired => "ERR_SAML_ASSERTION_NOT_SIGNED",
            SamlDestination { .. } => "ERR_SAML_DESTINATION",
            SamlSubjectConfirmation { .. } => "ERR_SAML_SUBJECT_CONFIRMATION",
            SamlRecipient { .. } => "ERR_SAML_RECIPIENT",
            SamlInResponseTo { .. } => "ERR_SAML_IN_RESPONSE_TO",
            SamlNotYetValid { .. } => "ERR_SAML_NOT_YET_VALID",
            SamlExpired { .. } => "ERR_SAML_EXPIRED",
            SamlAudience { .. } => "ERR_SAML_AUDIENCE",
            SamlTimeFormat { .. } => "ERR_SAML_TIME_FORMAT",
            SamlSubject { .. } => "ERR_SAML_SUBJECT",
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
        }
    }

    /// The facts behind the refusal as `(name, value)` pairs, e.g. `("expected", ...)`, `("found", ...)`.
    pub fn detail(&self) -> Vec<(&'static str, String)> {
        use Error::*;
        let s = |v: &str| String::from(v);
        match self {
            InputEncoding { detail }
            | XmlNamespace { detail }
            | DsigStructure { detail }
            | CertificateInvalid { detail }
            | KeyUnsupported { detail }
            | SamlStructure { detail }
            | SamlSubjectConfirmation { detail }
            | SamlSubject { detail }
            | Metadata { detail } => alloc::vec![("detail", detail.clone())],
            Limit { kind, max } => alloc::vec![("limit", s(kind.name())), ("max", alloc::format!("{max}"))],
            XmlSyntax { position, detail } => {
                alloc::vec![("position", alloc::format!("{position}")), ("detail", detail.clone())]
            }
            XmlEncoding { found } | SamlVersion { found } | SamlNotResponse { found } => {
                alloc::vec![("found", found.clone())]
            }
            XmlDtdForbidden | ConfigNoKeys | SamlEncryptedAssertion | SamlUnsigned | SamlAssertionSignatureRequired => {
                Vec::new()
            }
            XmlEntityForbidden { name } | XmlDuplicateAttribute { name } => alloc::vec![("name", name.clone())],
            C14nUnsupported { algorithm }
            | DsigTransform { algorithm }
            | DsigAlgorithm { algorithm }
            | DsigSha1Disabled { algorithm }
            | DsigHmacForbidden { algorithm }
            | DsigKeyMismatch { algorithm } => alloc::vec![("algorithm", algorithm.clone())],
            DsigMisplaced { parent } => alloc::vec![("parent", parent.clone())],
            DsigMultipleSignatures { element } | DsigBase64 { element } => alloc::vec![("element", element.clone())],
            DsigDuplicateId { id } | SamlReplay { id } => alloc::vec![("id", id.clone())],
            DsigReferenceUri { expected, found }
            | SamlIssuer { expected, found }
            | SamlDestination { expected, found }
            | SamlRecipient { expected, found }
            | SamlInResponseTo { expected, found } => {
                alloc::vec![("expected", expected.clone()), ("found", found.clone())]
            }
            DsigDigestMismatch { reference, declared, computed } => alloc::vec![
                ("reference", reference.clone()),
                ("declared", declared.clone()),
                ("computed", computed.clone())
            ],
            DsigSignatureInvalid { tried_keys } => alloc::vec![("tried_keys", alloc::format!("{tried_keys}"))],
            DsigUntrustedCertificate { sha256, subject, not_after } => alloc::vec![
                ("certificate_sha256", sha256.clone()),
                ("subject", subject.clone()),
                ("not_after", not_after.clone())
            ],
            ConfigInvalid { option, detail } => alloc::vec![("option", option.clone()), ("detail", detail.clone())],
            SamlStatus { code, sub_codes, message } => {
                let mut v = alloc::vec![("status_code", code.clone())];
                for c in sub_codes {
                    v.push(("sub_status_code", c.clone()));
                }
                if let Some(m) = message {
                    v.push(("status_message", m.clone()));
                }
                v
            }
            SamlAssertionCount { found } => alloc::vec![("found", alloc::format!("{found}"))],
            SamlNotYetValid { element, not_before, now } => {
                alloc::vec![("element", element.clone()), ("not_before", not_before.clone()), ("now", now.clone())]
            }
            SamlExpired { element, not_on_or_after, now } => alloc::vec![
                ("element", element.clone()),
                ("not_on_or_after", not_on_or_after.clone()),
                ("now", now.clone())
            ],
            SamlAudience { expected, found } => {
                alloc::vec![("expected", expected.clone()), ("found", found.join(", "))]
            }
            SamlTimeFormat { value } => alloc::vec![("value", value.clone())],
            PrivateKeyInvalid { detail } => alloc::vec![("detail", detail.clone())],
            MetadataUnsigned { root } => alloc::vec![("root", root.clone())],
            LogoutMessage { expected, found } | LogoutDestination { expected, found } => {
                alloc::vec![("expected", expected.clone()), ("found", found.clone())]
            }
            LogoutUnsigned { message } => alloc::vec![("message", message.clone())],
            LogoutStatus { code, sub_codes, message } => {
                let mut v = alloc::vec![("status_code", code.clone())];
                for c in sub_codes {
                    v.push(("sub_status_code", c.clone()));
                }
                if let Some(m) = message {
                    v.push(("status_message", m.clone()));
                }
                v
            }
            LogoutExpired { not_on_or_after, now } => {
                alloc::vec![("not_on_or_after", not_on_or_after.clone()), ("now", now.clone())]
            }
            LogoutIssueInstant { issue_instant, now, max_age_secs } => alloc::vec![
                ("issue_instant", issue_instant.clone()),
                ("now", now.clone()),
                ("max_age_secs", alloc::format!("{max_age_secs}"))
            ],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Error::*;
        match self {
            InputEncoding { detail } => write!(f, "the message could not be decoded: {detail}"),
            Limit { kind, max } => write!(f, "the input exceeds the limit of {max} {}", kind.name()),
            XmlSyntax { position, detail } => write!(f, "the XML is not well-formed at byte {position}: {detail}"),
            XmlEncoding { found } => write!(f, "the XML must be UTF-8, but it declares {found}"),
            XmlDtdForbidden => f.write_str("the XML contains a DOCTYPE; DTDs are never accepted"),
            XmlEntityForbidden { name } => {
                write!(f, "the XML references the entity &{name}; only the five predefined entities are allowed")
            }
            XmlNamespace { detail } => write!(f, "the XML breaks a namespace rule: {detail}"),
            XmlDuplicateAttribute { name } => write!(f, "the attribute {name} appears twice on one element"),
            C14nUnsupported { algorithm } => write!(f, "the canonicalization algorithm {algorithm} is not supported"),
            DsigStructure { detail } => write!(f, "the Signature element is malformed: {detail}"),
            DsigMisplaced { parent } => write!(
                f,
                "a Signature was found inside {parent}; SAML allows one only on the Response or its Assertion"
            ),
            DsigMultipleSignatures { element } => write!(f, "{element} carries more than one Signature"),
            DsigReferenceUri { expected, found } => {
                write!(f, "the signature references \"{found}\", but it must reference its parent \"{expected}\"")
            }
            DsigDuplicateId { id } => {
                write!(f, "the ID \"{id}\" occurs more than once in the document (signature wrapping)")
            }
            DsigTransform { algorithm } => write!(f, "the transform {algorithm} is not allowed in a SAML signature"),
            DsigAlgorithm { algorithm } => write!(f, "the algorithm {algorithm} is not supported"),
            DsigSha1Disabled { algorithm } => {
                write!(f, "the signature uses SHA-1 ({algorithm}); opt in (allow_sha1; JS allowSha1; CLI --allow-sha1) only if the IdP cannot do better")
            }
            DsigHmacForbidden { algorithm } => {
                write!(f, "the signature uses HMAC ({algorithm}); only public-key signatures are accepted")
            }
            DsigBase64 { element } => write!(f, "{element} is not valid base64"),
            DsigDigestMismatch { reference, .. } => {
                write!(f, "the content signed as \"{reference}\" was changed after signing (digest mismatch)")
            }
            DsigSignatureInvalid { tried_keys } => {
                write!(f, "the signature value does not verify with any of the {tried_keys} configured IdP key(s)")
            }
            DsigUntrustedCertificate { sha256, subject, .. } => write!(
                f,
                "the response was signed by a certificate you did not configure (subject {subject}, SHA-256 {sha256}); \
                 if the IdP rolled its certificate over, add the new one"
            ),
            DsigKeyMismatch { algorithm } => {
                write!(f, "no configured IdP key can verify a {algorithm} signature")
            }
            CertificateInvalid { detail } => write!(f, "a certificate could not be read: {detail}"),
            KeyUnsupported { detail } => write!(f, "the key is not supported: {detail}"),
            ConfigNoKeys => f.write_str("no IdP certificate is configured; pin at least one"),
            ConfigInvalid { option, detail } => write!(f, "the option {option} is invalid: {detail}"),
            SamlNotResponse { found } => write!(f, "expected a samlp:Response, found {found}"),
            SamlStructure { detail } => write!(f, "the SAML message is malformed: {detail}"),
            SamlVersion { found } => write!(f, "the SAML version is {found}, expected 2.0"),
            SamlStatus { code, message, .. } => match message {
                Some(m) => write!(f, "the IdP refused the login with status {code}: {m}"),
                None => write!(f, "the IdP refused the login with status {code}"),
            },
            SamlIssuer { expected, found } => write!(f, "the issuer is \"{found}\", expected \"{expected}\""),
            SamlAssertionCount { found } => {
                write!(f, "the response must carry exactly one Assertion, it carries {found}")
            }
            SamlEncryptedAssertion => f.write_str("encrypted assertions are not supported yet"),
            SamlUnsigned => f.write_str("the assertion is not covered by a valid signature"),
            SamlAssertionSignatureRequired => {
                f.write_str("the assertion must carry its own signature; only the Response is signed")
            }
            SamlDestination { expected, found } => {
                write!(f, "the response was sent to \"{found}\", expected this ACS URL \"{expected}\"")
            }
            SamlSubjectConfirmation { detail } => write!(f, "no bearer subject confirmation is valid: {detail}"),
            SamlRecipient { expected, found } => {
                write!(f, "the assertion is meant for recipient \"{found}\", expected \"{expected}\"")
            }
            SamlInResponseTo { expected, found } => {
                write!(f, "the response answers request \"{found}\", expected \"{expected}\"")
            }
            SamlNotYetValid { element, not_before, now } => {
                write!(f, "{element} is not valid before {not_before} (now {now})")
            }
            SamlExpired { element, not_on_or_after, now } => {
                write!(f, "{element} expired at {not_on_or_after} (now {now})")
            }
            SamlAudience { expected, found } => {
                write!(f, "the assertion is for audience [{}], expected \"{expected}\"", found.join(", "))
            }
            SamlTimeFormat { value } => write!(f, "\"{value}\" is not a UTC xs:dateTime"),
            SamlSubject { detail } => write!(f, "the assertion's subject is unusable: {detail}"),
            SamlReplay { id } => write!(f, "the assertion {id} was already used"),
            Metadata { detail } => write!(f, "the IdP metadata is unusable: {detail}"),
            PrivateKeyInvalid { detail } => write!(f, "the SP's private key could not be read: {detail}"),
            MetadataUnsigned { root } => write!(
                f,
                "the IdP metadata ({root}) is not signed, but metadata certificates are configured to verify it"
            ),
            LogoutMessage { expected, found } => write!(f, "expected a {expected}, found {found}"),
            LogoutUnsigned { message } => write!(
                f,
                "the {message} is not signed (neither a Signature query parameter nor a ds:Signature on its root)"
            ),
            LogoutStatus { code, message, .. } => match message {
                Some(m) => write!(f, "the IdP could not complete the logout: status {code}: {m}"),
                None => write!(f, "the IdP could not complete the logout: status {code}"),
            },
            LogoutDestination { expected, found } => {
                write!(f, "the logout message was sent to \"{found}\", expected this SP's logout URL \"{expected}\"")
            }
            LogoutExpired { not_on_or_after, now } => {
                write!(f, "the LogoutRequest expired at {not_on_or_after} (now {now})")
            }
            LogoutIssueInstant { issue_instant, now, max_age_secs } => write!(
                f,
                "the logout message was issued at {issue_instant}, outside the accepted window \
                 (now {now}, at most {max_age_secs} s old, clock tolerance included)"
            ),
        }
    }
}

/// Short for `core::result::Result<T, saml_edge::Error>`.
pub type Result<T> = core::result::Result<T, Error>;

impl core::error::Error for Error {}
