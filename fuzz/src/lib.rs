//! The fuzz checks, one function per target.
//!
//! The fuzz targets (`fuzz_targets/*.rs`) call these, and so does the main
//! crate's `tests/fuzz_regressions.rs` (through `#[path]`), so a regression
//! input is replayed exactly as the fuzzer ran it. Each returns the
//! `Error::code()` of a refusal (`Err`) or `Ok(())`, and panics only when a
//! property the crate promises does not hold.
//!
//! Because the main crate compiles this file, it may use only the main crate's
//! dependencies and dev-dependencies (rsa, crypto-bigint, sha1, sha2, base64, ...).
//! Checks that need more (the x509-parser reference of the `x509` target) live in
//! their `fuzz_targets/*.rs`.

use std::string::String;
use std::sync::OnceLock;
use std::vec::Vec;

use base64::Engine as _;
use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, ConcatenatingMul as _, Resize as _};
use rsa::pkcs8::{DecodePrivateKey as _, EncodePublicKey as _};
use rsa::traits::{PrivateKeyParts as _, PublicKeyParts as _};
use saml_edge::crypto::{parse_certificates, Certificate, PublicKey, SignatureAlgorithm};
use saml_edge::internals::c14n::{canonicalize_to_vec, Method};
use saml_edge::internals::encoding::{base64_decode_xml, base64_encode};
use saml_edge::internals::xml::{self, Node};
use saml_edge::saml::bindings::{decode_post_input, decode_redirect};
use saml_edge::saml::logout::{verify_logout_request, verify_logout_response, LogoutInput, LogoutVerifyOptions};
use saml_edge::saml::metadata::{parse_idp_metadata, parse_idp_metadata_for};
use saml_edge::saml::{verify_response, VerifyOptions};
use saml_edge::time::Timestamp;
use saml_edge::trust::TrustedKeys;
use saml_edge::{Error, Limits};
use sha2::Digest as _;

/// `Ok(())`, or the stable code of the refusal.
pub type Outcome = Result<(), &'static str>;

fn code(e: Error) -> &'static str {
    // Every refusal must also describe itself without panicking.
    let _ = (e.to_string(), e.detail());
    e.code()
}

// ---------------------------------------------------------------------------
// xml_parse
// ---------------------------------------------------------------------------

/// `xml::parse` on the (lossy UTF-8) input; `xml::pretty` on what parses.
pub fn xml_parse(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let doc = xml::parse(&text, &Limits::default()).map_err(code)?;
    let _ = xml::pretty(&doc);
    Ok(())
}

// ---------------------------------------------------------------------------
// c14n
// ---------------------------------------------------------------------------

/// The four modes; exclusive ones both without and with an InclusiveNamespaces PrefixList.
pub fn c14n_methods() -> Vec<Method> {
    let prefixes = || vec![String::from("#default"), String::from("saml"), String::from("ds"), String::from("xs")];
    vec![
        Method::Exclusive { with_comments: false, inclusive_prefixes: Vec::new() },
        Method::Exclusive { with_comments: true, inclusive_prefixes: Vec::new() },
        Method::Exclusive { with_comments: false, inclusive_prefixes: prefixes() },
        Method::Exclusive { with_comments: true, inclusive_prefixes: prefixes() },
        Method::Inclusive { with_comments: false },
        Method::Inclusive { with_comments: true },
    ]
}

/// Limits for re-parsing canonical output: c14n may legitimately add namespace
/// declarations (exclusive c14n pushes them down) and grow the text, so only the
/// depth bound stays as it was. Idempotence is a property of c14n, not of limits.
fn relaxed_limits() -> Limits {
    let mut l = Limits::default();
    l.max_input_bytes = usize::MAX;
    l.max_nodes = usize::MAX;
    l.max_attributes = usize::MAX;
    l.max_namespace_declarations = usize::MAX;
    l
}

/// The child an enveloped-signature transform would leave out: a `Signature`
/// child if there is one, else the first element child.
fn excluded_child(apex: Node<'_>) -> Option<Node<'_>> {
    apex.element_children().find(|c| c.local_name() == "Signature").or_else(|| apex.element_children().next())
}

fn describe(m: &Method) -> String {
    format!("{m:?}")
}

/// Canonicalize the whole document and the first element with an `ID`, in every
/// mode, with and without leaving out a child. Panics when the output is not
/// UTF-8, does not parse again, or is not a fixed point of (parse → c14n).
pub fn c14n(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let doc = xml::parse(&text, &Limits::default()).map_err(code)?;
    let root_element = doc.root_element();
    let id_element = doc.descendants().find(|n| n.is_element() && n.attribute("ID").is_some());

    let mut targets: Vec<(Node<'_>, Node<'_>, &str)> = vec![(doc.root(), root_element, "document")];
    if let Some(e) = id_element {
        targets.push((e, e, "ID element"));
    }
    for (node, apex, what) in targets {
        let child = excluded_child(apex);
        let excludes: Vec<Option<Node<'_>>> = match child {
            Some(c) => vec![None, Some(c)],
            None => vec![None],
        };
        for method in c14n_methods() {
            for exclude in &excludes {
                let out = canonicalize_to_vec(node, &method, *exclude);
                let canonical = match std::str::from_utf8(&out) {
                    Ok(s) => s,
                    Err(e) => panic!("c14n output of the {what} is not UTF-8 ({}): {e}", describe(&method)),
                };
                check_fixed_point(canonical, &method, what, exclude.is_some());
            }
        }
    }
    Ok(())
}

