//! The wasm-bindgen layer of the npm package: converts, never decides.
//!
//! JSON text crosses the boundary both ways (read with the host's `JSON.parse`,
//! written by [`json`]), byte strings as `Uint8Array`. Every verdict is the
//! core's; this layer only maps options in and results out, and turns each
//! [`Error`] into a thrown JS `Error` with `code` (the stable `ERR_...` string),
//! `message` (the core's sentence) and `detail` (an object of the core's
//! [`Error::detail`] pairs, a repeated key becoming an array).
//!
//! A malformed argument (bad JSON, a wrong type, an unknown or missing key) is
//! thrown as a `TypeError` carrying `code: "ERR_CONFIG_INVALID"`.
//!
//! Nothing here may panic: with `panic = "abort"` a panic kills the instance.
//!
//! ```text
//! new Verifier(configJson)         keys(): JSON     idp(): JSON
//! verifier.verify(bytes, callJson): identity JSON     (pure-Rust crypto)
//! verifier.begin(bytes, callJson): Pending             (every check up to the signature values)
//!   pending.taskCount() / taskInfo(i) / taskMessage(i) / taskSignature(i)
//!   pending.finish(verifier, Int32Array): identity JSON (verdict in Rust; consumes the Pending)
//! buildAuthnRequest(json)  decodeRedirect(text)  parseMetadata(xml)  errorCodes()
//! SP metadata, redirect signatures, logout: see [`sp`]
//! inspect(bytes, json): explanation JSON (never a verdict; see [`inspect`])
//! ```

mod codes;
mod inspect;
mod json;
mod render;
mod sp;

use alloc::string::String;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU32, Ordering};

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use self::json::Json;
use crate::error::{Error, LimitKind};
use crate::limits::Limits;
use crate::saml::authn_request::{authn_request_redirect_url, build_authn_request, AuthnRequestOptions};
use crate::saml::bindings::decode_redirect;
use crate::saml::metadata::{parse_idp_metadata, parse_idp_metadata_for};
use crate::saml::{begin_verify_response_with, verify_response, Digests, PendingResponse, VerifyOptions};
use crate::time::Timestamp;
use crate::trust::TrustedKeys;

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// The thrown value for a core error: `Error` with `code` and `detail`.
fn js_error(e: &Error) -> JsValue {
    decorate(js_sys::Error::new(&alloc::format!("{e}")), e, &[])
}

/// A malformed argument: `TypeError` with `code: "ERR_CONFIG_INVALID"` and `detail.option`.
fn type_error(option: &str, detail: &str) -> JsValue {
    let e = Error::ConfigInvalid { option: String::from(option), detail: String::from(detail) };
    decorate(js_sys::TypeError::new(&alloc::format!("{e}")).into(), &e, &[])
}

