// Single Logout on the front channel (SAML core §3.7, profiles §4.4), as the ServiceProvider's
// startLogout / finishLogout / handleLogoutRequest. Every message the SP sends is signed on the
// HTTP-Redirect binding; every message it receives must be signed by a pinned IdP key (redirect
// Signature or XML signature) and is checked by the core (src/logout.rs): Issuer, Destination,
// IssueInstant, NotOnOrAfter, InResponseTo, Status. This layer adds what needs a clock, randomness
// or storage: IDs, the sealed logout-state cookie, and the replay store.
//
// The logout-state cookie follows the request-state cookies' rules (src/state.js): one cookie,
// `__Host-<cookieName>-logout` (Secure, Path=/, no Domain) for an https sloUrl, `<cookieName>-logout`
// with allowHttp; sealed with the same MAC under the context `<sloUrl> logout`, so a login's cookie
// never passes for a logout's. The RelayState sent to the IdP is a random token that names it; the
// application's relayState stays sealed in the cookie.

import { core, samlError } from './errors.js';
import { fullCore } from './loader.js';
import { checkCallOptions } from './options.js';
import { signedRedirect } from './signer.js';
import { consumeOrFail } from './replay.js';
import { cookieValues, randomToken, seal, setCookieHeader, slotName, unseal } from './state.js';
import { settle } from './webcrypto.js';

const encoder = new TextEncoder();
/** The URL or form a logout endpoint may receive (the core bounds the decoded message again). */
const MAX_INPUT_BYTES = 2 << 20;
/** The application's relayState, as JSON text, stays in the cookie: the same bound as a login's. */
const MAX_RELAY_STATE_BYTES = 1024;

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `id${hex}`;
}

/** The MAC context of the logout-state cookie: never confused with a login's (src/state.js). */
const stateContext = (o) => `${o.sloUrl} logout`;
/** `__Host-<cookieName>-logout` for an https sloUrl, `<cookieName>-logout` with allowHttp. */
const logoutCookieName = (o) => slotName(o.logoutCookie, 'logout');
/** The replay-store key of a completed SP-initiated logout (the LogoutRequest ID this SP made). */
const logoutKey = (requestId) => `saml-edge:logout:${requestId}`;
/** The replay-store key of a LogoutRequest from the IdP: its Issuer and ID, as an assertion's. */
const logoutRequestKey = (issuer, id) => `saml-edge:logout-request:${issuer}#${id}`;

function requireLogout(ctx, method, { signer = true, idpSlo = true } = {}) {
  const { o } = ctx;
  if (o.sloUrl === undefined) throw new TypeError(`options.sloUrl (this SP's logout URL) is required to use ${method}()`);
  if (ctx.stateKey === null && method !== 'handleLogoutRequest') {
    throw new TypeError(`options.requestStateSecret is required to use ${method}()`);
  }
  if (signer && ctx.signer === null) throw new TypeError(`options.signingKey is required to use ${method}(): logout messages are signed`);
  if (idpSlo && ctx.idp.sloUrl === null) {
    throw samlError(
      'ERR_CONFIG_INVALID',
      'the IdP has no logout URL: set options.idp.sloUrl (or give metadata with an HTTP-Redirect SingleLogoutService)',
      { option: 'idp.sloUrl', detail: 'missing' },
    );
  }
}

/** A Set-Cookie value that deletes the logout-state cookie. */
export function clearLogoutCookie(o) {
  if (o.sloUrl === undefined) throw new TypeError('options.sloUrl (this SP\'s logout URL) is required to use clearLogoutStateCookie()');
  return setCookieHeader(o.logoutCookie, logoutCookieName(o), '', 0);
}

const START_OPTIONS = ['nameId', 'nameIdFormat', 'nameQualifier', 'spNameQualifier', 'sessionIndex', 'relayState', 'reason'];

function optionalString(v, name) {
  if (v !== undefined && v !== null && (typeof v !== 'string' || v === '')) throw new TypeError(`${name} must be a non-empty string`);
  return v ?? null;
}

/**
 * SP-initiated logout: a signed LogoutRequest for the session the login gave (`nameId` and its
 * qualifiers, `sessionIndex`: take them from the identity finishLogin returned) and the sealed
 * logout-state cookie that finishLogout checks the IdP's answer against.
 */
