//! Building the `<samlp:AuthnRequest>` an SP sends to start a login
//! (SAML core §3.4.1, Web Browser SSO profile §4.1.4.1).
//!
//! The request is unsigned and compact (no whitespace between elements); it
//! asks for the response by HTTP-POST to the ACS URL. Send it with
//! [`authn_request_redirect_url`] (HTTP-Redirect binding). The caller keeps
//! the `id` to check the response's `InResponseTo` later.

use alloc::string::String;
use alloc::vec::Vec;

use super::bindings::{redirect_url, RedirectParam};
use crate::error::{Error, Result};
use crate::ns;
use crate::time::Timestamp;

/// What goes into an AuthnRequest. Build with [`AuthnRequestOptions::new`], then set fields.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthnRequestOptions {
    /// The request `ID`: an `xs:ID` (NCName) whose first character is a letter or `_`
    /// (Entra refuses IDs that start with a digit). Generate it with at least 128 bits of
    /// randomness, e.g. `_` + 32 hex digits, and keep it to match `InResponseTo`.
    pub id: String,
    /// `IssueInstant`: when the request is made.
    pub issue_instant: Timestamp,
    /// `Destination`: the IdP's SSO URL (HTTP-Redirect endpoint) the request is sent to.
    pub destination: String,
    /// `AssertionConsumerServiceURL`: where the IdP posts the response.
    pub acs_url: String,
    /// `Issuer`: the SP entity ID.
    pub sp_entity_id: String,
    /// `NameIDPolicy/@Format`. Default: `None` (the IdP chooses).
    pub name_id_format: Option<String>,
    /// `ForceAuthn="true"`: the IdP must authenticate the user afresh. Default: `false`.
    pub force_authn: bool,
    /// `IsPassive="true"`: the IdP must not interact with the user. Default: `false`.
    pub is_passive: bool,
    /// `RequestedAuthnContext` with `Comparison="exact"` and these `AuthnContextClassRef`s.
    /// Default: `None` (not sent: Entra answers AADSTS75011 when the user signed in
    /// otherwise than requested).
    pub requested_authn_context: Option<Vec<String>>,
}

impl AuthnRequestOptions {
    /// Options with the required values; every other field takes its documented default.
    pub fn new(
        id: impl Into<String>,
        issue_instant: Timestamp,
        destination: impl Into<String>,
        acs_url: impl Into<String>,
        sp_entity_id: impl Into<String>,
    ) -> AuthnRequestOptions {
        AuthnRequestOptions {
            id: id.into(),
            issue_instant,
            destination: destination.into(),
            acs_url: acs_url.into(),
            sp_entity_id: sp_entity_id.into(),
            name_id_format: None,
            force_authn: false,
            is_passive: false,
            requested_authn_context: None,
        }
    }
}

