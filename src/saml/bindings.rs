//! The HTTP bindings: how a SAML message travels in a URL or a form post.
//!
//! - HTTP-Redirect (SAML bindings §3.4): the message is raw DEFLATE
//!   (RFC 1951, no zlib header), then base64, then URL-encoded into the
//!   `SAMLRequest`/`SAMLResponse` query parameter, with optional `RelayState`
//!   (at most 80 bytes, §3.4.3) and, when signed, `SigAlg` and `Signature`
//!   (§3.4.4.1).
//! - HTTP-POST (SAML bindings §3.5): the message is base64 in the form field
//!   `SAMLResponse` of an `application/x-www-form-urlencoded` body (§3.5.4).
//!
//! Decoding is bounded: the input by [`Limits::max_input_bytes`], inflation by
//! [`Limits::max_inflated_bytes`] (memory never grows past it, so a DEFLATE
//! bomb costs at most that much).

use alloc::string::String;
use alloc::vec::Vec;

use miniz_oxide::inflate::TINFLStatus;

use crate::error::{Error, LimitKind, Result};
use crate::limits::Limits;

/// RelayState may not exceed 80 bytes (SAML bindings §3.4.3, §3.5.3).
pub const MAX_RELAY_STATE_BYTES: usize = 80;

/// DEFLATE level for outgoing messages (0–10 in miniz_oxide; 6 is zlib's default).
const DEFLATE_LEVEL: u8 = 6;

/// Which query/form parameter carries the message.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectParam {
    /// `SAMLRequest`: an AuthnRequest, LogoutRequest, ...
    SamlRequest,
    /// `SAMLResponse`: a Response, LogoutResponse, ...
    SamlResponse,
}

impl RedirectParam {
    /// The parameter name as it appears in the URL.
    pub fn name(self) -> &'static str {
        match self {
            RedirectParam::SamlRequest => "SAMLRequest",
            RedirectParam::SamlResponse => "SAMLResponse",
        }
    }
}

/// What the assertion consumer service received by HTTP-POST, decoded.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostInput {
    /// The SAML message as UTF-8 XML (a leading byte-order mark removed).
    pub xml: String,
    /// `RelayState`, form-decoded, when the input was a form body that carried one.
    pub relay_state: Option<String>,
}

/// A message received by HTTP-Redirect, decoded and inflated.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectMessage {
    /// Which parameter carried the message. For a bare value (no parameter
    /// name) it is inferred from the root element: a name ending in
    /// `Response` means [`RedirectParam::SamlResponse`].
    pub param: RedirectParam,
    /// The inflated SAML message as UTF-8 XML.
    pub xml: String,
    /// `RelayState`, URL-decoded.
    pub relay_state: Option<String>,
    /// `SigAlg`, URL-decoded (an algorithm URI).
    pub sig_alg: Option<String>,
    /// `Signature`, URL-decoded (still base64).
    pub signature: Option<String>,
    /// The octets a redirect-binding signature covers (SAML bindings §3.4.4.1):
    /// `SAMLRequest=v&RelayState=v&SigAlg=v` with the values exactly as they
    /// appeared in the URL, `RelayState=v&` left out when absent. Present only
    /// when both `SigAlg` and `Signature` are.
    pub signed_query: Option<String>,
}

// ---------------------------------------------------------------------------
// HTTP-POST
// ---------------------------------------------------------------------------

/// Decode what an assertion consumer service received (SAML bindings §3.5.4).
///
/// `input` may be:
/// - the XML itself (first non-whitespace byte `<`, after an optional UTF-8 BOM);
/// - base64 of the XML (whitespace and line breaks allowed);
/// - an `application/x-www-form-urlencoded` body with exactly one
///   `SAMLResponse` field and at most one `RelayState` (any order; other
///   fields ignored). In the `SAMLResponse` value a literal `+` is kept as a
///   base64 `+`: base64 has no spaces, so this only rescues senders that did
///   not percent-encode it.
///
/// The raw input may be at most 2 × [`Limits::max_input_bytes`] (room for
/// base64 and form encoding); the decoded XML at most
/// [`Limits::max_input_bytes`]. Both refusals are [`Error::Limit`] with
/// [`LimitKind::InputBytes`] and the bound that was applied. Anything that is
/// not UTF-8, not valid base64 or form encoding, or does not decode to
/// something starting with `<` is [`Error::InputEncoding`].
pub fn decode_post_input(input: &[u8], limits: &Limits) -> Result<PostInput> {
    let max_raw = limits.max_input_bytes.saturating_mul(2);
    if input.len() > max_raw {
        return Err(Error::Limit { kind: LimitKind::InputBytes, max: max_raw });
    }
    let unpadded = strip_bom(input);
    let start = unpadded.iter().position(|b| !is_xml_space(*b)).unwrap_or(unpadded.len());
    let body = unpadded.get(start..).unwrap_or_default();
    if body.first() == Some(&b'<') {
        // Raw XML goes to the parser as it came: whitespace before an XML declaration is an error there.
        let xml = checked_xml(unpadded, limits, "the posted XML")?;
        return Ok(PostInput { xml, relay_state: None });
    }
    let text = core::str::from_utf8(body).map_err(|_| encoding("the posted body is not UTF-8"))?;
    let text = text.trim_end_matches(|c: char| c.is_ascii() && is_xml_space(c as u8));
    if text.is_empty() {
        return Err(encoding("the posted body is empty"));
    }

    if looks_like_form(text) {
        let mut response: Option<&str> = None;
        let mut relay: Option<&str> = None;
        let mut request_seen = false;
        for (key, value) in query_pairs(text) {
            let key = url_decode_form(key)?;
            match key.as_str() {
                "SAMLResponse" => set_once(&mut response, value, "SAMLResponse")?,
                "RelayState" => set_once(&mut relay, value, "RelayState")?,
                "SAMLRequest" => request_seen = true,
                _ => {}
            }
        }
        let response =
            match response {
                Some(r) => r,
                None if request_seen => return Err(encoding(
                    "the form carries SAMLRequest, not SAMLResponse: an assertion consumer service receives responses",
                )),
                None => return Err(encoding("the form has no SAMLResponse field")),
            };
        let b64 = url_decode_bytes(response, PlusMeans::Plus)?;
        let xml = checked_xml_owned(decode_base64_ws(&b64, "SAMLResponse")?, limits, "the decoded SAMLResponse")?;
        let relay_state = match relay {
            Some(r) => Some(url_decode_form(r)?),
            None => None,
        };
        return Ok(PostInput { xml, relay_state });
    }

    let xml =
        checked_xml_owned(decode_base64_ws(text.as_bytes(), "SAMLResponse")?, limits, "the decoded SAMLResponse")?;
    Ok(PostInput { xml, relay_state: None })
}

