// The package's API, shared by every runtime entry. Only Web APIs are used here
// (crypto.subtle, crypto.getRandomValues, TextEncoder, Request/Headers/URLSearchParams).
//
// The WebAssembly core makes every SAML decision; this layer adds what needs a
// clock, randomness or storage: request IDs, the request-state cookie, the
// replay cache, and (optionally) the runtime's WebCrypto for signature values.

import { JS_ERROR_CODES, core, fromCore, samlError } from './errors.js';
import { deflateRaw } from './deflate.js';
import { init, mainCore } from './loader.js';
import { checkCallOptions, normalizeOptions } from './options.js';
import { DecryptionKeys } from './decrypt.js';
import { MemoryReplayCache, assertionKey, consumeOrFail, requestKey } from './replay.js';
import { chooseSlot, importStateKey, pendingLogins, randomToken, seal, selectState, setCookieHeader, slotName } from './state.js';
import { KeyRing, settle } from './webcrypto.js';
import { toRequestLike } from './node-request.js';
// SP metadata, signed requests, Single Logout, IdP metadata from a URL.
import { clearLogoutCookie, finishLogout, handleLogoutRequest, startLogout } from './logout.js';
import { IdpSource, idpState, spMetadataXml } from './metadata.js';
import { Signer, checkKeyMatchesCertificate, signedRedirect } from './signer.js';
import { toBytes } from './bytes.js';

export { init } from './loader.js';
export {
  SamlError,
  SamlXmlError,
  SamlSignatureError,
  SamlValidationError,
  SamlReplayError,
  SamlStateError,
  SamlConfigError,
  SamlDecryptionError,
} from './errors.js';
export { MemoryReplayCache } from './replay.js';
export { ERROR_CODES } from '../dist/error-codes.js';

const encoder = new TextEncoder();
const CONSTRUCT = Symbol('saml-edge construct');
/** The core accepts at most 1 MiB of XML, 2 MiB of encoded POST input. */
const MAX_BODY_BYTES = 2 << 20;
/**
 * The application's relayState stays in the request-state cookie (only a 22-character token goes
 * through the IdP, within SAML bindings §3.4.3's 80 bytes), bounded so that a cookie stays well under
 * the 4096 bytes browsers keep (RFC 6265 §6.1), as JSON text.
 */
const MAX_RELAY_STATE_BYTES = 1024;

function randomRequestId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `id${hex}`;
}

/**
 * Fills `identity.attributes` (by Name) and `identity.claims` (by short name) from
 * `identity.attributeList`, values merged in document order. The core writes each value once;
 * the two maps are views of the same strings. Keys are defined, never assigned, so an attribute
 * named `__proto__` is a key like any other.
 */
function groupAttributes(identity) {
  const attributes = {};
  const claims = {};
  const add = (map, key, values) => {
    if (!Object.hasOwn(map, key)) {
      Object.defineProperty(map, key, { value: [], enumerable: true, writable: true, configurable: true });
    }
    const list = map[key];
    for (const v of values) list.push(v);
  };
  for (const a of identity.attributeList) {
    add(attributes, a.name, a.values);
    add(claims, a.claim, a.values);
  }
  identity.attributes = attributes;
  identity.claims = claims;
  return identity;
}

async function readBody(request) {
  const tooLarge = () =>
    samlError('ERR_LIMIT_INPUT_SIZE', `the request body exceeds the limit of ${MAX_BODY_BYTES} input bytes`, {
      limit: 'input bytes',
      max: String(MAX_BODY_BYTES),
    });
  const length = Number(request.headers.get('content-length'));
  if (Number.isFinite(length) && length > MAX_BODY_BYTES) throw tooLarge();
  const body = request.body;
  if (body && typeof body.getReader === 'function') {
    const reader = body.getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_BODY_BYTES) {
        reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const c of chunks) {
      bytes.set(c, offset);
      offset += c.byteLength;
    }
    return bytes;
  }
  if (typeof request.arrayBuffer === 'function') {
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.length > MAX_BODY_BYTES) throw tooLarge();
    return bytes;
  }
  if (typeof request.text === 'function') {
    const bytes = encoder.encode(await request.text());
    if (bytes.length > MAX_BODY_BYTES) throw tooLarge();
    return bytes;
  }
  return new Uint8Array(0);
}

