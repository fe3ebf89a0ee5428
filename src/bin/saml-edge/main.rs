//! `saml-edge`: the terminal debugger for SAML responses.
//!
//! Exit status: 0 accepted (or done), 1 refused, 2 usage or I/O error.

mod args;
mod inspect;
mod report;

use std::io::{Read, Write};
use std::process::ExitCode;

use saml_edge::c14n::{canonicalize_to_vec, Method};
use saml_edge::saml::authn_request::{authn_request_redirect_url, build_authn_request, AuthnRequestOptions};
use saml_edge::saml::bindings::decode_redirect;
use saml_edge::saml::metadata::parse_idp_metadata;
use saml_edge::saml::{verify_response, VerifyOptions};
use saml_edge::time::Timestamp;
use saml_edge::trust::TrustedKeys;
use saml_edge::{xml, Limits};

const USAGE: &str = "\
saml-edge: verify and inspect SAML 2.0 responses

USAGE:
  saml-edge verify [--idp-cert FILE]... [--idp-metadata FILE] --sp-entity-id ID --acs-url URL
                   [--idp-entity-id ID] [--in-response-to ID] [--now RFC3339] [--clock-skew SECS]
                   [--allow-sha1] [--min-rsa-bits N] [--affiliation ID]... [--require-signed-assertion]
                   [--login-name-claim NAME] INPUT
  saml-edge inspect [--now RFC3339] [--canonical] INPUT
  saml-edge c14n [--inclusive] [--with-comments] [--prefixes \"a b\"] [--id ID] FILE
  saml-edge authn-request --idp-sso-url URL --sp-entity-id ID --acs-url URL [--id ID] [--now RFC3339]
                   [--relay-state VALUE] [--login-hint VALUE] [--name-id-format URI] [--force-authn]
  saml-edge decode URL|VALUE

INPUT is a file path or - for standard input, holding raw XML, base64, or a form body
SAMLResponse=...&RelayState=... . verify prints JSON; exit 0 accepted, 1 refused, 2 usage error.
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

fn print_json(v: &serde_json::Value) {
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
            "sp-entity-id",
            "acs-url",
            "idp-entity-id",
            "in-response-to",
            "now",
            "clock-skew",
            "login-name-claim",
            "min-rsa-bits",
            "affiliation",
        ],
        &["allow-sha1", "require-signed-assertion"],
    )?;
    let input = read_input(a.one_input()?)?;
    let mut o = VerifyOptions::new(a.require("sp-entity-id")?, a.require("acs-url")?, now(&a)?);
    // The legacy opt-in for an IdP that still signs with RSA-1024 (default 2048, lowest 1024).
    let mut keys = match a.get("min-rsa-bits") {
        None => TrustedKeys::new(),
        Some(s) => s
            .parse()
            .map_err(|_| format!("--min-rsa-bits: {s:?} is not a number of bits"))
            .and_then(|bits| TrustedKeys::with_min_rsa_bits(bits).map_err(|e| format!("--min-rsa-bits: {e}")))?,
    };
    for path in a.all("idp-cert") {
        if let Err(e) = keys.add_pem_or_der(&read_input(path)?) {
            // A pinned certificate we cannot use is a configuration error: explain it like a refusal, exit 2.
            print_json(
                &serde_json::json!({ "valid": false, "option": "--idp-cert", "file": path, "error": report::error(&e) }),
            );
            return Err(Failure::Config);
        }
    }
    let mut metadata = None;
    if let Some(path) = a.get("idp-metadata") {
        let text = String::from_utf8(read_input(path)?).map_err(|_| format!("{path} is not UTF-8"))?;
        let md = parse_idp_metadata(&text, &Limits::default()).map_err(|e| format!("--idp-metadata {path}: {e}"))?;
        // Unusable keys, or metadata past its validUntil at --now: a configuration error (exit 2).
        if let Err(e) = keys.add_metadata(&md).and_then(|()| keys.check_valid_at(o.now)) {
            print_json(
                &serde_json::json!({ "valid": false, "option": "--idp-metadata", "file": path, "error": report::error(&e) }),
            );
            return Err(Failure::Config);
        }
        metadata = Some(serde_json::json!({
            "entity_id": md.entity_id,
            "valid_until": md.valid_until.map(|t| t.to_string()),
            "cache_duration": md.cache_duration,
        }));
        o.idp_entity_id = Some(md.entity_id);
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
    o.affiliations = a.all("affiliation").to_vec();
    o.allow_sha1 = a.flag("allow-sha1");
    o.require_signed_assertion = a.flag("require-signed-assertion");
    match verify_response(&input, &keys, &o) {
        Ok(r) => {
            let mut out = report::verified(&r, &keys);
            if let Some(m) = metadata {
                out["metadata"] = m;
            }
            print_json(&out);
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
fn random_id() -> Result<String, String> {
    let mut buf = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| format!("reading /dev/urandom: {e}"))?;
    Ok(format!("id{}", saml_edge::encoding::hex_lower(&buf)))
}

fn authn_request(argv: &[String]) -> Result<(), Failure> {
    let a = args::parse(
        argv,
        &["idp-sso-url", "sp-entity-id", "acs-url", "id", "now", "relay-state", "login-hint", "name-id-format"],
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
    let url = authn_request_redirect_url(&o, a.get("relay-state"), a.get("login-hint")).map_err(|e| e.to_string())?;
    print_json(&serde_json::json!({ "id": o.id, "url": url, "xml": xml }));
    Ok(())
}

fn decode(argv: &[String]) -> Result<(), Failure> {
    let a = args::parse(argv, &[], &[])?;
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
    println!("\n{pretty}");
    Ok(())
}
