// What to fix, per error code: one sentence for the person reading the verdict.
// The code, message and detail themselves come from the core, unchanged.

import { duration } from './time.js';

const d = (detail, key) => {
  const v = detail?.[key];
  return Array.isArray(v) ? v.join(', ') : v ?? '';
};

/** " (it expired 4 years 9 months before the instant evaluated)", or '' when a date is unreadable. */
function ago(end, now) {
  const [e, n] = [Date.parse(end ?? ''), Date.parse(now ?? '')];
  return Number.isFinite(e) && Number.isFinite(n) ? ` (it expired ${duration(n - e)} before the instant evaluated)` : '';
}

const ADVICE = {
  ERR_INPUT_ENCODING: () => 'Paste the SAMLResponse value exactly as posted (base64), the decoded XML, or the whole form body.',
  ERR_XML_SYNTAX: () => 'The XML is not well-formed: check that the message was copied completely.',
  ERR_XML_DTD_FORBIDDEN: () => 'A DOCTYPE is never accepted in SAML (entity-expansion and XXE attacks); this message did not come from a real IdP unchanged.',
  ERR_XML_ENTITY_FORBIDDEN: () => 'Only the five predefined XML entities are accepted; the message was altered or is not SAML.',
  ERR_XML_ENCODING: () => 'SAML messages must be UTF-8.',
  ERR_DSIG_UNTRUSTED_CERT: (e) =>
    `The IdP signed with a certificate you did not configure (thumbprint ${d(e.detail, 'certificateSha1').toUpperCase()}, SHA-256 ${d(e.detail, 'certificateSha256')}, subject ${d(e.detail, 'subject')}, valid until ${d(e.detail, 'notAfter')}). If it rolled over its signing certificate, add the new certificate or reload its metadata.`,
  ERR_DSIG_SIGNATURE_INVALID: () =>
    'The signature does not verify with any configured key: configure the IdP\'s current signing certificate, or the message was altered after signing.',
  ERR_DSIG_KEY_MISMATCH: () => 'No configured key has the type this signature uses (RSA vs EC): configure the IdP\'s signing certificate.',
  ERR_DSIG_DIGEST_MISMATCH: () =>
    'The signed element was changed after it was signed (compare the digests below); take the message exactly as the IdP sent it.',
  ERR_DSIG_SHA1_DISABLED: () => 'The IdP signs with SHA-1: switch it to SHA-256 (Entra: SAML signing certificate → Signing algorithm), or allow SHA-1 knowingly.',
  ERR_DSIG_MISPLACED: () => 'A signature sits where SAML never puts one — a signature-wrapping attempt. Do not accept this message.',
  ERR_DSIG_DUPLICATE_ID: () => 'Two elements share the signed ID — a signature-wrapping attempt. Do not accept this message.',
  ERR_DSIG_REFERENCE_URI: () => 'The signature does not reference the element it sits in: the message was rearranged (signature wrapping).',
  ERR_SAML_ASSERTION_COUNT: (e) =>
    `A login response carries exactly one Assertion; this one has ${d(e.detail, 'found')} — an injected copy is signature wrapping. Do not accept it.`,
  ERR_SAML_UNSIGNED: () => 'Nothing covering the Assertion is signed: make the IdP sign the Assertion (Entra does by default).',
  ERR_SAML_ASSERTION_NOT_SIGNED: () => 'Only the Response is signed, and you require a signed Assertion: set the IdP to sign the Assertion (Entra: "Sign SAML assertion").',
  ERR_SAML_AUDIENCE: (e) =>
    `The IdP issued this for audience "${d(e.detail, 'found')}": set the SP entity ID to that value, or fix the Identifier (Entity ID) in the IdP's application settings.`,
  ERR_SAML_DESTINATION: (e) =>
    `The response was sent to "${d(e.detail, 'found')}": make the ACS URL here and the Reply URL in the IdP the same.`,
  ERR_SAML_RECIPIENT: (e) =>
    `The assertion names recipient "${d(e.detail, 'found')}": make the ACS URL here and the Reply URL in the IdP the same.`,
  ERR_SAML_ISSUER: (e) => `The issuer is "${d(e.detail, 'found')}": use that IdP entity ID, or this response came from another tenant or IdP.`,
  ERR_SAML_IN_RESPONSE_TO: () =>
    'The response does not answer the request you expect: give the ID of the AuthnRequest that started this login (or accept unsolicited responses for IdP-initiated logins).',
  ERR_SAML_EXPIRED: (e) =>
    `The assertion is past its validity${ago(e.detail?.notOnOrAfter, e.detail?.now)}: it was used too late (replayed or delayed), or this clock is ahead of the IdP's. Evaluate at the time it was received.`,
  ERR_SAML_NOT_YET_VALID: () => 'The assertion is not valid yet: this clock is behind the IdP\'s. Fix the clock, or raise the tolerance a little.',
  ERR_SAML_STATUS: (e) => `The IdP refused the login (${d(e.detail, 'statusCode')}): read its status message; nothing here can fix that.`,
  ERR_SAML_NOT_RESPONSE: () => 'This is not a SAML Response: for an AuthnRequest, paste the redirect URL or SAMLRequest value.',
  ERR_SAML_ENCRYPTED_UNSUPPORTED: () => 'Encrypted assertions are not supported: turn off token encryption for this application in the IdP.',
  ERR_SAML_SUBJECT_CONFIRMATION: () => 'The assertion lacks a usable bearer SubjectConfirmation: this IdP output is not a Web SSO login assertion.',
  ERR_SAML_TIME_FORMAT: () => 'A time is not in the UTC xs:dateTime form SAML requires (e.g. 2026-01-15T10:00:00Z).',
  ERR_CERT_INVALID: () => 'A certificate could not be read: paste the PEM (-----BEGIN CERTIFICATE-----) or the base64 from the IdP\'s metadata.',
  ERR_KEY_UNSUPPORTED: () => 'That key type or size is not accepted (RSA ≥ 2048 bits, EC P-256/P-384).',
  ERR_CONFIG_NO_KEYS: () => 'Paste the IdP\'s signing certificate (PEM) or its federation metadata XML: nothing is trusted otherwise.',
  ERR_METADATA: () => 'The metadata could not be used: paste the IdP\'s federation metadata XML (EntityDescriptor with an IDPSSODescriptor).',
};

/** The sentence for an error, or a generic one. */
export function advice(error) {
  const f = ADVICE[error.code];
  if (f) return f(error);
  if (error.code?.startsWith('ERR_LIMIT_')) return 'The message exceeds a safety limit; a real IdP response is far smaller.';
  if (error.code?.startsWith('ERR_DSIG_')) return 'The signature is not in the shape SAML uses; the message was altered or built by hand.';
  return 'See the detail below.';
}
