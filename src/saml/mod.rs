//! The SAML 2.0 protocol layer: the Web Browser SSO profile as an SP sees it
//! (SAML profiles §4.1) — the AuthnRequest it sends, the Response it checks,
//! the IdP metadata it trusts — plus the SP's own metadata, its redirect-binding
//! signatures and Single Logout (profiles §4.4).
pub mod authn_request;
pub mod bindings;
pub mod claims;
pub mod conditions;
pub mod logout;
pub mod metadata;
pub mod metadata_trust;
pub mod ns;
mod options;
pub mod redirect_signature;
mod response;
pub mod schema;
pub mod sp_metadata;

pub use claims::{Claim, Identity, SamlAttribute};
pub use options::VerifyOptions;
pub use response::{
    begin_verify_response, begin_verify_response_with, begin_verify_response_xml, DigestTask, Digests, PendingResponse,
    SignatureTask, SignedElement, VerifiedResponse,
};
#[cfg(feature = "rust-crypto")]
pub use response::{verify_response, verify_response_xml};
