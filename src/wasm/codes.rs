//! Every stable error code, for `errorCodes()` (the npm package's tests check
//! that each one maps to an error class).
//!
//! [`ERROR_CODES`] is kept next to [`Error::code`]'s mapping by two guards:
//! [`_every_variant_is_listed`] stops compiling when a variant is added (so this
//! file gets looked at), and the test below checks that one sample of every
//! variant gives a listed code and that every listed code is given by a sample.

use crate::error::{Error, LimitKind};

/// Every `ERR_...` string [`Error::code`] can return, grouped as in docs/verification.md "Errors".
pub const ERROR_CODES: &[&str] = &[
    "ERR_INPUT_ENCODING",
    "ERR_INPUT_BINDING",
    "ERR_LIMIT_INPUT_SIZE",
    "ERR_LIMIT_INFLATED_SIZE",
    "ERR_LIMIT_CANONICAL_SIZE",
    "ERR_XML_SYNTAX",
    "ERR_XML_ENCODING",
    "ERR_XML_DTD_FORBIDDEN",
    "ERR_XML_ENTITY_FORBIDDEN",
    "ERR_XML_NAMESPACE",
    "ERR_XML_DUPLICATE_ATTRIBUTE",
    "ERR_LIMIT_DEPTH",
    "ERR_LIMIT_NODES",
    "ERR_LIMIT_ATTRIBUTES",
    "ERR_LIMIT_NAMESPACES",
    "ERR_LIMIT_SIGNATURES",
    "ERR_DSIG_STRUCTURE",
    "ERR_DSIG_MISPLACED",
    "ERR_DSIG_MULTIPLE_SIGNATURES",
    "ERR_DSIG_REFERENCE_URI",
    "ERR_DSIG_DUPLICATE_ID",
    "ERR_DSIG_TRANSFORM",
    "ERR_DSIG_ALGORITHM",
    "ERR_DSIG_SHA1_DISABLED",
    "ERR_DSIG_HMAC_FORBIDDEN",
    "ERR_DSIG_BASE64",
    "ERR_DSIG_DIGEST_MISMATCH",
    "ERR_DSIG_SIGNATURE_INVALID",
    "ERR_DSIG_UNTRUSTED_CERT",
    "ERR_DSIG_KEY_MISMATCH",
    "ERR_C14N_UNSUPPORTED",
    "ERR_CERT_INVALID",
    "ERR_KEY_UNSUPPORTED",
    "ERR_CONFIG_NO_KEYS",
    "ERR_CONFIG_INVALID",
    "ERR_METADATA",
    "ERR_METADATA_EXPIRED",
    "ERR_SAML_NOT_RESPONSE",
    "ERR_SAML_STRUCTURE",
    "ERR_SAML_SCHEMA",
    "ERR_SAML_VERSION",
    "ERR_SAML_STATUS",
    "ERR_SAML_ISSUER",
    "ERR_SAML_ASSERTION_COUNT",
    "ERR_SAML_ENCRYPTED_UNSUPPORTED",
    "ERR_SAML_UNSIGNED",
    "ERR_SAML_ASSERTION_NOT_SIGNED",
    "ERR_SAML_DESTINATION",
    "ERR_SAML_SUBJECT_CONFIRMATION",
    "ERR_SAML_RECIPIENT",
    "ERR_SAML_IN_RESPONSE_TO",
    "ERR_SAML_NOT_YET_VALID",
    "ERR_SAML_EXPIRED",
    "ERR_SAML_AUDIENCE",
    "ERR_SAML_TIME_FORMAT",
    "ERR_SAML_TIME_WINDOW",
    "ERR_SAML_SUBJECT",
    "ERR_SAML_REPLAY",
    "ERR_XMLENC_STRUCTURE",
    "ERR_XMLENC_ALGORITHM",
    "ERR_XMLENC_RSA1_5_FORBIDDEN",
    "ERR_XMLENC_DECRYPTION_FAILED",
    "ERR_LIMIT_CIPHERTEXT_SIZE",
    "ERR_LIMIT_PLAINTEXT_SIZE",
    "ERR_LIMIT_ENCRYPTED_KEYS",
    "ERR_KEY_INVALID",
    "ERR_METADATA_UNSIGNED",
    "ERR_LOGOUT_MESSAGE",
    "ERR_LOGOUT_UNSIGNED",
    "ERR_LOGOUT_STATUS",
    "ERR_LOGOUT_DESTINATION",
    "ERR_LOGOUT_EXPIRED",
    "ERR_LOGOUT_ISSUE_INSTANT",
];

