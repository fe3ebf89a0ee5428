// The request-state cookies that bind a login's response to the browser that started it
// (SAML profiles §4.1.4.3 InResponseTo; login CSRF, docs/security.md §20 and §26).
//
// One cookie per pending login, in at most `maxPendingLogins` slots, so a browser may run several
// logins at once (tabs, deep links). Each holds the sealed state of one login:
//
//   v2.<payload>.<mac>
//   payload = base64url(UTF-8 JSON {"token", "requestId", "relayState" (string|null), "expiresAt" (ms)})
//   mac     = base64url(HMAC-SHA-256(key, "saml-edge state v2\n" + acsUrl + "\n" + payload))
//
// `token` (128 random bits) is the RelayState sent to the IdP: the IdP returns it (SAML bindings
// §3.5.3) and the ACS picks the cookie whose sealed token equals it. The application's own relayState
// stays in the cookie and never travels through the IdP, so it may be longer than RelayState's 80
// bytes. InResponseTo is then checked against that cookie's requestId: a swapped RelayState can only
// select another of this browser's own logins, whose request ID the response does not answer.
// The ACS URL is inside the MAC, so a cookie made for one SP is refused by another sharing the secret.
//
// Cookie names: `__Host-<cookieName>-<slot>` when the ACS is https — `Secure`, `Path=/`, no Domain,
// which a browser accepts only from this very host, so a sibling subdomain cannot toss a state
// cookie in (login CSRF by cookie tossing) — or `<cookieName>-<slot>` for plain-http development.

import { samlError } from './errors.js';
import { nodeCryptoImpl } from './webcrypto.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const PREFIX = 'v2';

