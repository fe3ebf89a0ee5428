//! SAML protocol layer.