/// C14N is idempotent: the canonical form, parsed and canonicalized again
/// (whole document, same method, nothing excluded), is unchanged.
pub fn check_fixed_point(canonical: &str, method: &Method, what: &str, excluded: bool) {
    let again = match xml::parse(canonical, &relaxed_limits()) {
        Ok(d) => d,
        Err(Error::Limit { .. }) => return,
        Err(e) => panic!(
            "c14n output of the {what} ({}, child excluded: {excluded}) does not parse again: {} {e}\n--- output ---\n{canonical}",
            describe(method),
            e.code()
        ),
    };
    let out2 = canonicalize_to_vec(again.root(), method, None);
    if out2 != canonical.as_bytes() {
        panic!(
            "c14n is not idempotent for the {what} ({}, child excluded: {excluded})\n--- first ---\n{canonical}\n--- second ---\n{}",
            describe(method),
            String::from_utf8_lossy(&out2)
        );
    }
}

// ---------------------------------------------------------------------------
// verify
// ---------------------------------------------------------------------------

const IDP_CERT: &[u8] = include_bytes!("../../tests/keys/idp-rsa2048.crt");
/// tests/fixtures/manifest.json `defaults`.
pub const SP_ENTITY_ID: &str = "https://auth.iws-hybrid.trendmicro.com/0123456789abcdef";
pub const ACS_URL: &str = "https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp";
pub const IDP_ENTITY_ID: &str = "https://sts.windows.net/00000000-0000-0000-0000-000000000000/";
pub const IN_RESPONSE_TO: &str = "_4fee3b046395c4e751011e97f8900b5273d56685";
pub const NOW: &str = "2026-01-15T10:01:00Z";

/// Keys pinned from tests/keys/idp-rsa2048.crt and the manifest's default options.
pub fn verify_setup() -> &'static (TrustedKeys, VerifyOptions) {
    static SETUP: OnceLock<(TrustedKeys, VerifyOptions)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let keys = TrustedKeys::from_pem_or_der(IDP_CERT).expect("the pinned certificate loads");
        let now = Timestamp::parse(NOW).expect("NOW is a timestamp");
        let mut opts = VerifyOptions::new(SP_ENTITY_ID, ACS_URL, now);
        opts.idp_entity_id = Some(IDP_ENTITY_ID.into());
        opts.in_response_to = Some(IN_RESPONSE_TO.into());
        (keys, opts)
    })
}

/// `saml::verify_response` with the fixed keys and options. An accepted mutated
/// input is fine (RSA cannot be forged; whitespace outside what is signed may
/// change), but an accepted response must name the signature that covers it.
pub fn verify(data: &[u8]) -> Outcome {
    let (keys, opts) = verify_setup();
    let v = verify_response(data, keys, opts).map_err(code)?;
    assert!(v.covering_signature().is_some(), "a response was accepted without a covering signature");
    let _ = (v.replay_expiry(), format!("{v:?}"));
    Ok(())
}

/// `saml::logout` on a logout message as the SP's logout URL receives it (the options of
/// tests/fixtures/sp/): the input is a redirect URL when it starts with `http` or carries
/// `SigAlg=`, else a posted form body; it is tried as a LogoutRequest and as a LogoutResponse.
/// An accepted message names a pinned key and the expected IdP.
pub fn logout(data: &[u8]) -> Outcome {
    static SETUP: OnceLock<(TrustedKeys, LogoutVerifyOptions)> = OnceLock::new();
    let (keys, o) = SETUP.get_or_init(|| {
        let keys = TrustedKeys::from_pem_or_der(IDP_CERT).expect("the pinned certificate loads");
        let now = Timestamp::parse(NOW).expect("NOW is a timestamp");
        (keys, LogoutVerifyOptions::new("https://auth.iws-hybrid.trendmicro.com/saml/slo", IDP_ENTITY_ID, now))
    });
    let text = String::from_utf8_lossy(data);
    let redirect = text.starts_with("http") || text.contains("SigAlg=");
    let input = if redirect { LogoutInput::Redirect(text.trim_end()) } else { LogoutInput::Post(data) };
    let request = verify_logout_request(input, keys, o);
    let response = verify_logout_response(input, keys, o, "id6f1c0e9a2b3d4c5e6f708192a3b4c5d6");
    if let Ok(v) = &request {
        assert!(v.signature.key_index < keys.len() && v.issuer == IDP_ENTITY_ID, "{v:?}");
        let _ = v.replay_expiry(o);
    }
    if let Ok(v) = &response {
        assert!(v.signature.key_index < keys.len() && v.issuer == IDP_ENTITY_ID, "{v:?}");
    }
    match (request, response) {
        (Ok(_), _) | (_, Ok(_)) => Ok(()),
        (Err(e), _) => Err(code(e)),
    }
}

