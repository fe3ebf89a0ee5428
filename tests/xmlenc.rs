//! Every case of tests/fixtures/encrypted/manifest.json (responses encrypted by xmlsec1,
//! tests/fixtures/encrypted/generate.py) through the native API, and through the split path a
//! JS host takes (signatures and RSA by the "host", every decision in the core) in both of its
//! forms: the host returns the RSA output for the core to OAEP-decode (node:crypto), or runs all
//! of RSA-OAEP and returns the content key (WebCrypto). All must give the same verdicts.

use std::convert::Infallible;

use base64::Engine;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::rand_core::{TryCryptoRng, TryRng};
use saml_edge::saml::bindings::decode_post_input;
use saml_edge::saml::{verify_response_decrypting, KeyTask, Step, Verification, VerifiedResponse, VerifyOptions};
use saml_edge::time::Timestamp;
use saml_edge::trust::TrustedKeys;
use saml_edge::verdict::{Pending, SignatureTask};
use saml_edge::xmlenc::{DecryptionKeys, OaepHash, Unwrapped};
use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A deterministic stand-in for an OS RNG (SHA-256 in counter mode): the tests must not depend
/// on randomness, and RSA blinding only needs unpredictability in production.
struct TestRng(u64);

impl TryRng for TestRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        use sha2::Digest;
        for chunk in dst.chunks_mut(32) {
            self.0 += 1;
            let block = sha2::Sha256::digest(self.0.to_le_bytes());
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        Ok(())
    }
}
impl TryCryptoRng for TestRng {}

fn option<'a>(case: &'a Value, defaults: &'a Value, key: &str) -> &'a Value {
    case.get("options").and_then(|o| o.get(key)).unwrap_or(&defaults[key])
}

struct Setup {
    options: VerifyOptions,
    keys: TrustedKeys,
    sp_keys: DecryptionKeys,
    sp_pems: Vec<Vec<u8>>,
}

fn setup(case: &Value, defaults: &Value) -> Setup {
    let s = |k: &str| option(case, defaults, k).as_str().map(String::from);
    let now = Timestamp::parse(&s("now").unwrap()).unwrap();
    let mut o = VerifyOptions::new(s("sp_entity_id").unwrap(), s("acs_url").unwrap(), now);
    o.idp_entity_id = s("idp_entity_id");
    o.in_response_to = s("in_response_to");
    o.allow_sha1 = option(case, defaults, "allow_sha1").as_bool().unwrap_or(false);
    o.allow_unsolicited = option(case, defaults, "allow_unsolicited").as_bool().unwrap_or(false);
    o.require_signed_assertion = option(case, defaults, "require_signed_assertion").as_bool().unwrap_or(false);
    let mut keys = TrustedKeys::new();
    for c in option(case, defaults, "certs").as_array().unwrap() {
        keys.add_pem_or_der(&std::fs::read(root().join(c.as_str().unwrap())).unwrap()).unwrap();
    }
    let mut sp_keys = DecryptionKeys::new();
    let mut sp_pems = Vec::new();
    for k in option(case, defaults, "sp_keys").as_array().unwrap() {
        let pem = std::fs::read(root().join(k.as_str().unwrap())).unwrap();
        sp_keys.add_pem_or_der(&pem).unwrap();
        sp_pems.push(pem);
    }
    Setup { options: o, keys, sp_keys, sp_pems }
}

