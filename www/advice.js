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

/** The ERR_LIMIT_* sentence: which limit, from the detail. */
function limit(e) {
  const which = d(e.detail, 'limit');
  const max = d(e.detail, 'max');
  return `The message exceeds a safety limit${which ? ` (${which}${max ? `: ${max}` : ''})` : ''}; a real IdP response is far smaller. Check that only the message was pasted; a message built this large is an attempt to exhaust the verifier.`;
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
  ERR_SAML_ENCRYPTED_UNSUPPORTED: () =>
    'The IdP encrypted the assertion and no SP private key was given: paste the SP\'s decryption key (the one whose certificate the IdP encrypts to; Entra: Token encryption) in the SP private key field.',
  ERR_SAML_SUBJECT_CONFIRMATION: () => 'The assertion lacks a usable bearer SubjectConfirmation: this IdP output is not a Web SSO login assertion.',
  ERR_SAML_TIME_FORMAT: () => 'A time is not in the UTC xs:dateTime form SAML requires (e.g. 2026-01-15T10:00:00Z).',
  ERR_CERT_INVALID: () => 'A certificate could not be read: paste the PEM (-----BEGIN CERTIFICATE-----) or the base64 from the IdP\'s metadata.',
  ERR_KEY_UNSUPPORTED: () =>
    'That key type or size is not accepted (RSA ≥ 2048 bits, EC P-256/P-384). An IdP that still signs with RSA-1024 needs the legacy opt-in — minRsaBits: 1024 in the npm package, --min-rsa-bits 1024 in the CLI; every login it verifies then carries a warning — until the IdP rolls over to a 2048-bit key.',
  ERR_CONFIG_NO_KEYS: () => 'Paste the IdP\'s signing certificate (PEM) or its federation metadata XML: nothing is trusted otherwise.',
  ERR_METADATA: () => 'The metadata could not be used: paste the IdP\'s federation metadata XML (EntityDescriptor with an IDPSSODescriptor).',
  ERR_METADATA_EXPIRED: (e) =>
    `The metadata was valid until ${d(e.detail, 'validUntil') || 'its validUntil'}${ago(e.detail?.validUntil, e.detail?.now)}: its keys are not trusted after that. Download the IdP's current federation metadata (Entra: App Federation Metadata Url).`,

  ERR_LIMIT_INPUT_SIZE: limit,
  ERR_LIMIT_INFLATED_SIZE: limit,
  ERR_LIMIT_CANONICAL_SIZE: limit,
  ERR_LIMIT_DEPTH: limit,
  ERR_LIMIT_NODES: limit,
  ERR_LIMIT_ATTRIBUTES: limit,
  ERR_LIMIT_NAMESPACES: limit,
  ERR_LIMIT_SIGNATURES: () =>
    'More signatures than a SAML response carries (one on the Response, one on the Assertion): the message was built to make a verifier work or to hide which signature counts. Do not accept it.',
  ERR_XML_NAMESPACE: () =>
    'A namespace prefix is used without its declaration, or xml/xmlns is misused: the message was cut or edited. Paste it exactly as the IdP sent it.',
  ERR_XML_DUPLICATE_ATTRIBUTE: () => 'An element has the same attribute twice, which no XML parser may accept: the message was edited.',
  ERR_C14N_UNSUPPORTED: (e) =>
    `The signature asks for a canonicalization this verifier does not implement (${d(e.detail, 'algorithm')}); it takes exclusive and inclusive C14N 1.0. Set the IdP to its default, exclusive C14N.`,
  ERR_DSIG_STRUCTURE: () =>
    'The Signature element is not in the shape XML-DSig and SAML give it (one SignedInfo, one SignatureValue, one Reference, nothing extra): the message was altered or built by hand.',
  ERR_DSIG_MULTIPLE_SIGNATURES: () =>
    'One element carries several Signatures; SAML signs each element once. Which one counts would be ambiguous — an attack shape. Do not accept it.',
  ERR_DSIG_TRANSFORM: (e) =>
    `The signature applies a transform SAML signatures do not use (${d(e.detail, 'algorithm')}; only enveloped-signature, then canonicalization, SAML core §5.4.4): a conforming IdP never sends it. Do not accept it.`,
  ERR_DSIG_ALGORITHM: (e) =>
    `The signature uses ${d(e.detail, 'algorithm')}, which is not accepted (RSA-SHA256/384/512 and ECDSA; SHA-1 only when allowed): set the IdP to RSA-SHA256.`,
  ERR_DSIG_HMAC_FORBIDDEN: () =>
    'An HMAC "signature" is made with a shared secret, not the IdP\'s private key, so it proves nothing about who made the message. It is never accepted: do not accept this message.',
  ERR_DSIG_BASE64: () => 'A DigestValue or SignatureValue is not valid base64: the message was cut or altered. Paste it exactly as posted.',
  ERR_CONFIG_INVALID: (e) => `The setting ${d(e.detail, 'option') || 'named in the message'} is unusable${e.detail?.reason ? ` (${d(e.detail, 'reason')})` : ''}: correct it in the form above.`,

  ERR_SAML_STRUCTURE: () =>
    'This is not a Web Browser SSO login response (no Status, an Assertion outside the Response, no AuthnStatement, or a condition this SP cannot understand): see the detail. A conforming IdP sends all of these.',
  ERR_SAML_SCHEMA: (e) =>
    `${d(e.detail, 'element') || 'An element'} breaks the SAML 2.0 schema (expected ${d(e.detail, 'expected') || 'another content'}, found ${d(e.detail, 'found') || 'something else'}): a conforming IdP never sends it. Elements added, moved or repeated are how signature wrapping hides content: take the message exactly as the IdP sent it, and do not accept it otherwise.`,
  ERR_SAML_VERSION: () => 'Only SAML 2.0 is supported: configure the application at the IdP as SAML 2.0 (not SAML 1.1 or WS-Federation).',
  ERR_SAML_TIME_WINDOW: (e) =>
    `${d(e.detail, 'element') || 'A time window'} has its NotBefore (${d(e.detail, 'notBefore') || '?'}) not before its NotOnOrAfter (${d(e.detail, 'notOnOrAfter') || '?'}): no instant is inside it, at any clock. The IdP's token lifetime or clock is misconfigured: ask its administrator.`,
  ERR_SAML_SUBJECT: () =>
    'The assertion has no usable NameID, or its SPNameQualifier names another service provider: set the IdP to issue a NameID for this application (with an affiliation, give its ID as an affiliation).',
  ERR_SAML_REPLAY: () =>
    'This assertion was already used to sign in: the response was posted again (Back, a reload) or captured and replayed. Start a new login.',

  ERR_INPUT_METHOD: () => 'The ACS takes the IdP\'s form POST (HTTP-POST binding): a GET or another method reached it — a link, a bookmark or a reload, not the IdP.',
  ERR_INPUT_BINDING: () => 'The ACS takes the IdP\'s form (SAMLResponse=<base64>, the HTTP-POST binding), never raw XML: post the form as the browser does.',
  ERR_STATE_MISSING: () =>
    'The login was not started in this browser, it expired, or the browser did not send the state cookie: start the login at the application, over https (the cookie is __Host-, Secure, SameSite=None).',
  ERR_STATE_INVALID: () =>
    'The state cookie was not sealed with this server\'s requestStateSecret and ACS URL, or it was changed: every server of the application must share one secret. Start a new login.',
  ERR_STATE_EXPIRED: () => 'The login took longer than requestStateMaxAge: start it again (or allow more time with requestStateMaxAge).',
  ERR_STATE_REUSED: () => 'This login was already completed (Back, a re-POST, or a replay): the user is signed in already, or starts a new login.',
  ERR_STATE_RELAY_MISMATCH: () =>
    'The RelayState the IdP returned names no login started in this browser: the IdP must return RelayState unchanged, and an IdP-initiated login has none of this application\'s. Start the login at the application.',
  ERR_REPLAY_CACHE_FULL: (e) =>
    `The in-memory replay store holds its ${d(e.detail, 'maxEntries') || 'maximum of'} live entries and refuses new logins until one expires${e.detail?.nextExpiry ? ` (${d(e.detail, 'nextExpiry')})` : ''}: raise maxEntries, or use a shared store (saml-edge/redis, saml-edge/durable-object).`,
  ERR_KEY_INVALID: () =>
    'The SP\'s private key could not be read: give an unencrypted PKCS#8 (BEGIN PRIVATE KEY) or PKCS#1 RSA key in PEM, the one that matches the SP certificate you uploaded to the IdP.',
  ERR_METADATA_UNSIGNED: () =>
    'Metadata certificates were configured, so the metadata must carry a signature on its root element that one of them verifies: download the IdP\'s signed federation metadata, or pin the certificate that signs it.',
  ERR_METADATA_FETCH: (e) =>
    `The IdP metadata could not be downloaded${d(e.detail, 'url') ? ` from ${d(e.detail, 'url')}` : ''}: check the URL (https), that it answers with the metadata XML, and that it is reachable from where the SP runs.`,
  ERR_LOGOUT_MESSAGE: () =>
    'The logout message is not a SAML LogoutRequest or LogoutResponse of the expected shape: check that the whole redirect URL or POST body was pasted.',
  ERR_LOGOUT_UNSIGNED: () =>
    'Logout messages must be signed (redirect-binding signature or an XML signature): enable signing of logout messages at the IdP (Entra signs them).',
  ERR_LOGOUT_STATUS: () =>
    'The IdP reported that the logout did not succeed everywhere: the user may still be signed in at the IdP or another SP; sign out there too.',
  ERR_LOGOUT_DESTINATION: () =>
    'The logout message was sent to another address: the Destination must be the SP\'s Single Logout URL exactly as configured at the IdP.',
  ERR_LOGOUT_EXPIRED: () =>
    'The logout message has passed its NotOnOrAfter: it is old or replayed; start the logout again.',
  ERR_LOGOUT_ISSUE_INSTANT: () =>
    'The logout message was issued too long ago (or in the future): check the clocks of the IdP and the SP, and start the logout again.',
  // Encrypted assertions (src/xmlenc, pkg/src/decrypt.js).
  ERR_XMLENC_DECRYPTION_FAILED: () =>
    'None of the SP keys given decrypts the assertion, or it does not decrypt to an Assertion: give the private key whose certificate the IdP encrypts to (after a rollover, both keys). A message changed after encryption fails the same way.',
  ERR_XMLENC_STRUCTURE: () =>
    'The encrypted assertion is not in the shape SAML uses (EncryptedData with its EncryptedKey, nothing fetched from elsewhere): the message was altered or built by hand.',
  ERR_XMLENC_ALGORITHM: (e) =>
    `The IdP encrypts with ${d(e.detail, 'algorithm') || 'an algorithm'}, which is not accepted: configure it for AES-GCM (or AES-CBC) with RSA-OAEP key transport.`,
  ERR_XMLENC_RSA1_5_FORBIDDEN: () =>
    'The IdP sends the content key with RSA PKCS#1 v1.5, which is never accepted (Bleichenbacher\'s attack): configure it for RSA-OAEP.',
  ERR_XMLENC_KEY_UNSUITABLE: () =>
    'This browser\'s WebCrypto cannot use the SP key for the RSA-OAEP variant the IdP chose (SHA-256 with MGF1-SHA1): verify with Node, or have the IdP use the same hash for both.',
  ERR_LIMIT_CIPHERTEXT_SIZE: limit,
  ERR_LIMIT_PLAINTEXT_SIZE: limit,
  ERR_LIMIT_ENCRYPTED_KEYS: () =>
    'More EncryptedKeys than an IdP sends for one assertion: each costs an RSA decryption, so the message was built to make the verifier work. Do not accept it.',
  ERR_STORE_FAILED: () =>
    'The replay store did not answer, so no login is accepted (it fails closed): check that Redis, the Durable Object or the Deno KV file is reachable.',

  // The SP's own key, metadata from a URL, Single Logout, and the runtime's crypto.
  ERR_KEY_INVALID: () =>
    'The SP\'s signing key could not be read: give its private key as unencrypted PEM (PKCS#8 "BEGIN PRIVATE KEY" or PKCS#1 "BEGIN RSA PRIVATE KEY"), a CryptoKey, or in Node a KeyObject.',
  ERR_METADATA_UNSIGNED: (e) =>
    `The IdP metadata carries no signature on its root (${d(e.detail, 'root') || 'the root element'}), and metadataCertificates asks for one: download the signed metadata (Entra signs its federation metadata), or leave metadataCertificates out for metadata you trust as it is.`,
  ERR_METADATA_FETCH: (e) =>
    `The IdP metadata could not be fetched${e.detail?.url ? ` from ${d(e.detail, 'url')}` : ''}${e.detail?.status ? ` (HTTP ${d(e.detail, 'status')})` : ''}: check the URL, that this server reaches it over https, and that it answers with the metadata XML (at most 1 MiB, within 10 s).`,
  ERR_LOGOUT_MESSAGE: (e) =>
    `The logout endpoint got ${d(e.detail, 'found') || 'another message'} where ${d(e.detail, 'expected') || 'a LogoutRequest or LogoutResponse'} belongs: the IdP's SingleLogoutService and ResponseLocation must point at the right URLs.`,
  ERR_LOGOUT_UNSIGNED: (e) =>
    `The IdP's ${d(e.detail, 'message') || 'logout message'} carries no signature, so it cannot end a session: configure the IdP to sign logout messages (Entra and SimpleSAMLphp do).`,
  ERR_LOGOUT_STATUS: (e) =>
    `The IdP answered the logout with ${d(e.detail, 'statusCode') || 'a failure status'}: the session at the IdP may still be open; sign out there too.`,
  ERR_LOGOUT_DESTINATION: (e) =>
    `The logout message is addressed to ${d(e.detail, 'found') || 'another URL'}, not this SP's logout URL ${d(e.detail, 'expected')}: set sloUrl to the URL the IdP has for this application.`,
  ERR_LOGOUT_EXPIRED: (e) =>
    `The logout message expired at ${d(e.detail, 'notOnOrAfter') || 'its NotOnOrAfter'}${ago(d(e.detail, 'notOnOrAfter'), d(e.detail, 'now'))}: a delayed or replayed message; the user signs out again.`,
  ERR_LOGOUT_ISSUE_INSTANT: (e) =>
    `The logout message was issued at ${d(e.detail, 'issueInstant') || 'an instant'} too far from this server's clock (${d(e.detail, 'now') || 'now'}): a replayed message, or a clock off; check both clocks (NTP).`,
  ERR_CRYPTO_UNSUPPORTED: (e) =>
    `This runtime's crypto cannot check ${d(e.detail, 'algorithm') || 'this signature'}, and 'saml-edge' checks signature values only with it: use 'saml-edge/inspect', which checks them in WebAssembly (crypto: 'wasm').`,
};

/** The codes that have advice of their own (tests/e2e/debugger.mjs compares them with the package's codes). */
export const ADVICE_CODES = Object.freeze(Object.keys(ADVICE));

/** The sentence for an error, or a generic one. */
export function advice(error) {
  const f = ADVICE[error.code];
  if (f) return f(error);
  if (error.code?.startsWith('ERR_LIMIT_')) return 'The message exceeds a safety limit; a real IdP response is far smaller.';
  if (error.code?.startsWith('ERR_DSIG_')) return 'The signature is not in the shape SAML uses; the message was altered or built by hand.';
  return 'See the detail below.';
}