/// Decode what an assertion consumer service received, taking only the HTTP-POST binding (SAML
/// bindings §3.5.4): an `application/x-www-form-urlencoded` body with exactly one `SAMLResponse`
/// field holding base64 (whitespace allowed, a literal `+` kept as base64's) and at most one
/// `RelayState`; other fields are ignored. Same bounds as [`decode_post_input`], which also takes
/// raw XML or bare base64 (for a caller that has the message itself).
///
/// # Errors
/// [`Error::InputBinding`] for a raw XML body, or a `SAMLResponse` value with characters outside
/// base64; [`Error::InputEncoding`] for a body that is not UTF-8, not a form, without exactly one
/// `SAMLResponse` or with several `RelayState`s, or whose base64 does not decode to XML;
/// [`Error::Limit`] as [`decode_post_input`].
pub fn decode_acs_post(input: &[u8], limits: &Limits) -> Result<PostInput> {
    let max_raw = limits.max_input_bytes.saturating_mul(2);
    if input.len() > max_raw {
        return Err(Error::Limit { kind: LimitKind::InputBytes, max: max_raw });
    }
    let text = core::str::from_utf8(strip_bom(input)).map_err(|_| encoding("the posted body is not UTF-8"))?;
    let text = text.trim_matches(|c: char| c.is_ascii() && is_xml_space(c as u8));
    if text.starts_with('<') {
        return Err(binding("SAMLResponse=<base64>", "raw XML"));
    }
    let mut response: Option<&str> = None;
    let mut relay: Option<&str> = None;
    for (key, value) in query_pairs(text) {
        match url_decode_form(key)?.as_str() {
            "SAMLResponse" => set_once(&mut response, value, "SAMLResponse")?,
            "RelayState" => set_once(&mut relay, value, "RelayState")?,
            _ => {}
        }
    }
    let response = response.ok_or_else(|| encoding("the form has no SAMLResponse field"))?;
    let b64 = url_decode_bytes(response, PlusMeans::Plus)?;
    if !b64.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=') || is_xml_space(*b)) {
        let xml = b64.iter().find(|b| !is_xml_space(**b)) == Some(&b'<');
        return Err(binding("base64", if xml { "raw XML" } else { "characters outside base64" }));
    }
    let xml = checked_xml_owned(decode_base64_ws(&b64, "SAMLResponse")?, limits, "the decoded SAMLResponse")?;
    let relay_state = relay.map(url_decode_form).transpose()?;
    Ok(PostInput { xml, relay_state })
}

/// A message received by HTTP-POST (SAML bindings §3.5.4) at an endpoint that takes requests
/// and responses alike (the SingleLogoutService), decoded.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostMessage {
    /// Which form field carried the message.
    pub param: RedirectParam,
    /// The SAML message as UTF-8 XML.
    pub xml: String,
    /// `RelayState`, form-decoded.
    pub relay_state: Option<String>,
}

/// Decode an `application/x-www-form-urlencoded` body carrying exactly one of `SAMLRequest` and
/// `SAMLResponse` (base64, SAML bindings §3.5.4) and at most one `RelayState`; other fields are
/// ignored. Same bounds and refusals as [`decode_post_input`], which takes responses only.
pub fn decode_post_message(input: &[u8], limits: &Limits) -> Result<PostMessage> {
    let max_raw = limits.max_input_bytes.saturating_mul(2);
    if input.len() > max_raw {
        return Err(Error::Limit { kind: LimitKind::InputBytes, max: max_raw });
    }
    let text = core::str::from_utf8(input).map_err(|_| encoding("the posted body is not UTF-8"))?;
    let text = text.trim_matches(|c: char| c.is_ascii() && is_xml_space(c as u8));
    let mut request: Option<&str> = None;
    let mut response: Option<&str> = None;
    let mut relay: Option<&str> = None;
    for (key, value) in query_pairs(text) {
        match url_decode_form(key)?.as_str() {
            "SAMLRequest" => set_once(&mut request, value, "SAMLRequest")?,
            "SAMLResponse" => set_once(&mut response, value, "SAMLResponse")?,
            "RelayState" => set_once(&mut relay, value, "RelayState")?,
            _ => {}
        }
    }
    let (param, raw) = match (request, response) {
        (Some(r), None) => (RedirectParam::SamlRequest, r),
        (None, Some(r)) => (RedirectParam::SamlResponse, r),
        (Some(_), Some(_)) => return Err(encoding("the form carries both SAMLRequest and SAMLResponse")),
        (None, None) => return Err(encoding("the form carries neither SAMLRequest nor SAMLResponse")),
    };
    let b64 = url_decode_bytes(raw, PlusMeans::Plus)?;
    let xml = checked_xml_owned(decode_base64_ws(&b64, param.name())?, limits, "the decoded message")?;
    let relay_state = relay.map(url_decode_form).transpose()?;
    Ok(PostMessage { param, xml, relay_state })
}