// ---------------------------------------------------------------------------
// decrypt (XML Encryption, src/xmlenc)
// ---------------------------------------------------------------------------

/// The SP's decryption key of the encrypted fixtures (tests/fixtures/encrypted/, the seeds).
const SP_KEY: &[u8] = include_bytes!("../../tests/keys/sp-enc-rsa2048.key");

/// A fixed stand-in for the OS RNG (SHA-256 in counter mode): runs must replay exactly.
struct FixedRng(u64);

impl rsa::rand_core::TryRng for FixedRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(32) {
            self.0 += 1;
            let block = sha2::Sha256::digest(self.0.to_le_bytes());
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        Ok(())
    }
}
impl rsa::rand_core::TryCryptoRng for FixedRng {}

/// `xmlenc::verify_response_decrypting` with the fixed keys, options and SP key: the structure
/// reader, RSA-OAEP decoding, AES, the splice and the re-parse on mutated encrypted responses.
/// A decryption failure must be the one code; an accepted response must name its covering
/// signature; and inspection (no signature checked first) must not panic either.
pub fn decrypt(data: &[u8]) -> Outcome {
    use saml_edge::saml::{inspect_decrypting, verify_response_decrypting};
    use saml_edge::xmlenc::DecryptionKeys;
    static SP: OnceLock<DecryptionKeys> = OnceLock::new();
    let sp = SP.get_or_init(|| DecryptionKeys::from_pem_or_der(SP_KEY).expect("the SP key loads"));
    let (keys, opts) = verify_setup();
    if let Ok(p) = decode_post_input(data, &opts.limits) {
        if let Ok(i) = inspect_decrypting(&p.xml, sp, opts, &mut FixedRng(0)) {
            xml::parse(&i.xml, &opts.limits).expect("an inspected document parses again");
        }
    }
    let v = verify_response_decrypting(data, keys, sp, opts, &mut FixedRng(0)).map_err(code)?;
    assert!(v.covering_signature().is_some(), "a response was accepted without a covering signature");
    let _ = format!("{v:?}");
    Ok(())
}

// ---------------------------------------------------------------------------
// bindings and metadata
// ---------------------------------------------------------------------------

/// `bindings::decode_redirect` on the (lossy UTF-8) input.
pub fn redirect_decode(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let limits = Limits::default();
    let m = decode_redirect(&text, &limits).map_err(code)?;
    assert!(m.xml.len() <= limits.max_inflated_bytes, "the inflated message exceeds max_inflated_bytes");
    assert_eq!(m.signed_query.is_some(), m.sig_alg.is_some() && m.signature.is_some());
    Ok(())
}

/// `bindings::decode_post_input` on the raw bytes.
pub fn post_input(data: &[u8]) -> Outcome {
    let limits = Limits::default();
    let p = decode_post_input(data, &limits).map_err(code)?;
    assert!(p.xml.len() <= limits.max_input_bytes, "the decoded XML exceeds max_input_bytes");
    // Leading whitespace is kept for the parser (it refuses whitespace before an XML
    // declaration); the first other character is `<`.
    let first = p.xml.trim_start_matches([' ', '\t', '\r', '\n']).chars().next();
    assert_eq!(first, Some('<'), "the decoded XML does not start with '<'");
    Ok(())
}

/// `metadata::parse_idp_metadata` on the (lossy UTF-8) input; for aggregates also
/// the choice of one entity by ID.
pub fn metadata(data: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(data);
    let limits = Limits::default();
    if text.contains("EntitiesDescriptor") {
        if let Ok(m) = parse_idp_metadata_for(&text, Some(IDP_ENTITY_ID), &limits) {
            assert_eq!(m.entity_id, IDP_ENTITY_ID);
            assert!(!m.signing_certificates.is_empty(), "metadata accepted without a signing certificate");
        }
    }
    let m = parse_idp_metadata(&text, &limits).map_err(code)?;
    assert!(!m.signing_certificates.is_empty(), "metadata accepted without a signing certificate");
    Ok(())
}

// ---------------------------------------------------------------------------
// rsa_pkcs1: our RSASSA-PKCS1-v1_5 verifier against the encoded message it signs
// ---------------------------------------------------------------------------