fn decorate(js: js_sys::Error, e: &Error, extra: &[(&'static str, String)]) -> JsValue {
    let detail = Object::new();
    for (k, v) in e.detail().iter().chain(extra) {
        let key = JsValue::from_str(k);
        let value = JsValue::from_str(v);
        let prev = Reflect::get(&detail, &key).unwrap_or(JsValue::UNDEFINED);
        let next = if prev.is_undefined() {
            value
        } else if Array::is_array(&prev) {
            Array::from(&prev).push(&value);
            prev
        } else {
            Array::of2(&prev, &value).into()
        };
        let _ = Reflect::set(&detail, &key, &next);
    }
    let _ = Reflect::set(&js, &JsValue::from_str("code"), &JsValue::from_str(e.code()));
    let _ = Reflect::set(&js, &JsValue::from_str("detail"), &detail);
    js.into()
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
    /// Logout endpoints and the metadata's cache hints (src/wasm/sp.rs).
    sp: sp::SpConfig,
}

const CONFIG_KEYS: &[&str] = &[
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
    "metadataCertificates",
];

const CALL_KEYS: &[&str] = &["nowMs", "inResponseTo", "allowUnsolicited"];
/// `begin` takes one more: `hostDigests` (the host hashes the Reference digests).
const BEGIN_KEYS: &[&str] = &["nowMs", "inResponseTo", "allowUnsolicited", "hostDigests"];

#[wasm_bindgen]
impl Verifier {
    /// Parses the configuration; throws on a certificate, key or metadata that cannot be used,
    /// or when no key is pinned at all.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str) -> JsResult<Verifier> {
        let c = Args::parse(config_json, "the Verifier configuration", CONFIG_KEYS)?;
        let mut options =
            VerifyOptions::new(c.string("spEntityId")?, c.string("acsUrl")?, Timestamp::from_unix_millis(0));
        let mut idp_entity_id = c.opt_nonempty_string("idpEntityId")?;

        let mut keys = TrustedKeys::new();
        for (i, pem) in c.opt_string_array("certificates")?.unwrap_or_default().iter().enumerate() {
            keys.add_pem_or_der(pem.as_bytes()).map_err(|e| {
                decorate(
                    js_sys::Error::new(&alloc::format!("{e}")),
                    &e,
                    &[("option", alloc::format!("certificates[{i}]"))],
                )
            })?;
        }
        let mut sso_redirect_url = None;
        let mut sso_post_url = None;
        let metadata_xml = c.opt_string("metadataXml")?;
        let signed_by = sp::SpConfig::verify_metadata(&c, metadata_xml.as_deref(), &options.limits)?;
        let mut valid_until = None;
        if let Some(xml) = &metadata_xml {
            let md = match &idp_entity_id {
                Some(wanted) => parse_idp_metadata_for(xml, Some(wanted), &options.limits),
                None => parse_idp_metadata(xml, &options.limits),
            }
            .or_throw()?;
            for cert in md.signing_certificates {
                keys.add_certificate(cert);
            }
            idp_entity_id = Some(md.entity_id);
            sso_redirect_url = md.sso_redirect_url;
            sso_post_url = md.sso_post_url;
            valid_until = md.valid_until;
        }
        let metadata = metadata_xml.as_deref().map(|x| (x, valid_until));
        let sp = sp::SpConfig::read(&c, metadata, idp_entity_id.as_deref(), signed_by, &options.limits)?;
        if keys.is_empty() {
            return Err(js_error(&Error::ConfigNoKeys));
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
        Ok(Verifier { id, keys, options, sso_redirect_url, sso_post_url, sp })
    }

    /// JSON `[{"index","kind","bits","spki","sha256"}]`: the pinned keys, by the index tasks use.
    pub fn keys(&self) -> String {
        render::keys(&self.keys).render()
    }

    /// JSON `{"entityId","ssoRedirectUrl","ssoPostUrl"}`.
    pub fn idp(&self) -> String {
        render::idp(
            self.options.idp_entity_id.as_deref(),
            self.sso_redirect_url.as_deref(),
            self.sso_post_url.as_deref(),
        )
        .render()
    }

    /// Verifies a response (XML, base64 or a form body) with the pure-Rust crypto;
    /// returns the identity JSON or throws.
    pub fn verify(&self, input: &Uint8Array, call_json: &str) -> JsResult<String> {
        let options = self.call_options(call_json)?;
        let bytes = input_bytes(input, &options.limits)?;
        let verified = verify_response(&bytes, &self.keys, &options).or_throw()?;
        Ok(render::verified(&verified, &self.keys).render())
    }

    /// Runs every check up to the signature values; the host checks those (WebCrypto) and
    /// calls [`Pending::finish`]. With `"hostDigests": true` in the call, the Reference digests
    /// are the host's too ([`Pending::digest_count`]): its SHA is native code, ours is not.
    pub fn begin(&self, input: &Uint8Array, call_json: &str) -> JsResult<Pending> {
        let options = self.call_options_with(call_json, BEGIN_KEYS)?;
        let by_host = Args::parse(call_json, "the verification call", BEGIN_KEYS)?.opt_bool("hostDigests")?;
        let digests = if by_host == Some(true) { Digests::ByHost } else { Digests::InCore };
        let bytes = input_bytes(input, &options.limits)?;
        let inner = begin_verify_response_with(&bytes, &self.keys, &options, digests).or_throw()?;
        let candidates = (0..inner.tasks().len()).map(|i| inner.candidate_keys(i, &self.keys)).collect();
        Ok(Pending { verifier: self.id, inner, candidates })
    }
}

impl Verifier {
    fn call_options(&self, call_json: &str) -> JsResult<VerifyOptions> {
        self.call_options_with(call_json, CALL_KEYS)
    }

    fn call_options_with(&self, call_json: &str, keys: &[&str]) -> JsResult<VerifyOptions> {
        let c = Args::parse(call_json, "the verification call", keys)?;
        let mut o = self.options.clone();
        o.now = c.millis("nowMs")?.ok_or_else(|| type_error("nowMs", "is required (the core has no clock)"))?;
        o.in_response_to = c.opt_nonempty_string("inResponseTo")?;
        o.allow_unsolicited = c.opt_bool("allowUnsolicited")?.unwrap_or(false);
        Ok(o)
    }
}

// ---------------------------------------------------------------------------
// Pending
// ---------------------------------------------------------------------------

/// A response checked up to its signature values (at most two tasks: Response, then Assertion).
#[wasm_bindgen]
pub struct Pending {
    verifier: u32,
    inner: PendingResponse,
    candidates: Vec<Vec<usize>>,
}

#[wasm_bindgen]
impl Pending {
    /// How many signature values to check.
    #[wasm_bindgen(js_name = taskCount)]
    pub fn task_count(&self) -> u32 {
        u32::try_from(self.candidates.len()).unwrap_or(u32::MAX)
    }

    /// JSON `{"algorithm","scheme","hash","candidates"}` for task `i`.
    #[wasm_bindgen(js_name = taskInfo)]
    pub fn task_info(&self, i: u32) -> JsResult<String> {
        let (task, candidates) = self.task(i)?;
        Ok(render::task_info(task.algorithm, candidates).render())
    }

    /// The canonical SignedInfo of task `i`: the message the signature signs.
    #[wasm_bindgen(js_name = taskMessage)]
    pub fn task_message(&self, i: u32) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.task(i)?.0.message))
    }

    /// The SignatureValue of task `i` (RSA: modulus-sized; ECDSA: raw r‖s, as WebCrypto takes it).
    #[wasm_bindgen(js_name = taskSignature)]
    pub fn task_signature(&self, i: u32) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.task(i)?.0.signature))
    }

    /// How many Reference digests the host computes (`hostDigests`; 0 otherwise).
    #[wasm_bindgen(js_name = digestCount)]
    pub fn digest_count(&self) -> u32 {
        u32::try_from(self.inner.digest_tasks().len()).unwrap_or(u32::MAX)
    }

    /// The hash of digest `i`, as WebCrypto names it (`"SHA-256"`).
    #[wasm_bindgen(js_name = digestHash)]
    pub fn digest_hash(&self, i: u32) -> JsResult<String> {
        Ok(String::from(self.digest(i)?.algorithm.name()))
    }

    /// The canonical bytes to hash for digest `i`.
    #[wasm_bindgen(js_name = digestBytes)]
    pub fn digest_bytes(&self, i: u32) -> JsResult<Uint8Array> {
        Ok(Uint8Array::from(self.digest(i)?.canonical))
    }

    /// `results[i]` is the index of the key that verified task `i`, or -1. Every remaining check
    /// runs here, in Rust. Consumes the Pending; `verifier` must be the one that began it.
    pub fn finish(self, verifier: &Verifier, results: &[i32]) -> JsResult<String> {
        self.finish_with_digests(verifier, results, &[])
    }

    /// [`Pending::finish`] when the host computed the digests: `digests` is them in order,
    /// concatenated (each as long as its hash's output). They are compared here, first.
    #[wasm_bindgen(js_name = finishWithDigests)]
    pub fn finish_with_digests(self, verifier: &Verifier, results: &[i32], digests: &[u8]) -> JsResult<String> {
        let mut split = Vec::new();
        let mut rest = digests;
        for task in self.inner.digest_tasks() {
            let Some((one, after)) = rest.split_at_checked(task.algorithm.output_len()) else {
                return Err(type_error("digests", "is shorter than the digests asked for"));
            };
            split.push(one);
            rest = after;
        }
        if !rest.is_empty() {
            return Err(type_error("digests", "is longer than the digests asked for"));
        }
        if verifier.id != self.verifier {
            return Err(type_error("verifier", "is not the Verifier that began this verification"));
        }
        let results = results
            .iter()
            .map(|&r| match r {
                -1 => Ok(None),
                r => usize::try_from(r).map(Some).map_err(|_| type_error("results", "must hold key indices or -1")),
            })
            .collect::<JsResult<Vec<Option<usize>>>>()?;
        let verified = self.inner.finish_with_digests(&verifier.keys, &results, &split).or_throw()?;
        Ok(render::verified(&verified, &verifier.keys).render())
    }
}