/// A form if it has several fields, or a `key=value` whose `=` is not base64 padding.
fn looks_like_form(text: &str) -> bool {
    if text.contains('&') {
        return true;
    }
    // `match_indices` with a char finds each `=` with memchr: base64 has them only at its end.
    let b = text.as_bytes();
    text.match_indices('=').any(|(i, _)| matches!(b.get(i + 1), Some(&n) if n != b'=' && !is_xml_space(n)))
        || text.starts_with("SAMLResponse=")
        || text.starts_with("SAMLRequest=")
        || text.starts_with("RelayState=")
}

// ---------------------------------------------------------------------------
// HTTP-Redirect
// ---------------------------------------------------------------------------

/// Build an HTTP-Redirect URL (SAML bindings §3.4.4): `xml` is raw-DEFLATEd,
/// base64-encoded and URL-encoded into `param` on `endpoint`.
///
/// Parameters are appended with `?`, or `&` when `endpoint` already has a
/// query; a fragment on `endpoint` stays at the end. `RelayState` comes
/// second (an empty one is left out), then `extra` in order (e.g. Entra's
/// `login_hint`). The message is not signed.
///
/// Refused with [`Error::ConfigInvalid`]: an empty endpoint, a RelayState
/// over 80 bytes (§3.4.3), an `extra` name that is empty or one of the
/// binding's own parameters.
pub fn redirect_url(
    endpoint: &str,
    param: RedirectParam,
    xml: &str,
    relay_state: Option<&str>,
    extra: &[(&str, &str)],
) -> Result<String> {
    redirect_url_deflated(endpoint, param, &deflate(xml), relay_state, extra)
}

/// [`redirect_url`] for a message the caller has already raw-DEFLATEd (RFC 1951): the npm package
/// leaves DEFLATE to the runtime (node:zlib, `CompressionStream('deflate-raw')`) rather than carry
/// a compressor in its WebAssembly.
pub fn redirect_url_deflated(
    endpoint: &str,
    param: RedirectParam,
    deflated: &[u8],
    relay_state: Option<&str>,
    extra: &[(&str, &str)],
) -> Result<String> {
    if endpoint.trim().is_empty() {
        return Err(config("endpoint", "the endpoint URL is empty"));
    }
    if let Some(rs) = relay_state {
        if rs.len() > MAX_RELAY_STATE_BYTES {
            return Err(config(
                "relay_state",
                &alloc::format!(
                    "RelayState is {} bytes; SAML bindings §3.4.3 allows at most {MAX_RELAY_STATE_BYTES}",
                    rs.len()
                ),
            ));
        }
    }
    for (name, _) in extra {
        if name.is_empty() || is_binding_param(name) {
            return Err(config("extra", &alloc::format!("\"{name}\" cannot be an extra query parameter")));
        }
    }

    let b64 = crate::encoding::base64_encode(deflated);
    let (base, fragment) = split_endpoint(endpoint);
    let mut url = String::with_capacity(base.len() + b64.len() * 3 / 2 + 64);
    push_endpoint(&mut url, base);
    url.push_str(param.name());
    url.push('=');
    url_encode_into(&mut url, b64.as_bytes());
    if let Some(rs) = relay_state.filter(|r| !r.is_empty()) {
        url.push_str("&RelayState=");
        url_encode_into(&mut url, rs.as_bytes());
    }
    for (name, value) in extra {
        url.push('&');
        url_encode_into(&mut url, name.as_bytes());
        url.push('=');
        url_encode_into(&mut url, value.as_bytes());
    }
    url.push_str(fragment);
    Ok(url)
}

/// Raw DEFLATE (RFC 1951) of `xml`: base64-encoded, the value of the message parameter before
/// URL encoding (SAML bindings §3.4.4.1).
pub(crate) fn deflate(xml: &str) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(xml.as_bytes(), DEFLATE_LEVEL)
}

/// `endpoint` without its fragment, and the fragment (`#...`, or empty).
pub(crate) fn split_endpoint(endpoint: &str) -> (&str, &str) {
    match endpoint.find('#') {
        Some(i) => (endpoint.get(..i).unwrap_or(endpoint), endpoint.get(i..).unwrap_or("")),
        None => (endpoint, ""),
    }
}

/// Append `base` and the separator before the first binding parameter: `?`, or `&` after an
/// existing query.
pub(crate) fn push_endpoint(url: &mut String, base: &str) {
    url.push_str(base);
    if !base.contains('?') {
        url.push('?');
    } else if !base.ends_with('?') && !base.ends_with('&') {
        url.push('&');
    }
}