/// Private keys the `rsa_pkcs1` check signs with (fuzz/keys/make-keys.sh): odd and
/// byte-boundary modulus sizes, e = 3 and a 33-bit e next to the usual 65537.
const RSA_KEYS: &[(&str, &str)] = &[
    ("idp-rsa2048", include_str!("../../tests/keys/idp-rsa2048.key")),
    ("rsa-2049-e65537", include_str!("../keys/rsa-2049-e65537.key")),
    ("rsa-2056-e65537", include_str!("../keys/rsa-2056-e65537.key")),
    ("rsa-2088-e4294967297", include_str!("../keys/rsa-2088-e4294967297.key")),
    ("rsa-3071-e3", include_str!("../keys/rsa-3071-e3.key")),
    ("rsa-3072-e3", include_str!("../keys/rsa-3072-e3.key")),
    ("rsa-4096-e65537", include_str!("../keys/rsa-4096-e65537.key")),
];

/// One test key: the private half (rsa crate), its public half as the rsa crate and as
/// our `PublicKey` reads it, and the modulus length in octets.
pub struct RsaKey {
    pub name: &'static str,
    private: rsa::PrivateKey,
    crt: Option<Crt>,
    public: rsa::PublicKey,
    ours: PublicKey,
    k: usize,
}

/// The private key's CRT parameters (RFC 8017 §3.2), for signing arbitrary EM'.
struct Crt {
    p: BoxedMontyParams,
    q: BoxedMontyParams,
    dp: BoxedUint,
    dq: BoxedUint,
    /// q^-1 mod p.
    qinv: BoxedMontyForm,
}

impl Crt {
    fn of(key: &rsa::PrivateKey) -> Option<Crt> {
        let [p, q] = key.primes() else { return None };
        let p = BoxedMontyParams::new_vartime(p.clone());
        let qinv = BoxedMontyForm::new(key.crt_coefficient()?.resize(p.bits_precision()), &p);
        Some(Crt { q: BoxedMontyParams::new_vartime(q.clone()), p, dp: key.dp()?.clone(), dq: key.dq()?.clone(), qinv })
    }
}

/// The keys of [`RSA_KEYS`], parsed once; our SPKI and PEM readers must take each public half.
pub fn rsa_keys() -> &'static [RsaKey] {
    static KEYS: OnceLock<Vec<RsaKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        RSA_KEYS
            .iter()
            .map(|&(name, pem)| {
                let private = rsa::PrivateKey::from_pkcs8_pem(pem).unwrap_or_else(|e| panic!("{name}: {e}"));
                let public = private.to_public_key();
                let spki = public.to_public_key_der().unwrap_or_else(|e| panic!("{name}: {e}"));
                let ours = PublicKey::from_spki_der(spki.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
                let pem = pem_block("PUBLIC KEY", spki.as_bytes());
                assert_eq!(PublicKey::from_pem(&pem).as_ref(), Ok(&ours), "{name}: PEM and DER disagree");
                assert_eq!(ours.bits(), public.n().as_ref().bit_width_vartime() as usize, "{name}");
                RsaKey { name, k: public.size(), crt: Crt::of(&private), private, public, ours }
            })
            .collect()
    })
}

/// `-----BEGIN label-----`, base64 in lines of 64, `-----END label-----` (RFC 7468).
fn pem_block(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64.as_bytes().chunks(64).filter_map(|l| std::str::from_utf8(l).ok()).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

/// The RSA algorithms with the DigestInfo header of their hash, written out from
/// RFC 8017 §9.2 note 1 rather than taken from either implementation under test.
const RSA_ALGS: [(SignatureAlgorithm, &[u8]); 4] = [
    (
        SignatureAlgorithm::RsaSha1,
        &[0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14],
    ),
    (
        SignatureAlgorithm::RsaSha256,
        &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04,
            0x20,
        ],
    ),
    (
        SignatureAlgorithm::RsaSha384,
        &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04,
            0x30,
        ],
    ),
    (
        SignatureAlgorithm::RsaSha512,
        &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04,
            0x40,
        ],
    ),
];

fn rsa_alg(i: usize) -> (SignatureAlgorithm, &'static [u8]) {
    RSA_ALGS[i % RSA_ALGS.len()]
}

/// The hash of `message` for algorithm `i` (sha1/sha2 crates, not our `Hasher`).
fn rsa_hash(i: usize, message: &[u8]) -> Vec<u8> {
    match i % RSA_ALGS.len() {
        0 => sha1::Sha1::digest(message).to_vec(),
        1 => sha2::Sha256::digest(message).to_vec(),
        2 => sha2::Sha384::digest(message).to_vec(),
        _ => sha2::Sha512::digest(message).to_vec(),
    }
}

/// The rsa crate's own PKCS#1 v1.5 scheme for algorithm `i`, the second opinion.
fn rsa_scheme(i: usize) -> rsa::Pkcs1v15Sign {
    match i % RSA_ALGS.len() {
        0 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
        1 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
        2 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
        _ => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
    }
}

