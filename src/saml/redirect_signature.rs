//! HTTP-Redirect binding signatures (SAML bindings §3.4.4.1, docs/security.md §24).
//!
//! The signature covers the query octets `SAMLRequest=v&RelayState=v&SigAlg=v` (or
//! `SAMLResponse=…`), in that order, with each value **exactly as it travels in the URL**:
//!
//! - signing ([`redirect_to_sign`]): the values are URL-encoded once, by us, and the signed
//!   octets are the very characters of the URL;
//! - verifying ([`PendingRedirectSignature`]): the octets are rebuilt from the values as they
//!   were received ([`RedirectMessage::signed_query`]), never decoded and re-encoded: Entra and
//!   ADFS send lower-case percent-encoding, PHP encodes a space as `+`, and a re-encoding
//!   verifier rejects their valid signatures (or, with a lenient decoder, accepts what was not
//!   signed). A repeated parameter is refused when the URL is decoded
//!   ([`super::bindings::decode_redirect`]), so which copy was signed is never a question.
//!
//! `SigAlg` goes through the same allow-list as XML signatures ([`SignatureAlgorithm::from_uri`]:
//! SHA-1 only on opt-in, HMAC never) and only pinned keys verify.

use alloc::string::String;
use alloc::vec::Vec;

use super::bindings::{self, RedirectMessage, RedirectParam};
use crate::crypto::{check_signing_algorithm, SignatureAlgorithm, Signer};
use crate::encoding;
use crate::error::{Error, Result};
use crate::trust::TrustedKeys;
use crate::verdict::SignatureTask;

/// A redirect URL waiting for its signature: [`RedirectToSign::message`] is what to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectToSign {
    algorithm: SignatureAlgorithm,
    /// The endpoint and the separator before the first binding parameter.
    prefix: String,
    /// `SAMLRequest=…&RelayState=…&SigAlg=…`, URL-encoded: the signed octets.
    signed_query: String,
    /// Extra parameters (`&login_hint=…`) and the endpoint's fragment, after the signature.
    suffix: String,
}

impl RedirectToSign {
    /// The octets to sign (SAML bindings §3.4.4.1).
    pub fn message(&self) -> &[u8] {
        self.signed_query.as_bytes()
    }

    /// The `SigAlg` the signature must be made with.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// The URL to send the browser to: the signed octets, then `&Signature=` with `signature`
    /// base64- and URL-encoded, then any extra parameters and the fragment.
    pub fn url_with_signature(&self, signature: &[u8]) -> String {
        let b64 = encoding::base64_encode(signature);
        let mut url = String::with_capacity(
            self.prefix.len() + self.signed_query.len() + b64.len() * 3 / 2 + self.suffix.len() + 11,
        );
        url.push_str(&self.prefix);
        url.push_str(&self.signed_query);
        url.push_str("&Signature=");
        bindings::url_encode_into(&mut url, b64.as_bytes());
        url.push_str(&self.suffix);
        url
    }
}

/// Prepare a signed HTTP-Redirect URL to `endpoint` carrying `xml` in `param`: deflated,
/// base64, URL-encoded; then `RelayState` (≤ 80 bytes, an empty one left out), `SigAlg`, and
/// after the signature the `extra` parameters in order (e.g. Entra's `login_hint`, unsigned).
///
/// Refused with [`Error::ConfigInvalid`]: what [`bindings::redirect_url`] refuses, and an
/// algorithm the SP does not sign with (only RSA-SHA256/384/512).
pub fn redirect_to_sign(
    endpoint: &str,
    param: RedirectParam,
    xml: &str,
    relay_state: Option<&str>,
    extra: &[(&str, &str)],
    algorithm: SignatureAlgorithm,
) -> Result<RedirectToSign> {
    redirect_to_sign_deflated(endpoint, param, &bindings::deflate(xml), relay_state, extra, algorithm)
}

