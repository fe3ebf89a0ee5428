//! Every case of tests/fixtures/sp/manifest.json (logout messages an IdP sends, signed by openssl
//! on the HTTP-Redirect binding and by xmlsec1 on HTTP-POST; tests/fixtures/sp/generate.py)
//! through the library, with both the pure-Rust crypto and a host-style verdict, plus round trips
//! of what the SP sends.

use saml_edge::crypto::{SignatureAlgorithm, SigningKey};
use saml_edge::saml::bindings::{decode_redirect, RedirectParam};
use saml_edge::saml::logout::{
    begin_logout_request, begin_logout_response, build_logout_request, build_logout_response, verify_logout_request,
    verify_logout_response, LogoutBinding, LogoutInput, LogoutRequestOptions, LogoutResponseOptions,
    LogoutVerifyOptions,
};
use saml_edge::saml::redirect_signature::signed_redirect_url;
use saml_edge::time::Timestamp;
use saml_edge::trust::TrustedKeys;
use saml_edge::verdict::{Pending, SignatureTask};
use saml_edge::Limits;
use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// An RNG for the signer's blinding, from the OS (the tests are a caller like any other).
struct OsRng(std::fs::File);
impl saml_edge::crypto::TryCryptoRng for OsRng {}
impl rsa_rand::TryRng for OsRng {
    type Error = std::io::Error;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        std::io::Read::read_exact(&mut self.0, dst)
    }
}
use saml_edge::crypto::rand_core as rsa_rand;

fn os_rng() -> OsRng {
    OsRng(std::fs::File::open("/dev/urandom").expect("/dev/urandom"))
}

fn manifest() -> Value {
    serde_json::from_slice(&read("tests/fixtures/sp/manifest.json")).expect("manifest is JSON")
}

fn options(case: &Value, d: &Value) -> (LogoutVerifyOptions, TrustedKeys) {
    let get = |k: &str| case["options"].get(k).unwrap_or(&d[k]).clone();
    let now = Timestamp::parse(get("now").as_str().unwrap()).unwrap();
    let mut o = LogoutVerifyOptions::new(get("slo_url").as_str().unwrap(), get("idp_entity_id").as_str().unwrap(), now);
    o.allow_sha1 = get("allow_sha1").as_bool().unwrap_or(false);
    o.clock_tolerance_secs = get("clock_tolerance").as_u64().unwrap() as u32;
    let mut keys = TrustedKeys::new();
    for c in get("certs").as_array().unwrap() {
        keys.add_pem_or_der(&read(c.as_str().unwrap())).unwrap();
    }
    (o, keys)
}

/// The verdict of one case: Ok(json of the interesting fields) or the error code.
fn run(case: &Value, d: &Value, host: bool) -> Result<Value, String> {
    let (o, keys) = options(case, d);
    let bytes = read(case["file"].as_str().unwrap());
    let text = String::from_utf8(bytes.clone()).unwrap();
    let input = match case["binding"].as_str().unwrap() {
        "redirect" => LogoutInput::Redirect(text.trim_end()),
        _ => LogoutInput::Post(&bytes),
    };
    let irt = d["in_response_to"].as_str().unwrap();
    // The host path: the signature value checked outside (here with the key's own verify), the
    // verdict given back as an index, as the npm package does with node:crypto or WebCrypto.
    let host_verdicts = |tasks: Vec<SignatureTask<'_>>| -> Vec<Option<usize>> {
        tasks
            .iter()
            .map(|t| {
                t.candidates(&keys)
                    .into_iter()
                    .find(|&i| keys.iter().nth(i).unwrap().key().verify(t.algorithm, t.message, t.signature).unwrap())
            })
            .collect()
    };
    match case["kind"].as_str().unwrap() {
        "request" => {
            let r = if host {
                begin_logout_request(input, &keys, &o).and_then(|p| {
                    let found = host_verdicts(p.tasks());
                    p.finish(&keys, &found)
                })
            } else {
                verify_logout_request(input, &keys, &o)
            };
            r.map(|v| {
                assert!(v.replay_expiry(&o) > o.now);
                serde_json::json!({
                    "name_id": v.name_id.value,
                    "session_indexes": v.session_indexes,
                    "relay_state": v.relay_state,
                    "binding": v.signature.binding.as_str(),
                })
            })
        }
        _ => {
            let r = if host {
                begin_logout_response(input, &keys, &o, irt).and_then(|p| {
                    let found = host_verdicts(p.tasks());
                    p.finish(&keys, &found)
                })
            } else {
                verify_logout_response(input, &keys, &o, irt)
            };
            r.map(|v| {
                serde_json::json!({
                    "in_response_to": v.in_response_to,
                    "partial": v.partial(),
                    "relay_state": v.relay_state,
                    "binding": v.signature.binding.as_str(),
                })
            })
        }
    }
    .map_err(|e| e.code().to_string())
}

