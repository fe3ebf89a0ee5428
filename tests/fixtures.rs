//! Every fixture in tests/fixtures/manifest.json, verified through the public API:
//! valid ones must give the expected identity, attacks their expected error code.
//! The fixtures are signed by xmlsec1 (tests/fixtures/generate.py).

use saml_edge::saml::{verify_response, VerifyOptions};
use saml_edge::time::Timestamp;
use saml_edge::trust::TrustedKeys;
use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn option<'a>(case: &'a Value, defaults: &'a Value, key: &str) -> &'a Value {
    case.get("options").and_then(|o| o.get(key)).unwrap_or(&defaults[key])
}

/// Build the options and keys a manifest case asks for.
/// A pinned key that cannot be used is a configuration error, reported like a refusal.
pub fn setup(case: &Value, defaults: &Value) -> Result<(VerifyOptions, TrustedKeys), saml_edge::Error> {
    let s = |k: &str| option(case, defaults, k).as_str().map(String::from);
    let now = Timestamp::parse(&s("now").expect("now")).expect("now parses");
    let mut o = VerifyOptions::new(s("sp_entity_id").unwrap(), s("acs_url").unwrap(), now);
    o.idp_entity_id = s("idp_entity_id");
    o.in_response_to = s("in_response_to");
    if let Some(t) = option(case, defaults, "clock_tolerance").as_u64() {
        o.clock_tolerance_secs = t as u32;
    }
    o.allow_sha1 = option(case, defaults, "allow_sha1").as_bool().unwrap_or(false);
    o.allow_unsolicited = option(case, defaults, "allow_unsolicited").as_bool().unwrap_or(false);
    o.require_signed_assertion = option(case, defaults, "require_signed_assertion").as_bool().unwrap_or(false);
    if let Some(list) = option(case, defaults, "affiliations").as_array() {
        o.affiliations = list.iter().map(|a| a.as_str().unwrap().to_string()).collect();
    }
    let mut keys = match option(case, defaults, "min_rsa_bits").as_u64() {
        Some(bits) => TrustedKeys::with_min_rsa_bits(bits as usize)?,
        None => TrustedKeys::new(),
    };
    for c in option(case, defaults, "certs").as_array().expect("certs") {
        let pem = std::fs::read(root().join(c.as_str().unwrap())).expect("cert file");
        keys.add_pem_or_der(&pem)?;
    }
    if let Some(path) = option(case, defaults, "metadata").as_str() {
        let xml = std::fs::read_to_string(root().join(path)).expect("metadata file");
        let md = saml_edge::saml::metadata::parse_idp_metadata(&xml, &saml_edge::Limits::default())?;
        md.pin_keys(&mut keys)?;
    }
    Ok((o, keys))
}

/// With `"bounded": true`: the message and every detail value but `expected` are one line and short,
/// however long the input they quote.
fn check_bounded(name: &str, e: &saml_edge::Error, failures: &mut Vec<String>) {
    let message = e.to_string();
    if message.chars().count() > 1_000 || message.chars().any(char::is_control) {
        failures.push(format!("{name}: the message is not bounded ({} characters)", message.chars().count()));
    }
    for (key, value) in e.detail() {
        if key != "expected" && (value.chars().count() > 1_100 || value.chars().any(char::is_control)) {
            failures.push(format!("{name}: detail {key} is not bounded ({} characters)", value.chars().count()));
        }
    }
}

