//! The CLI over the same manifest: every valid fixture exits 0 with the
//! expected identity, every attack exits 1 with its error code in the JSON.

use std::process::Command;

use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_saml-edge"));
    c.current_dir(root());
    c
}

fn option<'a>(case: &'a Value, defaults: &'a Value, key: &str) -> &'a Value {
    case.get("options").and_then(|o| o.get(key)).unwrap_or(&defaults[key])
}

#[test]
fn verify_command_agrees_with_the_manifest() {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(root().join("tests/fixtures/manifest.json")).unwrap()).unwrap();
    let defaults = &manifest["defaults"];
    let mut failures = Vec::new();
    let cases = manifest["cases"].as_array().unwrap();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        // Without --in-response-to the CLI reports InResponseTo instead of refusing (it is a
        // debugging tool), so the library's strict unsolicited refusal is not a CLI case.
        if option(case, defaults, "in_response_to").is_null()
            && option(case, defaults, "allow_unsolicited").as_bool() != Some(true)
        {
            continue;
        }
        let mut cmd = bin();
        cmd.arg("verify");
        for key in ["sp_entity_id", "acs_url", "idp_entity_id", "in_response_to", "now"] {
            if let Some(v) = option(case, defaults, key).as_str() {
                cmd.arg(format!("--{}", key.replace('_', "-"))).arg(v);
            }
        }
        if let Some(t) = option(case, defaults, "clock_tolerance").as_u64() {
            cmd.arg("--clock-skew").arg(t.to_string());
        }
        if option(case, defaults, "allow_sha1").as_bool() == Some(true) {
            cmd.arg("--allow-sha1");
        }
        if option(case, defaults, "require_signed_assertion").as_bool() == Some(true) {
            cmd.arg("--require-signed-assertion");
        }
        for c in option(case, defaults, "certs").as_array().unwrap() {
            cmd.arg("--idp-cert").arg(c.as_str().unwrap());
        }
        if let Some(path) = option(case, defaults, "metadata").as_str() {
            cmd.arg("--idp-metadata").arg(path);
        }
        if let Some(bits) = option(case, defaults, "min_rsa_bits").as_u64() {
            cmd.arg("--min-rsa-bits").arg(bits.to_string());
        }
        for a in option(case, defaults, "affiliations").as_array().into_iter().flatten() {
            cmd.arg("--affiliation").arg(a.as_str().unwrap());
        }
        cmd.arg(case["file"].as_str().unwrap());
        let out = cmd.output().expect("the CLI runs");
        let json: Value = match serde_json::from_slice(&out.stdout) {
            Ok(j) => j,
            Err(_) => {
                failures.push(format!(
                    "{name}: no JSON (exit {:?}): {}",
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr)
                ));
                continue;
            }
        };
        match case["expect"].get("error").and_then(|e| e.as_str()) {
            Some(code) => {
                // Configuration errors (an unusable pinned key, expired metadata) exit 2; refusals exit 1.
                let config = ["ERR_KEY_", "ERR_CERT_", "ERR_METADATA"];
                let exit = if config.iter().any(|p| code.starts_with(p)) { 2 } else { 1 };
                if out.status.code() != Some(exit) || json["error"]["code"] != code {
                    failures.push(format!(
                        "{name}: expected exit {exit} with {code}, got exit {:?} {}",
                        out.status.code(),
                        json["error"]["code"]
                    ));
                }
                let message = json["error"]["message"].as_str().unwrap_or("");
                let bounded = message.chars().count() <= 1_000 && !message.chars().any(char::is_control);
                if case["expect"]["bounded"] == true && !bounded {
                    failures.push(format!("{name}: the message is not bounded ({} chars)", message.chars().count()));
                }
            }
            None => {
                let want = &case["expect"]["ok"];
                if out.status.code() != Some(0) || json["valid"] != true {
                    failures.push(format!(
                        "{name}: expected acceptance, got exit {:?} {}",
                        out.status.code(),
                        json["error"]
                    ));
                    continue;
                }
                for (field, key) in [
                    ("name_id", "name_id"),
                    ("login_name", "login_name"),
                    ("signed", "signed_element"),
                    ("in_response_to", "in_response_to"),
                    ("response_id", "response_id"),
                ] {
                    if let Some(w) = want.get(field) {
                        if json[key] != *w {
                            failures.push(format!("{name}: {field} expected {w}, found {}", json[key]));
                        }
                    }
                }
                if let Some(w) = want.get("warning").and_then(|w| w.as_str()) {
                    let warnings = json["warnings"].as_array().cloned().unwrap_or_default();
                    if !warnings.iter().any(|x| x.as_str().is_some_and(|x| x.contains(w))) {
                        failures.push(format!("{name}: no warning contains {w:?}: {warnings:?}"));
                    }
                }
            }
        }
    }
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    assert!(failures.is_empty(), "{} CLI cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn usage_errors_exit_2() {
    let out = bin().args(["verify", "--acs-url", "x", "tests/fixtures/manifest.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().args(["verify", "--sp-entity-id", "s", "--acs-url", "a", "no-such-file"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn authn_request_round_trips_through_decode() {
    let out = bin()
        .args([
            "authn-request",
            "--idp-sso-url",
            "https://login.example/saml2",
            "--sp-entity-id",
            "https://sp.example",
            "--acs-url",
            "https://sp.example/acs",
            "--id",
            "_abc123",
            "--now",
            "2026-01-15T10:00:00Z",
            "--relay-state",
            "/wanted",
            "--login-hint",
            "bsimon@contoso.com",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let url = json["url"].as_str().unwrap();
    assert!(url.starts_with("https://login.example/saml2?SAMLRequest="));
    assert!(url.contains("login_hint=bsimon%40contoso.com"));
    let out = bin().args(["decode", url]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("RelayState:  /wanted"), "{text}");
    assert!(text.contains("ID=\"_abc123\""), "{text}");
    assert!(text.contains("AssertionConsumerServiceURL=\"https://sp.example/acs\""), "{text}");
    // An ID that starts with a digit is refused (Entra answers with an error to it).
    let out = bin()
        .args(["authn-request", "--idp-sso-url", "https://i", "--sp-entity-id", "s", "--acs-url", "a", "--id", "1abc"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn c14n_command_prints_canonical_form() {
    let dir = std::env::temp_dir().join(format!("saml-edge-c14n-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("in.xml");
    std::fs::write(&f, "<a xmlns:p=\"urn:p\" xmlns:u=\"urn:u\"><p:b ID=\"x\" z=\"1\" y=\"2\"/><!--c--></a>").unwrap();
    let run = |extra: &[&str]| {
        let out = bin().arg("c14n").args(extra).arg(&f).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(run(&[]), "<a><p:b xmlns:p=\"urn:p\" ID=\"x\" y=\"2\" z=\"1\"></p:b></a>");
    assert_eq!(
        run(&["--inclusive", "--with-comments"]),
        "<a xmlns:p=\"urn:p\" xmlns:u=\"urn:u\"><p:b ID=\"x\" y=\"2\" z=\"1\"></p:b><!--c--></a>"
    );
    assert_eq!(
        run(&["--id", "x", "--prefixes", "u"]),
        "<p:b xmlns:p=\"urn:p\" xmlns:u=\"urn:u\" ID=\"x\" y=\"2\" z=\"1\"></p:b>"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verify_with_entra_federation_metadata() {
    let args = [
        "verify",
        "--idp-metadata",
        "tests/fixtures/metadata/entra-federationmetadata.xml",
        "--sp-entity-id",
        "https://auth.iws-hybrid.trendmicro.com/0123456789abcdef",
        "--acs-url",
        "https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp",
        "--now",
        "2026-01-15T10:01:00Z",
    ];
    // The metadata pins the active and the next certificate: both the usual response and
    // one signed with the next key (after a rollover) verify, and the issuer is checked.
    for file in ["tests/fixtures/valid/entra_assertion_signed.xml", "tests/fixtures/valid/rollover_next_key.xml"] {
        let out = bin().args(args).arg(file).output().unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "{file}: {json}");
        assert_eq!(json["issuer"], "https://sts.windows.net/00000000-0000-0000-0000-000000000000/");
        assert!(json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| !w.as_str().unwrap().contains("Issuer not checked")));
    }
    // A response whose issuer differs from the metadata's entityID is refused.
    let out = bin().args(args).arg("tests/fixtures/attacks/wrong_issuer_assertion.xml").output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["error"]["code"], "ERR_SAML_ISSUER", "{json}");
}

/// `--idp-metadata` reports the metadata's validUntil and cacheDuration, and refuses metadata past its
/// validUntil at `--now` as a configuration error (exit 2) before reading the response.
#[test]
fn idp_metadata_validity() {
    let run = |now: &str| {
        bin()
            .args([
                "verify",
                "--idp-metadata",
                "tests/fixtures/metadata/entities-valid-until.xml",
                "--sp-entity-id",
                "https://auth.iws-hybrid.trendmicro.com/0123456789abcdef",
                "--acs-url",
                "https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp",
                "--in-response-to",
                "_4fee3b046395c4e751011e97f8900b5273d56685",
                "--now",
                now,
                "tests/fixtures/valid/entra_assertion_signed.xml",
            ])
            .output()
            .unwrap()
    };
    let out = run("2026-01-15T10:01:00Z");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["metadata"]["valid_until"], "2026-01-15T10:05:00Z");
    assert_eq!(json["metadata"]["cache_duration"], "PT1H");
    let out = run("2026-01-15T10:05:00Z");
    assert_eq!(out.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (json["option"].as_str(), json["error"]["code"].as_str()),
        (Some("--idp-metadata"), Some("ERR_METADATA_EXPIRED"))
    );
    // The legacy opt-in's bounds are a usage error.
    let out = bin()
        .args([
            "verify",
            "--min-rsa-bits",
            "512",
            "--idp-cert",
            "tests/keys/idp-rsa2048.crt",
            "--sp-entity-id",
            "s",
            "--acs-url",
            "a",
            "tests/fixtures/valid/entra_assertion_signed.xml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("saml-edge verify: --min-rsa-bits: ") && stderr.contains("1024 to 8192"), "{stderr}");
}

const SP: &str = "https://auth.iws-hybrid.trendmicro.com/0123456789abcdef";
const ACS: &str = "https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp";

#[test]
fn every_command_has_help_and_the_binary_a_version() {
    for command in ["verify", "inspect", "c14n", "authn-request", "decode"] {
        for flag in ["--help", "-h"] {
            let out = bin().args([command, flag]).output().unwrap();
            let text = String::from_utf8(out.stdout).unwrap();
            assert_eq!(out.status.code(), Some(0), "{command} {flag}");
            assert!(text.starts_with(&format!("saml-edge {command} ")), "{command} {flag}: {text}");
            assert!(
                !text.contains("saml-edge decode URL") || command == "decode",
                "{command}: only its own usage\n{text}"
            );
        }
        // `help COMMAND` prints the same, and --help wins over missing required options.
        let help = bin().args(["help", command]).output().unwrap();
        assert_eq!(help.status.code(), Some(0));
        assert!(String::from_utf8(help.stdout).unwrap().starts_with(&format!("saml-edge {command} ")));
    }
    let verify = bin().args(["verify", "--sp-entity-id", "x", "--help"]).output().unwrap();
    let verify = String::from_utf8(verify.stdout).unwrap();
    for option in
        ["--idp-cert FILE", "--idp-metadata FILE", "--in-response-to ID", "--now RFC3339", "--clock-skew SECS"]
    {
        assert!(verify.contains(option), "verify --help lists {option}:\n{verify}");
    }
    for flag in ["--help", "-h", "help"] {
        let out = bin().arg(flag).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("saml-edge verify ") && text.contains("saml-edge decode "), "{text}");
    }
    for flag in ["--version", "-V"] {
        let out = bin().arg(flag).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("saml-edge {}\n", env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn a_usage_error_is_one_line_naming_the_problem_and_the_help() {
    let cases: &[(&[&str], &str, &str)] = &[
        (&["verify", "--bogus", "x"], "unknown option --bogus", "saml-edge verify --help"),
        (
            &["verify", "--acs-url", "a", "tests/fixtures/valid/entra_assertion_signed.xml"],
            "--sp-entity-id is required",
            "saml-edge verify --help",
        ),
        (&["inspect"], "an INPUT", "saml-edge inspect --help"),
        (&["inspect", "--now"], "--now needs a value", "saml-edge inspect --help"),
        (&["c14n", "a", "b"], "exactly one INPUT", "saml-edge c14n --help"),
        (
            &["authn-request", "--idp-sso-url", "https://i", "--sp-entity-id", "s", "--acs-url", "a", "--id", "1abc"],
            "--id is invalid",
            "saml-edge authn-request --help",
        ),
        (&["frobnicate"], "unknown command \"frobnicate\"", "saml-edge --help"),
    ];
    for (args, problem, help) in cases {
        let out = bin().args(*args).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line, not the usage:\n{err}");
        assert!(err.contains(problem) && err.contains(help), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn verify_json_starts_with_valid() {
    let base = ["verify", "--idp-cert", "tests/keys/idp-rsa2048.crt", "--sp-entity-id", SP, "--acs-url", ACS];
    for (now, accepted) in [("2026-01-15T10:01:00Z", true), ("2026-01-15T10:08:00Z", false)] {
        let out =
            bin().args(base).args(["--now", now, "tests/fixtures/valid/entra_assertion_signed.xml"]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with(&format!("{{\n  \"valid\": {accepted},")), "{text}");
    }
}

#[test]
fn untrusted_certificate_names_both_thumbprints() {
    let out = bin()
        .args(["verify", "--idp-cert", "tests/keys/idp-rsa2048.crt", "--sp-entity-id", SP, "--acs-url", ACS])
        .args(["--now", "2026-01-15T10:01:00Z", "tests/fixtures/valid/rollover_next_key.xml"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = &json["error"];
    assert_eq!(e["code"], "ERR_DSIG_UNTRUSTED_CERT", "{json}");
    let sha1 = e["detail"]["certificate_sha1"].as_str().unwrap();
    let sha256 = e["detail"]["certificate_sha256"].as_str().unwrap();
    assert!(sha1.len() == 40 && sha1.bytes().all(|b| b.is_ascii_hexdigit()), "{json}");
    assert_eq!(sha256.len(), 64, "{json}");
    // Entra's portal shows the SHA-1 thumbprint in upper case: the message gives it that way.
    assert!(
        e["message"].as_str().unwrap().contains(&format!("SHA-1 thumbprint {}", sha1.to_ascii_uppercase())),
        "{json}"
    );
}

#[test]
fn inspect_json_and_human_times() {
    // 2026-01-15T10:05Z (the SubjectConfirmationData end) seen 4 years 9 months later.
    let later = "2030-10-20T00:00:00Z";
    let out = bin()
        .args(["inspect", "--json", "--now", later, "tests/fixtures/valid/entra_assertion_signed.xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["now"], later);
    assert_eq!(json["root"]["qname"], "samlp:Response");
    let sig = &json["signatures"][0];
    assert_eq!(sig["digest_matches"], true, "{sig}");
    assert_eq!(sig["digest_computed"], sig["digest_declared"]);
    assert_eq!(sig["key_info_certificates"][0]["sha1"].as_str().map(str::len), Some(40));
    let a = &json["assertions"][0];
    assert_eq!(a["name_id"], "B.Simon@contoso.com");
    let sc = a["windows"].as_array().unwrap().iter().find(|w| w["name"] == "SubjectConfirmationData").unwrap();
    assert_eq!(sc["not_on_or_after"]["relative"], "expired 4 years 9 months ago", "{sc}");
    assert!(sc["not_on_or_after"]["seconds_from_now"].as_i64().unwrap() < -150_000_000);
    assert!(json["xml"].as_str().unwrap().contains("<Assertion"));

    // The text says the same, never a raw count of seconds.
    let out =
        bin().args(["inspect", "--now", later, "tests/fixtures/valid/entra_assertion_signed.xml"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2026-01-15T10:05:00.000Z (expired 4 years 9 months ago)"), "{text}");
    assert!(!text.contains(" s ago") && !text.contains("ENDED"), "{text}");

    // Input that is not SAML: `{stage, error}` and exit 1.
    let dir = std::env::temp_dir().join(format!("saml-edge-inspect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("garbage.txt");
    std::fs::write(&f, "this is not base64 or XML!").unwrap();
    let out = bin().args(["inspect", "--json"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["stage"], "decode", "{json}");
    assert_eq!(json["error"]["code"], "ERR_INPUT_ENCODING", "{json}");
    let _ = std::fs::remove_dir_all(&dir);
}