/// DigestInfo variants a forger (or a buggy signer) might put in EM.
fn digest_info_variant(alg: usize, v: u8, b: u8) -> Vec<u8> {
    let (_, prefix) = rsa_alg(alg);
    match v % 10 {
        0 => prefix.to_vec(),
        // Another algorithm's header (with this algorithm's hash after it).
        n @ 1..=4 => rsa_alg(usize::from(n - 1)).1.to_vec(),
        // Parameters absent instead of NULL (RFC 8017 §9.2 note 2): valid DER, not what we sign.
        5 => {
            let mut p: Vec<u8> = prefix.to_vec();
            if let Some(at) = p.windows(2).position(|w| w == [0x05, 0x00]) {
                p.drain(at..at + 2);
                p[1] -= 2;
                p[3] -= 2;
            }
            p
        }
        // The same DigestInfo with a long-form outer length (BER, not DER).
        6 => [&[0x30, 0x81][..], &prefix[1..]].concat(),
        7 => Vec::new(),
        8 => prefix[..prefix.len() - 1].to_vec(),
        _ => [prefix, &[b]].concat(),
    }
}

/// EM = 0x00 || 0x01 || PS || 0x00 || DigestInfo || H, as the parts the fuzzer edits.
struct EmParts {
    lead: u8,
    block_type: u8,
    ps: Vec<u8>,
    separator: u8,
    digest_info: Vec<u8>,
    hash: Vec<u8>,
    trailer: Vec<u8>,
}

impl EmParts {
    fn assemble(&self) -> Vec<u8> {
        let mut em = vec![self.lead, self.block_type];
        em.extend_from_slice(&self.ps);
        em.push(self.separator);
        em.extend_from_slice(&self.digest_info);
        em.extend_from_slice(&self.hash);
        em.extend_from_slice(&self.trailer);
        em
    }
}

/// The correct encoded message for `hash` under algorithm `alg` in `k` octets (RFC 8017 §9.2).
fn rsa_em(alg: usize, hash: &[u8], k: usize) -> Vec<u8> {
    let (_, prefix) = rsa_alg(alg);
    let ps = k - 3 - prefix.len() - hash.len();
    let parts = EmParts {
        lead: 0,
        block_type: 1,
        ps: vec![0xff; ps],
        separator: 0,
        digest_info: prefix.to_vec(),
        hash: hash.to_vec(),
        trailer: Vec::new(),
    };
    parts.assemble()
}

/// EM' from the correct EM's parts edited by `ops` (4 bytes per edit: op, a, b, c), then
/// brought to `k` octets by zero-padding or cutting at the end (or at the front, op 10).
fn edited_em(alg: usize, hash: &[u8], k: usize, ops: &[u8]) -> Vec<u8> {
    let (_, prefix) = rsa_alg(alg);
    let mut p = EmParts {
        lead: 0,
        block_type: 1,
        ps: vec![0xff; k - 3 - prefix.len() - hash.len()],
        separator: 0,
        digest_info: prefix.to_vec(),
        hash: hash.to_vec(),
        trailer: Vec::new(),
    };
    let mut at_front = false;
    let mut byte_edits: Vec<(u8, usize, u8)> = Vec::new();
    for op in ops.chunks(4) {
        let arg = |i: usize| op.get(i).copied().unwrap_or(0);
        let (a, b, c) = (arg(1), arg(2), arg(3));
        match arg(0) % 14 {
            0 => p.lead = a,
            1 => p.block_type = a,
            // Longer or shorter padding: T moves right or left.
            2 => {
                let len = p.ps.len() as isize + isize::from(a as i8);
                p.ps.resize(len.max(0) as usize, 0xff);
            }
            3 => {
                if !p.ps.is_empty() {
                    let i = usize::from(a) << 8 | usize::from(b);
                    let n = p.ps.len();
                    p.ps[i % n] = c;
                }
            }
            4 => p.separator = a,
            5 => p.digest_info = digest_info_variant(alg, a, b),
            6 => {
                if !p.digest_info.is_empty() {
                    let n = p.digest_info.len();
                    p.digest_info[usize::from(a) % n] ^= b.max(1);
                }
            }
            7 => {
                if !p.hash.is_empty() {
                    let n = p.hash.len();
                    p.hash[usize::from(a) % n] ^= b.max(1);
                }
            }
            8 => match a % 4 {
                // The hash of the message under another algorithm.
                0 => p.hash = rsa_hash(usize::from(b), hash),
                1 => {
                    p.hash.pop();
                }
                2 => p.hash.push(b),
                _ => p.hash.clear(),
            },
            // Garbage after the hash, optionally paid for with padding (same total length).
            9 => {
                p.trailer.push(a);
                if b & 1 == 1 {
                    p.ps.pop();
                }
            }
            10 => at_front = a & 1 == 1,
            n => byte_edits.push((n, usize::from(a) << 8 | usize::from(b), c)),
        }
    }
    let mut em = p.assemble();
    for (op, pos, value) in byte_edits {
        let len = em.len();
        match op {
            11 if len > 0 => em[pos % len] ^= value.max(1),
            12 => em.insert(pos % (len + 1), value),
            13 if len > 0 => {
                em.remove(pos % len);
            }
            _ => {}
        }
    }
    match (em.len() < k, at_front) {
        (true, false) => em.resize(k, 0),
        (true, true) => em = [vec![0; k - em.len()], em].concat(),
        (false, false) => em.truncate(k),
        (false, true) => em.drain(..em.len() - k).for_each(drop),
    }
    em
}

