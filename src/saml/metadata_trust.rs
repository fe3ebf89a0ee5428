//! Trusting IdP metadata that came from a URL: its enveloped signature (SAML metadata §3), and
//! what the logout flow needs beside [`super::metadata`]: the IdP's SingleLogoutService
//! (§2.2.2, §2.4.2). `validUntil` and `cacheDuration` are read by [`super::metadata`].
//!
//! The signature is checked with the same XML-DSig core as responses ([`crate::dsig`]: one
//! Signature, one Reference to the root's `ID` or the whole document, enveloped + exclusive
//! C14N, pinned keys only). It must sit on the document's root (`EntityDescriptor`, or the
//! `EntitiesDescriptor` of an aggregate), so it covers every element [`super::metadata`] reads;
//! signatures nested deeper are covered by it and not checked on their own.

use alloc::string::String;
use alloc::vec::Vec;

use crate::dsig::{self, DsigOptions, PendingSignature, VerifiedSignature};
use crate::error::{Error, LimitKind, Result};
use crate::limits::Limits;
use crate::ns::{self, DSIG};
use crate::trust::TrustedKeys;
use crate::verdict::{one_per_task, Pending, SignatureTask};
use crate::xml::{self, Node};

fn md(detail: String) -> Error {
    Error::Metadata { detail }
}

/// Verify the enveloped signature on the root of `xml` with the pinned metadata-signing `keys`
/// (Entra signs its federation metadata with its token-signing key), with the core's own crypto:
/// [`begin_metadata_signature`], then [`Pending::finish_in_core`].
///
/// # Errors
/// As [`begin_metadata_signature`], then [`crate::dsig::PendingSignature::conclude`].
#[cfg(feature = "rust-crypto")]
pub fn verify_metadata_signature(
    xml_text: &str,
    keys: &TrustedKeys,
    allow_sha1: bool,
    limits: &Limits,
) -> Result<VerifiedSignature> {
    begin_metadata_signature(xml_text, keys, allow_sha1, limits)?.finish_in_core(keys)
}

/// IdP metadata whose signature is checked up to its value ([`crate::verdict`]).
#[derive(Debug, Clone)]
pub struct PendingMetadataSignature {
    signature: PendingSignature,
}

/// Every check of the metadata's signature but its value: where it is, its shape, its digest.
///
/// # Errors
/// [`Error::ConfigNoKeys`]; XML errors; [`Error::Metadata`] for a root that is not metadata;
/// [`Error::MetadataUnsigned`] when the root carries no `ds:Signature`;
/// [`Error::DsigMultipleSignatures`] for several; [`Error::Limit`] over `max_signatures`; every
/// `ERR_DSIG_*` refusal of [`crate::dsig::check`].
pub fn begin_metadata_signature(
    xml_text: &str,
    keys: &TrustedKeys,
    allow_sha1: bool,
    limits: &Limits,
) -> Result<PendingMetadataSignature> {
    if keys.is_empty() {
        return Err(Error::ConfigNoKeys);
    }
    let doc = xml::parse(xml_text, limits)?;
    let root = doc.root_element();
    if !(root.is(ns::METADATA, "EntityDescriptor") || root.is(ns::METADATA, "EntitiesDescriptor")) {
        return Err(md(alloc::format!(
            "the root element is {{{}}}{}; expected md:EntityDescriptor or md:EntitiesDescriptor",
            root.namespace().unwrap_or(""),
            root.local_name()
        )));
    }
    if doc.descendants().filter(|n| n.is(DSIG, "Signature")).count() > limits.max_signatures {
        return Err(Error::Limit { kind: LimitKind::Signatures, max: limits.max_signatures });
    }
    let on_root: Vec<Node<'_>> = root.children_named(DSIG, "Signature").collect();
    let signature = match on_root.as_slice() {
        [one] => *one,
        [] => return Err(Error::MetadataUnsigned { root: alloc::format!("md:{}", root.local_name()) }),
        _ => return Err(Error::DsigMultipleSignatures { element: alloc::format!("md:{}", root.local_name()) }),
    };
    let options = DsigOptions { allow_sha1, max_canonical_bytes: limits.max_canonical_bytes };
    Ok(PendingMetadataSignature { signature: dsig::check(signature, options, true)? })
}

impl Pending for PendingMetadataSignature {
    type Verified = VerifiedSignature;

    fn tasks(&self) -> Vec<SignatureTask<'_>> {
        alloc::vec![self.signature.task()]
    }

    fn finish(self, keys: &TrustedKeys, verdicts: &[Option<usize>]) -> Result<VerifiedSignature> {
        one_per_task(verdicts, 1)?;
        self.signature.conclude(keys, verdicts.first().copied().flatten())
    }
}

/// An endpoint of the IdP (SAML metadata §2.2.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `Location`: where requests go.
    pub location: String,
    /// `ResponseLocation`, else `Location`: where responses go.
    pub response_location: String,
}

/// What the metadata says beyond [`super::metadata::IdpMetadata`].
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataExtras {
    /// The first HTTP-Redirect `SingleLogoutService` of the IdP.
    pub slo_redirect: Option<Endpoint>,
}

