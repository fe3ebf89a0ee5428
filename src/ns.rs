//! Namespace and identifier URIs of SAML 2.0, XML-DSig and XML Encryption: the bottom floor,
//! named by every layer above (the XML-DSig and XML Encryption layers included, which is why it
//! is not under `saml/`).
//!
//! Elements are always matched by namespace URI and local name, never by
//! prefix: these constants are the URIs to match with.

/// SAML 2.0 protocol (`samlp:`), SAML core §3.
pub const PROTOCOL: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
/// SAML 2.0 assertion (`saml:`), SAML core §2.
pub const ASSERTION: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
/// SAML 2.0 metadata (`md:`), SAML metadata §2.
pub const METADATA: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
/// XML Signature (`ds:`), XML-DSig 1.1.
pub const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
/// XML Encryption (`xenc:`), XML Encryption 1.0.
pub const XMLENC: &str = "http://www.w3.org/2001/04/xmlenc#";
/// XML Schema instance (`xsi:`), used by `xsi:type`.
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// XML Schema: the namespace of the built-in types an `xsi:type` may name (`xs:string`).
pub const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// HTTP-Redirect binding, SAML bindings §3.4.
pub const BINDING_HTTP_REDIRECT: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
/// HTTP-POST binding, SAML bindings §3.5.
pub const BINDING_HTTP_POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

/// Top-level status Success, SAML core §3.2.2.2.
pub const STATUS_SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";
/// Top-level status Requester (the request was at fault), SAML core §3.2.2.2.
pub const STATUS_REQUESTER: &str = "urn:oasis:names:tc:SAML:2.0:status:Requester";
/// Top-level status Responder (the IdP was at fault), SAML core §3.2.2.2.
pub const STATUS_RESPONDER: &str = "urn:oasis:names:tc:SAML:2.0:status:Responder";
/// Top-level status VersionMismatch, SAML core §3.2.2.2.
pub const STATUS_VERSION_MISMATCH: &str = "urn:oasis:names:tc:SAML:2.0:status:VersionMismatch";

/// Bearer subject confirmation method, SAML profiles §3.3.
pub const CM_BEARER: &str = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

/// NameID format: unspecified (SAML core §8.3.1).
pub const NAMEID_UNSPECIFIED: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
/// NameID format: email address (SAML core §8.3.2).
pub const NAMEID_EMAIL: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
/// NameID format: persistent pseudonym (SAML core §8.3.7).
pub const NAMEID_PERSISTENT: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
/// NameID format: transient (SAML core §8.3.8).
pub const NAMEID_TRANSIENT: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";
/// NameID format: entity identifier, used by `Issuer` (SAML core §8.3.6).
pub const NAMEID_ENTITY: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";