fn uint(key: &RsaKey, be: &[u8]) -> BoxedUint {
    BoxedUint::from_be_slice(be, key.public.n_bits_precision()).unwrap_or_else(|e| panic!("{}: {e:?}", key.name))
}

/// `x` as exactly `k` big-endian octets (x < 2^(8k)).
fn octets(key: &RsaKey, x: &BoxedUint) -> Vec<u8> {
    let be = x.to_be_bytes();
    let skip = be.len() - key.k;
    assert!(be[..skip].iter().all(|&b| b == 0), "{}: value wider than k octets", key.name);
    be[skip..].to_vec()
}

/// s = (EM' mod n)^d mod n, by the CRT with the key's p, q, dP, dQ and qInv (four times
/// faster than m^d mod n, which is most of an execution), with crypto-bigint's `pow`, not
/// our square-and-multiply. Checked with s^e before it is used. Returns s as k octets and
/// whether EM' mod n is the correct EM.
fn rsa_sign_raw(key: &RsaKey, em_prime: &[u8], em: &[u8]) -> (Vec<u8>, bool) {
    let m = uint(key, em_prime).rem_vartime(key.public.n());
    let s = match &key.crt {
        Some(crt) => {
            let m1 = BoxedMontyForm::new(m.rem_vartime(crt.p.modulus().as_nz_ref()), &crt.p).pow(&crt.dp);
            let m2 = BoxedMontyForm::new(m.rem_vartime(crt.q.modulus().as_nz_ref()), &crt.q).pow(&crt.dq).retrieve();
            let m2_mod_p = BoxedMontyForm::new(m2.rem_vartime(crt.p.modulus().as_nz_ref()), &crt.p);
            let h = (&crt.qinv * &(m1 - m2_mod_p)).retrieve();
            let bits = m.bits_precision();
            let hq = h.concatenating_mul(crt.q.modulus().as_ref()).resize(bits + 64);
            hq.wrapping_add(m2.resize(bits + 64)).try_resize(bits).unwrap_or_else(|| panic!("{}: CRT", key.name))
        }
        None => BoxedMontyForm::new(m.clone(), key.public.n_params()).pow(key.private.d()).retrieve(),
    };
    let check = BoxedMontyForm::new(s.clone(), key.public.n_params()).pow(key.public.e()).retrieve();
    assert_eq!(check, m, "{}: the harness's s^e is not EM'", key.name);
    (octets(key, &s), m == uint(key, em))
}

/// What RFC 8017 §8.2.2 says about `sig`: exactly k octets, s < n, and s^e mod n is EM.
fn rsa_spec_verdict(key: &RsaKey, sig: &[u8], em: &[u8]) -> bool {
    if sig.len() != key.k {
        return false;
    }
    let s = uint(key, sig);
    if s >= *key.public.n().as_ref() {
        return false;
    }
    let m = BoxedMontyForm::new(s, key.public.n_params()).pow(key.public.e()).retrieve();
    octets(key, &m) == em
}