/// Decode an HTTP-Redirect message (SAML bindings §3.4.4.1).
///
/// `input` may be a whole URL, its query string, or just the
/// `SAMLRequest`/`SAMLResponse` value (URL-encoded or not). The value must
/// be base64 of raw DEFLATE (RFC 1951): uncompressed or zlib-wrapped
/// messages are refused. In base64-valued parameters a literal `+` is kept
/// as `+`; in `RelayState` it means a space (form encoding).
///
/// Refused: input over [`Limits::max_input_bytes`]; inflated output over
/// [`Limits::max_inflated_bytes`] ([`LimitKind::InflatedBytes`], checked
/// while inflating, so memory stays bounded); both or neither of
/// `SAMLRequest`/`SAMLResponse`; a repeated binding parameter; `Signature`
/// without `SigAlg` or the reverse; bad encodings ([`Error::InputEncoding`]).
pub fn decode_redirect(input: &str, limits: &Limits) -> Result<RedirectMessage> {
    if input.len() > limits.max_input_bytes {
        return Err(Error::Limit { kind: LimitKind::InputBytes, max: limits.max_input_bytes });
    }
    let s = input.trim();
    let query = match s.find('?') {
        Some(i) => s.get(i + 1..).unwrap_or(""),
        None => s,
    };
    let query = match query.find('#') {
        Some(i) => query.get(..i).unwrap_or(""),
        None => query,
    };
    if query.is_empty() {
        return Err(encoding("the redirect URL has no query"));
    }

    let is_query = query.contains('&')
        || query_pairs(query).any(|(k, _)| url_decode_form(k).map(|k| is_binding_param(&k)).unwrap_or(false));

    if !is_query {
        let b64 = url_decode_bytes(query, PlusMeans::Plus)?;
        let xml = inflate_xml(&decode_base64_ws(&b64, "the message")?, limits)?;
        let param = match root_local_name(&xml) {
            Some(name) if name.ends_with("Response") => RedirectParam::SamlResponse,
            _ => RedirectParam::SamlRequest,
        };
        return Ok(RedirectMessage {
            param,
            xml,
            relay_state: None,
            sig_alg: None,
            signature: None,
            signed_query: None,
        });
    }

    let mut request: Option<&str> = None;
    let mut response: Option<&str> = None;
    let mut relay: Option<&str> = None;
    let mut sig_alg: Option<&str> = None;
    let mut signature: Option<&str> = None;
    for (key, value) in query_pairs(query) {
        let key = url_decode_form(key)?;
        match key.as_str() {
            "SAMLRequest" => set_once(&mut request, value, "SAMLRequest")?,
            "SAMLResponse" => set_once(&mut response, value, "SAMLResponse")?,
            "RelayState" => set_once(&mut relay, value, "RelayState")?,
            "SigAlg" => set_once(&mut sig_alg, value, "SigAlg")?,
            "Signature" => set_once(&mut signature, value, "Signature")?,
            _ => {}
        }
    }
    let (param, raw) = match (request, response) {
        (Some(r), None) => (RedirectParam::SamlRequest, r),
        (None, Some(r)) => (RedirectParam::SamlResponse, r),
        (Some(_), Some(_)) => return Err(encoding("the URL carries both SAMLRequest and SAMLResponse")),
        (None, None) => return Err(encoding("the URL carries neither SAMLRequest nor SAMLResponse")),
    };
    if sig_alg.is_some() != signature.is_some() {
        return Err(encoding("Signature and SigAlg must appear together (SAML bindings §3.4.4.1)"));
    }

    let b64 = url_decode_bytes(raw, PlusMeans::Plus)?;
    let xml = inflate_xml(&decode_base64_ws(&b64, param.name())?, limits)?;
    let relay_state = relay.map(url_decode_form).transpose()?;
    let sig_alg_decoded = sig_alg.map(url_decode_form).transpose()?;
    let signature_decoded = match signature {
        Some(v) => Some(utf8(url_decode_bytes(v, PlusMeans::Plus)?)?),
        None => None,
    };
    let signed_query = match (sig_alg, signature) {
        (Some(alg), Some(_)) => {
            let mut q = alloc::format!("{}={raw}", param.name());
            if let Some(r) = relay {
                q.push_str("&RelayState=");
                q.push_str(r);
            }
            q.push_str("&SigAlg=");
            q.push_str(alg);
            Some(q)
        }
        _ => None,
    };
    Ok(RedirectMessage {
        param,
        xml,
        relay_state,
        sig_alg: sig_alg_decoded,
        signature: signature_decoded,
        signed_query,
    })
}

/// Inflate raw DEFLATE into at most `limits.max_inflated_bytes` bytes, then check it is XML.
fn inflate_xml(deflated: &[u8], limits: &Limits) -> Result<String> {
    let max = limits.max_inflated_bytes;
    let too_big = Error::Limit { kind: LimitKind::InflatedBytes, max };
    // One byte of headroom tells "exactly max" from "more than max".
    let inflated = match miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, max.saturating_add(1)) {
        Ok(v) if v.len() <= max => v,
        Ok(_) => return Err(too_big),
        Err(e) if e.status == TINFLStatus::HasMoreOutput => return Err(too_big),
        Err(_) => {
            let hint = match deflated.first() {
                Some(&b) if b & 0x0f == 8 && deflated.len() >= 2 => {
                    "; it looks zlib-wrapped (RFC 1950), but the Redirect binding requires raw DEFLATE"
                }
                _ => "",
            };
            return Err(encoding(&alloc::format!(
                "the message is not raw DEFLATE (RFC 1951, SAML bindings §3.4.4.1){hint}"
            )));
        }
    };
    // The inflated message is bounded by max_inflated_bytes; the XML parser applies max_input_bytes.
    let unbounded = Limits { max_input_bytes: usize::MAX, ..*limits };
    checked_xml(&inflated, &unbounded, "the inflated message")
}

/// The local name of the first element in `xml`, skipping the XML declaration, PIs and comments.
fn root_local_name(xml: &str) -> Option<&str> {
    let mut rest = xml;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii() && is_xml_space(c as u8));
        if let Some(r) = rest.strip_prefix("<?") {
            rest = r.get(r.find("?>")? + 2..)?;
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.get(r.find("-->")? + 3..)?;
        } else {
            let r = rest.strip_prefix('<')?;
            let end = r.find(|c: char| c == '/' || c == '>' || (c.is_ascii() && is_xml_space(c as u8)))?;
            let qname = r.get(..end)?;
            return Some(qname.rsplit(':').next().unwrap_or(qname));
        }
    }
}

// ---------------------------------------------------------------------------
// URL encoding
// ---------------------------------------------------------------------------

/// Percent-encode `s` (RFC 3986 §2.1): unreserved characters (`A–Z a–z 0–9 - . _ ~`)
/// are kept, every other byte becomes `%XX` with uppercase hex.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    url_encode_into(&mut out, s.as_bytes());
    out
}