/// [`redirect_to_sign`] for a message the caller has already raw-DEFLATEd (see
/// [`bindings::redirect_url_deflated`]).
pub fn redirect_to_sign_deflated(
    endpoint: &str,
    param: RedirectParam,
    deflated: &[u8],
    relay_state: Option<&str>,
    extra: &[(&str, &str)],
    algorithm: SignatureAlgorithm,
) -> Result<RedirectToSign> {
    check_signing_algorithm(algorithm)?;
    // The same refusals (empty endpoint, RelayState over 80 bytes, reserved extra names) as the unsigned URL.
    bindings::redirect_url_deflated(endpoint, param, &[], relay_state, extra)?;

    let (base, fragment) = bindings::split_endpoint(endpoint);
    let mut prefix = String::with_capacity(base.len() + 1);
    bindings::push_endpoint(&mut prefix, base);

    let b64 = crate::encoding::base64_encode(deflated);
    let mut q = String::with_capacity(b64.len() * 3 / 2 + 128);
    q.push_str(param.name());
    q.push('=');
    bindings::url_encode_into(&mut q, b64.as_bytes());
    if let Some(rs) = relay_state.filter(|r| !r.is_empty()) {
        q.push_str("&RelayState=");
        bindings::url_encode_into(&mut q, rs.as_bytes());
    }
    q.push_str("&SigAlg=");
    bindings::url_encode_into(&mut q, algorithm.uri().as_bytes());

    let mut suffix = String::new();
    for (name, value) in extra {
        suffix.push('&');
        bindings::url_encode_into(&mut suffix, name.as_bytes());
        suffix.push('=');
        bindings::url_encode_into(&mut suffix, value.as_bytes());
    }
    suffix.push_str(fragment);
    Ok(RedirectToSign { algorithm, prefix, signed_query: q, suffix })
}

/// [`redirect_to_sign`], signed by `signer` (its algorithm is the `SigAlg`): the URL.
pub fn signed_redirect_url(
    endpoint: &str,
    param: RedirectParam,
    xml: &str,
    relay_state: Option<&str>,
    extra: &[(&str, &str)],
    signer: &mut dyn Signer,
) -> Result<String> {
    let unsigned = redirect_to_sign(endpoint, param, xml, relay_state, extra, signer.algorithm())?;
    let signature = signer.sign(unsigned.message())?;
    Ok(unsigned.url_with_signature(&signature))
}

/// A verified redirect-binding signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedRedirectSignature {
    /// `SigAlg`.
    pub algorithm: SignatureAlgorithm,
    /// Index of the pinned key that verified it.
    pub key_index: usize,
    /// SHA-256 of that key's certificate (or of its SubjectPublicKeyInfo for a bare key).
    pub key_sha256: [u8; 32],
}

/// A received redirect signature, checked up to the public-key operation: the algorithm is on the
/// allow-list, the value is base64, and [`PendingRedirectSignature::message`] holds the signed
/// octets as received. What remains may run in the host's crypto, like an XML signature's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRedirectSignature {
    /// `SigAlg`.
    pub algorithm: SignatureAlgorithm,
    /// The signed octets: `SAMLRequest=…&RelayState=…&SigAlg=…` exactly as received.
    pub message: Vec<u8>,
    /// `Signature`, decoded (RSA: modulus-sized; ECDSA: raw r‖s as in XML-DSig 1.1 §6.4.3).
    pub signature: Vec<u8>,
}

impl PendingRedirectSignature {
    /// The signature of a decoded redirect message, or `None` when it carries none.
    ///
    /// # Errors
    /// [`Error::DsigAlgorithm`], [`Error::DsigSha1Disabled`], [`Error::DsigHmacForbidden`] for the
    /// `SigAlg`; [`Error::DsigBase64`] when `Signature` is not base64.
    pub fn from_message(m: &RedirectMessage, allow_sha1: bool) -> Result<Option<Self>> {
        let (Some(sig_alg), Some(signature), Some(signed)) = (&m.sig_alg, &m.signature, &m.signed_query) else {
            return Ok(None);
        };
        let algorithm = SignatureAlgorithm::from_uri(sig_alg, allow_sha1)?;
        let signature = encoding::base64_decode_xml(signature)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| Error::DsigBase64 { element: String::from("Signature") })?;
        Ok(Some(PendingRedirectSignature { algorithm, message: signed.clone().into_bytes(), signature }))
    }

    /// The signature value left to check ([`crate::verdict`]).
    pub fn task(&self) -> SignatureTask<'_> {
        SignatureTask { algorithm: self.algorithm, message: &self.message, signature: &self.signature }
    }

    /// The verdict, given the outcome of the signature-value check made here or by the host
    /// (`verified_with`: the index of the candidate key that verified, or `None`).
    ///
    /// # Errors
    /// [`Error::ConfigNoKeys`]; [`Error::DsigKeyMismatch`] when no pinned key fits the algorithm;
    /// [`Error::DsigSignatureInvalid`] when none verified.
    pub fn conclude(&self, keys: &TrustedKeys, verified_with: Option<usize>) -> Result<VerifiedRedirectSignature> {
        if keys.is_empty() {
            return Err(Error::ConfigNoKeys);
        }
        let candidates = self.task().candidates(keys);
        if candidates.is_empty() {
            return Err(Error::DsigKeyMismatch { algorithm: String::from(self.algorithm.name()) });
        }
        match verified_with.filter(|i| candidates.contains(i)) {
            Some(key_index) => Ok(VerifiedRedirectSignature {
                algorithm: self.algorithm,
                key_index,
                key_sha256: keys.iter().nth(key_index).map(|k| k.sha256()).unwrap_or_default(),
            }),
            None => Err(Error::DsigSignatureInvalid { tried_keys: candidates.len() }),
        }
    }
}

