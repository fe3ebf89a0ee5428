//! The library example of docs/rust.md, as written there.

#[test]
fn readme_library_example_runs() -> Result<(), Box<dyn std::error::Error>> {
    use saml_edge::saml::{verify_response, VerifyOptions};
    use saml_edge::time::Timestamp;
    use saml_edge::trust::TrustedKeys;

    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR"))?;
    let keys = TrustedKeys::from_pem_or_der(&std::fs::read("tests/keys/idp-rsa2048.crt")?)?;
    let mut opts = VerifyOptions::new(
        "https://auth.iws-hybrid.trendmicro.com/0123456789abcdef",
        "https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp",
        Timestamp::parse("2026-01-15T10:01:00Z")?, // the core never reads a clock
    );
    opts.idp_entity_id = Some("https://sts.windows.net/00000000-0000-0000-0000-000000000000/".into());
    opts.in_response_to = Some("_4fee3b046395c4e751011e97f8900b5273d56685".into());
    let body = std::fs::read("tests/fixtures/valid/entra_assertion_signed.xml")?;
    let verified = verify_response(&body, &keys, &opts)?;
    assert_eq!(verified.identity.login_name, "bsimon");
    Ok(())
}
