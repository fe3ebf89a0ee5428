//! The cost of decrypting an encrypted assertion natively (bench/decrypt.sh): `verify_response`
//! of the Entra response sent in the clear, against `saml::verify_response_decrypting` of the
//! same response encrypted (AES-256-CBC as Entra sends it, and AES-256-GCM), RSA-OAEP with the
//! SP's RSA-2048 key blinded with the OS RNG. Prints one JSON object per line.
//!
//!   saml-edge-bench-decrypt [--reps 5] [--target-ms 400]
use std::hint::black_box;

use saml_edge::saml::verify_response;
use saml_edge::saml::verify_response_decrypting;
use saml_edge::xmlenc::DecryptionKeys;
use saml_edge_bench::{b64, measure, read, read_json, Verifier};
use serde_json::json;

fn arg(args: &[String], name: &str, default: f64) -> f64 {
    args.iter().position(|a| a == name).map(|i| args[i + 1].parse().expect("a number")).unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let reps = arg(&args, "--reps", 5.0) as usize;
    let target_ms = arg(&args, "--target-ms", 400.0);
    let v = Verifier::from_defaults(&read_json("tests/fixtures/encrypted/manifest.json")["defaults"]);
    let sp = DecryptionKeys::from_pem_or_der(&read("tests/keys/sp-enc-rsa2048.key")).expect("SP key");
    let cases = [
        ("plaintext", "tests/fixtures/valid/entra_assertion_signed.xml"),
        ("AES-256-CBC", "tests/fixtures/encrypted/valid/entra_encrypted_aes256cbc.xml"),
        ("AES-256-GCM", "tests/fixtures/encrypted/valid/pair_aes256_gcm_mgf1p.xml"),
    ];
    for (name, file) in cases {
        let input = b64(&read(file));
        let run = || {
            if name == "plaintext" {
                verify_response(&input, &v.keys, &v.options).map(|r| r.identity.login_name)
            } else {
                verify_response_decrypting(&input, &v.keys, &sp, &v.options, &mut getrandom::SysRng)
                    .map(|r| r.identity.login_name)
            }
        };
        assert_eq!(run().expect("accepted"), "bsimon", "{name}");
        let (iters, us) = measure(
            || {
                black_box(run()).ok();
            },
            reps,
            target_ms,
            200.0,
        );
        let mut sorted = us.clone();
        sorted.sort_by(f64::total_cmp);
        println!("{}", json!({ "verifier": "native", "case": name, "iters": iters, "us": us, "median_us": sorted[sorted.len() / 2] }));
    }
}