/// Verify the redirect-binding signature of `m` with the pinned `keys` (pure-Rust crypto).
///
/// # Errors
/// As [`PendingRedirectSignature::from_message`] and [`PendingRedirectSignature::conclude`];
/// [`Error::DsigStructure`] when `m` carries no signature at all.
#[cfg(feature = "rust-crypto")]
pub fn verify_redirect_signature(
    m: &RedirectMessage,
    keys: &TrustedKeys,
    allow_sha1: bool,
) -> Result<VerifiedRedirectSignature> {
    let pending = PendingRedirectSignature::from_message(m, allow_sha1)?.ok_or_else(|| Error::DsigStructure {
        detail: String::from("the redirect URL has no Signature and SigAlg parameters"),
    })?;
    let found = pending.task().verify_in_core(keys);
    pending.conclude(keys, found)
}

#[cfg(feature = "rust-crypto")]
#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::SigningKey;
    use crate::saml::bindings::decode_redirect;
    use crate::Limits;

    const KEY: &str = include_str!("../../tests/keys/idp-rsa2048.key");
    const CRT: &str = include_str!("../../tests/keys/idp-rsa2048.crt");
    const NEXT: &str = include_str!("../../tests/keys/idp-rsa2048-next.crt");
    const XML: &str = "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_a\"/>";

    use crate::crypto::test_rng::TestRng as Rng;

    fn keys(pem: &str) -> TrustedKeys {
        TrustedKeys::from_pem_or_der(pem.as_bytes()).unwrap()
    }

    fn signed(relay: Option<&str>, extra: &[(&str, &str)]) -> String {
        let key = SigningKey::from_pem(KEY).unwrap();
        let mut rng = Rng(7);
        let mut signer = key.signer(SignatureAlgorithm::RsaSha256, &mut rng).unwrap();
        signed_redirect_url(
            "https://idp.example/slo?x=1#f",
            RedirectParam::SamlResponse,
            XML,
            relay,
            extra,
            &mut signer,
        )
        .unwrap()
    }

    #[test]
    fn sign_then_verify_round_trip() {
        let url = signed(Some("/back here"), &[("login_hint", "a@b")]);
        assert!(url.starts_with("https://idp.example/slo?x=1&SAMLResponse="), "{url}");
        assert!(url.contains("&RelayState=%2Fback%20here&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature="));
        assert!(url.ends_with("&login_hint=a%40b#f"), "{url}");
        let m = decode_redirect(&url, &Limits::default()).unwrap();
        assert_eq!(m.xml, XML);
        let v = verify_redirect_signature(&m, &keys(CRT), false).unwrap();
        assert_eq!(v.algorithm, SignatureAlgorithm::RsaSha256);
        assert_eq!(v.key_index, 0);
        // With the IdP's next key pinned first, the second key verifies.
        let mut both = keys(NEXT);
        both.add_pem_or_der(CRT.as_bytes()).unwrap();
        assert_eq!(verify_redirect_signature(&m, &both, false).unwrap().key_index, 1);
        // Only an unrelated key pinned.
        assert_eq!(verify_redirect_signature(&m, &keys(NEXT), false).unwrap_err().code(), "ERR_DSIG_SIGNATURE_INVALID");
    }

    #[test]
    fn verified_over_the_octets_as_received() {
        let url = signed(Some("a b"), &[]);
        // Lower-case percent-encoding (Entra, ADFS) of the same values is a different signed string:
        // verifying must use the received octets, so re-encoding the URL breaks the signature.
        let lower = url.replace("%2F", "%2f");
        assert_ne!(lower, url);
        let m = decode_redirect(&lower, &Limits::default()).unwrap();
        assert_eq!(m.xml, XML);
        assert_eq!(verify_redirect_signature(&m, &keys(CRT), false).unwrap_err().code(), "ERR_DSIG_SIGNATURE_INVALID");
        // Parameter order in the URL does not matter; the spec's order is rebuilt.
        let (base, query) = url.trim_end_matches("#f").split_once('?').unwrap();
        let mut parts: Vec<&str> = query.split('&').collect();
        parts.reverse();
        let reordered = alloc::format!("{base}?{}", parts.join("&"));
        let m = decode_redirect(&reordered, &Limits::default()).unwrap();
        assert!(verify_redirect_signature(&m, &keys(CRT), false).is_ok());
    }

    #[test]
    fn tampering_is_refused() {
        let url = signed(Some("relay"), &[]);
        for (from, to) in [("RelayState=relay", "RelayState=relaz"), ("&RelayState=relay", "")] {
            let m = decode_redirect(&url.replace(from, to), &Limits::default()).unwrap();
            assert_eq!(
                verify_redirect_signature(&m, &keys(CRT), false).unwrap_err().code(),
                "ERR_DSIG_SIGNATURE_INVALID"
            );
        }
        // SHA-1, HMAC and unknown SigAlg follow the XML-DSig policy.
        for (alg, code) in [
            ("http%3A%2F%2Fwww.w3.org%2F2000%2F09%2Fxmldsig%23rsa-sha1", "ERR_DSIG_SHA1_DISABLED"),
            ("http%3A%2F%2Fwww.w3.org%2F2000%2F09%2Fxmldsig%23hmac-sha1", "ERR_DSIG_HMAC_FORBIDDEN"),
            ("urn%3Ax", "ERR_DSIG_ALGORITHM"),
        ] {
            let u = url.replace("http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256", alg);
            let m = decode_redirect(&u, &Limits::default()).unwrap();
            assert_eq!(verify_redirect_signature(&m, &keys(CRT), false).unwrap_err().code(), code);
        }
        // An ECDSA SigAlg with only RSA keys pinned.
        let u = url.replace("rsa-sha256", "ecdsa-sha256");
        let m = decode_redirect(&u, &Limits::default()).unwrap();
        assert_eq!(verify_redirect_signature(&m, &keys(CRT), false).unwrap_err().code(), "ERR_DSIG_KEY_MISMATCH");
        // A Signature that is not base64.
        let (head, _) = url.split_once("&Signature=").unwrap();
        let m = decode_redirect(&alloc::format!("{head}&Signature=%21%21"), &Limits::default()).unwrap();
        assert_eq!(verify_redirect_signature(&m, &keys(CRT), false).unwrap_err().code(), "ERR_DSIG_BASE64");
        // No signature at all.
        let m = decode_redirect(head.split("&SigAlg=").next().unwrap(), &Limits::default()).unwrap();
        assert_eq!(PendingRedirectSignature::from_message(&m, false).unwrap(), None);
        assert_eq!(verify_redirect_signature(&m, &keys(CRT), false).unwrap_err().code(), "ERR_DSIG_STRUCTURE");
        // No keys.
        let m = decode_redirect(&url, &Limits::default()).unwrap();
        assert_eq!(verify_redirect_signature(&m, &TrustedKeys::new(), false).unwrap_err().code(), "ERR_CONFIG_NO_KEYS");
    }

    #[test]
    fn a_host_verdict_is_checked_against_the_candidates() {
        let m = decode_redirect(&signed(None, &[]), &Limits::default()).unwrap();
        let p = PendingRedirectSignature::from_message(&m, false).unwrap().unwrap();
        let k = keys(CRT);
        assert!(p.conclude(&k, Some(0)).is_ok());
        assert_eq!(p.conclude(&k, Some(5)).unwrap_err().code(), "ERR_DSIG_SIGNATURE_INVALID");
        assert_eq!(p.conclude(&k, None).unwrap_err().code(), "ERR_DSIG_SIGNATURE_INVALID");
    }

    #[test]
    fn signing_refusals() {
        for alg in [SignatureAlgorithm::RsaSha1, SignatureAlgorithm::EcdsaSha256] {
            let e = redirect_to_sign("https://x", RedirectParam::SamlRequest, XML, None, &[], alg).unwrap_err();
            assert_eq!(e.code(), "ERR_CONFIG_INVALID");
        }
        let rs81 = "r".repeat(81);
        let e = redirect_to_sign(
            "https://x",
            RedirectParam::SamlRequest,
            XML,
            Some(&rs81),
            &[],
            SignatureAlgorithm::RsaSha256,
        )
        .unwrap_err();
        assert_eq!(e.code(), "ERR_CONFIG_INVALID");
        let e = redirect_to_sign(
            "https://x",
            RedirectParam::SamlRequest,
            XML,
            None,
            &[("SigAlg", "x")],
            SignatureAlgorithm::RsaSha256,
        )
        .unwrap_err();
        assert_eq!(e.code(), "ERR_CONFIG_INVALID");
    }
}
