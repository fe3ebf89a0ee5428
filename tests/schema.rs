//! The schema differential: saml-edge's structure check (`src/saml/schema.rs`) against the OASIS
//! SAML 2.0 XSDs, as libxml2 applies them (`tests/schema/generate.py` writes `tests/schema/cases.json`
//! from structural variants of real IdP output). Every variant must get the XSDs' answer, and every
//! response the fixture manifest expects to verify must pass the structure check.

use saml_edge::internals::check_structure;
use saml_edge::internals::xml;
use saml_edge::Limits;
use serde_json::Value;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases() -> Value {
    serde_json::from_slice(&std::fs::read(root().join("tests/schema/cases.json")).expect("cases.json"))
        .expect("cases.json is JSON")
}

#[test]
fn every_variant_gets_the_answer_of_the_xsds() {
    let all = cases();
    let bases = all["bases"].as_object().expect("bases");
    let mut disagreements = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for case in all["cases"].as_array().expect("cases") {
        let name = case["name"].as_str().unwrap();
        let base = bases[case["base"].as_str().unwrap()].as_str().unwrap();
        let (start, end) = (case["start"].as_u64().unwrap() as usize, case["end"].as_u64().unwrap() as usize);
        let text = format!("{}{}{}", &base[..start], case["insert"].as_str().unwrap(), &base[end..]);
        let doc = xml::parse(&text, &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let ours = check_structure(doc.root_element());
        let xsd_valid = case["xsd_valid"].as_bool().unwrap();
        if xsd_valid {
            valid += 1;
        } else {
            invalid += 1;
        }
        match (&ours, xsd_valid) {
            (Ok(()), true) => {}
            (Err(e), false) => assert_eq!(e.code(), "ERR_SAML_SCHEMA", "{name}"),
            (Ok(()), false) => disagreements.push(format!("{name}: accepted; the XSDs say {}", case["xsd_error"])),
            (Err(e), true) => disagreements.push(format!("{name}: refused ({e}); the XSDs accept it")),
        }
    }
    assert!(valid >= 100 && invalid >= 300, "too few variants: {valid} valid, {invalid} invalid");
    assert!(disagreements.is_empty(), "{} disagreements:\n{}", disagreements.len(), disagreements.join("\n"));
}

#[test]
fn every_verifying_fixture_has_the_schemas_structure() {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(root().join("tests/fixtures/manifest.json")).unwrap()).unwrap();
    let all = cases();
    let xsd_valid: Vec<&str> = all["valid_fixtures"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    let mut checked = 0;
    for case in manifest["cases"].as_array().unwrap() {
        let file = case["file"].as_str().unwrap();
        if case["expect"].get("ok").is_none() || case["encoding"] != "xml" {
            continue;
        }
        assert!(xsd_valid.contains(&file), "{file} was not validated by tests/schema/generate.py");
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let doc = xml::parse(&text, &Limits::default()).unwrap();
        assert_eq!(check_structure(doc.root_element()), Ok(()), "{file}");
        checked += 1;
    }
    assert!(checked >= 40, "{checked}");
}
