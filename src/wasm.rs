//! The wasm-bindgen layer of the npm package: converts, never decides.
//!
//! JSON text crosses the boundary both ways (read with the host's `JSON.parse`,
//! written by [`json`]), byte strings as `Uint8Array`. Every verdict is the
//! core's; this layer only maps options in and results out, and turns each
//! [`Error`] into a thrown JS `Error` with `code` (the stable `ERR_...` string),
//! `message` (the core's sentence) and `detail` (the core's [`Error::detail`] pairs
//! with the keys as the JS API spells them: see [`js_detail`]).
//!
//! A malformed argument (bad JSON, a wrong type, an unknown or missing key) is
//! thrown as a `TypeError` carrying `code: "ERR_CONFIG_INVALID"`.
//!
//! Nothing here may panic: with `panic = "abort"` a panic kills the instance.
//!
//! ```text
//! new Verifier(configJson)         keys(): JSON     idp(): JSON   (configJson.nowMs: refuse expired metadata)
//! verifier.receive(bytes, acs): Received               (decoded once; received.relayState())
//! verifier.begin(received, callJson): Pending          (every check up to the signature values; see [`pending`])
//! verifier.beginLogout(kind, bytes, callJson): Pending (a logout message; see [`logout`])
//! buildAuthnRequest(json)  decodeRedirect(text)  parseMetadata(xml)  errorCodes()
//! IdP metadata signatures, redirect URLs and signatures: see [`sp`]; SP metadata: [`sp_metadata`]
//! inspect(bytes, json): explanation JSON (never a verdict; see [`inspect`])
//! ```
//!
//! Two builds (Cargo features): `wasm` is the npm package's edge build (`import 'saml-edge'`:
//! verification with the host's crypto, the login flow); `wasm-full` adds `wasm-inspect`
//! (inspect, decodeRedirect, parseMetadata, crypto 'wasm' through `rust-crypto`) and `wasm-sp`
//! (Single Logout, the SP's metadata): `saml-edge/inspect`, loaded lazily by the edge build.

mod codes;
#[cfg(feature = "wasm-inspect")]
mod decrypt;
#[cfg(feature = "wasm-inspect")]
mod inspect;
mod json;
#[cfg(feature = "wasm-sp")]
mod logout;
mod pending;
mod render;
mod sp;
#[cfg(feature = "wasm-sp")]
mod sp_metadata;

use alloc::string::String;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU32, Ordering};

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use self::json::Json;
pub use self::pending::Pending;
use crate::error::{Error, LimitKind};
use crate::limits::Limits;
use crate::saml::authn_request::{build_authn_request, AuthnRequestOptions};
#[cfg(feature = "wasm-inspect")]
use crate::saml::bindings::decode_redirect;
use crate::saml::bindings::{decode_acs_post, decode_post_input, PostInput};
use crate::saml::metadata::{parse_idp_metadata, parse_idp_metadata_for};
use crate::saml::{Verification, VerifyOptions};
use crate::time::Timestamp;
use crate::trust::TrustedKeys;

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// The thrown value for a core error: `Error` with `code` and `detail`.
fn js_error(e: &Error) -> JsValue {
    let e = js_names(e);
    decorate(js_sys::Error::new(&alloc::format!("{e}")), &e, &[])
}

/// A malformed argument: `TypeError` with `code: "ERR_CONFIG_INVALID"` and `detail.option`.
fn type_error(option: &str, detail: &str) -> JsValue {
    let e = Error::ConfigInvalid { option: String::from(option), detail: String::from(detail) };
    decorate(js_sys::TypeError::new(&alloc::format!("{e}")).into(), &e, &[])
}

