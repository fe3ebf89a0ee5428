//! The wasm layer of Single Logout (full build): checking the IdP's LogoutRequest and
//! LogoutResponse up to their signature value, the verdict in the core; building the SP's own.
//!
//! ```text
//! verifier.beginLogout(kind, input, callJson): PendingLogout
//!   pendingLogout.taskInfo() / taskMessage() / taskSignature() / finish(verifier, index)
//! buildLogoutRequest(json) / buildLogoutResponse(json): xml
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::json::{obj, Json};
use super::sp::ms;
use super::{render, type_error, Args, JsResult, OrThrow, Verifier};
use crate::encoding::hex_lower;
use crate::saml::logout::{
    begin_logout_request, begin_logout_response, build_logout_request, build_logout_response, LogoutInput,
    LogoutRequestOptions, LogoutResponseOptions, LogoutSignature, LogoutVerifyOptions, PendingLogoutRequest,
    PendingLogoutResponse,
};

fn signature_json(s: &LogoutSignature) -> Json {
    obj([
        ("binding", Json::str(s.binding.as_str())),
        ("algorithm", Json::str(s.algorithm.uri())),
        ("keyIndex", Json::uint(s.key_index)),
        ("keySha256", Json::Str(hex_lower(&s.key_sha256))),
    ])
}

const LOGOUT_CALL_KEYS: &[&str] = &["nowMs", "inResponseTo", "binding"];

enum PendingKind {
    Request(PendingLogoutRequest),
    Response(PendingLogoutResponse),
}

/// A logout message checked up to its one signature value.
#[wasm_bindgen]
pub struct PendingLogout {
    verifier: u32,
    inner: PendingKind,
    candidates: Vec<usize>,
    options: LogoutVerifyOptions,
}

#[wasm_bindgen]
impl Verifier {
    /// Checks a logout message up to its signature value. `kind` is `"request"` (from the IdP) or
    /// `"response"` (answering our request `inResponseTo`); `input` is the redirect URL
    /// (`"binding": "redirect"`) or the posted form body (`"post"`).
    #[wasm_bindgen(js_name = beginLogout)]
    pub fn begin_logout(&self, kind: &str, input: &Uint8Array, call_json: &str) -> JsResult<PendingLogout> {
        let c = Args::parse(call_json, "the logout call", LOGOUT_CALL_KEYS)?;
        let now = c.millis("nowMs")?.ok_or_else(|| type_error("nowMs", "is required (the core has no clock)"))?;
        let slo_url = self.sp.slo_url.clone().ok_or_else(|| type_error("sloUrl", "is required for logout"))?;
        let idp =
            self.options.idp_entity_id.clone().ok_or_else(|| type_error("idpEntityId", "is required for logout"))?;
        let mut o = LogoutVerifyOptions::new(slo_url, idp, now);
        o.clock_tolerance_secs = self.options.clock_tolerance_secs;
        o.allow_sha1 = self.options.allow_sha1;
        o.limits = self.options.limits;
        let bytes = super::input_bytes(input, &o.limits)?;
        let text;
        let input = match c.opt_string("binding")?.as_deref() {
            Some("redirect") => {
                text = String::from_utf8(bytes).map_err(|_| type_error("input", "a redirect URL must be UTF-8"))?;
                LogoutInput::Redirect(&text)
            }
            Some("post") => LogoutInput::Post(&bytes),
            _ => return Err(type_error("binding", "must be \"redirect\" or \"post\"")),
        };
        let inner = match kind {
            "request" => PendingKind::Request(begin_logout_request(input, &self.keys, &o).or_throw()?),
            "response" => {
                let irt = c.string("inResponseTo")?;
                PendingKind::Response(begin_logout_response(input, &self.keys, &o, &irt).or_throw()?)
            }
            _ => return Err(type_error("kind", "must be \"request\" or \"response\"")),
        };
        let candidates = match &inner {
            PendingKind::Request(p) => p.candidate_keys(&self.keys),
            PendingKind::Response(p) => p.candidate_keys(&self.keys),
        };
        Ok(PendingLogout { verifier: self.id, inner, candidates, options: o })
    }
}

impl PendingLogout {
    fn task(&self) -> crate::saml::logout::LogoutSignatureTask<'_> {
        match &self.inner {
            PendingKind::Request(p) => p.task(),
            PendingKind::Response(p) => p.task(),
        }
    }
}

#[wasm_bindgen]
impl PendingLogout {
    /// JSON `{"algorithm","scheme","hash","candidates"}`, as `Pending.taskInfo`.
    #[wasm_bindgen(js_name = taskInfo)]
    pub fn task_info(&self) -> String {
        render::task_info(self.task().algorithm, &self.candidates).render()
    }

    /// The signed octets: the redirect query as received, or the canonical SignedInfo.
    #[wasm_bindgen(js_name = taskMessage)]
    pub fn task_message(&self) -> Uint8Array {
        Uint8Array::from(self.task().message)
    }

    /// The signature value.
    #[wasm_bindgen(js_name = taskSignature)]
    pub fn task_signature(&self) -> Uint8Array {
        Uint8Array::from(self.task().signature)
    }

    /// The verdict, with `result` the index of the key that verified the signature (the host's
    /// crypto) or -1 when none did. Consumes the PendingLogout.
    pub fn finish(self, verifier: &Verifier, result: i32) -> JsResult<String> {
        let found = match result {
            -1 => None,
            r => Some(usize::try_from(r).map_err(|_| type_error("result", "must be a key index or -1"))?),
        };
        self.conclude(verifier, |_| found)
    }