fn check(name: &str, expect: &Value, result: Result<VerifiedResponse, saml_edge::Error>, failures: &mut Vec<String>) {
    if let Some(code) = expect.get("error").and_then(Value::as_str) {
        match result {
            Err(e) if e.code() == code => {}
            Err(e) => failures.push(format!("{name}: expected {code}, got {} ({e})", e.code())),
            Ok(r) => failures.push(format!("{name}: expected {code}, ACCEPTED as {}", r.identity.name_id)),
        }
        return;
    }
    let want = &expect["ok"];
    let r = match result {
        Ok(r) => r,
        Err(e) => return failures.push(format!("{name}: expected ok, got {} ({e})", e.code())),
    };
    let mut eq = |field: &str, found: &str| {
        if let Some(w) = want.get(field).and_then(Value::as_str) {
            if w != found {
                failures.push(format!("{name}: {field} expected {w:?}, found {found:?}"));
            }
        }
    };
    eq("name_id", &r.identity.name_id);
    eq("login_name", &r.identity.login_name);
    eq("signed", r.signed_element.as_str());
    eq("algorithm", r.decrypted.first().map(|d| d.algorithm.name()).unwrap_or("(none)"));
    if let Some(cbc) = want.get("cbc_warning").and_then(Value::as_bool) {
        let warned = r.warnings.iter().any(|w| w.contains("AES-GCM is preferred"));
        if warned != cbc {
            failures.push(format!("{name}: CBC warning expected {cbc}, warnings {:?}", r.warnings));
        }
    }
    if r.decrypted.is_empty() {
        failures.push(format!("{name}: accepted without decrypting anything"));
    }
    // Only signed content is reported, decrypted or not: the Response's ID exactly when the Response's
    // own signature (over the ciphertext, or inside the decrypted document) verified.
    let response_signed = r.response_signature.is_some();
    if r.response_id.is_some() != response_signed {
        failures.push(format!("{name}: response_id {:?} with the Response signed: {response_signed}", r.response_id));
    }
    if let Some(w) = want.get("response_id").and_then(Value::as_bool) {
        if w != r.response_id.is_some() {
            failures.push(format!("{name}: response_id expected {w}, found {:?}", r.response_id));
        }
    }
    if let Some(w) = want.get("in_response_to") {
        if w.as_str() != r.in_response_to.as_deref() {
            failures.push(format!("{name}: in_response_to expected {w}, found {:?}", r.in_response_to));
        }
    }
}

fn manifest() -> Value {
    serde_json::from_slice(&std::fs::read(root().join("tests/fixtures/encrypted/manifest.json")).unwrap()).unwrap()
}

/// The decryption and the schema's "one identifier in a Subject" agree: an `EncryptedID` beside a
/// `NameID` is the same `ERR_SAML_SCHEMA` (same element, expected and found) with SP keys and without,
/// for the encrypted suite's fixture (a real ciphertext) and for tests/fixtures' (no EncryptedKey: it
/// would be `ERR_XMLENC_STRUCTURE` if anything tried to decrypt it).
#[test]
fn an_encrypted_id_beside_a_name_id_is_the_schema_error_with_or_without_keys() {
    let manifest = manifest();
    let defaults = &manifest["defaults"];
    let s = setup(&Value::Null, defaults);
    let mut rng = TestRng(3);
    let want = saml_edge::Error::SamlSchema {
        element: String::from("Response/Assertion/Subject"),
        expected: String::from("(BaseID|NameID|EncryptedID), SubjectConfirmation* or SubjectConfirmation+"),
        found: String::from("NameID, EncryptedID, SubjectConfirmation (EncryptedID is not allowed there)"),
    };
    for file in [
        "tests/fixtures/encrypted/attacks/encrypted_id_and_nameid.xml",
        "tests/fixtures/attacks/encrypted_id_beside_nameid.xml",
    ] {
        let input = std::fs::read(root().join(file)).unwrap();
        let without = saml_edge::saml::verify_response(&input, &s.keys, &s.options);
        let with = verify_response_decrypting(&input, &s.keys, &s.sp_keys, &s.options, &mut rng);
        assert_eq!(without.as_ref().err(), Some(&want), "{file} without SP keys");
        assert_eq!(with.as_ref().err(), Some(&want), "{file} with SP keys");
    }
}

#[test]
fn every_encrypted_fixture_gives_its_expected_verdict() {
    let manifest = manifest();
    let defaults = &manifest["defaults"];
    let cases = manifest["cases"].as_array().unwrap();
    let mut failures = Vec::new();
    let mut rng = TestRng(1);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let input = std::fs::read(root().join(case["file"].as_str().unwrap())).unwrap();
        let s = setup(case, defaults);
        let result = verify_response_decrypting(&input, &s.keys, &s.sp_keys, &s.options, &mut rng);
        check(name, &case["expect"], result, &mut failures);
    }
    let ok = cases.iter().filter(|c| c["expect"].get("ok").is_some()).count();
    assert!(ok >= 40 && cases.len() - ok >= 40, "too few cases: {ok} valid of {}", cases.len());
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

fn private_key(pem: &[u8]) -> rsa::PrivateKey {
    let text = std::str::from_utf8(pem).unwrap();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
    rsa::PrivateKey::from_pkcs8_der(&der).or_else(|_| rsa::PrivateKey::from_pkcs1_der(&der)).unwrap()
}