/// Does not compile when `Error` or `LimitKind` gains a variant: add its code to
/// [`ERROR_CODES`] and a sample to the test, then the variant here.
#[allow(dead_code)]
fn _every_variant_is_listed(e: &Error) {
    use Error::*;
    match e {
        Limit { kind, .. } => match kind {
            LimitKind::InputBytes
            | LimitKind::Depth
            | LimitKind::Nodes
            | LimitKind::Attributes
            | LimitKind::NamespaceDeclarations
            | LimitKind::Signatures
            | LimitKind::InflatedBytes
            | LimitKind::CanonicalBytes
            | LimitKind::CiphertextBytes
            | LimitKind::PlaintextBytes
            | LimitKind::EncryptedKeys => {}
        },
        InputEncoding { .. }
        | InputBinding { .. }
        | XmlSyntax { .. }
        | XmlEncoding { .. }
        | XmlDtdForbidden
        | XmlEntityForbidden { .. }
        | XmlNamespace { .. }
        | XmlDuplicateAttribute { .. }
        | C14nUnsupported { .. }
        | DsigStructure { .. }
        | DsigMisplaced { .. }
        | DsigMultipleSignatures { .. }
        | DsigReferenceUri { .. }
        | DsigDuplicateId { .. }
        | DsigTransform { .. }
        | DsigAlgorithm { .. }
        | DsigSha1Disabled { .. }
        | DsigHmacForbidden { .. }
        | DsigBase64 { .. }
        | DsigDigestMismatch { .. }
        | DsigSignatureInvalid { .. }
        | DsigUntrustedCertificate { .. }
        | DsigKeyMismatch { .. }
        | CertificateInvalid { .. }
        | KeyUnsupported { .. }
        | ConfigNoKeys
        | ConfigInvalid { .. }
        | SamlNotResponse { .. }
        | SamlStructure { .. }
        | SamlSchema { .. }
        | SamlVersion { .. }
        | SamlStatus { .. }
        | SamlIssuer { .. }
        | SamlIssuerFormat { .. }
        | SamlAssertionCount { .. }
        | SamlEncryptedAssertion
        | SamlUnsigned
        | SamlAssertionSignatureRequired
        | SamlDestination { .. }
        | SamlSubjectConfirmation { .. }
        | SamlRecipient { .. }
        | SamlInResponseTo { .. }
        | SamlUnsolicited { .. }
        | SamlNotYetValid { .. }
        | SamlExpired { .. }
        | SamlAudience { .. }
        | SamlTimeFormat { .. }
        | SamlTimeWindow { .. }
        | SamlSubject { .. }
        | SamlNameQualifier { .. }
        | SamlReplay { .. }
        | Metadata { .. }
        | PrivateKeyInvalid { .. }
        | MetadataUnsigned { .. }
        | LogoutMessage { .. }
        | LogoutUnsigned { .. }
        | LogoutStatus { .. }
        | LogoutDestination { .. }
        | LogoutExpired { .. }
        | LogoutIssueInstant { .. }
        | MetadataExpired { .. }
        | XmlencStructure { .. }
        | XmlencAlgorithm { .. }
        | XmlencRsa15Forbidden { .. }
        | XmlencDecryptionFailed => {}
    }
}

/// One error of every variant (and of every limit), for the test below and for
/// `errorDetailKeys()`, which reads each code's `detail` keys off them (so a field that is
/// sometimes absent is present here).
#[cfg(any(test, feature = "wasm-full"))]
pub(super) mod samples {
    use super::*;
    use alloc::string::String;
    use alloc::vec;
    use alloc::vec::Vec;
    use Error::*;