fn decorate(js: js_sys::Error, e: &Error, extra: &[(&'static str, String)]) -> JsValue {
    let detail = Object::new();
    for (key, value) in js_detail(e, extra) {
        let value: JsValue = match value {
            DetailValue::One(v) => JsValue::from_str(&v),
            DetailValue::List(items) => items.iter().map(|v| JsValue::from_str(v)).collect::<Array>().into(),
        };
        let _ = Reflect::set(&detail, &JsValue::from_str(&key), &value);
    }
    let _ = Reflect::set(&js, &JsValue::from_str("code"), &JsValue::from_str(e.code()));
    let _ = Reflect::set(&js, &JsValue::from_str("detail"), &detail);
    js.into()
}

/// A detail value in JS: a string, or an array for a key the core may repeat.
pub(crate) enum DetailValue {
    One(String),
    List(Vec<String>),
}

/// Keys the core may repeat, and their JS names: always an array in JS, even with one value,
/// so that a caller (and the type) sees one shape.
const LIST_KEYS: &[(&str, &str)] = &[("sub_status_code", "subStatusCodes")];

/// The one place where the core's [`Error::detail`] keys become the package's: camelCase
/// (`not_on_or_after` -> `notOnOrAfter`), `detail` -> `reason` (so that a JS caller never reads
/// `error.detail.detail`), the keys of [`LIST_KEYS`] as arrays. Thrown errors ([`decorate`]) and
/// `inspect()`'s errors as data both go through it; `scripts/gen-error-types.mjs` types the result.
pub(crate) fn js_detail(e: &Error, extra: &[(&'static str, String)]) -> Vec<(String, DetailValue)> {
    let mut out: Vec<(String, DetailValue)> = Vec::new();
    for (k, v) in e.detail().into_iter().chain(extra.iter().cloned()) {
        if let Some((_, name)) = LIST_KEYS.iter().find(|(rust, _)| *rust == k) {
            match out.iter_mut().find(|(key, _)| key == name) {
                Some((_, DetailValue::List(items))) => items.push(v),
                _ => out.push((String::from(*name), DetailValue::List(alloc::vec![v]))),
            }
        } else {
            out.push((js_key(k), DetailValue::One(v)));
        }
    }
    out
}

/// `snake_case` -> `camelCase`; the core's free-text `detail` is `reason`.
fn js_key(key: &str) -> String {
    if key == "detail" {
        return String::from("reason");
    }
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The core names an unusable option by its Rust field (`sp_entity_id`); a JS caller set it
/// under the package's name (`entityId`), so the error names that one, in `detail.option` and
/// in the message.
fn js_names(e: &Error) -> Error {
    match e {
        Error::ConfigInvalid { option, detail } => {
            let js = match option.as_str() {
                "sp_entity_id" => "entityId",
                "destination" | "endpoint" => "idp.ssoUrl",
                "issue_instant" => "now",
                other => return Error::ConfigInvalid { option: js_key(other), detail: detail.clone() },
            };
            Error::ConfigInvalid { option: String::from(js), detail: detail.clone() }
        }
        other => other.clone(),
    }
}

type JsResult<T> = core::result::Result<T, JsValue>;

trait OrThrow<T> {
    fn or_throw(self) -> JsResult<T>;
}

impl<T> OrThrow<T> for crate::Result<T> {
    fn or_throw(self) -> JsResult<T> {
        self.map_err(|e| js_error(&e))
    }
}

// ---------------------------------------------------------------------------
// Reading the JSON arguments
// ---------------------------------------------------------------------------

/// A parsed JSON object argument; `what` names it in errors.
struct Args {
    obj: JsValue,
}

impl Args {
    /// `JSON.parse(text)`, which must be an object whose keys are all in `allowed`.
    fn parse(text: &str, what: &str, allowed: &[&str]) -> JsResult<Args> {
        let obj = js_sys::JSON::parse(text).map_err(|_| type_error(what, "is not valid JSON"))?;
        if !obj.is_object() || Array::is_array(&obj) {
            return Err(type_error(what, "must be a JSON object"));
        }
        for key in Object::keys(&Object::from(obj.clone())).iter() {
            let key = key.as_string().unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                return Err(type_error(&key, &alloc::format!("is not an option of {what}")));
            }
        }
        Ok(Args { obj })
    }

    /// The value of `key`; `null` counts as absent.
    fn get(&self, key: &str) -> Option<JsValue> {
        Reflect::get(&self.obj, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
    }

    fn opt_string(&self, key: &str) -> JsResult<Option<String>> {
        self.get(key).map(|v| v.as_string().ok_or_else(|| type_error(key, "must be a string"))).transpose()
    }

    /// A string that must be present and not blank.
    fn string(&self, key: &str) -> JsResult<String> {
        match self.opt_string(key)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            Some(_) => Err(type_error(key, "must not be empty")),
            None => Err(type_error(key, "is required")),
        }
    }

    /// An optional string that must not be blank when given.
    fn opt_nonempty_string(&self, key: &str) -> JsResult<Option<String>> {
        match self.opt_string(key)? {
            Some(s) if s.trim().is_empty() => Err(type_error(key, "must not be empty when given")),
            other => Ok(other),
        }
    }

    fn opt_bool(&self, key: &str) -> JsResult<Option<bool>> {
        self.get(key).map(|v| v.as_bool().ok_or_else(|| type_error(key, "must be a boolean"))).transpose()
    }

    fn opt_number(&self, key: &str) -> JsResult<Option<f64>> {
        self.get(key)
            .map(|v| v.as_f64().filter(|n| n.is_finite()).ok_or_else(|| type_error(key, "must be a finite number")))
            .transpose()
    }

    /// Milliseconds since the epoch, as `Date.now()` gives them (a fraction is dropped).
    fn millis(&self, key: &str) -> JsResult<Option<Timestamp>> {
        // The range of a JavaScript Date (ECMA-262 §21.4.1.22).
        const MAX_DATE_MS: f64 = 8.64e15;
        match self.opt_number(key)? {
            Some(n) if n.abs() <= MAX_DATE_MS => Ok(Some(Timestamp::from_unix_millis(n.floor() as i64))),
            Some(_) => Err(type_error(key, "is outside the range of a JavaScript Date")),
            None => Ok(None),
        }
    }

    fn opt_string_array(&self, key: &str) -> JsResult<Option<Vec<String>>> {
        let Some(v) = self.get(key) else { return Ok(None) };
        if !Array::is_array(&v) {
            return Err(type_error(key, "must be an array of strings"));
        }
        Array::from(&v)
            .iter()
            .map(|item| item.as_string().ok_or_else(|| type_error(key, "must be an array of strings")))
            .collect::<JsResult<Vec<String>>>()
            .map(Some)
    }
}

/// The bytes of a `Uint8Array`, refused before copying when longer than the core would accept.
fn input_bytes(input: &Uint8Array, limits: &Limits) -> JsResult<Vec<u8>> {
    // A non-object would make the `length` read below throw past this frame, leaving the
    // Verifier borrowed; refuse it here instead.
    if !input.is_object() {
        return Err(type_error("input", "must be a Uint8Array"));
    }
    // Same bound as `bindings::decode_post_input`, applied before the copy into wasm memory
    // so that an oversized input cannot exhaust it.
    let max_raw = limits.max_input_bytes.saturating_mul(2);
    let len = usize::try_from(input.length()).unwrap_or(usize::MAX);
    if len > max_raw {
        return Err(js_error(&Error::Limit { kind: LimitKind::InputBytes, max: max_raw }));
    }
    Ok(input.to_vec())
}

// ---------------------------------------------------------------------------
// Verifier
// ---------------------------------------------------------------------------

/// Tells Verifiers apart, so that a Pending is finished with the Verifier that began it.
static NEXT_VERIFIER_ID: AtomicU32 = AtomicU32::new(1);

/// The keys and expectations of one SP/IdP pair, parsed once and used for every response.
#[wasm_bindgen]
pub struct Verifier {
    id: u32,
    keys: TrustedKeys,
    /// Every option but the per-call ones (`now`, `in_response_to`, `allow_unsolicited`).
    options: VerifyOptions,
    sso_redirect_url: Option<String>,
    sso_post_url: Option<String>,
    cache_duration: Option<String>,
    /// Logout endpoints and the metadata's cache hints (src/wasm/sp.rs).
    sp: sp::SpConfig,
}

const CONFIG_KEYS: &[&str] = &[
    "minRsaBits",
    "affiliations",
    "nowMs",
    "spEntityId",
    "acsUrl",
    "idpEntityId",
    "certificates",
    "metadataXml",
    "clockTolerance",
    "allowSha1",
    "requireSignedAssertion",
    "loginNameClaim",
    // read by src/wasm/sp.rs
    "sloUrl",
    "idpSloUrl",
    "idpSloResponseUrl",
];

/// `decrypt`: the host holds the SP's decryption keys (it answers the key tasks of encrypted content).
const CALL_KEYS: &[&str] = &["nowMs", "inResponseTo", "allowUnsolicited", "decrypt"];

#[wasm_bindgen]
impl Verifier {
    /// Parses the configuration; throws on a certificate, key or metadata that cannot be used,
    /// when no key is pinned at all, and (given `nowMs`) when the metadata expired by then.
    /// Every verification checks the metadata's validity again at its own instant.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str) -> JsResult<Verifier> {
        Verifier::build(config_json, None)
    }

    /// JSON `[{"index","kind","bits","spki","sha256"}]`: the pinned keys, by the index tasks use.
    pub fn keys(&self) -> String {
        render::keys(&self.keys).render()
    }

    /// JSON `{"entityId","ssoRedirectUrl","ssoPostUrl","validUntil","cacheDuration"}` (the last two
    /// from metadata: when its keys stop being trusted, how long the IdP wants it cached).
    pub fn idp(&self) -> String {
        render::idp(
            self.options.idp_entity_id.as_deref(),
            self.sso_redirect_url.as_deref(),
            self.sso_post_url.as_deref(),
            self.keys.valid_until(),
            self.cache_duration.as_deref(),
        )
        .render()
    }

    /// Decodes what was received, once: at the ACS (`acs`: true) only the HTTP-POST binding's
    /// form (a base64 `SAMLResponse` field, at most one `RelayState`); otherwise also raw XML or
    /// base64. A decoding refusal is kept and thrown by [`Received::relay_state`] and
    /// [`Verifier::begin`] (which reports a configuration fault first).
    pub fn receive(&self, input: &Uint8Array, acs: bool) -> JsResult<Received> {
        let bytes = input_bytes(input, &self.options.limits)?;
        let limits = &self.options.limits;
        let message = if acs { decode_acs_post(&bytes, limits) } else { decode_post_input(&bytes, limits) };
        Ok(Received { message })
    }

    /// Every check of a received response up to the signature values (and, with `"decrypt": true`
    /// in the call, up to the RSA of what is encrypted): the host finishes the [`Pending`].
    pub fn begin(&self, received: &Received, call_json: &str) -> JsResult<Pending> {
        let options = self.call_options(call_json)?;
        crate::saml::check_config(&self.keys, &options).or_throw()?;
        let message = received.message.as_ref().map_err(js_error)?;
        let v = Verification::begin(message, &self.keys, &options).or_throw()?;
        Ok(Pending::new(self, pending::Kind::Response(v), None))
    }
}

impl Verifier {
    /// [`Verifier::new`]; `verified` is IdP metadata whose signature [`sp::PendingMetadata`]
    /// checked (its text, and the SHA-256 of the key that verified it), used instead of `metadataXml`.
    fn build(config_json: &str, verified: Option<(String, [u8; 32])>) -> JsResult<Verifier> {
        let c = Args::parse(config_json, "the Verifier configuration", CONFIG_KEYS)?;
        let mut options =
            VerifyOptions::new(c.string("spEntityId")?, c.string("acsUrl")?, Timestamp::from_unix_millis(0));
        let mut idp_entity_id = c.opt_nonempty_string("idpEntityId")?;

        let mut keys = match c.opt_number("minRsaBits")? {
            None => TrustedKeys::new(),
            Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => {
                TrustedKeys::with_min_rsa_bits(n as usize).map_err(|_| {
                    type_error("minRsaBits", "must be a whole number of bits from 1024 to 8192 (default 2048)")
                })?
            }
            Some(_) => return Err(type_error("minRsaBits", "must be a whole number of bits from 1024 to 8192")),
        };
        for (i, pem) in c.opt_string_array("certificates")?.unwrap_or_default().iter().enumerate() {
            keys.add_pem_or_der(pem.as_bytes()).map_err(|e| {
                let which = [("option", alloc::format!("certificates[{i}]"))];
                let extra: &[_] = if CERTIFICATE_CODES.contains(&e.code()) { &which } else { &[] };
                decorate(js_sys::Error::new(&alloc::format!("{e}")), &e, extra)
            })?;
        }
        let mut sso_redirect_url = None;
        let mut sso_post_url = None;
        let (metadata_xml, signed_by) = match verified {
            Some((xml, by)) if c.get("metadataXml").is_none() => (Some(xml), Some(by)),
            Some(_) => {
                return Err(type_error("metadataXml", "is the metadata whose signature was checked: not given twice"))
            }
            None => (c.opt_string("metadataXml")?, None),
        };
        let mut cache_duration = None;
        let mut parsed = None;
        if let Some(xml) = &metadata_xml {
            let md = match &idp_entity_id {
                Some(wanted) => parse_idp_metadata_for(xml, Some(wanted), &options.limits),
                None => parse_idp_metadata(xml, &options.limits),
            }
            .or_throw()?;
            md.pin_keys(&mut keys).or_throw()?;
            idp_entity_id = Some(md.entity_id.clone());
            sso_redirect_url = md.sso_redirect_url.clone();
            sso_post_url = md.sso_post_url.clone();
            cache_duration = md.cache_duration.clone();
            parsed = Some(md);
        }
        let metadata = metadata_xml.as_deref().zip(parsed.as_ref());
        let sp = sp::SpConfig::read(&c, metadata, idp_entity_id.as_deref(), signed_by, &options.limits)?;
        if keys.is_empty() {
            return Err(js_error(&Error::ConfigNoKeys));
        }
        if let Some(now) = c.millis("nowMs")? {
            keys.check_valid_at(now).or_throw()?;
        }
        if let Some(list) = c.opt_string_array("affiliations")? {
            if list.iter().any(|a| a.trim().is_empty()) {
                return Err(type_error("affiliations", "must not contain an empty string"));
            }
            options.affiliations = list;
        }

        options.idp_entity_id = idp_entity_id;
        if let Some(t) = c.opt_number("clockTolerance")? {
            if t < 0.0 || t.fract() != 0.0 || t > f64::from(u32::MAX) {
                return Err(type_error("clockTolerance", "must be a whole, non-negative number of seconds"));
            }
            options.clock_tolerance_secs = t as u32;
        }
        if let Some(b) = c.opt_bool("allowSha1")? {
            options.allow_sha1 = b;
        }
        if let Some(b) = c.opt_bool("requireSignedAssertion")? {
            options.require_signed_assertion = b;
        }
        if let Some(claim) = c.opt_nonempty_string("loginNameClaim")? {
            options.login_name_claim = claim;
        }

        let id = NEXT_VERIFIER_ID.fetch_add(1, Ordering::Relaxed);
        Ok(Verifier { id, keys, options, sso_redirect_url, sso_post_url, cache_duration, sp })
    }

    fn call_options(&self, call_json: &str) -> JsResult<VerifyOptions> {
        let c = Args::parse(call_json, "the verification call", CALL_KEYS)?;
        let mut o = self.options.clone();
        o.now = c.millis("nowMs")?.ok_or_else(|| type_error("nowMs", "is required (the core has no clock)"))?;
        o.in_response_to = c.opt_nonempty_string("inResponseTo")?;
        o.allow_unsolicited = c.opt_bool("allowUnsolicited")?.unwrap_or(false);
        o.decrypt = c.opt_bool("decrypt")?.unwrap_or(false);
        if o.decrypt && !crate::saml::decryption::COMPILED {
            return Err(type_error("decrypt", "decryption is in the full build (saml-edge/inspect)"));
        }
        Ok(o)
    }
}

/// A message as received, decoded once ([`Verifier::receive`]): what `begin` verifies, and the
/// RelayState the ACS needs before (to find the login it answers).
#[wasm_bindgen]
pub struct Received {
    message: crate::Result<PostInput>,
}

#[wasm_bindgen]
impl Received {
    /// The posted `RelayState`, form-decoded; undefined when none was posted. Throws the decoding
    /// refusal, if any.
    #[wasm_bindgen(js_name = relayState)]
    pub fn relay_state(&self) -> JsResult<Option<String>> {
        self.message.as_ref().map(|m| m.relay_state.clone()).map_err(js_error)
    }
}

// ---------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------

const AUTHN_REQUEST_KEYS: &[&str] = &[
    "id",
    "issueInstantMs",
    "destination",
    "acsUrl",
    "spEntityId",
    "nameIdFormat",
    "forceAuthn",
    "isPassive",
    "requestedAuthnContext",
];

/// `{"id","issueInstantMs","destination","acsUrl","spEntityId",...}` → `{"id","xml"}`: an
/// AuthnRequest for the HTTP-Redirect binding; `redirectUrl` or `redirectToSign` makes the URL
/// once the host has DEFLATEd it.
#[wasm_bindgen(js_name = buildAuthnRequest)]
pub fn build_authn_request_js(json: &str) -> JsResult<String> {
    let a = Args::parse(json, "the AuthnRequest options", AUTHN_REQUEST_KEYS)?;
    let instant = a.millis("issueInstantMs")?.ok_or_else(|| type_error("issueInstantMs", "is required"))?;
    let required = |key: &str| a.opt_string(key)?.ok_or_else(|| type_error(key, "is required"));
    let mut o = AuthnRequestOptions::new(
        required("id")?,
        instant,
        required("destination")?,
        required("acsUrl")?,
        required("spEntityId")?,
    );
    o.name_id_format = a.opt_string("nameIdFormat")?;
    o.force_authn = a.opt_bool("forceAuthn")?.unwrap_or(false);
    o.is_passive = a.opt_bool("isPassive")?.unwrap_or(false);
    o.requested_authn_context = a.opt_string_array("requestedAuthnContext")?;
    let xml = build_authn_request(&o).or_throw()?;
    Ok(render::authn_request(&o.id, &xml).render())
}

/// A redirect-binding URL, query string or bare value → `{"param","xml","relayState","sigAlg","signature"}`.
#[cfg(feature = "wasm-inspect")]
#[wasm_bindgen(js_name = decodeRedirect)]
pub fn decode_redirect_js(input: &str) -> JsResult<String> {
    let m = decode_redirect(input, &Limits::default()).or_throw()?;
    Ok(render::redirect(&m).render())
}

/// IdP metadata → `{"entityId","ssoRedirectUrl","ssoPostUrl","certificates":[...],...}`.
/// The metadata's own signature is not verified.
#[cfg(feature = "wasm-inspect")]
#[wasm_bindgen(js_name = parseMetadata)]
pub fn parse_metadata_js(xml: &str) -> JsResult<String> {
    let md = parse_idp_metadata(xml, &Limits::default()).or_throw()?;
    Ok(render::metadata(&md).render())
}

/// JSON array of every stable `ERR_...` code.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> String {
    Json::strs(codes::ERROR_CODES).render()
}

/// The codes a pinned certificate that cannot be used gives; `new Verifier` throws them with
/// `detail.option` naming it (`certificates[1]`).
const CERTIFICATE_CODES: &[&str] = &["ERR_CERT_INVALID", "ERR_KEY_UNSUPPORTED"];

/// JSON `{"ERR_...": [["detailKey", ...], ...]}`: the shapes of `detail` each code's error has
/// in JS ([`js_detail`] of one sample per variant, and with `option` where [`Verifier::new`]
/// adds it). Read by `scripts/gen-error-types.mjs` at build time to type `SamlError.detail`,
/// so the types follow the core without a hand-kept copy.
#[cfg(feature = "wasm-full")]
#[wasm_bindgen(js_name = errorDetailKeys)]
pub fn error_detail_keys() -> String {
    let mut out: Vec<(String, Json)> = Vec::new();
    for e in codes::samples::samples() {
        let keys = |extra: &[(&'static str, String)]| {
            Json::Arr(js_detail(&e, extra).into_iter().map(|(k, _)| Json::Str(k)).collect())
        };
        let mut shapes = alloc::vec![keys(&[])];
        if CERTIFICATE_CODES.contains(&e.code()) {
            shapes.push(keys(&[("option", String::new())]));
        }
        // Several variants may share a code (SamlIssuer and SamlIssuerFormat): each adds its shapes.
        match out.iter_mut().find(|(code, _)| code == e.code()) {
            Some((_, Json::Arr(known))) => {
                for shape in shapes {
                    if !known.contains(&shape) {
                        known.push(shape);
                    }
                }
            }
            _ => out.push((String::from(e.code()), Json::Arr(shapes))),
        }
    }
    Json::Obj(out).render()
}