/// How the "host" unwraps content keys.
#[derive(Clone, Copy, Debug)]
enum Host {
    /// node:crypto: the raw RSA output, decoded by the core.
    Raw,
    /// WebCrypto: all of RSA-OAEP (here the `rsa` crate's, an independent implementation);
    /// on failure random bytes of the key length, as the package does.
    Oaep,
}

fn host_unwrap(task: &KeyTask<'_>, key: &rsa::PrivateKey, host: Host, rng: &mut TestRng) -> Unwrapped {
    use rsa::traits::PublicKeyParts;
    use sha1::Sha1;
    use sha2::Sha256;
    if task.encrypted_key.len() != key.size() {
        return Unwrapped::Unusable;
    }
    match host {
        Host::Raw => {
            let c = rsa::BoxedUint::from_be_slice(task.encrypted_key, key.n_bits_precision()).unwrap();
            match rsa::hazmat::rsa_decrypt_and_check(key, Some(rng), &c) {
                Ok(m) => {
                    let b = m.to_be_bytes();
                    Unwrapped::Raw(b[b.len() - key.size()..].to_vec())
                }
                Err(_) => Unwrapped::Unusable,
            }
        }
        Host::Oaep => {
            let t = task.transport;
            let label = t.label.clone();
            let ct = task.encrypted_key;
            let r = match (t.digest, t.mgf1) {
                (OaepHash::Sha1, OaepHash::Sha1) => {
                    key.decrypt_blinded(rng, rsa::Oaep::<Sha1, Sha1>::new_with_mgf_hash_and_label(label), ct)
                }
                (OaepHash::Sha256, OaepHash::Sha1) => {
                    key.decrypt_blinded(rng, rsa::Oaep::<Sha256, Sha1>::new_with_mgf_hash_and_label(label), ct)
                }
                (OaepHash::Sha1, OaepHash::Sha256) => {
                    key.decrypt_blinded(rng, rsa::Oaep::<Sha1, Sha256>::new_with_mgf_hash_and_label(label), ct)
                }
                (OaepHash::Sha256, OaepHash::Sha256) => {
                    key.decrypt_blinded(rng, rsa::Oaep::<Sha256, Sha256>::new_with_mgf_hash_and_label(label), ct)
                }
            };
            match r {
                Ok(k) => Unwrapped::Key(k),
                Err(_) => {
                    let mut k = vec![0u8; task.key_len];
                    rng.try_fill_bytes(&mut k).unwrap();
                    Unwrapped::Key(k)
                }
            }
        }
    }
}

/// The host's signature check: `PublicKey::verify` on the task's bytes, first candidate that verifies.
fn host_verify(keys: &TrustedKeys, task: &SignatureTask<'_>) -> Option<usize> {
    task.candidates(keys).into_iter().find(|&i| {
        keys.iter()
            .nth(i)
            .is_some_and(|k| k.key().verify(task.algorithm, task.message, task.signature).unwrap_or(false))
    })
}