/**
 * A SAML 2.0 Service Provider for one IdP: starts logins (HTTP-Redirect
 * AuthnRequest + a sealed request-state cookie) and verifies the responses
 * POSTed to its Assertion Consumer Service. Create with `await ServiceProvider.create(options)`.
 */
export class ServiceProvider {
  #o;
  #verifier;
  #keyRing;
  #keys;
  #idp;
  #stateKey;
  #replay;
  #signer;
  #source;
  #state;
  #decryption;

  constructor(token, fields) {
    if (token !== CONSTRUCT) throw new TypeError('use `await ServiceProvider.create(options)`');
    this.#o = fields.options;
    this.#install(fields.state);
    this.#stateKey = fields.stateKey;
    this.#replay = fields.options.replayCache ?? new MemoryReplayCache({ now: fields.options.now });
    this.#decryption = fields.decryption ?? null;
    this.#signer = fields.signer;
    this.#source = fields.source;
  }

  /** Use an IdP state (src/metadata.js idpState): the Verifier, its keys, the IdP's endpoints. */
  #install(state) {
    this.#state = state;
    this.#verifier = state.verifier;
    this.#keys = state.keys;
    this.#keyRing = state.keyRing;
    this.#idp = state.idp;
  }

  /** With idp.metadataUrl: the current copy of the IdP metadata (a refresh swaps it whole). */
  async #sync() {
    if (this.#source === null) return;
    const state = await this.#source.current();
    if (state !== this.#state) this.#install(state);
  }

  /** What src/logout.js and src/metadata.js work with. */
  #context() {
    return {
      o: this.#o,
      state: this.#state,
      keyRing: this.#keyRing,
      idp: this.#idp,
      stateKey: this.#stateKey,
      signer: this.#signer,
      replay: this.#replay,
    };
  }

  /**
   * Check the options (a TypeError names a bad one), load the core, pin the
   * IdP's keys (a SamlConfigError if a certificate or the metadata is unusable).
   */
  static async create(options) {
    const o = normalizeOptions(options);
    await init();
    // With idp.metadataUrl the first copy is fetched (and its signature verified) now. Metadata past
    // its validUntil is refused now, and by every verification at its own instant.
    const source = o.idp.metadataUrl === undefined ? null : new IdpSource(o);
    const state = source === null ? await idpState(o, o.idp.metadataXml) : await source.initial();
    const signer = o.signingKey === undefined ? null : await Signer.create(o.signingKey, o.signatureAlgorithm);
    if (signer !== null && o.signingCertificate !== undefined) await checkKeyMatchesCertificate(signer, o.signingCertificate);
    const stateKey = o.requestStateSecret === undefined ? null : await importStateKey(o.requestStateSecret);
    // Encrypted assertions (src/decrypt.js): the SP keys imported once into the runtime's crypto.
    const decryption = o.decryptionKeys === undefined ? null : await DecryptionKeys.create(o.decryptionKeys, o.crypto);
    return new ServiceProvider(CONSTRUCT, { options: o, state, stateKey, signer, source, decryption });
  }

  /** The SP entity ID (the expected Audience and the AuthnRequest Issuer). */
  get entityId() {
    return this.#o.entityId;
  }

  /** The ACS URL (the expected Destination and Recipient). */
  get acsUrl() {
    return this.#o.acsUrl;
  }

  /** The SP's SingleLogoutService URL, or null. */
  get sloUrl() {
    return this.#o.sloUrl ?? null;
  }

  /**
   * The IdP as configured or read from its metadata: `{ entityId, ssoUrl, sloUrl, sloResponseUrl,
   * validUntil, cacheDuration }` (the last two from metadata: when its keys stop being trusted, how
   * long the IdP wants it cached).
   */
  get idp() {
    return this.#idp;
  }

  /** The pinned IdP keys: `[{ index, kind, bits, spki, sha256 }]`. */
  get keys() {
    return this.#keys.map((k) => ({ ...k }));
  }

  /** Which implementation checks signature values: 'node', 'webcrypto' or 'wasm'. */
  get crypto() {
    return this.#o.crypto;
  }

  #requireStateKey(method) {
    if (this.#stateKey === null) {
      throw new TypeError(`options.requestStateSecret is required to use ${method}()`);
    }
    return this.#stateKey;
  }

  /**
   * Set-Cookie values that delete every request-state cookie (each pending login of this browser).
   * Optional after a failed login: each one also expires by itself after requestStateMaxAge.
   */
  clearStateCookies() {
    const { cookie } = this.#o;
    return Array.from({ length: cookie.slots }, (_, slot) => setCookieHeader(cookie, slotName(cookie, slot), '', 0));
  }

  /**
   * Start a login: an AuthnRequest for the HTTP-Redirect binding and the
   * request-state cookie that binds the response to this browser.
   */
  async startLogin(options) {
    const { relayState, loginHint, forceAuthn, nameIdFormat, request: given } = checkCallOptions(
      options,
      ['relayState', 'loginHint', 'forceAuthn', 'nameIdFormat', 'request'],
      'startLogin options',
    );
    const request = given === undefined ? undefined : toRequestLike(given); // Node's requests too (node-request.js)
    if (relayState !== undefined) {
      if (typeof relayState !== 'string' || encoder.encode(JSON.stringify(relayState)).length > MAX_RELAY_STATE_BYTES + 2) {
        throw new TypeError(`relayState must be a string of at most ${MAX_RELAY_STATE_BYTES} bytes as JSON text`);
      }
    }
    if (request !== undefined && (request === null || typeof request !== 'object' || typeof request.headers?.get !== 'function')) {
      throw new TypeError('request must be a Request, a Node request (node:http, Express, Fastify) or { headers }: the one that starts the login, whose cookies show the pending logins');
    }
    if (loginHint !== undefined && typeof loginHint !== 'string') throw new TypeError('loginHint must be a string');
    if (forceAuthn !== undefined && typeof forceAuthn !== 'boolean') throw new TypeError('forceAuthn must be a boolean');
    if (nameIdFormat !== undefined && (typeof nameIdFormat !== 'string' || nameIdFormat === '')) {
      throw new TypeError('nameIdFormat must be a non-empty string');
    }
    const key = this.#requireStateKey('startLogin');
    await this.#sync();
    if (this.#idp.ssoUrl === null) {
      throw samlError(
        'ERR_CONFIG_INVALID',
        'the IdP has no SSO URL: set options.idp.ssoUrl (or give metadata with an HTTP-Redirect SingleSignOnService)',
        { option: 'idp.ssoUrl', detail: 'missing' },
      );
    }
    await init();
    const nowMs = this.#o.now();
    const requestId = randomRequestId();
    const token = randomToken();
    const glue = mainCore();
    const built = JSON.parse(
      core(() =>
        glue.buildAuthnRequest(
          JSON.stringify({
            id: requestId,
            issueInstantMs: nowMs,
            destination: this.#idp.ssoUrl,
            acsUrl: this.#o.acsUrl,
            spEntityId: this.#o.entityId,
            nameIdFormat: nameIdFormat ?? null,
            forceAuthn: forceAuthn ?? false,
          }),
        ),
      ),
    );
    const redirect = { endpoint: this.#idp.ssoUrl, param: 'SAMLRequest', relayState: token, loginHint: loginHint ?? null };
    // Signed on the redirect binding when the SP has a key (signAuthnRequests, SAML bindings §3.4.4.1).
    let url;
    if (this.#o.signAuthnRequests) {
      url = await signedRedirect(this.#signer, { ...redirect, xml: built.xml });
    } else {
      const deflated = await deflateRaw(built.xml);
      url = core(() => glue.redirectUrl(JSON.stringify(redirect), deflated));
    }
    const expiresAt = nowMs + this.#o.requestStateMaxAge * 1000;
    const value = await seal(key, this.#o.acsUrl, { token, requestId, relayState: relayState ?? null, expiresAt });
    const { cookie } = this.#o;
    const pending = request === undefined ? null : await pendingLogins(key, this.#o.acsUrl, request.headers.get('cookie'), cookie);
    const slot = chooseSlot(pending, cookie.slots);
    return {
      url,
      requestId,
      setCookie: setCookieHeader(cookie, slotName(cookie, slot), value, this.#o.requestStateMaxAge),
    };
  }

  /**
   * Finish a login at the ACS: `request` is the IdP's form POST (a Fetch API
   * Request, or a Node server's request: see node-request.js). Checks the request-state cookie, verifies the SAMLResponse
   * against the request it started, refuses replays, and returns the identity
   * with the RelayState stored at startLogin.
   */
  async finishLogin(given) {
    const request = toRequestLike(given); // Node's requests too (node-request.js)
    if (request === null || typeof request !== 'object' || !request.headers || typeof request.headers.get !== 'function') {
      throw new TypeError('request must be a Request, a Node request (node:http, Express, Fastify) or { method, headers, body }: the POST to the ACS');
    }
    const key = this.#requireStateKey('finishLogin');
    await this.#sync();
    const method = String(request.method ?? '').toUpperCase();
    if (method !== 'POST') {
      throw samlError('ERR_INPUT_METHOD', `the ACS takes the IdP's HTTP-POST, not ${method || 'this request'}`, {
        expected: 'POST',
        found: method,
      });
    }
    const nowMs = this.#o.now();
    const { cookie } = this.#o;
    const pending = await pendingLogins(key, this.#o.acsUrl, request.headers.get('cookie'), cookie);
    if (pending.length === 0) selectState(pending, null, cookie, nowMs); // ERR_STATE_MISSING before reading the body

    const contentType = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/x-www-form-urlencoded') {
      throw samlError(
        'ERR_INPUT_ENCODING',
        `the ACS takes an application/x-www-form-urlencoded body, not ${contentType || 'a body without Content-Type'}`,
        { expected: 'application/x-www-form-urlencoded', found: contentType },
      );
    }
    const body = await readBody(request);
    // The body is decoded once, by the core (SAML bindings §3.5.4: the HTTP-POST binding only, strictly:
    // one base64 SAMLResponse field, at most one RelayState); its RelayState names the pending login.
    await init();
    const verifier = await this.#verifierForResponses(); // the same Verifier receives, begins and finishes
    const received = core(() => verifier.receive(body, true));
    // SAML bindings §3.5.3: the IdP returns the RelayState it received: the token of one pending login.
    let selected;
    try {
      selected = selectState(pending, core(() => received.relayState()) ?? null, cookie, nowMs);
    } catch (error) {
      received.free();
      throw error;
    }
    const { state, name } = selected;
    const identity = await this.#verify(received, { nowMs, inResponseTo: state.requestId, allowUnsolicited: false }, verifier);
    // Only now, with every check passed: the request (bound to this browser), then the assertion.
    if (!(await consumeOrFail(this.#replay, requestKey(state.requestId), state.expiresAt, nowMs))) {
      throw samlError('ERR_STATE_REUSED', `the login ${state.requestId} was already completed; start a new one`, {
        requestId: state.requestId,
      });
    }
    await this.#consumeAssertion(identity, nowMs);
    return { identity, relayState: state.relayState, setCookie: setCookieHeader(cookie, name, '', 0) };
  }

  /**
   * Verify a SAMLResponse (raw XML, its base64 as POSTed, or the whole form
   * body) and refuse a replayed assertion. Strict by default: without
   * `inResponseTo` only `allowUnsolicited: true` accepts a response.
   */
  async verifyResponse(input, options) {
    const { inResponseTo, currentDate, allowUnsolicited } = checkCallOptions(
      options,
      ['inResponseTo', 'currentDate', 'allowUnsolicited'],
      'verifyResponse options',
    );
    const bytes = toBytes(input, 'input');
    if (inResponseTo !== undefined && inResponseTo !== null && (typeof inResponseTo !== 'string' || inResponseTo === '')) {
      throw new TypeError('inResponseTo must be a non-empty string (the ID of the request this response answers)');
    }
    if (currentDate !== undefined && !(currentDate instanceof Date && Number.isFinite(currentDate.getTime()))) {
      throw new TypeError('currentDate must be a valid Date');
    }
    if (allowUnsolicited !== undefined && typeof allowUnsolicited !== 'boolean') {
      throw new TypeError('allowUnsolicited must be a boolean');
    }
    await this.#sync();
    await init();
    const nowMs = currentDate ? currentDate.getTime() : this.#o.now();
    const verifier = await this.#verifierForResponses();
    const identity = await this.#verify(core(() => verifier.receive(bytes, false)), {
      nowMs,
      inResponseTo: inResponseTo ?? null,
      allowUnsolicited: allowUnsolicited ?? false,
    }, verifier);
    await this.#consumeAssertion(identity, nowMs);
    return identity;
  }

  /**
   * The core's Verifier that checks responses: the entry's own, or with `decryptionKeys` the full
   * build's (decryption is not in the edge build's core: src/metadata.js loads the full build on
   * first use; in saml-edge/inspect it is the same Verifier).
   */
  #verifierForResponses() {
    return this.#decryption === null ? this.#verifier : this.#state.fullVerifier();
  }

  /**
   * The one verification path (src/webcrypto.js settle): every check and the verdict by the core,
   * the signature values by the runtime's crypto (or the core's with crypto 'wasm'), the SP's keys
   * for encrypted content by src/decrypt.js. Consumes `received`.
   */
  async #verify(received, call, verifier) {
    let pending;
    try {
      pending = core(() => verifier.begin(received, JSON.stringify({ ...call, decrypt: this.#decryption !== null })));
    } finally {
      received.free();
    }
    return groupAttributes(await settle(verifier, pending, this.#keyRing, this.#decryption));
  }

  /**
   * Replay (SAML profiles §4.1.4.5), after every check passed, so refused input never burns an ID:
   * the assertion is recorded until the last instant it could still be accepted (the core's
   * replayExpiresMs: every bearer confirmation's and the Conditions' NotOnOrAfter, clock tolerance
   * included), measured on the clock the verification used (`nowMs`).
   */
  async #consumeAssertion(identity, nowMs) {
    const expiresAtMs = identity.replayExpiresMs;
    if (!Number.isFinite(expiresAtMs)) {
      // The core sets it for every accepted response (the bearer confirmation's NotOnOrAfter is required).
      throw samlError('ERR_SAML_SUBJECT_CONFIRMATION', 'the assertion states no end of validity to keep its replay record until', {
        assertionId: identity.assertionId,
      });
    }
    if (!(await consumeOrFail(this.#replay, assertionKey(identity.issuer, identity.assertionId), expiresAtMs, nowMs))) {
      throw samlError('ERR_SAML_REPLAY', `the assertion ${identity.assertionId} was already used`, {
        id: identity.assertionId,
        issuer: identity.issuer,
      });
    }
  }

  // ----- the SP's metadata and Single Logout (src/metadata.js, src/logout.js do the work) -----

  /**
   * The SP's metadata XML, to give the IdP (Entra: "Upload metadata file"): signed when the SP has
   * a signing key. Options: `sign`, `validUntil` (Date), `cacheDuration` (seconds), `nameIdFormats`,
   * `encryptionCertificates`, `wantAssertionsSigned`, `id`.
   */
  async metadataXml(options) {
    await init();
    await this.#sync();
    return spMetadataXml(this.#context(), options);
  }

  /**
   * Start a logout at the IdP: `{ url, requestId, setCookie }`, a signed LogoutRequest for
   * `{ nameId, nameIdFormat, nameQualifier, spNameQualifier, sessionIndex, relayState }` (take them
   * from the login's identity) and the logout-state cookie. End the local session first.
   */
  async startLogout(options) {
    await init();
    await this.#sync();
    return startLogout(this.#context(), options);
  }

  /** The IdP's LogoutResponse at the logout URL: `{ relayState, partial, setCookie }`, or a SamlError. */
  async finishLogout(request) {
    await init();
    await this.#sync();
    return finishLogout(this.#context(), request);
  }

  /**
   * A LogoutRequest from the IdP at the logout URL: `{ nameId, sessionIndexes, ..., url }`. End those
   * sessions, then redirect the browser to `url` (the signed LogoutResponse).
   */
  async handleLogoutRequest(request) {
    await init();
    await this.#sync();
    return handleLogoutRequest(this.#context(), request);
  }

  /** A Set-Cookie header value that deletes the logout-state cookie (send it when a logout fails). */
  clearLogoutStateCookie() {
    return clearLogoutCookie(this.#o);
  }
}

/** Every error code this package can throw: the core's, then the JavaScript layer's. */
export async function errorCodes() {
  await init();
  const codes = JSON.parse(mainCore().errorCodes());
  for (const code of JS_ERROR_CODES) if (!codes.includes(code)) codes.push(code);
  return codes;
}