/// Read [`MetadataExtras`] for the entity `entity_id` (the one [`super::metadata`] chose).
///
/// # Errors
/// XML errors; [`Error::Metadata`] when the entity or its IDPSSODescriptor is missing, a
/// SingleLogoutService lacks `Binding` or `Location`.
pub fn read_metadata_extras(xml_text: &str, entity_id: &str, limits: &Limits) -> Result<MetadataExtras> {
    let doc = xml::parse(xml_text, limits)?;
    let entity = doc
        .descendants()
        .find(|n| n.is(ns::METADATA, "EntityDescriptor") && n.attribute("entityID") == Some(entity_id))
        .ok_or_else(|| md(alloc::format!("no EntityDescriptor has entityID \"{entity_id}\"")))?;
    let idp = entity
        .children_named(ns::METADATA, "IDPSSODescriptor")
        .find(|d| {
            d.attribute("protocolSupportEnumeration")
                .is_some_and(|p| p.split_ascii_whitespace().any(|u| u == ns::PROTOCOL))
        })
        .ok_or_else(|| md(alloc::format!("\"{entity_id}\" has no SAML 2.0 IDPSSODescriptor")))?;
    let mut slo_redirect = None;
    for slo in idp.children_named(ns::METADATA, "SingleLogoutService") {
        let (Some(binding), Some(location)) = (slo.attribute("Binding"), slo.attribute("Location")) else {
            return Err(md(String::from("a SingleLogoutService lacks Binding or Location (SAML metadata §2.2.2)")));
        };
        if binding == ns::BINDING_HTTP_REDIRECT && slo_redirect.is_none() && !location.trim().is_empty() {
            let location = String::from(location.trim());
            let response_location =
                slo.attribute("ResponseLocation").map(str::trim).filter(|r| !r.is_empty()).map(String::from);
            slo_redirect =
                Some(Endpoint { response_location: response_location.unwrap_or_else(|| location.clone()), location });
        }
    }
    Ok(MetadataExtras { slo_redirect })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRA: &str = include_str!("../../tests/fixtures/metadata/entra-federationmetadata.xml");
    const SSP: &str = include_str!("../../tests/fixtures/metadata/simplesamlphp-idp.xml");
    const IDP_CRT: &str = include_str!("../../tests/keys/idp-rsa2048.crt");
    const NEXT_CRT: &str = include_str!("../../tests/keys/idp-rsa2048-next.crt");

    fn keys(pem: &str) -> TrustedKeys {
        TrustedKeys::from_pem_or_der(pem.as_bytes()).unwrap()
    }

    #[test]
    fn entra_metadata_signed_by_xmlsec1_verifies() {
        let v = verify_metadata_signature(ENTRA, &keys(IDP_CRT), false, &Limits::default()).unwrap();
        assert_eq!(v.reference_id, "_4b1a7c2e-9d3f-4e8a-b5c6-0d1e2f3a4b5c");
        let e = verify_metadata_signature(ENTRA, &keys(NEXT_CRT), false, &Limits::default()).unwrap_err();
        assert_eq!(e.code(), "ERR_DSIG_UNTRUSTED_CERT");
        // A swapped signing certificate (the attack metadata signatures exist for).
        let tampered = ENTRA.replacen("<X509Certificate>MII", "<X509Certificate>MIJ", 2);
        let e = verify_metadata_signature(&tampered, &keys(IDP_CRT), false, &Limits::default()).unwrap_err();
        assert!(e.code() == "ERR_DSIG_DIGEST_MISMATCH" || e.code() == "ERR_DSIG_BASE64", "{e:?}");
    }

    #[test]
    fn unsigned_and_misplaced() {
        let e = verify_metadata_signature(SSP, &keys(IDP_CRT), false, &Limits::default()).unwrap_err();
        assert_eq!(e.code(), "ERR_METADATA_UNSIGNED");
        let e = verify_metadata_signature("<a/>", &keys(IDP_CRT), false, &Limits::default()).unwrap_err();
        assert_eq!(e.code(), "ERR_METADATA");
        let e = verify_metadata_signature(ENTRA, &TrustedKeys::new(), false, &Limits::default()).unwrap_err();
        assert_eq!(e.code(), "ERR_CONFIG_NO_KEYS");
        // A signed entity inside an unsigned aggregate: the signature does not cover the root.
        let body = ENTRA.trim_start_matches("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        let aggregate = alloc::format!("<EntitiesDescriptor xmlns=\"{}\">{body}</EntitiesDescriptor>", ns::METADATA);
        let e = verify_metadata_signature(&aggregate, &keys(IDP_CRT), false, &Limits::default()).unwrap_err();
        assert_eq!(e.code(), "ERR_METADATA_UNSIGNED");
    }

    #[test]
    fn extras() {
        let tenant = "https://sts.windows.net/00000000-0000-0000-0000-000000000000/";
        let x = read_metadata_extras(ENTRA, tenant, &Limits::default()).unwrap();
        let slo = x.slo_redirect.unwrap();
        assert_eq!(slo.location, "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2");
        assert_eq!(slo.response_location, slo.location);
        let x =
            read_metadata_extras(SSP, "https://idp.example.org/simplesaml/saml2/idp/metadata.php", &Limits::default())
                .unwrap();
        assert!(x.slo_redirect.unwrap().location.ends_with("SingleLogoutService.php"));
        assert!(read_metadata_extras(SSP, "urn:other", &Limits::default()).is_err());
    }
}