    /// The verdict with the core's own crypto (`crypto: 'wasm'`). Consumes the PendingLogout.
    #[cfg(feature = "rust-crypto")]
    #[wasm_bindgen(js_name = finishWithRustCrypto)]
    pub fn finish_with_rust_crypto(self, verifier: &Verifier) -> JsResult<String> {
        self.conclude(verifier, |p| {
            let t = p.task();
            p.candidates.iter().copied().find(|&i| {
                verifier
                    .keys
                    .iter()
                    .nth(i)
                    .is_some_and(|k| k.key().verify(t.algorithm, t.message, t.signature).unwrap_or(false))
            })
        })
    }
}

impl PendingLogout {
    fn conclude(self, verifier: &Verifier, found: impl FnOnce(&PendingLogout) -> Option<usize>) -> JsResult<String> {
        if verifier.id != self.verifier {
            return Err(type_error("verifier", "is not the Verifier that began this logout"));
        }
        let found = found(&self);
        let keys = &verifier.keys;
        let json = match self.inner {
            PendingKind::Request(p) => {
                let v = p.finish(keys, found).or_throw()?;
                obj([
                    ("message", Json::str("LogoutRequest")),
                    ("id", Json::str(&v.id)),
                    ("issuer", Json::str(&v.issuer)),
                    ("nameId", Json::str(&v.name_id.value)),
                    ("nameIdFormat", Json::opt_str(v.name_id.format.as_deref())),
                    ("nameQualifier", Json::opt_str(v.name_id.name_qualifier.as_deref())),
                    ("spNameQualifier", Json::opt_str(v.name_id.sp_name_qualifier.as_deref())),
                    ("sessionIndexes", Json::strs(&v.session_indexes)),
                    ("notOnOrAfterMs", ms(v.not_on_or_after)),
                    ("reason", Json::opt_str(v.reason.as_deref())),
                    ("relayState", Json::opt_str(v.relay_state.as_deref())),
                    ("replayExpiresMs", Json::Int(v.replay_expiry(&self.options).unix_millis())),
                    ("signature", signature_json(&v.signature)),
                ])
            }
            PendingKind::Response(p) => {
                let v = p.finish(keys, found).or_throw()?;
                obj([
                    ("message", Json::str("LogoutResponse")),
                    ("id", Json::str(&v.id)),
                    ("issuer", Json::str(&v.issuer)),
                    ("inResponseTo", Json::str(&v.in_response_to)),
                    ("partial", Json::Bool(v.partial())),
                    ("subStatusCodes", Json::strs(&v.sub_status_codes)),
                    ("statusMessage", Json::opt_str(v.status_message.as_deref())),
                    ("relayState", Json::opt_str(v.relay_state.as_deref())),
                    ("signature", signature_json(&v.signature)),
                ])
            }
        };
        Ok(json.render())
    }
}

const LOGOUT_REQUEST_KEYS: &[&str] = &[
    "id",
    "issueInstantMs",
    "destination",
    "spEntityId",
    "nameId",
    "nameIdFormat",
    "nameQualifier",
    "spNameQualifier",
    "sessionIndexes",
    "reason",
];

/// A LogoutRequest's XML (SAML core §3.7.1).
#[wasm_bindgen(js_name = buildLogoutRequest)]
pub fn build_logout_request_js(json: &str) -> JsResult<String> {
    let a = Args::parse(json, "the LogoutRequest options", LOGOUT_REQUEST_KEYS)?;
    let instant = a.millis("issueInstantMs")?.ok_or_else(|| type_error("issueInstantMs", "is required"))?;
    let mut o = LogoutRequestOptions::new(
        a.string("id")?,
        instant,
        a.string("destination")?,
        a.string("spEntityId")?,
        a.string("nameId")?,
    );
    o.name_id_format = a.opt_string("nameIdFormat")?;
    o.name_qualifier = a.opt_string("nameQualifier")?;
    o.sp_name_qualifier = a.opt_string("spNameQualifier")?;
    o.session_indexes = a.opt_string_array("sessionIndexes")?.unwrap_or_default();
    o.reason = a.opt_string("reason")?;
    build_logout_request(&o).or_throw()
}

const LOGOUT_RESPONSE_KEYS: &[&str] =
    &["id", "issueInstantMs", "destination", "spEntityId", "inResponseTo", "statusCode", "statusMessage"];

/// A LogoutResponse's XML (SAML core §3.7.2).
#[wasm_bindgen(js_name = buildLogoutResponse)]
pub fn build_logout_response_js(json: &str) -> JsResult<String> {
    let a = Args::parse(json, "the LogoutResponse options", LOGOUT_RESPONSE_KEYS)?;
    let instant = a.millis("issueInstantMs")?.ok_or_else(|| type_error("issueInstantMs", "is required"))?;
    let mut o = LogoutResponseOptions::new(
        a.string("id")?,
        instant,
        a.string("destination")?,
        a.string("spEntityId")?,
        a.string("inResponseTo")?,
    );
    if let Some(code) = a.opt_nonempty_string("statusCode")? {
        o.status_code = code;
    }
    o.status_message = a.opt_string("statusMessage")?;
    build_logout_response(&o).or_throw()
}