#[test]
fn every_fixture_gives_its_expected_verdict() {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(root().join("tests/fixtures/manifest.json")).expect("manifest"))
            .expect("manifest is JSON");
    let defaults = &manifest["defaults"];
    let cases = manifest["cases"].as_array().expect("cases");
    let mut failures = Vec::new();
    let (mut ok_cases, mut error_cases) = (0, 0);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let input = std::fs::read(root().join(case["file"].as_str().unwrap())).expect("fixture file");
        let result = setup(case, defaults).and_then(|(o, keys)| verify_response(&input, &keys, &o));
        let expect = &case["expect"];
        if let Some(code) = expect.get("error").and_then(|e| e.as_str()) {
            error_cases += 1;
            match result {
                Err(e) if e.code() == code => {
                    if expect.get("bounded").and_then(|b| b.as_bool()) == Some(true) {
                        check_bounded(name, &e, &mut failures);
                    }
                }
                Err(e) => failures.push(format!("{name}: expected {code}, got {} ({e})", e.code())),
                Ok(r) => {
                    failures.push(format!("{name}: expected {code}, but it was ACCEPTED as {}", r.identity.name_id))
                }
            }
        } else {
            ok_cases += 1;
            let want = &expect["ok"];
            match result {
                Err(e) => failures.push(format!("{name}: expected ok, got {} ({e})", e.code())),
                Ok(r) => {
                    let mut check = |field: &str, found: &str| {
                        if let Some(w) = want.get(field).and_then(|v| v.as_str()) {
                            if w != found {
                                failures.push(format!("{name}: {field} expected {w:?}, found {found:?}"));
                            }
                        }
                    };
                    check("name_id", &r.identity.name_id);
                    check("login_name", &r.identity.login_name);
                    check("signed", r.signed_element.as_str());
                    let replay = r.replay_expiry().map(|t| t.to_string()).unwrap_or_default();
                    check("replay_expires", &replay);
                    for (field, found) in
                        [("in_response_to", r.in_response_to.as_deref()), ("response_id", r.response_id.as_deref())]
                    {
                        if let Some(w) = want.get(field) {
                            if w.as_str() != found {
                                failures.push(format!("{name}: {field} expected {w}, found {found:?}"));
                            }
                        }
                    }
                    if let Some(w) = want.get("warning").and_then(|v| v.as_str()) {
                        if !r.warnings.iter().any(|x| x.contains(w)) {
                            failures.push(format!("{name}: no warning contains {w:?}: {:?}", r.warnings));
                        }
                    }
                    if let Some(attrs) = want.get("attributes").and_then(|a| a.as_object()) {
                        for (k, v) in attrs {
                            let found = r.identity.claim(k).map(|v| v.to_vec()).unwrap_or_default();
                            let want: Vec<String> = match v {
                                Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(String::from)).collect(),
                                Value::String(s) => vec![s.clone()],
                                _ => vec![],
                            };
                            if found != want {
                                failures.push(format!("{name}: claim {k} expected {want:?}, found {found:?}"));
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(ok_cases >= 10 && error_cases >= 40, "too few cases: {ok_cases} valid, {error_cases} refusals");
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// A response begun as a JS host begins it: decoded, then every check up to the signature values.
fn begin(input: &[u8], keys: &TrustedKeys, o: &VerifyOptions) -> saml_edge::Result<saml_edge::saml::Verification> {
    let message = saml_edge::saml::bindings::decode_post_input(input, &o.limits)?;
    saml_edge::saml::Verification::begin(&message, keys, o)
}

/// The end of a response sent in the clear: one step.
fn done(step: saml_edge::saml::Step) -> saml_edge::saml::VerifiedResponse {
    match step {
        saml_edge::saml::Step::Done(r) => r,
        saml_edge::saml::Step::Next(_) => panic!("a response sent in the clear takes one step"),
    }
}

/// The split path a JS host uses (checks in Rust, signature values by the host's crypto,
/// verdict in Rust) gives the same verdict as `verify_response` on every case. The "host" here
/// verifies with `PublicKey::verify_prehashed` over its own SHA digest, a different code path
/// from the one `verify_response` takes.
#[test]
fn split_path_gives_the_same_verdicts() {
    use saml_edge::crypto::digest;
    use saml_edge::verdict::Pending;

    let manifest: Value =
        serde_json::from_slice(&std::fs::read(root().join("tests/fixtures/manifest.json")).unwrap()).unwrap();
    let defaults = &manifest["defaults"];
    let mut compared = 0;
    let mut tasks = 0;
    for case in manifest["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let input = std::fs::read(root().join(case["file"].as_str().unwrap())).unwrap();
        let Ok((o, keys)) = setup(case, defaults) else { continue };
        let direct = verify_response(&input, &keys, &o).map(|r| r.identity).map_err(|e| e.code());
        let split = begin(&input, &keys, &o).and_then(|pending| {
            let results: Vec<Option<usize>> = pending
                .tasks()
                .iter()
                .map(|t| {
                    let hashed = digest(t.algorithm.digest(), t.message);
                    t.candidates(&keys).into_iter().find(|&k| {
                        let key = keys.iter().nth(k).unwrap().key();
                        key.verify_prehashed(t.algorithm, &hashed, t.signature).unwrap_or(false)
                    })
                })
                .collect();
            tasks += results.len();
            pending.finish(&keys, &results).map(done)
        });
        let split = split.map(|r| r.identity).map_err(|e| e.code());
        assert_eq!(direct, split, "{name}");
        compared += 1;
    }
    assert!(compared > 150, "{compared}");
    assert!(tasks > 100, "{tasks}");
}

/// Digests are the core's, hashed while it canonicalizes: a Reference whose content changed is
/// refused when the response is begun, before any signature value is handed out, and each
/// error names its own Reference.
#[test]
fn split_path_compares_digests_before_any_task() {
    use saml_edge::verdict::Pending;

    let manifest: Value =
        serde_json::from_slice(&std::fs::read(root().join("tests/fixtures/manifest.json")).unwrap()).unwrap();
    let defaults = &manifest["defaults"];
    let case = manifest["cases"].as_array().unwrap().iter().find(|c| c["name"] == "both_signed").unwrap();
    let input = String::from_utf8(std::fs::read(root().join(case["file"].as_str().unwrap())).unwrap()).unwrap();
    let (o, keys) = setup(case, defaults).unwrap();
    let ok = [Some(0), Some(0)];
    assert_eq!(begin(input.as_bytes(), &keys, &o).unwrap().tasks().len(), 2);
    assert!(begin(input.as_bytes(), &keys, &o).unwrap().finish(&keys, &ok).is_ok());
    // The Response's own content (its Issuer), then the Assertion's (its NameID, in a response
    // where only the Assertion is signed: inside a signed Response the Response's digest fails first).
    let assertion_only =
        manifest["cases"].as_array().unwrap().iter().find(|c| c["name"] == "entra_assertion_signed").unwrap();
    let (o2, keys2) = setup(assertion_only, defaults).unwrap();
    let other =
        String::from_utf8(std::fs::read(root().join(assertion_only["file"].as_str().unwrap())).unwrap()).unwrap();
    let mut messages = Vec::new();
    for (text, o, keys, from, to) in [
        (&input, &o, &keys, "000000000000/</Issuer><Signature", "000000000001/</Issuer><Signature"),
        (&other, &o2, &keys2, "B.Simon@contoso.com</NameID>", "admin@contoso.com</NameID>"),
    ] {
        assert!(text.contains(from), "{from}");
        let e = begin(text.replacen(from, to, 1).as_bytes(), keys, o).unwrap_err();
        assert_eq!(e.code(), "ERR_DSIG_DIGEST_MISMATCH", "{to}");
        messages.push(e.to_string());
    }
    assert!(messages[0].contains('#') && messages[0] != messages[1], "{messages:?}");
    // One verdict per task.
    assert_eq!(
        begin(input.as_bytes(), &keys, &o).unwrap().finish(&keys, &ok[..1]).unwrap_err().code(),
        "ERR_CONFIG_INVALID"
    );
}

/// A host that reports every signature as invalid gets a signature error, never an acceptance;
/// a host that names a key that cannot verify the algorithm is not believed.
#[test]
fn split_path_refuses_what_the_host_does_not_confirm() {
    use saml_edge::verdict::Pending;

    let manifest: Value =
        serde_json::from_slice(&std::fs::read(root().join("tests/fixtures/manifest.json")).unwrap()).unwrap();
    let defaults = &manifest["defaults"];
    let case = manifest["cases"].as_array().unwrap().iter().find(|c| c["name"] == "entra_assertion_signed").unwrap();
    let input = std::fs::read(root().join(case["file"].as_str().unwrap())).unwrap();
    let (o, mut keys) = setup(case, defaults).unwrap();
    let pending = begin(&input, &keys, &o).unwrap();
    assert_eq!(pending.tasks().len(), 1);
    let err = pending.finish(&keys, &[None]).unwrap_err();
    assert_eq!(err.code(), "ERR_DSIG_SIGNATURE_INVALID");
    let pending = begin(&input, &keys, &o).unwrap();
    assert_eq!(pending.finish(&keys, &[]).unwrap_err().code(), "ERR_CONFIG_INVALID");
    // Index 1 is an EC key: it cannot verify RSA-SHA256, so the host's claim is ignored.
    keys.add_pem_or_der(&std::fs::read(root().join("tests/keys/idp-ec-p256.crt")).unwrap()).unwrap();
    let pending = begin(&input, &keys, &o).unwrap();
    assert_eq!(pending.tasks()[0].candidates(&keys), vec![0]);
    assert_eq!(pending.finish(&keys, &[Some(1)]).unwrap_err().code(), "ERR_DSIG_SIGNATURE_INVALID");
}
