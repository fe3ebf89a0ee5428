//! `saml-edge inspect`: decode and explain a message without trusting it.
//!
//! Nothing here accepts or refuses a login; it shows what `verify` would look
//! at: each signature with the digest it declares and the one we compute, the
//! KeyInfo certificate, the time windows against now, the claims, the XML.

use saml_edge::crypto::Certificate;
use saml_edge::dsig::{self, parse_signature};
use saml_edge::encoding::{base64_encode, hex_lower};
use saml_edge::saml::bindings::decode_post_input;
use saml_edge::saml::ns::{ASSERTION, DSIG, PROTOCOL};
use saml_edge::time::Timestamp;
use saml_edge::xml::{self, Node};
use saml_edge::Limits;

use crate::{args, now, read_input, Failure};

fn window(label: &str, n: Node<'_>, now: Timestamp) {
    let nb = n.attribute("NotBefore");
    let na = n.attribute("NotOnOrAfter");
    if nb.is_none() && na.is_none() {
        return;
    }
    let verdict = |v: Option<&str>, before: bool| match v.map(Timestamp::parse) {
        None => String::new(),
        Some(Err(_)) => " (malformed)".into(),
        Some(Ok(t)) => {
            let d = (t.unix_millis() - now.unix_millis()) / 1000;
            if before {
                if d > 0 {
                    format!(" (starts in {d} s)")
                } else {
                    format!(" (began {} s ago)", -d)
                }
            } else if d > 0 {
                format!(" (ends in {d} s)")
            } else {
                format!(" (ENDED {} s ago)", -d)
            }
        }
    };
    println!(
        "  {label:<24} NotBefore={}{}  NotOnOrAfter={}{}",
        nb.unwrap_or("-"),
        verdict(nb, true),
        na.unwrap_or("-"),
        verdict(na, false)
    );
}

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let a = args::parse(argv, &["now", "sp-key"], &["canonical"])?;
    let sp_keys = crate::decrypt::sp_keys(&a)?;
    let bytes = read_input(a.one_input()?)?;
    let now = now(&a)?;
    let limits = Limits::default();
    let decoded = decode_post_input(&bytes, &limits).map_err(|e| format!("decoding the input: {e} [{}]", e.code()))?;
    if let Some(rs) = &decoded.relay_state {
        println!("RelayState: {rs}");
    }
    let doc = match xml::parse(&decoded.xml, &limits) {
        Ok(d) => d,
        Err(e) => {
            println!("XML refused: {} [{}]", e, e.code());
            return Err(Failure::Refused);
        }
    };
    let root = doc.root_element();
    println!("Root:        {} ({})", root.qname(), root.namespace().unwrap_or("no namespace"));
    for attr in ["ID", "Version", "IssueInstant", "Destination", "InResponseTo"] {
        if let Some(v) = root.attribute(attr) {
            println!("  {attr:<12} {v}");
        }
    }
    if let Some(i) = root.child(ASSERTION, "Issuer") {
        println!("  Issuer       {}", i.text_content());
    }
    if let Some(code) = root.child(PROTOCOL, "Status").and_then(|s| s.child(PROTOCOL, "StatusCode")) {
        println!("  Status       {}", code.attribute("Value").unwrap_or(""));
    }

    // Encrypted content (--sp-key): decrypted without checking any signature first (this is no
    // verdict); the signatures are shown as received, then those the decrypted content holds.
    let decrypted = match &sp_keys {
        None => None,
        Some(keys) => {
            let o = saml_edge::saml::VerifyOptions::new("", "", now);
            match crate::decrypt::inspect(&decoded.xml, keys, &o) {
                Ok(i) if i.decrypted.is_empty() => {
                    println!("\nDecryption:  nothing is encrypted");
                    None
                }
                Ok(i) => {
                    println!();
                    for d in &i.decrypted {
                        println!("Decryption:  {}", crate::decrypt::describe(d));
                    }
                    if let Some(r) = &i.round {
                        println!("Decryption:  the {} inside could not be read further", r.element());
                    }
                    println!(
                        "Note:        a signature over encrypted content (the Response's over an EncryptedAssertion, \
                         the Assertion's over an EncryptedID) signs the ciphertext: `verify` checks it before \
                         decrypting, so its digest over the decrypted document below differs"
                    );
                    Some(xml::parse(&i.xml, &limits).map_err(|e| format!("the decrypted document: {e}"))?)
                }
                Err(e) => {
                    println!("\nDecryption:  not decrypted: {} [{}]", e, e.code());
                    None
                }
            }
        }
    };

    println!("\nSignatures (not trusted here: only `verify` checks them against pinned keys):");
    let mut any = false;
    let received = doc.descendants().filter(|n| n.is(DSIG, "Signature"));
    // Signatures that only the decryption revealed (inside a decrypted Assertion).
    let had_assertion = doc.descendants().any(|n| n.is(ASSERTION, "Assertion"));
    let revealed = decrypted
        .iter()
        .filter(|_| !had_assertion)
        .flat_map(|d| d.descendants())
        .filter(|n| n.is(DSIG, "Signature") && n.parent_element().is_some_and(|p| p.is(ASSERTION, "Assertion")));
    for sig in received.chain(revealed) {
        any = true;
        let parent = sig.parent_element();
        let where_ =
            parent.map(|p| format!("{} ID={}", p.qname(), p.attribute("ID").unwrap_or("-"))).unwrap_or_default();
        println!("- on {where_}");
        let parsed = match parse_signature(sig, true) {
            Ok(p) => p,
            Err(e) => {
                println!("  malformed: {e} [{}]", e.code());
                continue;
            }
        };
        println!("  SignatureMethod   {}", parsed.signature_algorithm.uri());
        println!("  Canonicalization  {}", parsed.signed_info_c14n.uri());
        println!("  Reference URI     {:?}", parsed.reference_uri);
        println!("  DigestMethod      {}", parsed.digest_algorithm.uri());
        println!("  declared digest   {}", base64_encode(&parsed.digest_value));
        if let Some(p) = parent {
            let max = limits.max_canonical_bytes;
            match dsig::reference_digest(&parsed, sig, p, max) {
                Ok(computed) => {
                    let same = computed == parsed.digest_value;
                    let verdict = if same { "matches" } else { "DIFFERS" };
                    println!("  computed digest   {} ({verdict})", base64_encode(&computed));
                }
                Err(e) => println!("  computed digest   not computed: {e} [{}]", e.code()),
            }
            if a.flag("canonical") {
                let show = |r: saml_edge::Result<Vec<u8>>| match r {
                    Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                    Err(e) => format!("(not shown: {e})"),
                };
                println!("  canonical SignedInfo:\n{}", show(dsig::signed_info_bytes(&parsed, sig, max)));
                println!("  canonical referenced element:\n{}", show(dsig::reference_bytes(&parsed, sig, p, max)));
            }
        }
        if parsed.key_info_certificates.is_empty() {
            println!("  KeyInfo           no certificate");
        }
        for b64 in &parsed.key_info_certificates {
            match Certificate::from_base64(b64) {
                Err(e) => println!("  KeyInfo           unreadable certificate: {e}"),
                Ok(c) => {
                    println!("  KeyInfo subject   {}", c.subject());
                    println!(
                        "  KeyInfo validity  {} .. {}",
                        Timestamp::from_unix_seconds(c.not_before()),
                        Timestamp::from_unix_seconds(c.not_after())
                    );
                    println!("  KeyInfo SHA-256   {}", hex_lower(&c.sha256()));
                    // The thumbprint Entra ID and ADFS show for a signing certificate.
                    println!("  KeyInfo SHA-1     {}", hex_lower(&c.sha1()));
                }
            }
        }
    }
    if !any {
        println!("  none");
    }

    let doc = decrypted.as_ref().unwrap_or(&doc);
    for assertion in doc.descendants().filter(|n| n.is(ASSERTION, "Assertion")) {
        println!("\nAssertion ID={} (time windows against now = {now}):", assertion.attribute("ID").unwrap_or("-"));
        if let Some(c) = assertion.child(ASSERTION, "Conditions") {
            window("Conditions", c, now);
            for aud in c.descendants().filter(|n| n.is(ASSERTION, "Audience")) {
                println!("  Audience                 {}", aud.text_content());
            }
        }
        if let Some(s) = assertion.child(ASSERTION, "Subject") {
            if let Some(n) = s.child(ASSERTION, "NameID") {
                println!("  NameID                   {}", n.text_content());
            }
            for d in s.descendants().filter(|n| n.is(ASSERTION, "SubjectConfirmationData")) {
                window("SubjectConfirmationData", d, now);
                if let Some(r) = d.attribute("Recipient") {
                    println!("  Recipient                {r}");
                }
                if let Some(r) = d.attribute("InResponseTo") {
                    println!("  InResponseTo             {r}");
                }
            }
        }
        for attr in assertion.descendants().filter(|n| n.is(ASSERTION, "Attribute")) {
            let values: Vec<String> =
                attr.children_named(ASSERTION, "AttributeValue").map(|v| v.text_content()).collect();
            println!("  {} = {}", attr.attribute("Name").unwrap_or("?"), values.join(" | "));
        }
    }

    println!("\nXML{}:\n{}", if decrypted.is_some() { " (decrypted)" } else { "" }, xml::pretty(doc));
    Ok(())
}