/// Decode `%XX` escapes (a `+` stays a `+`); the result must be UTF-8.
pub fn url_decode(s: &str) -> Result<String> {
    utf8(url_decode_bytes(s, PlusMeans::Plus)?)
}

/// Decode `application/x-www-form-urlencoded`: `+` is a space, then `%XX` escapes; the result must be UTF-8.
pub fn url_decode_form(s: &str) -> Result<String> {
    utf8(url_decode_bytes(s, PlusMeans::Space)?)
}

pub(crate) fn url_encode_into(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            for nibble in [b >> 4, b & 0x0f] {
                out.push(char::from(HEX.get(usize::from(nibble)).copied().unwrap_or(b'0')));
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PlusMeans {
    Plus,
    Space,
}

fn url_decode_bytes(s: &str, plus: PlusMeans) -> Result<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'%' => {
                let hi = b.get(i + 1).and_then(|h| hex_val(*h));
                let lo = b.get(i + 2).and_then(|h| hex_val(*h));
                match (hi, lo) {
                    (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                    _ => return Err(encoding("a % in the URL or form is not followed by two hex digits")),
                }
                i += 3;
            }
            b'+' if plus == PlusMeans::Space => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

fn hex_val(h: u8) -> Option<u8> {
    match h {
        b'0'..=b'9' => Some(h - b'0'),
        b'a'..=b'f' => Some(h - b'a' + 10),
        b'A'..=b'F' => Some(h - b'A' + 10),
        _ => None,
    }
}

/// `key=value` pairs of a query or form body, raw (not decoded); empty pairs skipped.
fn query_pairs(q: &str) -> impl Iterator<Item = (&str, &str)> {
    q.split('&').filter(|p| !p.is_empty()).map(|p| match p.split_once('=') {
        Some((k, v)) => (k, v),
        None => (p, ""),
    })
}

fn set_once<'a>(slot: &mut Option<&'a str>, value: &'a str, name: &str) -> Result<()> {
    if slot.is_some() {
        return Err(encoding(&alloc::format!("the parameter {name} appears more than once")));
    }
    *slot = Some(value);
    Ok(())
}

fn is_binding_param(name: &str) -> bool {
    matches!(name, "SAMLRequest" | "SAMLResponse" | "RelayState" | "SigAlg" | "Signature")
}

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}

/// Base64 (standard alphabet, canonical padding) with XML whitespace ignored.
fn decode_base64_ws(b64: &[u8], what: &str) -> Result<Vec<u8>> {
    if b64.iter().copied().all(is_xml_space) {
        return Err(encoding(&alloc::format!("{what} is empty")));
    }
    crate::encoding::base64_decode_xml_bytes(b64)
        .ok_or_else(|| encoding(&alloc::format!("{what} is not valid base64 (standard alphabet, padded)")))
}

/// Bound, BOM-strip and UTF-8-check decoded bytes, and require that they start (after whitespace) with `<`.
fn checked_xml(bytes: &[u8], limits: &Limits, what: &str) -> Result<String> {
    check_xml_start(strip_bom(bytes), limits, what)?;
    let text = core::str::from_utf8(strip_bom(bytes)).map_err(|_| encoding(&alloc::format!("{what} is not UTF-8")))?;
    Ok(String::from(text))
}

/// [`checked_xml`] for bytes already owned: the text keeps their buffer (a POST body is most
/// of a verification's input, so it is not copied once more).
fn checked_xml_owned(mut bytes: Vec<u8>, limits: &Limits, what: &str) -> Result<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    check_xml_start(&bytes, limits, what)?;
    String::from_utf8(bytes).map_err(|_| encoding(&alloc::format!("{what} is not UTF-8")))
}

fn check_xml_start(bytes: &[u8], limits: &Limits, what: &str) -> Result<()> {
    if bytes.len() > limits.max_input_bytes {
        return Err(Error::Limit { kind: LimitKind::InputBytes, max: limits.max_input_bytes });
    }
    let first = bytes.iter().copied().find(|b| !is_xml_space(*b));
    if first != Some(b'<') {
        return Err(encoding(&alloc::format!("{what} is not XML")));
    }
    Ok(())
}

fn utf8(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|_| encoding("a URL or form value is not UTF-8 once decoded"))
}

fn encoding(detail: &str) -> Error {
    Error::InputEncoding { detail: String::from(detail) }
}

fn binding(expected: &str, found: &str) -> Error {
    Error::InputBinding { expected: String::from(expected), found: String::from(found) }
}

