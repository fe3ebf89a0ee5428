//! Shared by the benchmark binaries: the fixtures of bench/fixtures/fixtures.json, the options
//! of their manifest "defaults", and one verification from the base64 POST field to the NameID.

use std::path::{Path, PathBuf};
use std::time::Instant;

use base64::Engine as _;
use saml_edge::saml::{verify_response, VerifyOptions};
use saml_edge::time::Timestamp;
use saml_edge::trust::TrustedKeys;
use serde_json::Value;

/// The repository root: $SAML_EDGE_REPO, else two levels above this crate.
pub fn repo_root() -> PathBuf {
    std::env::var_os("SAML_EDGE_REPO")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
}

pub fn read(rel: &str) -> Vec<u8> {
    let path = repo_root().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn read_json(rel: &str) -> Value {
    serde_json::from_slice(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The base64 field an ACS receives (as the IdP POSTs it), made once outside any timing.
pub fn b64(xml: &[u8]) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.encode(xml).into_bytes()
}

pub struct Verifier {
    pub keys: TrustedKeys,
    pub options: VerifyOptions,
}

impl Verifier {
    /// Keys parsed once; options from the manifest "defaults" (as tests/fixtures.rs applies them).
    pub fn from_defaults(d: &Value) -> Verifier {
        let s = |k: &str| d[k].as_str().unwrap_or_else(|| panic!("defaults.{k}")).to_owned();
        let mut keys = TrustedKeys::new();
        for cert in d["certs"].as_array().expect("defaults.certs") {
            keys.add_pem_or_der(&read(cert.as_str().expect("cert path"))).expect("pinned certificate");
        }
        let mut options =
            VerifyOptions::new(s("sp_entity_id"), s("acs_url"), Timestamp::parse(&s("now")).expect("now"));
        options.idp_entity_id = Some(s("idp_entity_id"));
        options.in_response_to = d["in_response_to"].as_str().map(str::to_owned);
        options.clock_tolerance_secs = d["clock_tolerance"].as_u64().expect("clock_tolerance") as u32;
        options.allow_sha1 = d["allow_sha1"].as_bool().unwrap_or(false);
        options.allow_unsolicited = d["allow_unsolicited"].as_bool().unwrap_or(false);
        options.require_signed_assertion = d["require_signed_assertion"].as_bool().unwrap_or(false);
        Verifier { keys, options }
    }

    /// One verification: base64 -> XML -> checks -> the NameID (or the error code).
    #[inline(never)]
    pub fn verify(&self, input: &[u8]) -> Result<(String, &'static str), &'static str> {
        match verify_response(input, &self.keys, &self.options) {
            Ok(v) => Ok((v.identity.name_id, v.signed_element.as_str())),
            Err(e) => Err(e.code()),
        }
    }
}

/// Per-verification times in µs, one per repetition (each the mean of `iters` verifications),
/// after about `warmup_ms` of warm-up that also picks `iters` so one repetition lasts ~`target_ms`.
pub fn measure(mut f: impl FnMut(), reps: usize, target_ms: f64, warmup_ms: f64) -> (usize, Vec<f64>) {
    let t0 = Instant::now();
    let mut n = 0usize;
    while n < 3 || t0.elapsed().as_secs_f64() * 1e3 < warmup_ms {
        f();
        n += 1;
    }
    let per = t0.elapsed().as_secs_f64() * 1e3 / n as f64;
    let iters = ((target_ms / per).ceil() as usize).max(5);
    let mut out = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        for _ in 0..iters {
            f();
        }
        out.push(t.elapsed().as_secs_f64() * 1e6 / iters as f64);
    }
    (iters, out)
}