export async function startLogout(ctx, options) {
  const opts = checkCallOptions(options, START_OPTIONS, 'startLogout options');
  requireLogout(ctx, 'startLogout');
  const { o } = ctx;
  if (typeof opts.nameId !== 'string' || opts.nameId === '') throw new TypeError('startLogout options.nameId must be the NameID the login gave');
  const sessionIndexes = [opts.sessionIndex ?? []].flat();
  if (!sessionIndexes.every((s) => typeof s === 'string' && s !== '')) {
    throw new TypeError('startLogout options.sessionIndex must be a string or an array of strings');
  }
  const relayState = opts.relayState ?? null;
  if (relayState !== null && (typeof relayState !== 'string' || encoder.encode(JSON.stringify(relayState)).length > MAX_RELAY_STATE_BYTES + 2)) {
    throw new TypeError(`startLogout options.relayState must be a string of at most ${MAX_RELAY_STATE_BYTES} bytes as JSON text`);
  }
  const full = await fullCore(); // logout is in the full build's core
  const nowMs = o.now();
  const requestId = randomId();
  const xml = core(() =>
    full.buildLogoutRequest(
      JSON.stringify({
        id: requestId,
        issueInstantMs: nowMs,
        destination: ctx.idp.sloUrl,
        spEntityId: o.entityId,
        nameId: opts.nameId,
        nameIdFormat: optionalString(opts.nameIdFormat, 'nameIdFormat'),
        nameQualifier: optionalString(opts.nameQualifier, 'nameQualifier'),
        spNameQualifier: optionalString(opts.spNameQualifier, 'spNameQualifier'),
        sessionIndexes,
        reason: optionalString(opts.reason, 'reason') ?? 'urn:oasis:names:tc:SAML:2.0:logout:user',
      }),
    ),
  );
  const token = randomToken();
  const url = await signedRedirect(ctx.signer, { endpoint: ctx.idp.sloUrl, param: 'SAMLRequest', xml, relayState: token });
  const expiresAt = nowMs + o.requestStateMaxAge * 1000;
  const value = await seal(ctx.stateKey, stateContext(o), { token, requestId, relayState, expiresAt });
  return { url, requestId, setCookie: setCookieHeader(o.logoutCookie, logoutCookieName(o), value, o.requestStateMaxAge) };
}

async function readBounded(request) {
  const tooLarge = () =>
    samlError('ERR_LIMIT_INPUT_SIZE', `the request body exceeds the limit of ${MAX_INPUT_BYTES} input bytes`, {
      limit: 'input bytes',
      max: String(MAX_INPUT_BYTES),
    });
  const length = Number(request.headers.get('content-length'));
  if (Number.isFinite(length) && length > MAX_INPUT_BYTES) throw tooLarge();
  const reader = request.body?.getReader?.();
  let bytes;
  if (reader) {
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_INPUT_BYTES) {
        reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
    bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
  } else if (typeof request.arrayBuffer === 'function') {
    bytes = new Uint8Array(await request.arrayBuffer());
  } else if (typeof request.text === 'function') {
    bytes = encoder.encode(await request.text());
  } else {
    bytes = new Uint8Array(0);
  }
  if (bytes.length > MAX_INPUT_BYTES) throw tooLarge();
  return bytes;
}

/** The message a logout endpoint received: a GET's URL (redirect binding) or a POST's form body. */
async function received(request) {
  if (request === null || typeof request !== 'object' || !request.headers || typeof request.headers.get !== 'function') {
    throw new TypeError('request must be a Request (the IdP\'s redirect or POST to the logout URL)');
  }
  const method = String(request.method ?? '').toUpperCase();
  if (method === 'GET') {
    const url = String(request.url ?? '');
    if (url.length > MAX_INPUT_BYTES) {
      throw samlError('ERR_LIMIT_INPUT_SIZE', 'the URL is too long', { limit: 'input bytes', max: String(MAX_INPUT_BYTES) });
    }
    return { binding: 'redirect', bytes: encoder.encode(url) };
  }
  if (method === 'POST') {
    const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      throw samlError('ERR_INPUT_ENCODING', `the logout URL takes an application/x-www-form-urlencoded body, not ${type || 'a body without Content-Type'}`, {
        expected: 'application/x-www-form-urlencoded',
        found: type,
      });
    }
    return { binding: 'post', bytes: await readBounded(request) };
  }
  throw samlError('ERR_INPUT_METHOD', `the logout URL takes the IdP's GET (HTTP-Redirect) or POST, not ${method || 'this request'}`, {
    expected: 'GET or POST',
    found: method,
  });
}

/**
 * The core checks the message (the full build's: logout is not in the edge build's core); the
 * signature value goes to the host's crypto when it has one (settle).
 */
async function verifyLogout(ctx, kind, input, call) {
  const { keyRing } = ctx;
  const verifier = await ctx.state.fullVerifier();
  const pending = core(() => verifier.beginLogout(kind, input.bytes, JSON.stringify({ ...call, binding: input.binding })));
  return settle(verifier, pending, keyRing);
}

/**
 * The logout this answer is for: the sealed state in the logout-state cookie. ERR_STATE_MISSING
 * without the cookie, ERR_STATE_INVALID when no value of it carries a valid MAC and shape,
 * ERR_STATE_EXPIRED after its expiry.
 */