    pub fn samples() -> Vec<Error> {
        let s = String::new;
        let mut v = vec![
            InputEncoding { detail: s() },
            InputBinding { expected: s(), found: s() },
            XmlSyntax { position: 0, detail: s() },
            XmlEncoding { found: s() },
            XmlDtdForbidden,
            XmlEntityForbidden { name: s() },
            XmlNamespace { detail: s() },
            XmlDuplicateAttribute { name: s() },
            C14nUnsupported { algorithm: s() },
            DsigStructure { detail: s() },
            DsigMisplaced { parent: s() },
            DsigMultipleSignatures { element: s() },
            DsigReferenceUri { expected: s(), found: s() },
            DsigDuplicateId { id: s() },
            DsigTransform { algorithm: s() },
            DsigAlgorithm { algorithm: s() },
            DsigSha1Disabled { algorithm: s() },
            DsigHmacForbidden { algorithm: s() },
            DsigBase64 { element: s() },
            DsigDigestMismatch { reference: s(), declared: s(), computed: s() },
            DsigSignatureInvalid { tried_keys: 0 },
            DsigUntrustedCertificate { sha256: s(), sha1: s(), subject: s(), not_after: s() },
            DsigKeyMismatch { algorithm: s() },
            CertificateInvalid { detail: s() },
            KeyUnsupported { detail: s() },
            ConfigNoKeys,
            ConfigInvalid { option: s(), detail: s() },
            SamlNotResponse { found: s() },
            SamlStructure { detail: s() },
            SamlSchema { element: s(), expected: s(), found: s() },
            SamlVersion { found: s() },
            SamlStatus { code: s(), sub_codes: vec![s()], message: Some(s()) },
            SamlIssuer { expected: s(), found: s() },
            SamlIssuerFormat { element: s(), found: s() },
            SamlAssertionCount { found: 0 },
            SamlEncryptedAssertion,
            SamlUnsigned,
            SamlAssertionSignatureRequired,
            SamlDestination { expected: s(), found: s() },
            SamlSubjectConfirmation { detail: s() },
            SamlRecipient { expected: s(), found: s() },
            SamlInResponseTo { expected: s(), found: s() },
            SamlUnsolicited { found: s() },
            SamlNotYetValid { element: s(), not_before: s(), now: s() },
            SamlExpired { element: s(), not_on_or_after: s(), now: s() },
            SamlAudience { expected: s(), found: Vec::new() },
            SamlTimeFormat { value: s() },
            SamlTimeWindow { element: s(), not_before: s(), not_on_or_after: s() },
            SamlSubject { detail: s() },
            SamlNameQualifier { expected: Vec::new(), found: s() },
            SamlReplay { id: s() },
            Metadata { detail: s() },
            PrivateKeyInvalid { detail: s() },
            MetadataUnsigned { root: s() },
            LogoutMessage { expected: s(), found: s() },
            LogoutUnsigned { message: s() },
            LogoutStatus { code: s(), sub_codes: Vec::new(), message: None },
            LogoutDestination { expected: s(), found: s() },
            LogoutExpired { not_on_or_after: s(), now: s() },
            LogoutIssueInstant { issue_instant: s(), now: s(), max_age_secs: 0 },
            MetadataExpired { valid_until: s(), now: s() },
            XmlencStructure { detail: s() },
            XmlencAlgorithm { algorithm: s() },
            XmlencRsa15Forbidden { algorithm: s() },
            XmlencDecryptionFailed,
        ];
        for kind in [
            LimitKind::InputBytes,
            LimitKind::Depth,
            LimitKind::Nodes,
            LimitKind::Attributes,
            LimitKind::NamespaceDeclarations,
            LimitKind::Signatures,
            LimitKind::InflatedBytes,
            LimitKind::CanonicalBytes,
            LimitKind::CiphertextBytes,
            LimitKind::PlaintextBytes,
            LimitKind::EncryptedKeys,
        ] {
            v.push(Limit { kind, max: 0 });
        }
        v
    }

    #[test]
    fn the_list_is_exactly_the_codes() {
        let given: Vec<&str> = samples().iter().map(Error::code).collect();
        for code in &given {
            assert!(ERROR_CODES.contains(code), "{code} is missing from ERROR_CODES");
        }
        for code in ERROR_CODES {
            assert!(given.contains(code), "{code} is listed but no variant gives it");
            assert_eq!(ERROR_CODES.iter().filter(|c| *c == code).count(), 1, "{code} is listed twice");
        }
    }
}
