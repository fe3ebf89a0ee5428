//! The SP commands of the CLI: `verify-logout` over every case of tests/fixtures/sp/manifest.json,
//! `sp-metadata`, signed `authn-request` / `logout-request` / `logout-response` read back by
//! `decode` and `verify-logout`, and `--idp-metadata-cert` on signed, tampered and unsigned metadata.

use std::process::{Command, Output};

use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_saml-edge")).current_dir(root()).args(args).output().expect("the CLI runs")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    })
}

const NOW: &str = "2026-01-15T10:01:00Z";

#[test]
fn verify_logout_agrees_with_the_manifest() {
    let m: Value =
        serde_json::from_slice(&std::fs::read(root().join("tests/fixtures/sp/manifest.json")).unwrap()).unwrap();
    let d = &m["defaults"];
    let mut failures = Vec::new();
    for case in m["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let get = |k: &str| case["options"].get(k).unwrap_or(&d[k]).clone();
        let mut args = vec![
            "verify-logout".to_string(),
            "--slo-url".into(),
            get("slo_url").as_str().unwrap().into(),
            "--idp-entity-id".into(),
            get("idp_entity_id").as_str().unwrap().into(),
            "--now".into(),
            get("now").as_str().unwrap().into(),
            "--binding".into(),
            case["binding"].as_str().unwrap().into(),
        ];
        for c in get("certs").as_array().unwrap() {
            args.extend(["--idp-cert".into(), c.as_str().unwrap().into()]);
        }
        if get("allow_sha1").as_bool() == Some(true) {
            args.push("--allow-sha1".into());
        }
        if case["kind"] == "response" {
            args.extend(["--in-response-to".into(), get("in_response_to").as_str().unwrap().into()]);
        }
        args.push(case["file"].as_str().unwrap().into());
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = bin(&argv);
        let j = json(&out);
        match case["expect"].get("error").and_then(Value::as_str) {
            Some(code) => {
                if out.status.code() != Some(1) || j["error"]["code"] != code {
                    failures.push(format!("{name}: expected {code}, got exit {:?} {j}", out.status.code()));
                }
            }
            None => {
                let want = &case["expect"]["ok"];
                if out.status.code() != Some(0) || j["valid"] != true {
                    failures.push(format!("{name}: expected ok, got exit {:?} {j}", out.status.code()));
                } else if let Some(n) = want.get("name_id") {
                    if &j["name_id"] != n {
                        failures.push(format!("{name}: name_id {}", j["name_id"]));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn signed_requests_are_read_back_with_the_sp_certificate() {
    let sp_key = "tests/keys/sp-signing-rsa2048.key";
    let sp_crt = "tests/keys/sp-signing-rsa2048.crt";
    let out = bin(&[
        "authn-request",
        "--idp-sso-url",
        "https://idp.example/sso",
        "--sp-entity-id",
        "https://sp.example/",
        "--acs-url",
        "https://sp.example/acs",
        "--relay-state",
        "/x y",
        "--login-hint",
        "a@b.example",
        "--sign-key",
        sp_key,
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let url = json(&out)["url"].as_str().unwrap().to_string();
    assert!(url.contains("&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature="));
    assert!(url.ends_with("&login_hint=a%40b.example"), "{url}");
    let out = bin(&["decode", "--idp-cert", sp_crt, &url]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("Signature:   verified over the query as received (RSA-SHA256"),
        "{text}"
    );
    // The same URL with another key pinned: refused, exit 1.
    let out = bin(&["decode", "--idp-cert", "tests/keys/idp-rsa2048.crt", &url]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.code() == Some(1) && text.contains("REFUSED ERR_DSIG_SIGNATURE_INVALID"), "{text}");
    // Without keys it says so, and exits 0.
    let out = bin(&["decode", &url]);
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("present, not checked"));

    // A signed LogoutRequest, checked as the IdP would (roles swapped: the SP's certificate pinned).
    let out = bin(&[
        "logout-request",
        "--idp-slo-url",
        "https://idp.example/slo",
        "--sp-entity-id",
        "https://sp.example/",
        "--name-id",
        "B.Simon@contoso.com",
        "--session-index",
        "_s1",
        "--now",
        NOW,
        "--sign-key",
        sp_key,
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let url = json(&out)["url"].as_str().unwrap().to_string();
    let file = std::env::temp_dir().join(format!("saml-edge-cli-sp-{}.url", std::process::id()));
    std::fs::write(&file, &url).unwrap();
    let path = file.to_str().unwrap();
    let out = bin(&[
        "verify-logout",
        "--idp-cert",
        sp_crt,
        "--idp-entity-id",
        "https://sp.example/",
        "--slo-url",
        "https://idp.example/slo",
        "--now",
        NOW,
        path,
    ]);
    let j = json(&out);
    assert!(out.status.success(), "{j}");
    assert_eq!(j["name_id"], "B.Simon@contoso.com");
    assert_eq!(j["session_indexes"][0], "_s1");
    assert_eq!(j["signature"]["binding"], "redirect");

    // A signed LogoutResponse to an IdP's request.
    let out = bin(&[
        "logout-response",
        "--idp-slo-url",
        "https://idp.example/slo",
        "--sp-entity-id",
        "https://sp.example/",
        "--in-response-to",
        "_idp1",
        "--now",
        NOW,
        "--sign-key",
        sp_key,
    ]);
    let url = json(&out)["url"].as_str().unwrap().to_string();
    std::fs::write(&file, &url).unwrap();
    let base = [
        "verify-logout",
        "--idp-cert",
        sp_crt,
        "--idp-entity-id",
        "https://sp.example/",
        "--slo-url",
        "https://idp.example/slo",
        "--now",
        NOW,
    ];
    let out = bin(&[&base[..], &["--in-response-to", "_idp1", path]].concat());
    assert!(out.status.success(), "{}", json(&out));
    let out = bin(&[&base[..], &["--in-response-to", "_idp2", path]].concat());
    assert_eq!(json(&out)["error"]["code"], "ERR_SAML_IN_RESPONSE_TO");
    // Without --in-response-to a LogoutRequest is expected.
    let out = bin(&[&base[..], &[path]].concat());
    assert_eq!(json(&out)["error"]["code"], "ERR_LOGOUT_MESSAGE");
    std::fs::remove_file(&file).ok();
}

#[test]
fn sp_metadata_is_signed_and_checked() {
    let out = bin(&[
        "sp-metadata",
        "--entity-id",
        "https://sp.example/",
        "--acs-url",
        "https://sp.example/acs",
        "--slo-url",
        "https://sp.example/slo",
        "--signing-cert",
        "tests/keys/sp-signing-rsa2048.crt",
        "--authn-requests-signed",
        "--sign-key",
        "tests/keys/sp-signing-rsa2048.key",
    ]);
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(xml.contains("AuthnRequestsSigned=\"true\"") && xml.contains("<ds:SignatureValue>"), "{xml}");
    // The wrong certificate for the key: the self-check refuses before anything is printed.
    let out = bin(&[
        "sp-metadata",
        "--entity-id",
        "https://sp.example/",
        "--acs-url",
        "https://sp.example/acs",
        "--signing-cert",
        "tests/keys/sp-encryption-rsa2048.crt",
        "--sign-key",
        "tests/keys/sp-signing-rsa2048.key",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("do not belong together"));
    // AuthnRequestsSigned without the certificate the IdP would check with.
    let out =
        bin(&["sp-metadata", "--entity-id", "x", "--acs-url", "https://sp.example/acs", "--authn-requests-signed"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn idp_metadata_signature_is_checked_before_its_keys_are_pinned() {
    let verify = |metadata: &str, cert: &str| {
        bin(&[
            "verify",
            "--idp-metadata",
            metadata,
            "--idp-metadata-cert",
            cert,
            "--sp-entity-id",
            "https://auth.iws-hybrid.trendmicro.com/0123456789abcdef",
            "--acs-url",
            "https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp",
            "--in-response-to",
            "_4fee3b046395c4e751011e97f8900b5273d56685",
            "--now",
            NOW,
            "tests/fixtures/valid/entra_assertion_signed.xml",
        ])
    };
    let idp = "tests/keys/idp-rsa2048.crt";
    let out = verify("tests/fixtures/metadata/entra-federationmetadata.xml", idp);
    assert!(out.status.success(), "{}", json(&out));
    assert_eq!(json(&out)["login_name"], "bsimon");
    for (md, cert, code) in [
        ("tests/fixtures/sp/metadata/entra-cert-swapped.xml", idp, "ERR_DSIG_DIGEST_MISMATCH"),
        ("tests/fixtures/sp/metadata/entra-attacker-signed.xml", idp, "ERR_DSIG_UNTRUSTED_CERT"),
        ("tests/fixtures/metadata/simplesamlphp-idp.xml", idp, "ERR_METADATA_UNSIGNED"),
        (
            "tests/fixtures/metadata/entra-federationmetadata.xml",
            "tests/keys/attacker-rsa2048.crt",
            "ERR_DSIG_UNTRUSTED_CERT",
        ),
    ] {
        let out = verify(md, cert);
        let j = json(&out);
        assert_eq!(out.status.code(), Some(2), "{md}: {j}");
        assert_eq!(j["error"]["code"], code, "{md}: {j}");
        assert_eq!(j["option"], "--idp-metadata");
    }
}

/// The SP commands have their own `--help` (exit 0, only their usage) like the others, list their
/// options, and a usage error is one line naming the problem and the help.
#[test]
fn sp_commands_have_help() {
    for (command, options) in [
        ("sp-metadata", &["--entity-id ID", "--slo-url URL", "--sign-key FILE", "--authn-requests-signed"][..]),
        ("logout-request", &["--idp-slo-url URL", "--name-id VALUE", "--session-index V", "--sign-key FILE"][..]),
        ("logout-response", &["--in-response-to ID", "--status URI", "--sign-key FILE"][..]),
        ("verify-logout", &["--slo-url URL", "--idp-metadata-cert FILE", "--in-response-to ID", "--binding"][..]),
        ("decode", &["--idp-cert FILE", "--idp-metadata-cert FILE"][..]),
        ("authn-request", &["--sign-key FILE", "--sig-alg ALG"][..]),
    ] {
        for args in [vec![command, "--help"], vec!["help", command]] {
            let out = bin(&args);
            let text = String::from_utf8(out.stdout).unwrap();
            assert_eq!(out.status.code(), Some(0), "{args:?}");
            assert!(text.starts_with(&format!("saml-edge {command} ")), "{args:?}: {text}");
            assert!(!text.contains("saml-edge verify ["), "{args:?}: only its own usage\n{text}");
            for option in options {
                assert!(text.contains(option), "{command} --help lists {option}:\n{text}");
            }
        }
    }
    let all = String::from_utf8(bin(&["--help"]).stdout).unwrap();
    for command in ["sp-metadata", "logout-request", "logout-response", "verify-logout"] {
        assert!(all.contains(&format!("saml-edge {command} ")), "--help lists {command}");
    }
    let out = bin(&["verify-logout", "--slo-url", "x"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("an INPUT") && err.contains("saml-edge verify-logout --help"), "{err}");
}
