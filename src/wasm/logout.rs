//! The wasm layer of Single Logout (full build): the IdP's LogoutRequest and LogoutResponse
//! checked up to their signature value (the one [`super::pending::Pending`], the verdict in the
//! core); the SP's own built.
//!
//! ```text
//! verifier.beginLogout(kind, input, callJson): Pending (see [`super::pending`])
//! buildLogoutRequest(json) / buildLogoutResponse(json): xml
//! ```

use alloc::string::String;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::pending::{Kind, Pending};
use super::{type_error, Args, JsResult, OrThrow, Verifier};
use crate::saml::logout::{
    begin_logout_request, begin_logout_response, build_logout_request, build_logout_response, LogoutInput,
    LogoutRequestOptions, LogoutResponseOptions, LogoutVerifyOptions,
};

const LOGOUT_CALL_KEYS: &[&str] = &["nowMs", "inResponseTo", "binding"];

#[wasm_bindgen]
impl Verifier {
    /// Checks a logout message up to its signature value. `kind` is `"request"` (from the IdP) or
    /// `"response"` (answering our request `inResponseTo`); `input` is the redirect URL
    /// (`"binding": "redirect"`) or the posted form body (`"post"`).
    #[wasm_bindgen(js_name = beginLogout)]
    pub fn begin_logout(&self, kind: &str, input: &Uint8Array, call_json: &str) -> JsResult<Pending> {
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
        let pending = match kind {
            "request" => Kind::LogoutRequest(begin_logout_request(input, &self.keys, &o).or_throw()?),
            "response" => {
                let irt = c.string("inResponseTo")?;
                Kind::LogoutResponse(begin_logout_response(input, &self.keys, &o, &irt).or_throw()?)
            }
            _ => return Err(type_error("kind", "must be \"request\" or \"response\"")),
        };
        Ok(Pending::new(self, pending, Some(o)))
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