/// Serialize the AuthnRequest (SAML core §3.4.1) as compact UTF-8 XML, every value XML-escaped.
///
/// Refused with [`Error::ConfigInvalid`] (naming the option): an `id` that is not an
/// NCName starting with a letter or `_`; an empty `destination`, `acs_url` or
/// `sp_entity_id`; an empty `name_id_format` or `requested_authn_context` (or
/// class reference); characters XML 1.0 cannot carry.
pub fn build_authn_request(opts: &AuthnRequestOptions) -> Result<String> {
    check_id(&opts.id)?;
    for (option, value) in
        [("destination", &opts.destination), ("acs_url", &opts.acs_url), ("sp_entity_id", &opts.sp_entity_id)]
    {
        if value.trim().is_empty() {
            return Err(config(option, "must not be empty"));
        }
    }
    if opts.name_id_format.as_deref().is_some_and(|f| f.trim().is_empty()) {
        return Err(config("name_id_format", "must not be empty when set"));
    }
    if let Some(refs) = &opts.requested_authn_context {
        if refs.is_empty() || refs.iter().any(|r| r.trim().is_empty()) {
            return Err(config(
                "requested_authn_context",
                "must list at least one non-empty AuthnContextClassRef when set",
            ));
        }
    }

    let mut x = String::with_capacity(768);
    x.push_str("<samlp:AuthnRequest xmlns:samlp=\"");
    x.push_str(ns::PROTOCOL);
    x.push_str("\" xmlns:saml=\"");
    x.push_str(ns::ASSERTION);
    x.push('"');
    attr(&mut x, "ID", &opts.id, "id")?;
    x.push_str(" Version=\"2.0\"");
    attr(&mut x, "IssueInstant", &alloc::format!("{}", opts.issue_instant), "issue_instant")?;
    attr(&mut x, "Destination", &opts.destination, "destination")?;
    attr(&mut x, "AssertionConsumerServiceURL", &opts.acs_url, "acs_url")?;
    attr(&mut x, "ProtocolBinding", ns::BINDING_HTTP_POST, "protocol_binding")?;
    if opts.force_authn {
        x.push_str(" ForceAuthn=\"true\"");
    }
    if opts.is_passive {
        x.push_str(" IsPassive=\"true\"");
    }
    x.push_str("><saml:Issuer>");
    escape_into(&mut x, &opts.sp_entity_id, false, "sp_entity_id")?;
    x.push_str("</saml:Issuer><samlp:NameIDPolicy");
    if let Some(format) = &opts.name_id_format {
        attr(&mut x, "Format", format, "name_id_format")?;
    }
    x.push_str(" AllowCreate=\"true\"/>");
    if let Some(refs) = &opts.requested_authn_context {
        x.push_str("<samlp:RequestedAuthnContext Comparison=\"exact\">");
        for r in refs {
            x.push_str("<saml:AuthnContextClassRef>");
            escape_into(&mut x, r, false, "requested_authn_context")?;
            x.push_str("</saml:AuthnContextClassRef>");
        }
        x.push_str("</samlp:RequestedAuthnContext>");
    }
    x.push_str("</samlp:AuthnRequest>");
    Ok(x)
}

/// Build the AuthnRequest and the HTTP-Redirect URL to `opts.destination` that carries it
/// (SAML bindings §3.4), with optional `RelayState` (≤ 80 bytes) and Entra's `login_hint`
/// (pre-fills the user name; sent as an extra query parameter).
pub fn authn_request_redirect_url(
    opts: &AuthnRequestOptions,
    relay_state: Option<&str>,
    login_hint: Option<&str>,
) -> Result<String> {
    let xml = build_authn_request(opts)?;
    let extra: Vec<(&str, &str)> = login_hint.map(|h| ("login_hint", h)).into_iter().collect();
    redirect_url(&opts.destination, RedirectParam::SamlRequest, &xml, relay_state, &extra)
}

/// [`authn_request_redirect_url`] with a redirect-binding signature (SAML bindings §3.4.4.1):
/// the octets to sign and the URL once signed; `login_hint` stays outside the signed part.
pub fn authn_request_to_sign(
    opts: &AuthnRequestOptions,
    relay_state: Option<&str>,
    login_hint: Option<&str>,
    algorithm: crate::crypto::SignatureAlgorithm,
) -> Result<super::redirect_signature::RedirectToSign> {
    let xml = build_authn_request(opts)?;
    let extra: Vec<(&str, &str)> = login_hint.map(|h| ("login_hint", h)).into_iter().collect();
    super::redirect_signature::redirect_to_sign(
        &opts.destination,
        RedirectParam::SamlRequest,
        &xml,
        relay_state,
        &extra,
        algorithm,
    )
}

/// `id` must be an NCName (Namespaces in XML §3) whose first character is a letter or `_`.
pub(super) fn check_id(id: &str) -> Result<()> {
    match id.chars().next() {
        None => return Err(config("id", "the request ID is empty")),
        Some(c) if c == '_' || c.is_alphabetic() => {}
        Some(c) => {
            return Err(config(
                "id",
                &alloc::format!(
                    "the request ID must start with a letter or '_' (found '{c}'); \
                     Entra refuses IDs that start with a digit"
                ),
            ))
        }
    }
    if !crate::xml::is_ncname(id) {
        return Err(config("id", "the request ID must be an xs:ID (an NCName: letters, digits, '.', '-', '_')"));
    }
    Ok(())
}

