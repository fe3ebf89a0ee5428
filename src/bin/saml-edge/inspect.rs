//! `saml-edge inspect`: decode and explain a message without trusting it.
//!
//! Nothing here accepts or refuses a login; it shows what `verify` would look
//! at: each signature with the digest it declares and the one we compute, the
//! KeyInfo certificate, the time windows against now, the claims, the XML.
//! One report ([`explain`]) printed as text or, with `--json`, as JSON. With `--sp-key` an
//! encrypted response is decrypted first (no signature checked before: this is no verdict) and
//! the report is about the decrypted document.

use saml_edge::inspect::{self, AssertionReport, Check, Expectations, Instant, SignatureReport};
use saml_edge::internals::encoding::base64_encode;
use saml_edge::internals::xml;
use saml_edge::ns::{ASSERTION, DSIG};
use saml_edge::saml::bindings::decode_post_input;
use saml_edge::saml::VerifyOptions;
use saml_edge::time::Timestamp;
use saml_edge::trust::TrustedKeys;
use saml_edge::xmlenc::DecryptionKeys;
use saml_edge::Limits;
use serde_json::{json, Value};

use crate::{args, human, now, print_json, read_input, report, Failure};

// ---------------------------------------------------------------------------
// JSON (snake_case) of the library's explanation (saml_edge::inspect)
// ---------------------------------------------------------------------------

/// An instant against now: `{value, seconds_from_now, relative}`, or `{value, malformed}`.
fn instant(i: &Option<Instant>, now: Timestamp, is_start: bool) -> Value {
    let Some(i) = i else { return Value::Null };
    match i.at {
        None => json!({ "value": i.value, "malformed": true }),
        Some(t) => {
            let d = (t.unix_millis() - now.unix_millis()).div_euclid(1000);
            json!({ "value": i.value, "seconds_from_now": d, "relative": human::relative(d, is_start) })
        }
    }
}

fn check(c: &Check) -> Value {
    json!({ "name": c.name, "expected": c.expected, "found": c.found, "ok": c.ok })
}

fn signature(s: &SignatureReport) -> Value {
    let mut v = json!({ "on": s.element, "on_id": s.element_id });
    if s.decrypted {
        v["decrypted"] = json!(true);
    }
    let d = match &s.details {
        Ok(d) => d,
        Err(e) => {
            v["error"] = report::error(e);
            return v;
        }
    };
    v["signature_method"] = json!(d.signature_algorithm.uri());
    v["canonicalization"] = json!(d.canonicalization.uri());
    v["reference_uri"] = json!(d.reference_uri);
    v["digest_method"] = json!(d.digest_algorithm.uri());
    v["digest_declared"] = json!(base64_encode(&d.digest_declared));
    v["references_parent"] = json!(d.references_parent);
    match &d.digest_computed {
        Some(Ok(computed)) => {
            v["digest_computed"] = json!(base64_encode(computed));
            v["digest_matches"] = json!(d.digest_matches() == Some(true));
        }
        Some(Err(e)) => v["digest_error"] = report::error(e),
        None => {}
    }
    let show = |r: &saml_edge::Result<Vec<u8>>| match r {
        Ok(b) => json!(String::from_utf8_lossy(b)),
        Err(e) => json!({ "error": report::error(e) }),
    };
    if let Some(r) = &d.canonical_signed_info {
        v["canonical_signed_info"] = show(r);
    }
    if let Some(r) = &d.canonical_reference {
        v["canonical_reference"] = show(r);
    }
    let certs: Vec<Value> = d
        .key_info
        .iter()
        .map(|c| match c {
            Ok((c, _)) => report::certificate(c),
            Err(e) => json!({ "error": report::error(e) }),
        })
        .collect();
    v["key_info_certificates"] = json!(certs);
    v
}

