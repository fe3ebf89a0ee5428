//! What each of the SP's own steps costs natively (bench/sp.sh): its metadata (built; signed with
//! RSA-2048 and verified again), a signed AuthnRequest URL, the logout messages it verifies
//! (tests/fixtures/sp/, signed by openssl and xmlsec1) and answers, and an IdP metadata signature.
//! Prints one JSON object per step: `{ "runtime": "native", "step", "us": [per repetition] }`.
//!
//!   saml-edge-bench-sp [--reps 5] [--target-ms 300]
use std::hint::black_box;
use std::io::Read as _;

use saml_edge::crypto::{rand_core, SignatureAlgorithm, SigningKey, TryCryptoRng};
use saml_edge::saml::authn_request::{authn_request_to_sign, AuthnRequestOptions};
use saml_edge::saml::bindings::RedirectParam;
use saml_edge::saml::logout::{
    build_logout_response, verify_logout_request, verify_logout_response, LogoutInput, LogoutResponseOptions,
    LogoutVerifyOptions,
};
use saml_edge::saml::metadata_trust::verify_metadata_signature;
use saml_edge::saml::redirect_signature::signed_redirect_url;
use saml_edge::saml::sp_metadata::{build_sp_metadata, signed_sp_metadata, SpMetadataOptions};
use saml_edge::time::Timestamp;
use saml_edge::trust::TrustedKeys;
use saml_edge::Limits;
use saml_edge_bench::{measure, read};
use serde_json::json;

/// Blinding randomness from the OS, as an application would give it.
struct OsRng(std::fs::File);
impl rand_core::TryRng for OsRng {
    type Error = std::io::Error;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0; 4];
        self.0.read_exact(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0; 8];
        self.0.read_exact(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.0.read_exact(dst)
    }
}
impl TryCryptoRng for OsRng {}

fn arg(args: &[String], name: &str, default: f64) -> f64 {
    args.iter().position(|a| a == name).map(|i| args[i + 1].parse().expect("a number")).unwrap_or(default)
}

fn text(rel: &str) -> String {
    String::from_utf8(read(rel)).expect("UTF-8").trim_end().to_owned()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let reps = arg(&args, "--reps", 5.0) as usize;
    let target_ms = arg(&args, "--target-ms", 300.0);
    let report = |step: &str, (iters, us): (usize, Vec<f64>)| {
        println!("{}", json!({ "runtime": "native", "step": step, "iters": iters, "us": us }));
    };
    let run = |f: &mut dyn FnMut()| measure(f, reps, target_ms, 150.0);

    let key = SigningKey::from_pem(&text("tests/keys/sp-signing-rsa2048.key")).expect("SP key");
    let cert =
        saml_edge::crypto::parse_certificates(&read("tests/keys/sp-signing-rsa2048.crt")).expect("SP cert").remove(0);
    let mut rng = OsRng(std::fs::File::open("/dev/urandom").expect("/dev/urandom"));
    let mut md = SpMetadataOptions::new(
        "https://auth.iws-hybrid.trendmicro.com/0123456789abcdef",
        "https://auth.iws-hybrid.trendmicro.com/saml/acs",
    );
    md.slo_url = Some("https://auth.iws-hybrid.trendmicro.com/saml/slo".into());
    md.authn_requests_signed = true;
    md.signing_certificates = vec![cert.clone()];

    report(
        "sp metadata, unsigned",
        run(&mut || {
            black_box(build_sp_metadata(black_box(&md)).expect("metadata"));
        }),
    );
    report(
        "sp metadata, signed RSA-2048 + self-check",
        run(&mut || {
            let mut signer = key.signer(SignatureAlgorithm::RsaSha256, &mut rng).expect("signer");
            black_box(signed_sp_metadata(black_box(&md), &mut signer, Some(&cert)).expect("signed metadata"));
        }),
    );
    let now = Timestamp::parse("2026-01-15T10:01:00Z").expect("now");
    let authn = AuthnRequestOptions::new(
        "id0123456789abcdef0123456789abcdef",
        now,
        "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2",
        "https://auth.iws-hybrid.trendmicro.com/saml/acs",
        "https://auth.iws-hybrid.trendmicro.com/0123456789abcdef",
    );
    report(
        "AuthnRequest URL, unsigned",
        run(&mut || {
            black_box(
                saml_edge::saml::authn_request::authn_request_redirect_url(black_box(&authn), Some("/wanted"), None)
                    .expect("url"),
            );
        }),
    );
    report(
        "AuthnRequest URL, signed RSA-2048",
        run(&mut || {
            let pending =
                authn_request_to_sign(black_box(&authn), Some("/wanted"), None, SignatureAlgorithm::RsaSha256)
                    .expect("url");
            let sig = key.sign_with_rng(SignatureAlgorithm::RsaSha256, pending.message(), &mut rng).expect("sign");
            black_box(pending.url_with_signature(&sig));
        }),
    );

    let m: serde_json::Value = serde_json::from_slice(&read("tests/fixtures/sp/manifest.json")).expect("manifest");
    let d = &m["defaults"];
    let keys = TrustedKeys::from_pem_or_der(&read("tests/keys/idp-rsa2048.crt")).expect("IdP cert");
    let o = LogoutVerifyOptions::new(
        d["slo_url"].as_str().unwrap(),
        d["idp_entity_id"].as_str().unwrap(),
        Timestamp::parse(d["now"].as_str().unwrap()).unwrap(),
    );
    let irt = d["in_response_to"].as_str().unwrap();
    let request_url = text("tests/fixtures/sp/redirect/request_lower.url");
    let request_post = read("tests/fixtures/sp/post/request.form");
    let response_url = text("tests/fixtures/sp/redirect/response.url");
    assert!(verify_logout_request(LogoutInput::Redirect(&request_url), &keys, &o).is_ok());
    report(
        "LogoutRequest verified, redirect signature",
        run(&mut || {
            black_box(verify_logout_request(LogoutInput::Redirect(black_box(&request_url)), &keys, &o).expect("ok"));
        }),
    );
    report(
        "LogoutRequest verified, POST XML signature",
        run(&mut || {
            black_box(verify_logout_request(LogoutInput::Post(black_box(&request_post)), &keys, &o).expect("ok"));
        }),
    );
    report(
        "LogoutResponse verified, redirect signature",
        run(&mut || {
            black_box(
                verify_logout_response(LogoutInput::Redirect(black_box(&response_url)), &keys, &o, irt).expect("ok"),
            );
        }),
    );
    let answer = LogoutResponseOptions::new(
        "id89abcdef0123456789abcdef01234567",
        now,
        "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2",
        "https://auth.iws-hybrid.trendmicro.com/0123456789abcdef",
        "_a1b2c3d4e5f60718293a4b5c6d7e8f90",
    );
    report(
        "LogoutResponse URL, built and signed RSA-2048",
        run(&mut || {
            let xml = build_logout_response(black_box(&answer)).expect("xml");
            let mut signer = key.signer(SignatureAlgorithm::RsaSha256, &mut rng).expect("signer");
            black_box(
                signed_redirect_url(&answer.destination, RedirectParam::SamlResponse, &xml, None, &[], &mut signer)
                    .expect("url"),
            );
        }),
    );
    let entra = text("tests/fixtures/metadata/entra-federationmetadata.xml");
    report(
        &format!("IdP metadata signature verified (Entra-shaped, {} bytes)", entra.len()),
        run(&mut || {
            black_box(verify_metadata_signature(black_box(&entra), &keys, false, &Limits::default()).expect("ok"));
        }),
    );
}