#[test]
fn every_logout_fixture_gives_its_expected_verdict() {
    let m = manifest();
    let d = &m["defaults"];
    let cases = m["cases"].as_array().unwrap();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        for host in [false, true] {
            let got = run(case, d, host);
            let path = if host { "host" } else { "rust" };
            match (case["expect"].get("error").and_then(Value::as_str), &got) {
                (Some(code), Err(found)) if found == code => {}
                (Some(code), _) => failures.push(format!("{name} ({path}): expected {code}, got {got:?}")),
                (None, Ok(v)) => {
                    let want = &case["expect"]["ok"];
                    for (k, w) in want.as_object().unwrap() {
                        if &v[k] != w {
                            failures.push(format!("{name} ({path}): {k} expected {w}, found {}", v[k]));
                        }
                    }
                    let binding = if case["binding"] == "redirect" { "redirect" } else { "xml" };
                    if v["binding"] != binding {
                        failures.push(format!("{name} ({path}): signed by {}, expected {binding}", v["binding"]));
                    }
                }
                (None, Err(e)) => failures.push(format!("{name} ({path}): expected ok, got {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

const SP: &str = "https://sp.example.com/";
const IDP_SLO: &str = "https://idp.example.com/slo";

/// What the SP sends, signed with its key, read back by the same verifier an IdP-side check would
/// be (here: our own, with the SP's certificate pinned, roles swapped).
#[test]
fn sp_messages_round_trip_through_the_verifier() {
    let key = SigningKey::from_pem(std::str::from_utf8(&read("tests/keys/sp-signing-rsa2048.key")).unwrap()).unwrap();
    let sp_keys = TrustedKeys::from_pem_or_der(&read("tests/keys/sp-signing-rsa2048.crt")).unwrap();
    let now = Timestamp::parse("2026-01-15T10:01:00Z").unwrap();
    let mut rng = os_rng();
    let mut signer = key.signer(SignatureAlgorithm::RsaSha256, &mut rng).unwrap();

    // A LogoutRequest from the SP, as the IdP would check it (Destination = the IdP's SLO URL).
    let mut req =
        LogoutRequestOptions::new("id0123456789abcdef0123456789abcdef", now, IDP_SLO, SP, "B.Simon@contoso.com");
    req.name_id_format = Some("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress".into());
    req.session_indexes = vec!["_s1".into(), "_s2".into()];
    req.reason = Some("urn:oasis:names:tc:SAML:2.0:logout:user".into());
    let xml = build_logout_request(&req).unwrap();
    let url = signed_redirect_url(IDP_SLO, RedirectParam::SamlRequest, &xml, Some("/bye"), &[], &mut signer).unwrap();
    let o = LogoutVerifyOptions::new(IDP_SLO, SP, now);
    let v = verify_logout_request(LogoutInput::Redirect(&url), &sp_keys, &o).unwrap();
    assert_eq!(v.id, req.id);
    assert_eq!(v.name_id.value, "B.Simon@contoso.com");
    assert_eq!(v.name_id.format, req.name_id_format);
    assert_eq!(v.session_indexes, ["_s1", "_s2"]);
    assert_eq!(v.reason, req.reason);
    assert_eq!(v.relay_state.as_deref(), Some("/bye"));
    assert_eq!(v.signature.binding, LogoutBinding::Redirect);

    // The SP's LogoutResponse to an IdP's request, with a partial status.
    let mut res = LogoutResponseOptions::new("id89abcdef0123456789abcdef01234567", now, IDP_SLO, SP, "_idp-request");
    res.sub_status_code = Some(saml_edge::saml::logout::STATUS_PARTIAL_LOGOUT.into());
    let xml = build_logout_response(&res).unwrap();
    let url = signed_redirect_url(IDP_SLO, RedirectParam::SamlResponse, &xml, None, &[], &mut signer).unwrap();
    let v = verify_logout_response(LogoutInput::Redirect(&url), &sp_keys, &o, "_idp-request").unwrap();
    assert!(v.partial());
    assert_eq!(v.relay_state, None);
    let e = verify_logout_response(LogoutInput::Redirect(&url), &sp_keys, &o, "_other").unwrap_err();
    assert_eq!(e.code(), "ERR_SAML_IN_RESPONSE_TO");
    let m = decode_redirect(&url, &Limits::default()).unwrap();
    assert_eq!(m.sig_alg.as_deref(), Some("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"));
}

#[test]
fn builders_refuse_what_they_cannot_write() {
    let now = Timestamp::parse("2026-01-15T10:01:00Z").unwrap();
    let ok = LogoutRequestOptions::new("id1", now, IDP_SLO, SP, "user");
    assert!(build_logout_request(&ok).is_ok());
    type Edit = fn(&mut LogoutRequestOptions);
    let cases: [(&str, Edit); 6] = [
        ("id", |o| o.id = "1abc".into()),
        ("destination", |o| o.destination.clear()),
        ("sp_entity_id", |o| o.sp_entity_id = " ".into()),
        ("name_id", |o| o.name_id.clear()),
        ("session_indexes", |o| o.session_indexes = vec![String::new()]),
        ("reason", |o| o.reason = Some(String::new())),
    ];
    for (name, f) in cases {
        let mut o = ok.clone();
        f(&mut o);
        match build_logout_request(&o) {
            Err(saml_edge::Error::ConfigInvalid { option, .. }) => assert_eq!(option, name),
            other => panic!("{name}: {other:?}"),
        }
    }
    let mut o = ok.clone();
    o.name_id = "a<b&\"c\"".into();
    let xml = build_logout_request(&o).unwrap();
    assert!(xml.contains(">a&lt;b&amp;\"c\"</saml:NameID>"), "{xml}");
    let r = LogoutResponseOptions::new("id2", now, IDP_SLO, SP, "");
    assert_eq!(build_logout_response(&r).unwrap_err().code(), "ERR_CONFIG_INVALID");
}

/// Keys pinned from metadata past its `validUntil` verify no logout message either (SAML metadata
/// §2.3.1): the same signed LogoutRequest is accepted before and refused from that instant on.
#[test]
fn keys_from_expired_metadata_verify_no_logout_message() {
    let m = manifest();
    let d = &m["defaults"];
    let xml = String::from_utf8(read("tests/fixtures/metadata/entities-valid-until.xml")).unwrap();
    let md = saml_edge::saml::metadata::parse_idp_metadata(&xml, &Limits::default()).unwrap();
    assert_eq!(md.valid_until, Some(Timestamp::parse("2026-01-15T10:05:00Z").unwrap()));
    let mut keys = TrustedKeys::new();
    md.pin_keys(&mut keys).unwrap();
    let url = String::from_utf8(read("tests/fixtures/sp/redirect/request_upper.url")).unwrap();
    let at = |now: &str| {
        let mut o = LogoutVerifyOptions::new(
            d["slo_url"].as_str().unwrap(),
            d["idp_entity_id"].as_str().unwrap(),
            Timestamp::parse(now).unwrap(),
        );
        o.clock_tolerance_secs = 180;
        verify_logout_request(LogoutInput::Redirect(url.trim_end()), &keys, &o).map_err(|e| e.code())
    };
    assert!(at("2026-01-15T10:04:59Z").is_ok(), "{:?}", at("2026-01-15T10:04:59Z"));
    assert_eq!(at("2026-01-15T10:05:00Z").map(|_| ()), Err("ERR_METADATA_EXPIRED"));
}