#[test]
fn split_path_gives_the_same_verdicts() {
    let manifest = manifest();
    let defaults = &manifest["defaults"];
    let mut rng = TestRng(7);
    let mut rounds_seen = 0;
    for host in [Host::Raw, Host::Oaep] {
        let mut failures = Vec::new();
        for case in manifest["cases"].as_array().unwrap() {
            let name = case["name"].as_str().unwrap();
            let input = std::fs::read(root().join(case["file"].as_str().unwrap())).unwrap();
            let s = setup(case, defaults);
            let native = verify_response_decrypting(&input, &s.keys, &s.sp_keys, &s.options, &mut rng);
            let sp: Vec<rsa::PrivateKey> = s.sp_pems.iter().map(|p| private_key(p)).collect();
            let split = (|| {
                if sp.is_empty() {
                    return saml_edge::saml::verify_response(&input, &s.keys, &s.options);
                }
                let mut o = s.options.clone();
                o.decrypt = true;
                let message = decode_post_input(&input, &o.limits)?;
                let mut v = Verification::begin(&message, &s.keys, &o)?;
                loop {
                    if v.decrypting().is_some() {
                        rounds_seen += 1;
                    }
                    let sigs: Vec<Option<usize>> = v.tasks().iter().map(|t| host_verify(&s.keys, t)).collect();
                    let unwrapped: Vec<Vec<Unwrapped>> = v
                        .key_tasks()
                        .iter()
                        .map(|t| sp.iter().map(|k| host_unwrap(t, k, host, &mut rng)).collect())
                        .collect();
                    for (task, results) in unwrapped.into_iter().enumerate() {
                        for u in results {
                            v.supply_key(task, u)?;
                        }
                    }
                    v = match v.finish(&s.keys, &sigs)? {
                        Step::Done(r) => return Ok(r),
                        Step::Next(next) => next,
                    };
                }
            })();
            let same = match (&native, &split) {
                (Ok(a), Ok(b)) => a.identity == b.identity && a.signed_element == b.signed_element,
                (Err(a), Err(b)) => a.code() == b.code(),
                _ => false,
            };
            if !same {
                failures.push(format!(
                    "{name} ({host:?}): native {:?} vs split {:?}",
                    native.as_ref().map(|r| &r.identity.name_id).map_err(|e| e.code()),
                    split.as_ref().map(|r| &r.identity.name_id).map_err(|e| e.code())
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
    assert!(rounds_seen > 80, "{rounds_seen} rounds");
}

/// Every case through the CLI: `saml-edge verify --sp-key FILE...` (exit 0 with the identity,
/// 1 with the code), and `inspect --sp-key` shows the decrypted Assertion of the Entra case.
#[test]
fn every_encrypted_fixture_through_the_cli() {
    use std::process::Command;
    let manifest = manifest();
    let defaults = &manifest["defaults"];
    let mut failures = Vec::new();
    for case in manifest["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let s = |k: &str| option(case, defaults, k).as_str().unwrap().to_string();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_saml-edge"));
        cmd.current_dir(root()).args(["verify", "--sp-entity-id", &s("sp_entity_id"), "--acs-url", &s("acs_url")]);
        cmd.args(["--idp-entity-id", &s("idp_entity_id"), "--now", &s("now")]);
        // Without --in-response-to the CLI allows an unsolicited response (and reports InResponseTo).
        if let Some(irt) = option(case, defaults, "in_response_to").as_str() {
            cmd.args(["--in-response-to", irt]);
        }
        for c in option(case, defaults, "certs").as_array().unwrap() {
            cmd.args(["--idp-cert", c.as_str().unwrap()]);
        }
        for k in option(case, defaults, "sp_keys").as_array().unwrap() {
            cmd.args(["--sp-key", k.as_str().unwrap()]);
        }
        cmd.arg(case["file"].as_str().unwrap());
        let out = cmd.output().unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        match case["expect"].get("error").and_then(Value::as_str) {
            Some(code) => {
                if out.status.code() != Some(1) || json["error"]["code"] != code {
                    failures.push(format!(
                        "{name}: expected exit 1 {code}, got {:?} {}",
                        out.status.code(),
                        json["error"]["code"]
                    ));
                }
            }
            None => {
                let want = &case["expect"]["ok"];
                if out.status.code() != Some(0)
                    || json["login_name"] != want["login_name"]
                    || json["signed_element"] != want["signed"]
                    || json["decrypted"].as_array().is_none_or(|d| d.is_empty())
                    || want.get("in_response_to").is_some_and(|w| json["in_response_to"] != *w)
                    || want.get("response_id").is_some_and(|w| json["response_id"].is_string() != *w)
                {
                    failures.push(format!("{name}: expected ok, got {:?} {}", out.status.code(), json));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    let out = Command::new(env!("CARGO_BIN_EXE_saml-edge"))
        .current_dir(root())
        .args(["inspect", "--now", "2026-01-15T10:01:00Z", "--sp-key", "tests/keys/sp-enc-rsa2048.key"])
        .arg("tests/fixtures/encrypted/valid/entra_encrypted_aes256cbc.xml")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Decryption:  EncryptedAssertion decrypted with SP key #0: AES-256-CBC"), "{text}");
    assert!(text.contains("NameID                   B.Simon@contoso.com"), "{text}");
    assert!(text.contains("XML (decrypted):"), "{text}");
    let without = Command::new(env!("CARGO_BIN_EXE_saml-edge"))
        .current_dir(root())
        .args([
            "inspect",
            "--now",
            "2026-01-15T10:01:00Z",
            "tests/fixtures/encrypted/valid/entra_encrypted_aes256cbc.xml",
        ])
        .output()
        .unwrap();
    assert!(!String::from_utf8(without.stdout).unwrap().contains("B.Simon@contoso.com"), "no key, no plaintext");
}