/// Our `verify` and `verify_prehashed`, and the rsa crate's PKCS#1 v1.5 `verify`, must all
/// say `expected`. Also: a hash of the wrong length and an ECDSA algorithm are refused.
fn rsa_check(key: &RsaKey, alg: usize, message: &[u8], hash: &[u8], sig: &[u8], expected: bool) -> Outcome {
    let (sig_alg, _) = rsa_alg(alg);
    let what = || format!("key {}, {}, signature {}", key.name, sig_alg.name(), hex(sig));
    assert_eq!(key.ours.verify(sig_alg, message, sig), Ok(expected), "verify: {}", what());
    assert_eq!(key.ours.verify_prehashed(sig_alg, hash, sig), Ok(expected), "verify_prehashed: {}", what());
    let reference = key.public.verify(rsa_scheme(alg), hash, sig).is_ok();
    assert_eq!(reference, expected, "the rsa crate's verify: {}", what());
    assert_eq!(key.ours.verify_prehashed(sig_alg, &hash[1..], sig), Ok(false), "short hash: {}", what());
    let mismatch = key.ours.verify(SignatureAlgorithm::EcdsaSha256, message, sig).map_err(|e| e.code());
    assert_eq!(mismatch, Err("ERR_DSIG_KEY_MISMATCH"));
    if expected {
        Ok(())
    } else {
        Err("ERR_DSIG_SIGNATURE_INVALID")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Signatures that are out of range or the right residue in the wrong form (`which`
/// picks one; `extra` is a multiple or a bit position); `valid` is the real signature.
fn special_signature(key: &RsaKey, valid: &[u8], which: u8, extra: u8) -> Option<Vec<u8>> {
    let n = key.public.n().as_ref();
    let plus = |x: &BoxedUint, times: u32| -> Option<Vec<u8>> {
        // x + times * n, if it still fits in k octets.
        let bits = n.bits_precision() + 64;
        let wide_n = n.clone().resize(bits);
        let sum = (0..times).fold(x.clone().resize(bits), |acc, _| acc.wrapping_add(&wide_n));
        (sum.bit_width_vartime() as usize <= 8 * key.k).then(|| {
            let be = sum.to_be_bytes();
            be[be.len() - key.k..].to_vec()
        })
    };
    let zero = vec![0u8; key.k];
    let mut one = zero.clone();
    *one.last_mut()? = 1;
    let s = uint(key, valid);
    Some(match which % 16 {
        0 => zero,
        1 => one,
        2 => octets(key, &n.wrapping_sub(BoxedUint::one())),
        3 => octets(key, n),
        4 => plus(&BoxedUint::one(), 1)?,
        5 => plus(&s, 1 + u32::from(extra % 128))?,
        6 => [&[0][..], valid].concat(),
        7 => [valid, &[0][..]].concat(),
        8 => valid[1..].to_vec(),
        9 => valid[..key.k - 1].to_vec(),
        10 => vec![0xff; key.k],
        11 => valid.to_vec(),
        12 => {
            let mut v = valid.to_vec();
            let bit = usize::from(extra) * 8 % (8 * key.k);
            v[bit / 8] ^= 1 << (bit % 8);
            v
        }
        13 => Vec::new(),
        14 => [valid, valid].concat(),
        _ => plus(&s, 1)?,
    })
}

/// The `rsa_pkcs1` target. Input: key index, then a byte whose low 2 bits pick the hash
/// (SHA-1/256/384/512) and whose bits 2..5 pick the mode, a message length and the
/// message, then the mode's bytes:
/// - modes 0..=5: edits of the encoded message (see [`edited_em`]); EM' is signed with the
///   private key and every verifier must accept exactly when EM' mod n is the correct EM;
/// - mode 6: the rest is the signature, any length;
/// - mode 7: a special signature (0, 1, n - 1, n, s + j·n, s with a byte more or less, ...).
pub fn rsa_pkcs1(data: &[u8]) -> Outcome {
    let keys = rsa_keys();
    let byte = |i: usize| data.get(i).copied().unwrap_or(0);
    let key = &keys[usize::from(byte(0)) % keys.len()];
    let alg = usize::from(byte(1) & 3);
    let mode = (byte(1) >> 2) & 7;
    let rest = data.get(3..).unwrap_or_default();
    let (message, rest) = rest.split_at(usize::from(byte(2)).min(rest.len()));
    let hash = rsa_hash(alg, message);
    let em = rsa_em(alg, &hash, key.k);
    match mode {
        0..=5 => {
            let em_prime = edited_em(alg, &hash, key.k, rest);
            let (sig, expected) = rsa_sign_raw(key, &em_prime, &em);
            if em_prime == em {
                // The rsa crate signs the correct EM to the same (deterministic) signature.
                let theirs = key.private.sign(rsa_scheme(alg), &hash).unwrap_or_else(|e| panic!("{}: {e}", key.name));
                assert_eq!(theirs, sig, "{}: harness signature differs from the rsa crate's", key.name);
            }
            rsa_check(key, alg, message, &hash, &sig, expected)
        }
        6 => rsa_check(key, alg, message, &hash, rest, rsa_spec_verdict(key, rest, &em)),
        _ => {
            let valid = key.private.sign(rsa_scheme(alg), &hash).unwrap_or_else(|e| panic!("{}: {e}", key.name));
            assert!(rsa_spec_verdict(key, &valid, &em), "{}: the rsa crate's signature is not valid", key.name);
            let which = rest.first().copied().unwrap_or(0);
            let Some(sig) = special_signature(key, &valid, which, rest.get(1).copied().unwrap_or(0)) else {
                return Err("ERR_DSIG_SIGNATURE_INVALID");
            };
            let expected = rsa_spec_verdict(key, &sig, &em);
            // Only the signature itself verifies; every other form of it (or of its residue) fails.
            assert_eq!(expected, sig == valid, "{}: special signature {which}", key.name);
            rsa_check(key, alg, message, &hash, &sig, expected)
        }
    }
}

// ---------------------------------------------------------------------------
// x509
// ---------------------------------------------------------------------------

/// `Certificate::from_der` and `parse_certificates` on the raw bytes. Whatever is accepted
/// must be consistent (see [`check_certificate`]); a DER certificate must read the same
/// as base64 text and as PEM. The reference comparison is in fuzz_targets/x509.rs.
pub fn x509(data: &[u8]) -> Outcome {
    if let Ok(certs) = parse_certificates(data) {
        certs.iter().for_each(check_certificate);
    }
    let cert = Certificate::from_der(data).map_err(code)?;
    check_certificate(&cert);
    let b64 = base64_encode(data);
    assert_eq!(Certificate::from_base64(&b64).as_ref(), Ok(&cert), "base64 form");
    let pem = pem_block("CERTIFICATE", data);
    assert_eq!(parse_certificates(pem.as_bytes()).as_deref(), Ok(std::slice::from_ref(&cert)), "PEM form");
    // Also when its bytes quote PEM (tests/fuzz_regressions.rs `finding_der_certificate_is_read_as_der`).
    assert_eq!(parse_certificates(data).as_deref(), Ok(std::slice::from_ref(&cert)), "DER via parse_certificates");
    Ok(())
}

/// Properties of any accepted certificate: it re-reads identically from its DER, its key
/// is a substring of it, the thumbprints are of the DER, the serial is canonical hex and
/// the names hold no control characters (they are printed in logs and terminals).
pub fn check_certificate(c: &Certificate) {
    let again = Certificate::from_der(c.der()).unwrap_or_else(|e| panic!("an accepted certificate re-reads as {e}"));
    let fields = |c: &Certificate| {
        (c.subject().to_owned(), c.issuer().to_owned(), c.not_before(), c.not_after(), c.serial_hex())
    };
    assert_eq!(fields(&again), fields(c));
    let spki = c.public_key().spki_der();
    assert!(c.der().windows(spki.len()).any(|w| w == spki), "the key is not part of the certificate");
    assert_eq!(c.sha256().to_vec(), sha2::Sha256::digest(c.der()).to_vec());
    assert_eq!(c.sha1().to_vec(), sha1::Sha1::digest(c.der()).to_vec());
    let serial = c.serial_hex();
    assert!(serial.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "serial {serial:?}");
    assert!(serial == "0" || !serial.starts_with('0'), "serial {serial:?}");
    for name in [c.subject(), c.issuer()] {
        assert!(!name.chars().any(char::is_control), "control character in the name {name:?}");
    }
}

// ---------------------------------------------------------------------------
// base64
// ---------------------------------------------------------------------------

/// XML whitespace (XML 1.0 §2.3 `S`), the only characters `base64_decode_xml` skips.
fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// `base64_decode_xml` on the (lossy UTF-8) input against the `base64` crate's strict
/// standard engine (canonical padding, no trailing bits) on the input without XML
/// whitespace; what decodes must re-encode to exactly that text (one value, one
/// encoding). `base64_encode` of the input must match the reference and decode back,
/// also when wrapped in lines and indented as XML signers do.
pub fn base64(data: &[u8]) -> Outcome {
    let engine = &base64::engine::general_purpose::STANDARD;
    let encoded = base64_encode(data);
    assert_eq!(encoded, engine.encode(data), "base64_encode differs from the reference");
    assert_eq!(base64_decode_xml(&encoded).as_deref(), Some(data), "encode -> decode");
    let width = 1 + usize::from(data.first().copied().unwrap_or(75) % 80);
    let lines: Vec<&str> = encoded.as_bytes().chunks(width).filter_map(|l| std::str::from_utf8(l).ok()).collect();
    let wrapped = format!("\n\t  {}\r\n", lines.join("\r\n  \t"));
    assert_eq!(base64_decode_xml(&wrapped).as_deref(), Some(data), "wrapped encode -> decode");

    let text = String::from_utf8_lossy(data);
    let compact: Vec<u8> = text.bytes().filter(|&b| !is_xml_space(b)).collect();
    let ours = base64_decode_xml(&text);
    let reference = engine.decode(&compact).ok();
    assert_eq!(ours, reference, "base64_decode_xml differs from the reference on {text:?}");
    match ours {
        Some(bytes) => {
            assert_eq!(base64_encode(&bytes).as_bytes(), compact.as_slice(), "decode -> encode on {text:?}");
            Ok(())
        }
        None => Err("ERR_DSIG_BASE64"),
    }
}

/// The check for a target name (`xml_parse`, `c14n`, `verify`, ...).
pub fn by_name(target: &str) -> Option<fn(&[u8]) -> Outcome> {
    Some(match target {
        "xml_parse" => xml_parse,
        "c14n" => c14n,
        "verify" => verify,
        "redirect_decode" => redirect_decode,
        "metadata" => metadata,
        "post_input" => post_input,
        "rsa_pkcs1" => rsa_pkcs1,
        "x509" => x509,
        "base64" => base64,
        "decrypt" => decrypt,
        "logout" => logout,
        _ => return None,
    })
}
