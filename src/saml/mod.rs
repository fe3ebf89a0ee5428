//! The SAML 2.0 protocol layer: the Web Browser SSO profile as an SP sees it
//! (SAML profiles §4.1) — the AuthnRequest it sends, the Response it checks,
//! the IdP metadata it trusts — plus the SP's own metadata, its redirect-binding
//! signatures and Single Logout (profiles §4.4).
pub mod authn_request;
pub mod bindings;
pub(crate) mod claims;
pub(crate) mod conditions;
pub(crate) mod decryption;
pub mod logout;
pub mod metadata;
pub mod metadata_trust;
mod options;
pub mod redirect_signature;
mod response;
pub(crate) mod schema;
pub mod sp_metadata;
mod verify;

pub use crate::dsig::VerifiedSignature;
pub use claims::{short_name, Claim, Identity, SamlAttribute};
pub use conditions::Windows;
#[cfg(feature = "rust-crypto")]
pub use decryption::inspect_decrypting;
pub use decryption::{begin_inspection, Inspection, InspectionRound, KeyTask};
pub use options::VerifyOptions;
#[cfg(feature = "wasm")]
pub(crate) use response::check_config;
pub use response::{Decrypted, PendingResponse, SignedElement, VerifiedResponse};
#[cfg(feature = "rust-crypto")]
pub use verify::{verify_response, verify_response_decrypting};
pub use verify::{Step, Verification};
