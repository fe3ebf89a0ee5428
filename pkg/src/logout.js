// Single Logout on the front channel (SAML core §3.7, profiles §4.4), as the ServiceProvider's
// startLogout / finishLogout / handleLogoutRequest. Every message the SP sends is signed on the
// HTTP-Redirect binding; every message it receives must be signed by a pinned IdP key (redirect
// Signature or XML signature) and is checked by the core (src/logout.rs): Issuer, Destination,
// IssueInstant, NotOnOrAfter, InResponseTo, Status. This layer adds what needs a clock, randomness
// or storage: IDs, the sealed logout-state cookie, and the replay cache.

import * as glue from '../dist/saml_edge.js';
import { core, fromCore, samlError } from './errors.js';
import { checkCallOptions } from './options.js';
import { signedRedirect } from './signer.js';
import { readState, seal, setCookieHeader } from './state.js';
import { WebCryptoUnavailable } from './webcrypto.js';

const encoder = new TextEncoder();
/** The URL or form a logout endpoint may receive (the core bounds the decoded message again). */
const MAX_INPUT_BYTES = 2 << 20;
const MAX_RELAY_STATE_BYTES = 80;

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `id${hex}`;
}

/** The MAC context of the logout-state cookie: never confused with a login's (src/state.js). */
const stateContext = (o) => `${o.sloUrl} logout`;
export const logoutCookieName = (o) => `${o.cookieName}_logout`;

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
  return setCookieHeader(logoutCookieName(o), '', o.sloPath ?? '/', 0);
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
  const relayState = optionalString(opts.relayState, 'startLogout options.relayState');
  if (relayState !== null && encoder.encode(relayState).length > MAX_RELAY_STATE_BYTES) {
    throw new TypeError(`relayState must be a string of at most ${MAX_RELAY_STATE_BYTES} bytes`);
  }
  const nowMs = o.now();
  const requestId = randomId();
  const xml = core(() =>
    glue.buildLogoutRequest(
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
  const url = await signedRedirect(ctx.signer, { endpoint: ctx.idp.sloUrl, param: 'SAMLRequest', xml, relayState });
  const expiresAt = nowMs + o.requestStateMaxAge * 1000;
  const value = await seal(ctx.stateKey, stateContext(o), { requestId, relayState, expiresAt });
  return { url, requestId, setCookie: setCookieHeader(logoutCookieName(o), value, o.sloPath, o.requestStateMaxAge) };
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

/** The core checks the message; the signature value goes to the host's crypto when it has one. */
async function verifyLogout(ctx, kind, input, call) {
  const { verifier, keyRing } = ctx;
  const pending = core(() => verifier.beginLogout(kind, input.bytes, JSON.stringify({ ...call, binding: input.binding })));
  let consumed = false;
  try {
    let json;
    if (keyRing === null) {
      consumed = true;
      json = core(() => pending.finishWithRustCrypto(verifier));
    } else {
      const task = JSON.parse(pending.taskInfo());
      const [message, signature] = [pending.taskMessage(), pending.taskSignature()];
      let result;
      try {
        result = keyRing.synchronous ? keyRing.verifySync(task, message, signature) : await keyRing.verify(task, message, signature);
      } catch (error) {
        if (!(error instanceof WebCryptoUnavailable)) throw error;
        consumed = true;
        return JSON.parse(core(() => pending.finishWithRustCrypto(verifier)));
      }
      consumed = true;
      json = core(() => pending.finish(verifier, result));
    }
    return JSON.parse(json);
  } catch (error) {
    throw fromCore(error);
  } finally {
    if (!consumed) pending.free();
  }
}

/** Rewords the state errors of src/state.js (written for logins) for a logout; same codes. */
function logoutStateError(e, cookie) {
  const messages = {
    ERR_STATE_MISSING: `the request has no ${cookie} cookie: the logout was not started here, it expired, or the browser did not send it`,
    ERR_STATE_INVALID: `the ${cookie} cookie was not made by this service provider or was changed (its MAC does not verify)`,
    ERR_STATE_EXPIRED: 'the logout expired before the IdP answered; sign out again',
  };
  return messages[e?.code] ? samlError(e.code, messages[e.code], e.detail, e) : e;
}

/**
 * The IdP's answer to startLogout, at the logout URL (GET or POST): checks the logout-state cookie,
 * verifies the LogoutResponse as the answer to that request (top-level status Success), refuses a
 * second use, and returns the RelayState stored at startLogout.
 */
export async function finishLogout(ctx, request) {
  const input = await received(request);
  requireLogout(ctx, 'finishLogout', { signer: false, idpSlo: false });
  const { o } = ctx;
  const cookie = logoutCookieName(o);
  const nowMs = o.now();
  let state;
  try {
    state = await readState(ctx.stateKey, stateContext(o), request.headers.get('cookie'), cookie, nowMs);
  } catch (e) {
    throw logoutStateError(e, cookie);
  }
  const replayKey = `logout:${state.requestId}`;
  if (await ctx.replay.has(replayKey)) {
    throw samlError('ERR_STATE_REUSED', `the logout ${state.requestId} was already completed`, { request_id: state.requestId });
  }
  const v = await verifyLogout(ctx, 'response', input, { nowMs, inResponseTo: state.requestId });
  // SAML bindings §3.4.3: the IdP returns the RelayState it received; ours is sealed in the cookie.
  if ((v.relayState ?? null) !== state.relayState) {
    throw samlError('ERR_STATE_RELAY_MISMATCH', 'the RelayState returned with the LogoutResponse differs from the one the logout started with', {
      expected: state.relayState ?? '(none)',
      found: v.relayState ?? '(none)',
    });
  }
  await ctx.replay.put(replayKey, state.expiresAt);
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
  const replayKey = `logout-request:${v.id}`;
  if (await ctx.replay.has(replayKey)) {
    throw samlError('ERR_SAML_REPLAY', `the LogoutRequest ${v.id} was already processed`, { id: v.id });
  }
  await ctx.replay.put(replayKey, v.replayExpiresMs);
  const xml = core(() =>
    glue.buildLogoutResponse(
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