fn assertion(a: &AssertionReport, now: Timestamp) -> Value {
    let windows: Vec<Value> = a
        .windows
        .iter()
        .filter(|w| w.not_before.is_some() || w.not_on_or_after.is_some())
        .map(|w| {
            json!({
                "name": w.name,
                "not_before": instant(&w.not_before, now, true),
                "not_on_or_after": instant(&w.not_on_or_after, now, false),
                "ok": w.ok,
            })
        })
        .collect();
    let confirmations: Vec<Value> =
        a.confirmations.iter().map(|(r, i)| json!({ "recipient": r, "in_response_to": i })).collect();
    let attributes: Vec<Value> = a
        .attributes
        .iter()
        .map(|(attr, short)| json!({ "name": attr.name, "short_name": short, "values": attr.values }))
        .collect();
    json!({
        "id": a.id,
        "windows": windows,
        "audiences": a.audiences,
        "name_id": a.name_id,
        "subject_confirmations": confirmations,
        "checks": a.checks.iter().map(check).collect::<Vec<_>>(),
        "attributes": attributes,
    })
}

/// With `--sp-key`: the document decrypted as far as the keys allow (`None` when nothing was),
/// and the report's `decryption` part.
fn decryption(xml_text: &str, keys: &DecryptionKeys, now: Timestamp) -> (Option<String>, Value) {
    match crate::decrypt::inspect(xml_text, keys, &VerifyOptions::new("", "", now)) {
        Ok(i) => {
            let left = i.round.as_ref().map(|r| r.element());
            let v = json!({ "decrypted": report::decrypted(&i.decrypted), "not_decrypted": left, "error": null });
            ((!i.decrypted.is_empty()).then_some(i.xml), v)
        }
        Err(e) => (None, json!({ "decrypted": [], "not_decrypted": null, "error": report::error(&e) })),
    }
}

