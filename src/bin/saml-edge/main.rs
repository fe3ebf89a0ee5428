//! `saml-edge`: the terminal debugger for SAML responses.
//!
//! Exit status: 0 accepted (or done), 1 refused, 2 usage or I/O error.

mod args;
mod human;
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
use saml_edge::trust::TrustedKeys;
use saml_edge::{xml, Limits};

const ABOUT: &str = "saml-edge: verify and inspect SAML 2.0 responses";

/// Each command's usage, as `saml-edge COMMAND --help` prints it; `saml-edge --help` prints them all.
const COMMANDS: &[(&str, &str)] = &[
    (
        "verify",
        "\
saml-edge verify [OPTIONS] INPUT
  Verify a SAML response as an SP would; prints JSON (\"valid\" first).
  Exit 0 accepted, 1 refused, 2 usage, I/O or configuration error.
  --idp-cert FILE             pin an IdP signing certificate (PEM or DER); repeat for a rollover
  --idp-metadata FILE         pin the signing certificates of IdP metadata; sets the expected issuer
  --idp-metadata-cert FILE    verify the metadata's enveloped signature with this certificate first
  --sp-entity-id ID           required: the SP entity ID (the expected Audience)
  --acs-url URL               required: the ACS URL (the expected Destination and Recipient)
  --idp-entity-id ID          the expected Issuer (default: the metadata's entityID)
  --in-response-to ID         the AuthnRequest ID it must answer (default: reported, not checked)
  --now RFC3339               the instant to check time windows at (default: the system clock)
  --clock-skew SECS           clock tolerance on every window (default: 180)
  --allow-sha1                accept SHA-1 signatures and digests
  --min-rsa-bits N            the smallest RSA key to accept (default 2048; 1024 for a legacy IdP)
  --affiliation ID            an affiliation this SP belongs to (a NameID SPNameQualifier); repeatable
  --require-signed-assertion  refuse a response whose Assertion is not signed itself
  --login-name-claim NAME     the attribute that gives login_name (default: sAMAccountName)
",
    ),
    (
        "inspect",
        "\
saml-edge inspect [--now RFC3339] [--canonical] [--json] INPUT
  Explain a message without trusting it: signatures with declared vs computed digests, the
  KeyInfo certificate and its thumbprints, the time windows against now, the claims, the XML.
  --now RFC3339   the instant the windows are compared with (default: the system clock)
  --canonical     also print the canonical bytes of SignedInfo and of the signed element
  --json          print JSON instead of text
",
    ),
    (
        "c14n",
        "\
saml-edge c14n [--inclusive] [--with-comments] [--prefixes \"a b\"] [--id ID] FILE
  Print the canonical form of a document (exclusive C14N 1.0 by default) or of the element with ID.
",
    ),
    (
        "authn-request",
        "\
saml-edge authn-request --idp-sso-url URL --sp-entity-id ID --acs-url URL [OPTIONS]
  Build an AuthnRequest and its HTTP-Redirect URL; prints JSON {id, url, xml}.
  --id ID                 the request ID (default: 128 random bits)
  --now RFC3339           IssueInstant (default: the system clock)
  --relay-state VALUE     RelayState to send along
  --login-hint VALUE      login_hint (pre-fills the user name at Entra ID)
  --name-id-format URI    the requested NameIDPolicy Format
  --force-authn           ask the IdP to authenticate the user afresh
  --sign-key FILE         sign the redirect URL with the SP's RSA key (PKCS#8 or PKCS#1 PEM)
  --sig-alg ALG           rsa-sha256 (default), rsa-sha384 or rsa-sha512
",
    ),
    (
        "decode",
        "\
saml-edge decode [OPTIONS] URL|VALUE
  Decode an HTTP-Redirect binding message (a URL, its query, or a SAMLRequest value) and print it;
  with pinned IdP keys, check its Signature over the query as received (exit 1 when refused).
  --idp-cert FILE             pin an IdP signing certificate; repeatable
  --idp-metadata FILE         pin the signing certificates of IdP metadata
  --idp-metadata-cert FILE    verify the metadata's signature with this certificate first
  --allow-sha1                accept an RSA-SHA1 signature
",
    ),
    (
        "sp-metadata",
        "\
saml-edge sp-metadata --entity-id ID --acs-url URL [OPTIONS]
  Print the SP's metadata (an EntityDescriptor with an SPSSODescriptor) to upload to the IdP.
  --slo-url URL               the SP's SingleLogoutService (HTTP-Redirect)
  --name-id-format URI        a NameIDFormat; repeatable
  --signing-cert FILE         the SP's signing certificate (a KeyDescriptor use=\"signing\"); repeatable
  --encryption-cert FILE      the SP's encryption certificate (use=\"encryption\"); repeatable
  --authn-requests-signed     AuthnRequestsSigned=\"true\"
  --want-assertions-signed    WantAssertionsSigned=\"true\"
  --valid-until RFC3339       validUntil
  --cache-duration SECS       cacheDuration
  --id ID                     the EntityDescriptor's ID (default: none; one is made when signing)
  --sign-key FILE             sign the metadata (enveloped, exclusive C14N) with the SP's RSA key
  --sig-alg ALG               rsa-sha256 (default), rsa-sha384 or rsa-sha512
",
    ),
    (
        "logout-request",
        "\
saml-edge logout-request --idp-slo-url URL --sp-entity-id ID --name-id VALUE [OPTIONS]
  Build a LogoutRequest and its HTTP-Redirect URL; prints JSON {id, url, xml}.
  --name-id-format URI        the NameID's Format, as the assertion carried it
  --name-qualifier V          the NameID's NameQualifier
  --sp-name-qualifier V       the NameID's SPNameQualifier
  --session-index V           a SessionIndex of the assertion; repeatable
  --relay-state V             RelayState to send along
  --id ID                     the request ID (default: 128 random bits)
  --now RFC3339               IssueInstant (default: the system clock)
  --sign-key FILE             sign the redirect URL with the SP's RSA key
  --sig-alg ALG               rsa-sha256 (default), rsa-sha384 or rsa-sha512
",
    ),
    (
        "logout-response",
        "\
saml-edge logout-response --idp-slo-url URL --sp-entity-id ID --in-response-to ID [OPTIONS]
  Build a LogoutResponse and its HTTP-Redirect URL; prints JSON {id, url, xml}.
  --status URI                the top-level StatusCode (default: Success)
  --relay-state V             RelayState to send back
  --id ID                     the response ID (default: 128 random bits)
  --now RFC3339               IssueInstant (default: the system clock)
  --sign-key FILE             sign the redirect URL with the SP's RSA key
  --sig-alg ALG               rsa-sha256 (default), rsa-sha384 or rsa-sha512
",
    ),
    (
        "verify-logout",
        "\
saml-edge verify-logout --slo-url URL [OPTIONS] INPUT
  Verify a logout message the IdP sent: the redirect URL, or the form body it posted. With
  --in-response-to, the LogoutResponse answering that request; without, a LogoutRequest.
  Prints JSON (\"valid\" first); exit 0 accepted, 1 refused, 2 usage, I/O or configuration error.
  --slo-url URL               required: the SP's SingleLogoutService (the expected Destination)
  --idp-cert FILE             pin an IdP signing certificate; repeatable
  --idp-metadata FILE         pin the signing certificates of IdP metadata; sets the expected issuer
  --idp-metadata-cert FILE    verify the metadata's signature with this certificate first
  --idp-entity-id ID          the expected Issuer (required without --idp-metadata)
  --in-response-to ID         the LogoutRequest ID the response must answer
  --now RFC3339               the instant to check IssueInstant and NotOnOrAfter at
  --clock-skew SECS           clock tolerance (default: 180)
  --allow-sha1                accept SHA-1 signatures and digests
  --binding redirect|post     how INPUT arrived (default: a URL or a query with SigAlg is redirect)
",
    ),
];

const INPUT_NOTE: &str = "\
INPUT is a file path or - for standard input, holding raw XML, base64, or a form body
SAMLResponse=...&RelayState=... . Run saml-edge COMMAND --help for one command.";

fn usage() -> String {
    let mut out = format!("{ABOUT}\n\nUSAGE:\n");
    for (_, text) in COMMANDS {
        out.push_str(text);
        out.push('\n');
    }
    out.push_str(INPUT_NOTE);
    out.push('\n');
    out
}

fn command_usage(command: &str) -> String {
    let text = COMMANDS.iter().find(|(name, _)| *name == command).map_or("", |(_, t)| t);
    if command == "verify" || command == "inspect" {
        format!("{text}\n{INPUT_NOTE}\n")
    } else {
        text.to_string()
    }
}

enum Failure {
    /// A usage error: one line naming the problem (main adds where to get help); exit 2.
    Usage(String),
    /// `--help` was given: print the command's usage; exit 0.
    Help,
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
        eprint!("{}", usage());
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
        "help" | "--help" | "-h" => match rest.first() {
            Some(c) if COMMANDS.iter().any(|(name, _)| name == c) => {
                print!("{}", command_usage(c));
                return ExitCode::SUCCESS;
            }
            _ => {
                print!("{}", usage());
                return ExitCode::SUCCESS;
            }
        },
        "--version" | "-V" | "version" => {
            println!("saml-edge {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        other => {
            let names: Vec<&str> = COMMANDS.iter().map(|(name, _)| *name).collect();
            eprintln!("saml-edge: unknown command {other:?} (commands: {}); see saml-edge --help", names.join(", "));
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Help) => {
            print!("{}", command_usage(command));
            ExitCode::SUCCESS
        }
        Err(Failure::Refused) => ExitCode::from(1),
        Err(Failure::Config) => ExitCode::from(2),
        Err(Failure::Usage(msg)) => {
            eprintln!("saml-edge {command}: {msg}; see saml-edge {command} --help");
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
            "min-rsa-bits",
            "affiliation",
        ],
        &["allow-sha1", "require-signed-assertion"],
    )?;
    if a.help {
        return Err(Failure::Help);
    }
    let input = read_input(a.one_input()?)?;
    let mut o = VerifyOptions::new(a.require("sp-entity-id")?, a.require("acs-url")?, now(&a)?);
    // The legacy opt-in for an IdP that still signs with RSA-1024 (default 2048, lowest 1024).
    let keys = match a.get("min-rsa-bits") {
        None => TrustedKeys::new(),
        Some(s) => s
            .parse()
            .map_err(|_| format!("--min-rsa-bits: {s:?} is not a number of bits"))
            .and_then(|bits| TrustedKeys::with_min_rsa_bits(bits).map_err(|e| format!("--min-rsa-bits: {e}")))?,
    };
    // A pinned certificate or metadata we cannot use, or metadata past its validUntil at --now, is a
    // configuration error: explained like a refusal, exit 2. With --idp-metadata-cert the
    // metadata's signature is verified first.
    let (keys, md) = sp::idp_keys(&a, keys, a.flag("allow-sha1"), Some(o.now))?;
    let mut metadata = None;
    if let Some(md) = md {
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
    if a.help {
        return Err(Failure::Help);
    }
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

/// The core names an unusable option by its Rust field (`sp_entity_id`); the CLI user gave a flag.
pub fn flag_error(e: saml_edge::Error) -> String {
    match e {
        saml_edge::Error::ConfigInvalid { option, detail } => {
            let flag = match option.as_str() {
                "destination" | "endpoint" => String::from("idp-sso-url"),
                "issue_instant" => String::from("now"),
                other => other.replace('_', "-"),
            };
            format!("--{flag} is invalid: {detail}")
        }
        other => other.to_string(),
    }
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
    if a.help {
        return Err(Failure::Help);
    }
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
    let xml = build_authn_request(&o).map_err(flag_error)?;
    let hint: Vec<(&str, &str)> = a.get("login-hint").map(|h| ("login_hint", h)).into_iter().collect();
    let url = sp::redirect_url(&a, &o.destination, RedirectParam::SamlRequest, &xml, a.get("relay-state"), &hint)?;
    print_json(&serde_json::json!({ "id": o.id, "url": url, "xml": xml }));
    Ok(())
}

fn decode(argv: &[String]) -> Result<(), Failure> {
    let a = args::parse(argv, &["idp-cert", "idp-metadata", "idp-metadata-cert"], &["allow-sha1"])?;
    if a.help {
        return Err(Failure::Help);
    }
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
