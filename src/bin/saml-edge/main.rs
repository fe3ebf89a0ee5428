//! `saml-edge`: the terminal debugger for SAML responses.
//!
//! Exit status: 0 accepted (or done), 1 refused, 2 usage or I/O error.

mod args;
mod inspect;
mod report;
mod sp;

use std::io::{Read, Write};
use std::process::ExitCode;

use saml_edge::c14n::{canonicalize_to_vec, Method};
use saml_edge::saml::authn_request::{build_authn_request, AuthnRequestOptions};
use saml_edge::saml::bindings::{decode_redirect, RedirectParam};
use saml_edge::saml::{verify_response, VerifyOptions};
use saml_edge::time::Timestamp;
use saml_edge::{xml, Limits};

const USAGE: &str = "\
saml-edge: verify and inspect SAML 2.0 responses

USAGE:
  saml-edge verify [--idp-cert FILE]... [--idp-metadata FILE] --sp-entity-id ID --acs-url URL
                   [--idp-entity-id ID] [--in-response-to ID] [--now RFC3339] [--clock-skew SECS]
                   [--allow-sha1] [--require-signed-assertion] [--login-name-claim NAME] INPUT
  saml-edge inspect [--now RFC3339] [--canonical] INPUT
  saml-edge c14n [--inclusive] [--with-comments] [--prefixes \"a b\"] [--id ID] FILE
  saml-edge authn-request --idp-sso-url URL --sp-entity-id ID --acs-url URL [--id ID] [--now RFC3339]
                   [--relay-state VALUE] [--login-hint VALUE] [--name-id-format URI] [--force-authn]
                   [--sign-key FILE [--sig-alg rsa-sha256|rsa-sha384|rsa-sha512]]
  saml-edge decode [--idp-cert FILE]... [--idp-metadata FILE [--idp-metadata-cert FILE]...] [--allow-sha1] URL|VALUE
  saml-edge sp-metadata --entity-id ID --acs-url URL [--slo-url URL] [--name-id-format URI]...
                   [--signing-cert FILE]... [--encryption-cert FILE]... [--authn-requests-signed]
                   [--want-assertions-signed] [--valid-until RFC3339] [--cache-duration SECS] [--id ID]
                   [--sign-key FILE [--sig-alg ...]]
  saml-edge logout-request --idp-slo-url URL --sp-entity-id ID --name-id VALUE [--name-id-format URI]
                   [--name-qualifier V] [--sp-name-qualifier V] [--session-index V]... [--relay-state V]
                   [--id ID] [--now RFC3339] [--sign-key FILE [--sig-alg ...]]
  saml-edge logout-response --idp-slo-url URL --sp-entity-id ID --in-response-to ID [--status URI]
                   [--relay-state V] [--id ID] [--now RFC3339] [--sign-key FILE [--sig-alg ...]]
  saml-edge verify-logout [--idp-cert FILE]... [--idp-metadata FILE [--idp-metadata-cert FILE]...]
                   [--idp-entity-id ID] --slo-url URL [--in-response-to ID] [--now RFC3339] [--clock-skew SECS]
                   [--allow-sha1] [--binding redirect|post] INPUT

INPUT is a file path or - for standard input, holding raw XML, base64, or a form body
SAMLResponse=...&RelayState=... . verify prints JSON; exit 0 accepted, 1 refused, 2 usage error.
--idp-metadata-cert FILE verifies the metadata's enveloped signature before its keys are pinned.
verify-logout takes the redirect URL the IdP sent, or the form body it posted: with --in-response-to,
the LogoutResponse answering that request; without, a LogoutRequest.
";

enum Failure {
    Usage(String),
    Refused,
    /// Already explained on stdout; exit 2.
    Config,
}

impl From<String> for Failure {
    fn from(s: String) -> Self {
        Failure::Usage(s)
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = argv.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "verify" => verify(rest),
        "inspect" => inspect::run(rest),
        "c14n" => c14n(rest),
        "authn-request" => authn_request(rest),
        "decode" => decode(rest),
        "sp-metadata" => sp::sp_metadata(rest),
        "logout-request" => sp::logout_request(rest),
        "logout-response" => sp::logout_response(rest),
        "verify-logout" => sp::verify_logout(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(Failure::Usage(format!("unknown command {other:?}"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Refused) => ExitCode::from(1),
        Err(Failure::Config) => ExitCode::from(2),
        Err(Failure::Usage(msg)) => {
            eprintln!("saml-edge: {msg}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Read a file, or standard input for `-`.
pub fn read_input(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("reading standard input: {e}"))?;
        Ok(buf)
    } else {
        std::fs::read(path).map_err(|e| format!("reading {path}: {e}"))
    }
}

/// `--now`, or the system clock: the CLI is where the clock lives, never the core.
pub fn now(a: &args::Args) -> Result<Timestamp, String> {
    match a.get("now") {
        Some(s) => Timestamp::parse(s).map_err(|e| format!("--now: {e}")),
        None => {
            let d = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|_| "the system clock is before 1970".to_string())?;
            Ok(Timestamp::from_unix_millis(d.as_millis() as i64))
        }
    }
}

pub fn print_json(v: &serde_json::Value) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, v);
    let _ = writeln!(out);
}

fn verify(argv: &[String]) -> Result<(), Failure> {
    let a = args::parse(
        argv,
        &[
            "idp-cert",
            "idp-metadata",
            "idp-metadata-cert",
            "sp-entity-id",
            "acs-url",
            "idp-entity-id",
            "in-response-to",
            "now",
            "clock-skew",
            "login-name-claim",
        ],
        &["allow-sha1", "require-signed-assertion"],
    )?;
    let input = read_input(a.one_input()?)?;
    let mut o = VerifyOptions::new(a.require("sp-entity-id")?, a.require("acs-url")?, now(&a)?);
    // A pinned certificate or metadata we cannot use is a configuration error: explained like a
    // refusal, exit 2. With --idp-metadata-cert the metadata's signature is verified first.
    let (keys, md_entity_id) = sp::idp_keys(&a, a.flag("allow-sha1"))?;
    if md_entity_id.is_some() {
        o.idp_entity_id = md_entity_id;
    }
    if keys.is_empty() {
        return Err(Failure::Usage("pin the IdP's key with --idp-cert FILE or --idp-metadata FILE".into()));
    }
    if let Some(id) = a.get("idp-entity-id") {
        o.idp_entity_id = Some(id.to_string());
    }
    o.in_response_to = a.get("in-response-to").map(String::from);
    // The CLI is a debugging tool: without --in-response-to the value is reported, not checked.
    o.allow_unsolicited = o.in_response_to.is_none();
    if let Some(s) = a.get("clock-skew") {
        o.clock_tolerance_secs = s.parse().map_err(|_| format!("--clock-skew: {s:?} is not a number of seconds"))?;
    }
    if let Some(c) = a.get("login-name-claim") {
        o.login_name_claim = c.to_string();
    }
    o.allow_sha1 = a.flag("allow-sha1");
    o.require_signed_assertion = a.flag("require-signed-assertion");
    match verify_response(&input, &keys, &o) {
        Ok(r) => {
            print_json(&report::verified(&r, &keys));
            Ok(())
        }
        Err(e) => {
            print_json(&serde_json::json!({ "valid": false, "error": report::error(&e) }));
            Err(Failure::Refused)
        }
    }
}

fn c14n(argv: &[String]) -> Result<(), Failure> {
    let a = args::parse(argv, &["prefixes", "id"], &["inclusive", "with-comments"])?;
    let bytes = read_input(a.one_input()?)?;
    let text = String::from_utf8(bytes).map_err(|_| "the input is not UTF-8".to_string())?;
    let doc = match xml::parse(&text, &Limits::default()) {
        Ok(d) => d,
        Err(e) => {
            print_json(&serde_json::json!({ "error": report::error(&e) }));
            return Err(Failure::Refused);
        }
    };
    let with_comments = a.flag("with-comments");
    let method = if a.flag("inclusive") {
        Method::Inclusive { with_comments }
    } else {
        let inclusive_prefixes = a.get("prefixes").unwrap_or("").split_whitespace().map(String::from).collect();
        Method::Exclusive { with_comments, inclusive_prefixes }
    };
    let node = match a.get("id") {
        None => doc.root(),
        Some(id) => doc
            .descendants()
            .find(|n| n.is_element() && ["ID", "Id", "id"].iter().any(|k| n.attribute(k) == Some(id)))
            .ok_or_else(|| format!("no element has the ID {id:?}"))?,
    };
    let out = canonicalize_to_vec(node, &method, None);
    let _ = std::io::stdout().lock().write_all(&out);
    Ok(())
}

/// 128 random bits from the OS, as an ID that starts with a letter (Entra refuses a leading digit).
pub fn random_id() -> Result<String, String> {
    let mut buf = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| format!("reading /dev/urandom: {e}"))?;
    Ok(format!("id{}", saml_edge::encoding::hex_lower(&buf)))
}

fn authn_request(argv: &[String]) -> Result<(), Failure> {
    let a = args::parse(
        argv,
        &[
            "idp-sso-url",
            "sp-entity-id",
            "acs-url",
            "id",
            "now",
            "relay-state",
            "login-hint",
            "name-id-format",
            "sign-key",
            "sig-alg",
        ],
        &["force-authn"],
    )?;
    let id = match a.get("id") {
        Some(id) => id.to_string(),
        None => random_id()?,
    };
    let mut o = AuthnRequestOptions::new(
        id,
        now(&a)?,
        a.require("idp-sso-url")?,
        a.require("acs-url")?,
        a.require("sp-entity-id")?,
    );
    o.name_id_format = a.get("name-id-format").map(String::from);
    o.force_authn = a.flag("force-authn");
    let xml = build_authn_request(&o).map_err(|e| e.to_string())?;
    let hint: Vec<(&str, &str)> = a.get("login-hint").map(|h| ("login_hint", h)).into_iter().collect();
    let url = sp::redirect_url(&a, &o.destination, RedirectParam::SamlRequest, &xml, a.get("relay-state"), &hint)?;
    print_json(&serde_json::json!({ "id": o.id, "url": url, "xml": xml }));
    Ok(())
}

fn decode(argv: &[String]) -> Result<(), Failure> {
    let a = args::parse(argv, &["idp-cert", "idp-metadata", "idp-metadata-cert"], &["allow-sha1"])?;
    let input = a.one_input()?;
    let m = match decode_redirect(input, &Limits::default()) {
        Ok(m) => m,
        Err(e) => {
            print_json(&serde_json::json!({ "error": report::error(&e) }));
            return Err(Failure::Refused);
        }
    };
    let pretty = xml::parse(&m.xml, &Limits::default()).map(|d| xml::pretty(&d)).unwrap_or_else(|_| m.xml.clone());
    println!("parameter:   {}", m.param.name());
    if let Some(r) = &m.relay_state {
        println!("RelayState:  {r}");
    }
    if let Some(s) = &m.sig_alg {
        println!("SigAlg:      {s}");
    }
    let refused = sp::describe_redirect_signature(&m, &a)?;
    println!("\n{pretty}");
    if refused {
        return Err(Failure::Refused);
    }
    Ok(())
}