fn config(option: &str, detail: &str) -> Error {
    Error::ConfigInvalid { option: String::from(option), detail: String::from(detail) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;

    const XML: &str =
        r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1">é</samlp:Response>"#;

    fn limits() -> Limits {
        Limits::default()
    }

    fn code(e: Error) -> &'static str {
        e.code()
    }

    // ----- URL encoding -----

    #[test]
    fn url_encode_keeps_unreserved_only() {
        assert_eq!(url_encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(url_encode("a b+c/d=e&f?g#h%"), "a%20b%2Bc%2Fd%3De%26f%3Fg%23h%25");
        assert_eq!(url_encode("é"), "%C3%A9");
        assert_eq!(url_encode(""), "");
    }

    #[test]
    fn url_decode_variants() {
        assert_eq!(url_decode("a%20b+c%2b%2F").unwrap(), "a b+c+/");
        assert_eq!(url_decode_form("a+b%2Bc").unwrap(), "a b+c");
        assert_eq!(url_decode("%C3%A9").unwrap(), "é");
        for bad in ["%", "%2", "%G0", "abc%", "%%41"] {
            assert_eq!(code(url_decode(bad).unwrap_err()), "ERR_INPUT_ENCODING", "{bad}");
        }
        assert_eq!(code(url_decode("%FF").unwrap_err()), "ERR_INPUT_ENCODING");
        let all: String = (1u8..128).map(char::from).collect();
        assert_eq!(url_decode(&url_encode(&all)).unwrap(), all);
    }

    // ----- HTTP-POST -----

    #[test]
    fn post_raw_xml() {
        let p = decode_post_input(XML.as_bytes(), &limits()).unwrap();
        assert_eq!(p.xml, XML);
        assert_eq!(p.relay_state, None);
        let mut with_bom = b"\xEF\xBB\xBF \r\n".to_vec();
        with_bom.extend_from_slice(XML.as_bytes());
        // Leading whitespace is kept for the parser, which allows it only without an XML declaration.
        assert_eq!(decode_post_input(&with_bom, &limits()).unwrap().xml, alloc::format!(" \r\n{XML}"));
    }

    #[test]
    fn post_base64_with_line_breaks() {
        let b64 = STANDARD.encode(XML);
        let wrapped: String =
            b64.as_bytes().chunks(10).map(|c| core::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("\r\n");
        let p = decode_post_input(wrapped.as_bytes(), &limits()).unwrap();
        assert_eq!(p.xml, XML);
        let p = decode_post_input(alloc::format!("  {b64}\n").as_bytes(), &limits()).unwrap();
        assert_eq!(p.xml, XML);
        // A BOM inside the base64 is dropped as in raw XML; the decoded buffer becomes the text.
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(XML.as_bytes());
        assert_eq!(decode_post_input(STANDARD.encode(&with_bom).as_bytes(), &limits()).unwrap().xml, XML);
        let bom_only = STANDARD.encode(b"\xEF\xBB\xBF");
        assert_eq!(code(decode_post_input(bom_only.as_bytes(), &limits()).unwrap_err()), "ERR_INPUT_ENCODING");
        // Non-ASCII bytes where base64 is expected (percent-decoded in a form) are refused by the decoder.
        let e = decode_post_input(b"SAMLResponse=PHg%C3%A9", &limits()).unwrap_err();
        assert_eq!(code(e), "ERR_INPUT_ENCODING");
    }

    #[test]
    fn post_form_body_any_order() {
        let b64 = url_encode(&STANDARD.encode(XML));
        for body in [
            alloc::format!("SAMLResponse={b64}&RelayState=%2Fapp%3Fx%3D1+y"),
            alloc::format!("RelayState=%2Fapp%3Fx%3D1+y&SAMLResponse={b64}"),
            alloc::format!("other=1&RelayState=%2Fapp%3Fx%3D1+y&&SAMLResponse={b64}\r\n"),
        ] {
            let p = decode_post_input(body.as_bytes(), &limits()).unwrap();
            assert_eq!(p.xml, XML);
            assert_eq!(p.relay_state.as_deref(), Some("/app?x=1 y"));
        }
        let p = decode_post_input(alloc::format!("SAMLResponse={b64}").as_bytes(), &limits()).unwrap();
        assert_eq!(p.relay_state, None);
        // An unencoded '+' in the base64 value is still a base64 '+'.
        let xml_bytes = b"<a>~~~~~~~~~~~~~~~></a>";
        let raw = STANDARD.encode(xml_bytes);
        assert!(raw.contains('+'));
        let p = decode_post_input(alloc::format!("SAMLResponse={raw}").as_bytes(), &limits()).unwrap();
        assert_eq!(p.xml.as_bytes(), xml_bytes);
    }

    #[test]
    fn post_form_refusals() {
        let b64 = url_encode(&STANDARD.encode(XML));
        let dup = alloc::format!("SAMLResponse={b64}&SAMLResponse={b64}");
        assert_eq!(code(decode_post_input(dup.as_bytes(), &limits()).unwrap_err()), "ERR_INPUT_ENCODING");
        let dup_rs = alloc::format!("SAMLResponse={b64}&RelayState=a&RelayState=b");
        assert_eq!(code(decode_post_input(dup_rs.as_bytes(), &limits()).unwrap_err()), "ERR_INPUT_ENCODING");
        let req = alloc::format!("SAMLRequest={b64}&RelayState=a");
        let e = decode_post_input(req.as_bytes(), &limits()).unwrap_err();
        assert!(e.to_string().contains("SAMLRequest"), "{e}");
        let none = "RelayState=a&foo=b";
        assert_eq!(code(decode_post_input(none.as_bytes(), &limits()).unwrap_err()), "ERR_INPUT_ENCODING");
        let empty = "SAMLResponse=";
        assert_eq!(code(decode_post_input(empty.as_bytes(), &limits()).unwrap_err()), "ERR_INPUT_ENCODING");
        let bad_pct = "SAMLResponse=PHg%2";
        assert_eq!(code(decode_post_input(bad_pct.as_bytes(), &limits()).unwrap_err()), "ERR_INPUT_ENCODING");
    }

    #[test]
    fn post_garbage() {
        for input in [
            &b""[..],
            b"   ",
            b"not base64 at all!",
            b"PHg+",               // "<x>" is fine...
            b"aGVsbG8=",           // "hello": not XML
            b"\xff\xfe<\x00x\x00", // UTF-16
            b"PHg+\xff",           // non-UTF-8 base64
            b"<x>\xff</x>",        // non-UTF-8 XML
            b"\xEF\xBB\xBF",
        ] {
            let r = decode_post_input(input, &limits());
            if input == b"PHg+" {
                assert_eq!(r.unwrap().xml, "<x>");
                continue;
            }
            assert_eq!(code(r.unwrap_err()), "ERR_INPUT_ENCODING", "{input:?}");
        }
        // base64 of UTF-8-invalid "XML"
        let b64 = STANDARD.encode(b"<x>\xff</x>");
        assert_eq!(code(decode_post_input(b64.as_bytes(), &limits()).unwrap_err()), "ERR_INPUT_ENCODING");
    }

    #[test]
    fn post_limits() {
        let small = Limits { max_input_bytes: 16, ..Limits::default() };
        let xml = "<a>0123456789ab</a>"; // 19 bytes
        let e = decode_post_input(xml.as_bytes(), &small).unwrap_err();
        assert_eq!(e, Error::Limit { kind: LimitKind::InputBytes, max: 16 });
        let b64 = STANDARD.encode(xml); // 28 bytes: within 2x, but decodes to 19
        let e = decode_post_input(b64.as_bytes(), &small).unwrap_err();
        assert_eq!(e, Error::Limit { kind: LimitKind::InputBytes, max: 16 });
        let huge = vec![b'A'; 33];
        let e = decode_post_input(&huge, &small).unwrap_err();
        assert_eq!(e, Error::Limit { kind: LimitKind::InputBytes, max: 32 });
        assert!(decode_post_input(b"<a>012345678</a>", &small).is_ok());
    }

    // ----- HTTP-Redirect -----

    #[test]
    fn redirect_round_trip() {
        let url = redirect_url(
            "https://idp.example/sso",
            RedirectParam::SamlRequest,
            XML,
            Some("/back?to=here&x=é"),
            &[("login_hint", "a.b+c@example.com")],
        )
        .unwrap();
        assert!(url.starts_with("https://idp.example/sso?SAMLRequest="), "{url}");
        assert!(url.contains("&RelayState=%2Fback%3Fto%3Dhere%26x%3D%C3%A9&login_hint=a.b%2Bc%40example.com"));
        let m = decode_redirect(&url, &limits()).unwrap();
        assert_eq!(m.param, RedirectParam::SamlRequest);
        assert_eq!(m.xml, XML);
        assert_eq!(m.relay_state.as_deref(), Some("/back?to=here&x=é"));
        assert_eq!(m.sig_alg, None);
        assert_eq!(m.signature, None);
        assert_eq!(m.signed_query, None);

        // The query alone, and the bare value (encoded or not), decode too.
        let query = url.split_once('?').unwrap().1;
        assert_eq!(decode_redirect(query, &limits()).unwrap().xml, XML);
        let value = query.split('&').next().unwrap().strip_prefix("SAMLRequest=").unwrap();
        let bare = decode_redirect(value, &limits()).unwrap();
        assert_eq!(bare.xml, XML);
        assert_eq!(bare.param, RedirectParam::SamlResponse); // inferred from <samlp:Response>
        let unencoded = url_decode(value).unwrap();
        assert_eq!(decode_redirect(&unencoded, &limits()).unwrap().xml, XML);
    }

    #[test]
    fn redirect_url_query_joining() {
        let u = |e: &str| redirect_url(e, RedirectParam::SamlResponse, "<a/>", None, &[]).unwrap();
        assert!(u("https://x/sso").starts_with("https://x/sso?SAMLResponse="));
        assert!(u("https://x/sso?tenant=1").starts_with("https://x/sso?tenant=1&SAMLResponse="));
        assert!(u("https://x/sso?").starts_with("https://x/sso?SAMLResponse="));
        assert!(u("https://x/sso?a=1&").starts_with("https://x/sso?a=1&SAMLResponse="));
        let f = u("https://x/sso?a=1#frag");
        assert!(f.starts_with("https://x/sso?a=1&SAMLResponse=") && f.ends_with("#frag"), "{f}");
        assert_eq!(decode_redirect(&f, &limits()).unwrap().xml, "<a/>");
        assert!(!u("https://x/sso").contains("RelayState"));
        let empty_rs = redirect_url("https://x", RedirectParam::SamlRequest, "<a/>", Some(""), &[]).unwrap();
        assert!(!empty_rs.contains("RelayState"));
    }

    #[test]
    fn redirect_url_refusals() {
        let rs81 = "r".repeat(81);
        let e = redirect_url("https://x", RedirectParam::SamlRequest, "<a/>", Some(&rs81), &[]).unwrap_err();
        assert!(matches!(e, Error::ConfigInvalid { ref option, .. } if option == "relay_state"), "{e:?}");
        assert!(redirect_url("https://x", RedirectParam::SamlRequest, "<a/>", Some(&rs81[..80]), &[]).is_ok());
        let e = redirect_url("", RedirectParam::SamlRequest, "<a/>", None, &[]).unwrap_err();
        assert_eq!(e.code(), "ERR_CONFIG_INVALID");
        for name in ["", "RelayState", "SAMLRequest", "Signature", "SigAlg", "SAMLResponse"] {
            let e = redirect_url("https://x", RedirectParam::SamlRequest, "<a/>", None, &[(name, "v")]).unwrap_err();
            assert_eq!(e.code(), "ERR_CONFIG_INVALID");
        }
    }

    #[test]
    fn deflate_is_raw() {
        let url = redirect_url("https://x", RedirectParam::SamlRequest, XML, None, &[]).unwrap();
        let value = url_decode(url.split_once("SAMLRequest=").unwrap().1).unwrap();
        let bytes = STANDARD.decode(value).unwrap();
        // No zlib header (0x78 ..) and inflates as raw DEFLATE.
        assert_eq!(miniz_oxide::inflate::decompress_to_vec(&bytes).unwrap(), XML.as_bytes());
        assert!(miniz_oxide::inflate::decompress_to_vec_zlib(&bytes).is_err());
    }

    fn deflate_b64(data: &[u8]) -> String {
        url_encode(&STANDARD.encode(miniz_oxide::deflate::compress_to_vec(data, 6)))
    }

    #[test]
    fn redirect_signature_params() {
        let v = deflate_b64(XML.as_bytes());
        let q = alloc::format!(
            "SAMLResponse={v}&RelayState=abc%20d&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature=AB%2BC%2Fw%3D%3D"
        );
        let m = decode_redirect(&alloc::format!("https://sp/acs?{q}"), &limits()).unwrap();
        assert_eq!(m.param, RedirectParam::SamlResponse);
        assert_eq!(m.relay_state.as_deref(), Some("abc d"));
        assert_eq!(m.sig_alg.as_deref(), Some("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"));
        assert_eq!(m.signature.as_deref(), Some("AB+C/w=="));
        let expected = q.rsplit_once("&Signature=").unwrap().0;
        assert_eq!(m.signed_query.as_deref(), Some(expected));

        // Order in the URL does not matter; signed_query uses the spec's order.
        let q2 = alloc::format!("SigAlg=x&Signature=AAAA&SAMLRequest={v}");
        let m = decode_redirect(&q2, &limits()).unwrap();
        assert_eq!(m.signed_query, Some(alloc::format!("SAMLRequest={v}&SigAlg=x")));

        for q in [
            alloc::format!("SAMLResponse={v}&SigAlg=x"),
            alloc::format!("SAMLResponse={v}&Signature=AAAA"),
            alloc::format!("SAMLResponse={v}&SAMLRequest={v}"),
            alloc::format!("SAMLResponse={v}&SAMLResponse={v}"),
            alloc::format!("SAMLResponse={v}&RelayState=a&RelayState=a"),
            alloc::format!("SAMLResponse={v}&SigAlg=x&SigAlg=x&Signature=AAAA"),
            "RelayState=a&x=y".to_string(),
            "https://sp/acs".to_string(),
            "https://sp/acs?".to_string(),
            "".to_string(),
        ] {
            assert_eq!(code(decode_redirect(&q, &limits()).unwrap_err()), "ERR_INPUT_ENCODING", "{q}");
        }
    }

    #[test]
    fn redirect_refuses_non_deflate() {
        // base64 of plain XML: strict, DEFLATE only.
        let plain = url_encode(&STANDARD.encode(XML));
        let e = decode_redirect(&alloc::format!("SAMLRequest={plain}"), &limits()).unwrap_err();
        assert_eq!(e.code(), "ERR_INPUT_ENCODING");
        // zlib-wrapped: refused, with a hint.
        let z = url_encode(&STANDARD.encode(miniz_oxide::deflate::compress_to_vec_zlib(XML.as_bytes(), 6)));
        let e = decode_redirect(&alloc::format!("SAMLRequest={z}"), &limits()).unwrap_err();
        assert!(e.to_string().contains("zlib"), "{e}");
        // Deflated non-XML and non-UTF-8.
        let e = decode_redirect(&alloc::format!("SAMLRequest={}", deflate_b64(b"hello")), &limits()).unwrap_err();
        assert_eq!(e.code(), "ERR_INPUT_ENCODING");
        let e = decode_redirect(&alloc::format!("SAMLRequest={}", deflate_b64(b"<a>\xff</a>")), &limits()).unwrap_err();
        assert_eq!(e.code(), "ERR_INPUT_ENCODING");
        // Not base64.
        let e = decode_redirect("SAMLRequest=***", &limits()).unwrap_err();
        assert_eq!(e.code(), "ERR_INPUT_ENCODING");
        // Truncated DEFLATE stream.
        let full = miniz_oxide::deflate::compress_to_vec(XML.as_bytes(), 6);
        let cut = url_encode(&STANDARD.encode(&full[..full.len() / 2]));
        let e = decode_redirect(&alloc::format!("SAMLRequest={cut}"), &limits()).unwrap_err();
        assert_eq!(e.code(), "ERR_INPUT_ENCODING");
    }

    #[test]
    fn inflate_bomb_is_bounded() {
        let mut bomb = b"<a>".to_vec();
        bomb.extend(core::iter::repeat(b'x').take(10 << 20));
        bomb.extend_from_slice(b"</a>");
        let v = deflate_b64(&bomb);
        assert!(v.len() < 40_000, "{}", v.len());
        let e = decode_redirect(&alloc::format!("SAMLRequest={v}"), &limits()).unwrap_err();
        assert_eq!(e, Error::Limit { kind: LimitKind::InflatedBytes, max: 256 << 10 });
        assert_eq!(e.code(), "ERR_LIMIT_INFLATED_SIZE");
    }

    #[test]
    fn inflate_limit_is_exact() {
        let xml = "<a>0123456789</a>"; // 17 bytes
        let v = deflate_b64(xml.as_bytes());
        let q = alloc::format!("SAMLRequest={v}");
        let exact = Limits { max_inflated_bytes: 17, ..Limits::default() };
        assert_eq!(decode_redirect(&q, &exact).unwrap().xml, xml);
        let under = Limits { max_inflated_bytes: 16, ..Limits::default() };
        assert_eq!(decode_redirect(&q, &under).unwrap_err(), Error::Limit { kind: LimitKind::InflatedBytes, max: 16 });
    }

    #[test]
    fn redirect_input_limit() {
        let small = Limits { max_input_bytes: 10, ..Limits::default() };
        let e = decode_redirect("SAMLRequest=AAAAAAAAAAAA", &small).unwrap_err();
        assert_eq!(e, Error::Limit { kind: LimitKind::InputBytes, max: 10 });
    }

    #[test]
    fn root_name_inference() {
        assert_eq!(root_local_name("<?xml version=\"1.0\"?><!-- c --><samlp:LogoutResponse/>"), Some("LogoutResponse"));
        assert_eq!(root_local_name("\n<AuthnRequest x='1'>"), Some("AuthnRequest"));
        assert_eq!(root_local_name("<?xml"), None);
        assert_eq!(root_local_name("<!-- x"), None);
        assert_eq!(root_local_name("<a"), None);
    }
}