async function logoutState(ctx, cookieHeader, nowMs) {
  const { o } = ctx;
  const name = logoutCookieName(o);
  const values = cookieValues(cookieHeader, name);
  if (values.length === 0) {
    throw samlError(
      'ERR_STATE_MISSING',
      `the request has no ${name} cookie: the logout was not started in this browser, it expired, or the browser did not send the cookie`,
      { cookie: name, secure: String(o.logoutCookie.secure) },
    );
  }
  for (const value of values) {
    const state = await unseal(ctx.stateKey, stateContext(o), value);
    if (state === null) continue;
    if (nowMs >= state.expiresAt) {
      throw samlError(
        'ERR_STATE_EXPIRED',
        `the logout expired at ${new Date(state.expiresAt).toISOString()} (now ${new Date(nowMs).toISOString()}) before the IdP answered; sign out again`,
        { expiresAt: new Date(state.expiresAt).toISOString(), now: new Date(nowMs).toISOString() },
      );
    }
    return state;
  }
  throw samlError('ERR_STATE_INVALID', `the ${name} cookie was not made by this service provider or was changed (its MAC does not verify)`, {
    cookie: name,
  });
}

/**
 * The IdP's answer to startLogout, at the logout URL (GET or POST): checks the logout-state cookie,
 * verifies the LogoutResponse as the answer to that request (top-level status Success) and that it
 * carries the cookie's token as RelayState, then consumes the request ID in the replay store (a
 * second use is ERR_STATE_REUSED), and returns the relayState stored at startLogout.
 */
export async function finishLogout(ctx, request) {
  const input = await received(request);
  requireLogout(ctx, 'finishLogout', { signer: false, idpSlo: false });
  const { o } = ctx;
  const nowMs = o.now();
  const state = await logoutState(ctx, request.headers.get('cookie'), nowMs);
  const v = await verifyLogout(ctx, 'response', input, { nowMs, inResponseTo: state.requestId });
  // SAML bindings §3.4.3: the IdP returns the RelayState it received, the token sealed in the cookie.
  if ((v.relayState ?? null) !== state.token) {
    throw samlError('ERR_STATE_RELAY_MISMATCH', 'the RelayState returned with the LogoutResponse is not the one this logout sent', {
      expected: state.token,
      found: v.relayState ?? '(none)',
    });
  }
  // Only now, with every check passed (a refused answer never burns the request).
  if (!(await consumeOrFail(ctx.replay, logoutKey(state.requestId), state.expiresAt, nowMs))) {
    throw samlError('ERR_STATE_REUSED', `the logout ${state.requestId} was already completed`, { requestId: state.requestId });
  }
  return {
    relayState: state.relayState,
    partial: v.partial,
    issuer: v.issuer,
    signature: v.signature,
    setCookie: clearLogoutCookie(o),
  };
}

/**
 * A LogoutRequest from the IdP (IdP-initiated logout, or another SP's): verifies it, refuses a
 * replay, and returns whose sessions to end (`nameId`, `sessionIndexes`: all of that NameID's
 * sessions when empty) and `url`, the signed LogoutResponse (Success) to redirect the browser to
 * once they are ended.
 */
export async function handleLogoutRequest(ctx, request) {
  const input = await received(request);
  requireLogout(ctx, 'handleLogoutRequest');
  const { o } = ctx;
  const nowMs = o.now();
  const v = await verifyLogout(ctx, 'request', input, { nowMs });
  // Replay (SAML profiles §4.4.3.3 and core §3.7.1's NotOnOrAfter): consumed only after the message
  // verified, until the last instant it could still be accepted (the core's replayExpiresMs).
  if (!(await consumeOrFail(ctx.replay, logoutRequestKey(v.issuer, v.id), v.replayExpiresMs, nowMs))) {
    throw samlError('ERR_SAML_REPLAY', `the LogoutRequest ${v.id} was already processed`, { id: v.id, issuer: v.issuer });
  }
  const full = await fullCore();
  const xml = core(() =>
    full.buildLogoutResponse(
      JSON.stringify({
        id: randomId(),
        issueInstantMs: nowMs,
        destination: ctx.idp.sloResponseUrl,
        spEntityId: o.entityId,
        inResponseTo: v.id,
      }),
    ),
  );
  const url = await signedRedirect(ctx.signer, {
    endpoint: ctx.idp.sloResponseUrl,
    param: 'SAMLResponse',
    xml,
    relayState: v.relayState,
  });
  return {
    id: v.id,
    issuer: v.issuer,
    nameId: v.nameId,
    nameIdFormat: v.nameIdFormat,
    nameQualifier: v.nameQualifier,
    spNameQualifier: v.spNameQualifier,
    sessionIndexes: v.sessionIndexes,
    reason: v.reason,
    relayState: v.relayState,
    signature: v.signature,
    url,
  };
}