impl Pending {
    fn digest(&self, i: u32) -> JsResult<crate::saml::DigestTask<'_>> {
        let i = usize::try_from(i).unwrap_or(usize::MAX);
        self.inner
            .digest_tasks()
            .into_iter()
            .nth(i)
            .ok_or_else(|| type_error("digest", "there is no digest task with this index"))
    }

    fn task(&self, i: u32) -> JsResult<(crate::saml::SignatureTask<'_>, &[usize])> {
        let i = usize::try_from(i).unwrap_or(usize::MAX);
        let task = self.inner.tasks().into_iter().nth(i);
        match (task, self.candidates.get(i)) {
            (Some(t), Some(c)) => Ok((t, c.as_slice())),
            _ => Err(type_error("task", "there is no signature task with this index")),
        }
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
    "relayState",
    "loginHint",
    "nameIdFormat",
    "forceAuthn",
    "isPassive",
    "requestedAuthnContext",
];

/// `{"id","issueInstantMs","destination","acsUrl","spEntityId",...}` → `{"id","url","xml"}`:
/// an AuthnRequest for the HTTP-Redirect binding.
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
    let relay_state = a.opt_string("relayState")?;
    let login_hint = a.opt_string("loginHint")?;
    let xml = build_authn_request(&o).or_throw()?;
    let url = authn_request_redirect_url(&o, relay_state.as_deref(), login_hint.as_deref()).or_throw()?;
    Ok(render::authn_request(&o.id, &url, &xml).render())
}

/// A redirect-binding URL, query string or bare value → `{"param","xml","relayState","sigAlg","signature"}`.
#[wasm_bindgen(js_name = decodeRedirect)]
pub fn decode_redirect_js(input: &str) -> JsResult<String> {
    let m = decode_redirect(input, &Limits::default()).or_throw()?;
    Ok(render::redirect(&m).render())
}

/// IdP metadata → `{"entityId","ssoRedirectUrl","ssoPostUrl","certificates":[...],...}`.
/// The metadata's own signature is not verified.
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