export function base64urlEncode(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlDecode(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

/** 128 random bits, base64url (22 characters): the RelayState that names one pending login. */
export function randomToken() {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * A string secret in Node: HMAC-SHA-256 by node:crypto (src/node-host.js), synchronously. WebCrypto's
 * HMAC goes through the thread pool and back; measured on Node 20, importing the key, sealing and
 * checking one cookie took about 1.5 ms on the first login and 0.3 ms this way.
 */
class NodeStateKey {
  #mac;
  constructor(mac) {
    this.#mac = mac;
  }

  sign(data) {
    return this.#mac.sign(data);
  }

  /** Constant time, as crypto.subtle.verify. */
  verify(mac, data) {
    return this.#mac.verify(mac, data);
  }
}

/** Import the HMAC key: a string of at least 32 UTF-8 bytes, or an HMAC CryptoKey as given. */
export async function importStateKey(secret) {
  if (typeof secret !== 'string') return secret;
  const node = nodeCryptoImpl();
  if (node !== null) return new NodeStateKey(node.hmacSha256(encoder.encode(secret)));
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

function macInput(acsUrl, payload) {
  return encoder.encode(`saml-edge state ${PREFIX}\n${acsUrl}\n${payload}`);
}

async function sign(key, data) {
  return key instanceof NodeStateKey ? key.sign(data) : new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
}

async function verify(key, mac, data) {
  return key instanceof NodeStateKey ? key.verify(mac, data) : crypto.subtle.verify('HMAC', key, mac, data);
}

/** The cookie value for a pending login. */
export async function seal(key, acsUrl, state) {
  const payload = base64urlEncode(
    encoder.encode(
      JSON.stringify({
        token: state.token,
        requestId: state.requestId,
        relayState: state.relayState ?? null,
        expiresAt: state.expiresAt,
      }),
    ),
  );
  const mac = await sign(key, macInput(acsUrl, payload));
  return `${PREFIX}.${payload}.${base64urlEncode(mac)}`;
}

/**
 * Check one cookie value: its MAC (constant time: crypto.subtle.verify, or node:crypto's
 * timingSafeEqual), then its shape.
 * Returns the state, or null when the value is not one we made.
 */
export async function unseal(key, acsUrl, value) {
  const parts = value.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return null;
  const [, payload, macText] = parts;
  const mac = base64urlDecode(macText);
  if (mac === null || mac.length !== 32) return null;
  if (!(await verify(key, mac, macInput(acsUrl, payload)))) return null;
  const bytes = base64urlDecode(payload);
  if (bytes === null) return null;
  let state;
  try {
    state = JSON.parse(decoder.decode(bytes));
  } catch {
    return null;
  }
  if (
    state === null ||
    typeof state !== 'object' ||
    typeof state.token !== 'string' ||
    state.token === '' ||
    typeof state.requestId !== 'string' ||
    state.requestId === '' ||
    !(state.relayState === null || typeof state.relayState === 'string') ||
    !Number.isFinite(state.expiresAt)
  ) {
    return null;
  }
  return { token: state.token, requestId: state.requestId, relayState: state.relayState, expiresAt: state.expiresAt };
}

/** Every value of the cookie `name` in a Cookie header, in order. */
export function cookieValues(header, name) {
  const values = [];
  if (!header) return values;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    values.push(value);
  }
  return values;
}

/** The cookie name of slot `slot`: `__Host-<name>-<slot>` with Secure cookies, else `<name>-<slot>`. */
export function slotName(cookie, slot) {
  return `${cookie.secure ? '__Host-' : ''}${cookie.name}-${slot}`;
}

/**
 * The request-state cookies in a Cookie header, slot by slot: `[{ slot, name, state }]` for each slot
 * that has a cookie, `state` null when no value of it carries a valid MAC and shape.
 */
export async function pendingLogins(key, acsUrl, cookieHeader, cookie) {
  const found = [];
  for (let slot = 0; slot < cookie.slots; slot++) {
    const name = slotName(cookie, slot);
    const values = cookieValues(cookieHeader, name);
    if (values.length === 0) continue;
    let state = null;
    for (const value of values) {
      state = await unseal(key, acsUrl, value);
      if (state !== null) break;
    }
    found.push({ slot, name, state });
  }
  return found;
}

/**
 * The slot for a new login: a free one, else the one whose login expires first (it is replaced).
 * Without the browser's cookies (no request given to startLogin), a slot at random.
 */
export function chooseSlot(pending, slots) {
  if (pending === null) return crypto.getRandomValues(new Uint32Array(1))[0] % slots;
  const used = new Map(pending.map((p) => [p.slot, p.state]));
  for (let slot = 0; slot < slots; slot++) if (!used.has(slot)) return slot;
  let best = 0;
  let bestExpiry = Infinity;
  for (const [slot, state] of used) {
    const expiry = state === null ? -Infinity : state.expiresAt;
    if (expiry < bestExpiry) [best, bestExpiry] = [slot, expiry];
  }
  return best;
}

function missingHint(cookie) {
  return cookie.secure
    ? 'the login was not started in this browser, it expired, or the browser did not send the cookie'
    : 'the login was not started in this browser, it expired, or the browser did not send the cookie: over plain http it is SameSite=Lax without Secure, which a browser sends with the IdP\'s POST only when the IdP is on the same site as this ACS (e.g. both on 127.0.0.1)';
}

/**
 * The state of the login this ACS request completes: the pending login whose sealed token equals the
 * posted RelayState (or the only pending login when the IdP sent none). ERR_STATE_MISSING without a
 * state cookie, ERR_STATE_INVALID when none carries a valid MAC and shape, ERR_STATE_RELAY_MISMATCH
 * when none is the posted RelayState's, ERR_STATE_EXPIRED after its expiry.
 * Returns `{ state, name }` (`name`: the cookie to clear).
 */
export function selectState(pending, postedRelay, cookie, nowMs) {
  if (pending.length === 0) {
    throw samlError('ERR_STATE_MISSING', `the request has no ${slotName(cookie, 'N')} cookie: ${missingHint(cookie)}`, {
      cookie: slotName(cookie, 'N'),
      secure: String(cookie.secure),
    });
  }
  const valid = pending.filter((p) => p.state !== null);
  if (valid.length === 0) {
    throw samlError(
      'ERR_STATE_INVALID',
      `the ${slotName(cookie, 'N')} cookie was not made by this service provider or was changed (its MAC does not verify)`,
      { cookie: pending.map((p) => p.name).join(', ') },
    );
  }
  let chosen;
  if (postedRelay === null) {
    if (valid.length !== 1) {
      throw samlError(
        'ERR_STATE_RELAY_MISMATCH',
        `the IdP sent no RelayState and ${valid.length} logins are pending in this browser: which one this response answers is unknown`,
        { expected: 'the RelayState sent to the IdP', found: '(none)', pending: String(valid.length) },
      );
    }
    chosen = valid[0];
  } else {
    chosen = valid.find((p) => p.state.token === postedRelay);
    if (chosen === undefined) {
      throw samlError(
        'ERR_STATE_RELAY_MISMATCH',
        'the RelayState posted with the response names no login started in this browser',
        { expected: valid.map((p) => p.state.token).join(' or '), found: postedRelay },
      );
    }
  }
  const { state } = chosen;
  if (nowMs >= state.expiresAt) {
    throw samlError(
      'ERR_STATE_EXPIRED',
      `the login expired at ${new Date(state.expiresAt).toISOString()} (now ${new Date(nowMs).toISOString()}); start it again`,
      { expiresAt: new Date(state.expiresAt).toISOString(), now: new Date(nowMs).toISOString() },
    );
  }
  return { state, name: chosen.name };
}

/**
 * A Set-Cookie value for a state cookie. https: `Secure; SameSite=None` (it must come back with the
 * IdP's cross-site POST) and `Path=/` with no Domain (what `__Host-` requires); plain http:
 * `SameSite=Lax` (a browser refuses SameSite=None without Secure).
 */
export function setCookieHeader(cookie, name, value, maxAgeSeconds) {
  const site = cookie.secure ? 'Secure; SameSite=None' : 'SameSite=Lax';
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; ${site}`;
}