/// The report, or `Err` with `{stage, error}` when the input cannot be decoded or parsed.
fn explain(bytes: &[u8], now: Timestamp, canonical: bool, sp_keys: Option<&DecryptionKeys>) -> Result<Value, Value> {
    let limits = Limits::default();
    let refused = |stage: &str, e: &saml_edge::Error| json!({ "stage": stage, "error": report::error(e) });
    let decoded = decode_post_input(bytes, &limits).map_err(|e| refused("decode", &e))?;
    let received = xml::parse(&decoded.xml, &limits).map_err(|e| refused("parse", &e))?;
    let (decrypted_xml, decryption) = match sp_keys {
        Some(keys) => {
            let (x, v) = decryption(&decoded.xml, keys, now);
            (x, Some(v))
        }
        None => (None, None),
    };
    let decrypted = match &decrypted_xml {
        Some(x) => Some(xml::parse(x, &limits).map_err(|e| refused("decrypted", &e))?),
        None => None,
    };
    let mut x = Expectations::default();
    x.now = Some(now);
    x.clock_tolerance_secs = 180;
    x.canonical = canonical;
    let keys = TrustedKeys::new();
    let e = inspect::explain_document(&received, decoded.relay_state, &keys, &x, &limits);
    let mut signatures = e.signatures;
    // Signatures that only the decryption revealed: an encrypted Assertion's own. (A signature
    // over encrypted content signs the ciphertext: it is shown as received, above.)
    let (assertions, pretty) = match &decrypted {
        Some(doc) => {
            if !received.descendants().any(|n| n.is(ASSERTION, "Assertion")) {
                for sig in doc.descendants().filter(|n| {
                    n.is(DSIG, "Signature") && n.parent_element().is_some_and(|p| p.is(ASSERTION, "Assertion"))
                }) {
                    let mut s = inspect::signature(sig, &keys, &x, &limits);
                    s.decrypted = true;
                    signatures.push(s);
                }
            }
            let d = inspect::explain_document(doc, None, &keys, &x, &limits);
            (d.assertions, d.xml)
        }
        None => (e.assertions, e.xml),
    };
    let r = &e.root;
    let mut report = json!({
        "now": now.to_string(),
        "relay_state": e.relay_state,
        "root": {
            "qname": r.qname,
            "namespace": r.namespace,
            "id": r.id,
            "version": r.version,
            "issue_instant": r.issue_instant.as_ref().map(|i| &i.value),
            "destination": r.destination,
            "in_response_to": r.in_response_to,
            "issuer": r.issuer,
            "status": r.status,
        },
        "signatures": signatures.iter().map(signature).collect::<Vec<_>>(),
        "assertions": assertions.iter().map(|a| assertion(a, now)).collect::<Vec<_>>(),
        "xml": pretty,
        "xml_decrypted": decrypted.is_some(),
    });
    if let Some(d) = decryption {
        report["decryption"] = d;
    }
    Ok(report)
}

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let a = args::parse(argv, &["now", "sp-key"], &["canonical", "json"])?;
    if a.help {
        return Err(Failure::Help);
    }
    let sp_keys = crate::decrypt::sp_keys(&a)?;
    let bytes = read_input(a.one_input()?)?;
    let now = now(&a)?;
    match explain(&bytes, now, a.flag("canonical"), sp_keys.as_ref()) {
        Ok(report) if a.flag("json") => print_json(&report),
        Ok(report) => print_text(&report),
        Err(refused) if a.flag("json") => {
            print_json(&refused);
            return Err(Failure::Refused);
        }
        Err(refused) => {
            let what = match refused["stage"].as_str() {
                Some("decode") => "could not be decoded",
                Some("decrypted") => "decrypted to a document that is not accepted XML",
                _ => "is not accepted XML",
            };
            println!(
                "The input {what}: {} [{}]",
                refused["error"]["message"].as_str().unwrap_or(""),
                refused["error"]["code"].as_str().unwrap_or("")
            );
            return Err(Failure::Refused);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("-")
}

fn error_text(e: &Value) -> String {
    format!("{} [{}]", text(&e["message"]), text(&e["code"]))
}

fn instant_text(v: &Value) -> String {
    match (v["value"].as_str(), v["relative"].as_str()) {
        (None, _) => String::from("-"),
        (Some(value), Some(rel)) => format!("{value} ({rel})"),
        (Some(value), None) => format!("{value} (malformed)"),
    }
}

fn print_text(r: &Value) {
    if let Some(rs) = r["relay_state"].as_str() {
        println!("RelayState: {rs}");
    }
    let root = &r["root"];
    println!("Root:        {} ({})", text(&root["qname"]), root["namespace"].as_str().unwrap_or("no namespace"));
    for (label, key) in [
        ("ID", "id"),
        ("Version", "version"),
        ("IssueInstant", "issue_instant"),
        ("Destination", "destination"),
        ("InResponseTo", "in_response_to"),
        ("Issuer", "issuer"),
        ("Status", "status"),
    ] {
        if let Some(v) = root[key].as_str() {
            println!("  {label:<12} {v}");
        }
    }

    if let Some(d) = r.get("decryption") {
        print_decryption(d);
    }

    println!("\nSignatures (not trusted here: only `verify` checks them against pinned keys):");
    let signatures = r["signatures"].as_array().map_or(&[][..], Vec::as_slice);
    if signatures.is_empty() {
        println!("  none");
    }
    for s in signatures {
        let revealed = if s["decrypted"] == true { " (in the decrypted content)" } else { "" };
        println!("- on {} ID={}{revealed}", text(&s["on"]), text(&s["on_id"]));
        if !s["error"].is_null() {
            println!("  malformed: {}", error_text(&s["error"]));
            continue;
        }
        println!("  SignatureMethod   {}", text(&s["signature_method"]));
        println!("  Canonicalization  {}", text(&s["canonicalization"]));
        println!("  Reference URI     {:?}", text(&s["reference_uri"]));
        println!("  DigestMethod      {}", text(&s["digest_method"]));
        println!("  declared digest   {}", text(&s["digest_declared"]));
        if let Some(computed) = s["digest_computed"].as_str() {
            let verdict = if s["digest_matches"] == true { "matches" } else { "DIFFERS" };
            println!("  computed digest   {computed} ({verdict})");
        } else if !s["digest_error"].is_null() {
            println!("  computed digest   not computed: {}", error_text(&s["digest_error"]));
        }
        for (label, key) in
            [("canonical SignedInfo", "canonical_signed_info"), ("canonical referenced element", "canonical_reference")]
        {
            match &s[key] {
                Value::Null => {}
                Value::String(bytes) => println!("  {label}:\n{bytes}"),
                other => println!("  {label}: (not shown: {})", error_text(&other["error"])),
            }
        }
        let certs = s["key_info_certificates"].as_array().map_or(&[][..], Vec::as_slice);
        if certs.is_empty() {
            println!("  KeyInfo           no certificate");
        }
        for c in certs {
            if !c["error"].is_null() {
                println!("  KeyInfo           unreadable certificate: {}", error_text(&c["error"]));
                continue;
            }
            println!("  KeyInfo subject   {}", text(&c["subject"]));
            println!("  KeyInfo validity  {} .. {}", text(&c["not_before"]), text(&c["not_after"]));
            println!("  KeyInfo SHA-256   {}", text(&c["sha256"]));
            println!("  KeyInfo SHA-1     {}", text(&c["sha1"]).to_ascii_uppercase());
        }
    }

    for a in r["assertions"].as_array().map_or(&[][..], Vec::as_slice) {
        println!("\nAssertion ID={} (time windows against now = {}):", text(&a["id"]), text(&r["now"]));
        for w in a["windows"].as_array().map_or(&[][..], Vec::as_slice) {
            println!("  {}", text(&w["name"]));
            println!("    NotBefore      {}", instant_text(&w["not_before"]));
            println!("    NotOnOrAfter   {}", instant_text(&w["not_on_or_after"]));
        }
        for aud in a["audiences"].as_array().map_or(&[][..], Vec::as_slice) {
            println!("  Audience                 {}", text(aud));
        }
        if let Some(n) = a["name_id"].as_str() {
            println!("  NameID                   {n}");
        }
        for c in a["subject_confirmations"].as_array().map_or(&[][..], Vec::as_slice) {
            if let Some(v) = c["recipient"].as_str() {
                println!("  Recipient                {v}");
            }
            if let Some(v) = c["in_response_to"].as_str() {
                println!("  InResponseTo             {v}");
            }
        }
        for attr in a["attributes"].as_array().map_or(&[][..], Vec::as_slice) {
            let values: Vec<&str> = attr["values"].as_array().map_or(Vec::new(), |v| v.iter().map(text).collect());
            println!("  {} = {}", attr["name"].as_str().unwrap_or("?"), values.join(" | "));
        }
    }

    let decrypted = if r["xml_decrypted"] == true { " (decrypted)" } else { "" };
    println!("\nXML{decrypted}:\n{}", text(&r["xml"]));
}

fn print_decryption(d: &Value) {
    println!();
    if !d["error"].is_null() {
        println!("Decryption:  not decrypted: {}", error_text(&d["error"]));
        return;
    }
    let done = d["decrypted"].as_array().map_or(&[][..], Vec::as_slice);
    if done.is_empty() && d["not_decrypted"].is_null() {
        println!("Decryption:  nothing is encrypted");
        return;
    }
    for x in done {
        println!(
            "Decryption:  {} decrypted with SP key #{}: {}, key transport {} ({} / MGF1-{})",
            text(&x["element"]),
            x["sp_key_index"],
            text(&x["algorithm"]),
            text(&x["key_transport"]),
            text(&x["oaep_digest"]),
            text(&x["oaep_mgf1"])
        );
    }
    if let Some(left) = d["not_decrypted"].as_str() {
        println!("Decryption:  the {left} inside could not be read further");
    }
    println!(
        "Note:        a signature over encrypted content (the Response's over an EncryptedAssertion, the \
         Assertion's over an EncryptedID) signs the ciphertext: `verify` checks it before decrypting, so its \
         digest over the decrypted document below differs"
    );
}