/// Append ` name="value"` with `value` escaped.
pub(super) fn attr(out: &mut String, name: &str, value: &str, option: &str) -> Result<()> {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_into(out, value, true, option)?;
    out.push('"');
    Ok(())
}

/// Escape for element content or a double-quoted attribute. Whitespace that
/// attribute-value normalization (XML 1.0 §3.3.3) or line-end handling (§2.11)
/// would change is written as a character reference; characters XML 1.0 does
/// not allow (§2.2) are refused.
pub(super) fn escape_into(out: &mut String, value: &str, in_attr: bool, option: &str) -> Result<()> {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attr => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' if in_attr => out.push_str("&#9;"),
            '\n' if in_attr => out.push_str("&#10;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {
                return Err(config(
                    option,
                    &alloc::format!("contains U+{:04X}, which XML 1.0 cannot carry", u32::from(c)),
                ))
            }
            _ => out.push(c),
        }
    }
    Ok(())
}

pub(super) fn config(option: &str, detail: &str) -> Error {
    Error::ConfigInvalid { option: String::from(option), detail: String::from(detail) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::saml::bindings::decode_redirect;
    use crate::Limits;
    use alloc::vec;

    fn opts() -> AuthnRequestOptions {
        AuthnRequestOptions::new(
            "_3f2a9c0d1e8b4a7f9c6d5e4b3a2f1e0d",
            Timestamp::from_unix_seconds(1_709_208_000),
            "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2",
            "https://sp.example.com/saml/acs",
            "https://sp.example.com/",
        )
    }

    #[test]
    fn compact_default_request() {
        let xml = build_authn_request(&opts()).unwrap();
        assert_eq!(
            xml,
            "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" \
             xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_3f2a9c0d1e8b4a7f9c6d5e4b3a2f1e0d\" \
             Version=\"2.0\" IssueInstant=\"2024-02-29T12:00:00Z\" \
             Destination=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2\" \
             AssertionConsumerServiceURL=\"https://sp.example.com/saml/acs\" \
             ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\">\
             <saml:Issuer>https://sp.example.com/</saml:Issuer>\
             <samlp:NameIDPolicy AllowCreate=\"true\"/></samlp:AuthnRequest>"
        );
    }

    #[test]
    fn optional_parts() {
        let mut o = opts();
        o.name_id_format = Some(String::from(ns::NAMEID_EMAIL));
        o.force_authn = true;
        o.is_passive = true;
        o.requested_authn_context = Some(vec![
            String::from("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"),
            String::from("urn:oasis:names:tc:SAML:2.0:ac:classes:X509"),
        ]);
        let xml = build_authn_request(&o).unwrap();
        assert!(xml.contains(" ForceAuthn=\"true\" IsPassive=\"true\">"), "{xml}");
        assert!(xml.contains(
            "<samlp:NameIDPolicy Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\" AllowCreate=\"true\"/>"
        ));
        assert!(xml.ends_with(
            "<samlp:RequestedAuthnContext Comparison=\"exact\">\
             <saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef>\
             <saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:X509</saml:AuthnContextClassRef>\
             </samlp:RequestedAuthnContext></samlp:AuthnRequest>"
        ));
        assert!(!build_authn_request(&opts()).unwrap().contains("RequestedAuthnContext"));
        assert!(!build_authn_request(&opts()).unwrap().contains("ForceAuthn"));
    }

    #[test]
    fn values_are_escaped() {
        let mut o = opts();
        o.acs_url = String::from("https://sp.example.com/acs?a=1&b=\"2\"<x>\t\n\r");
        o.sp_entity_id = String::from("urn:sp:<&>\"'\t\n\r");
        o.requested_authn_context = Some(vec![String::from("a&b")]);
        let xml = build_authn_request(&o).unwrap();
        assert!(xml.contains("AssertionConsumerServiceURL=\"https://sp.example.com/acs?a=1&amp;b=&quot;2&quot;&lt;x&gt;&#9;&#10;&#13;\""), "{xml}");
        assert!(xml.contains("<saml:Issuer>urn:sp:&lt;&amp;&gt;\"'\t\n&#13;</saml:Issuer>"), "{xml}");
        assert!(xml.contains(">a&amp;b<"));
    }

    #[test]
    fn control_characters_are_refused() {
        let mut o = opts();
        o.sp_entity_id = String::from("a\u{0}b");
        let e = build_authn_request(&o).unwrap_err();
        assert!(matches!(e, Error::ConfigInvalid { ref option, .. } if option == "sp_entity_id"), "{e:?}");
        let mut o = opts();
        o.destination = String::from("https://x/\u{1b}");
        assert!(
            matches!(build_authn_request(&o), Err(Error::ConfigInvalid { ref option, .. }) if option == "destination")
        );
    }

    #[test]
    fn id_rule() {
        for good in ["_a", "a", "A1", "_0123456789abcdef", "id-1.2_3", "é1", "x\u{B7}y"] {
            let mut o = opts();
            o.id = String::from(good);
            assert!(build_authn_request(&o).is_ok(), "{good}");
        }
        for bad in
            ["", "1abc", "0", "-a", ".a", ":a", "a:b", "a b", "a\"b", "a<b", "a&b", "ab\u{0}", "\u{B7}a", "a/b", "a=b"]
        {
            let mut o = opts();
            o.id = String::from(bad);
            match build_authn_request(&o) {
                Err(Error::ConfigInvalid { option, .. }) => assert_eq!(option, "id", "{bad}"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn empty_required_values_are_refused() {
        type Edit = fn(&mut AuthnRequestOptions);
        let cases: [(&str, Edit); 5] = [
            ("destination", |o| o.destination.clear()),
            ("acs_url", |o| o.acs_url = String::from("  ")),
            ("sp_entity_id", |o| o.sp_entity_id.clear()),
            ("name_id_format", |o| o.name_id_format = Some(String::new())),
            ("requested_authn_context", |o| o.requested_authn_context = Some(Vec::new())),
        ];
        for (name, f) in cases {
            let mut o = opts();
            f(&mut o);
            match build_authn_request(&o) {
                Err(Error::ConfigInvalid { option, .. }) => assert_eq!(option, name),
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn redirect_url_round_trips() {
        let o = opts();
        let url = authn_request_redirect_url(&o, Some("/dashboard?tab=1"), Some("alice@contoso.com")).unwrap();
        assert!(url
            .starts_with("https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2?SAMLRequest="));
        assert!(url.ends_with("&RelayState=%2Fdashboard%3Ftab%3D1&login_hint=alice%40contoso.com"), "{url}");
        let m = decode_redirect(&url, &Limits::default()).unwrap();
        assert_eq!(m.param, RedirectParam::SamlRequest);
        assert_eq!(m.xml, build_authn_request(&o).unwrap());
        assert_eq!(m.relay_state.as_deref(), Some("/dashboard?tab=1"));

        let plain = authn_request_redirect_url(&o, None, None).unwrap();
        assert!(!plain.contains('&'), "{plain}");
        let e = authn_request_redirect_url(&o, Some(&"r".repeat(81)), None).unwrap_err();
        assert_eq!(e.code(), "ERR_CONFIG_INVALID");
    }

    #[test]
    fn output_parses_with_the_right_namespaces() {
        let mut o = opts();
        o.requested_authn_context = Some(vec![String::from("urn:x")]);
        o.sp_entity_id = String::from("urn:sp:<&>\"'\t\n\r");
        let xml = build_authn_request(&o).unwrap();
        let doc = crate::xml::parse(&xml, &Limits::default()).unwrap();
        let root = doc.root_element();
        assert!(root.is(ns::PROTOCOL, "AuthnRequest"));
        assert_eq!(root.attribute("ID"), Some(o.id.as_str()));
        assert_eq!(root.attribute("AssertionConsumerServiceURL"), Some(o.acs_url.as_str()));
        let issuer = root.child(ns::ASSERTION, "Issuer").unwrap();
        assert_eq!(issuer.text_content(), o.sp_entity_id);
        assert!(root.child(ns::PROTOCOL, "NameIDPolicy").is_some());
        let rac = root.child(ns::PROTOCOL, "RequestedAuthnContext").unwrap();
        assert_eq!(rac.child(ns::ASSERTION, "AuthnContextClassRef").unwrap().text_content(), "urn:x");
    }
}
