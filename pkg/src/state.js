// The request-state cookie that binds a login's response to the browser that
// started it (SAML profiles §4.1.4.3 InResponseTo; login CSRF).
//
// Format (version 1):  v1.<payload>.<mac>
//   payload = base64url(UTF-8 JSON {"requestId", "relayState" (string|null), "expiresAt" (ms since epoch)})
//   mac     = base64url(HMAC-SHA-256(key, "saml-edge state v1\n" + acsUrl + "\n" + payload))
// The ACS URL is inside the MAC, so a cookie made for one service provider is
// refused by another that shares the secret.

import { samlError } from './errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const PREFIX = 'v1';

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

/** Import the HMAC key: a string of at least 32 UTF-8 bytes, or an HMAC CryptoKey as given. */
export async function importStateKey(secret) {
  if (typeof secret !== 'string') return secret;
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

function macInput(acsUrl, payload) {
  return encoder.encode(`saml-edge state ${PREFIX}\n${acsUrl}\n${payload}`);
}

/** The cookie value for a pending login. */
export async function seal(key, acsUrl, state) {
  const payload = base64urlEncode(
    encoder.encode(
      JSON.stringify({ requestId: state.requestId, relayState: state.relayState ?? null, expiresAt: state.expiresAt }),
    ),
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, macInput(acsUrl, payload)));
  return `${PREFIX}.${payload}.${base64urlEncode(mac)}`;
}

/**
 * Check one cookie value: its MAC (constant time, by crypto.subtle.verify), then its shape.
 * Returns the state, or null when the value is not one we made.
 */
export async function unseal(key, acsUrl, value) {
  const parts = value.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return null;
  const [, payload, macText] = parts;
  const mac = base64urlDecode(macText);
  if (mac === null || mac.length !== 32) return null;
  if (!(await crypto.subtle.verify('HMAC', key, mac, macInput(acsUrl, payload)))) return null;
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
    typeof state.requestId !== 'string' ||
    state.requestId === '' ||
    !(state.relayState === null || typeof state.relayState === 'string') ||
    !Number.isFinite(state.expiresAt)
  ) {
    return null;
  }
  return { requestId: state.requestId, relayState: state.relayState, expiresAt: state.expiresAt };
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

/**
 * The state of the login this ACS request completes, from the Cookie header:
 * ERR_STATE_MISSING without the cookie, ERR_STATE_INVALID when no value carries
 * a valid MAC and shape, ERR_STATE_EXPIRED after its expiry.
 */
export async function readState(key, acsUrl, cookieHeader, name, nowMs) {
  const values = cookieValues(cookieHeader, name);
  if (values.length === 0) {
    throw samlError(
      'ERR_STATE_MISSING',
      `the request has no ${name} cookie: the login was not started here, the cookie expired, or the browser did not send it (it needs HTTPS: Secure; SameSite=None)`,
      { cookie: name },
    );
  }
  let state = null;
  for (const value of values) {
    state = await unseal(key, acsUrl, value);
    if (state !== null) break;
  }
  if (state === null) {
    throw samlError(
      'ERR_STATE_INVALID',
      `the ${name} cookie was not made by this service provider or was changed (its MAC does not verify)`,
      { cookie: name },
    );
  }
  if (nowMs >= state.expiresAt) {
    throw samlError(
      'ERR_STATE_EXPIRED',
      `the login expired at ${new Date(state.expiresAt).toISOString()} (now ${new Date(nowMs).toISOString()}); start it again`,
      { expires_at: new Date(state.expiresAt).toISOString(), now: new Date(nowMs).toISOString() },
    );
  }
  return state;
}

/** A Set-Cookie value with the attributes the state cookie needs to survive the IdP's cross-site POST. */
export function setCookieHeader(name, value, path, maxAgeSeconds) {
  return `${name}=${value}; Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=None`;
}
