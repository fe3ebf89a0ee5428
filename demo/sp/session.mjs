// The portal's own session after a verified login, kept server side: the session's data (who signed
// in, every claim — with 150 group claims that is about 10 KB, more than a browser keeps in one
// cookie) lives in the store (a Durable Object, saml-edge/durable-object) under a random 128-bit ID;
// the cookie carries only that ID and its end, sealed with HMAC-SHA-256 (WebCrypto):
//
//   demo_session=<id>.<exp>.<base64url(HMAC-SHA-256(key, "saml-edge demo session v2\n" + id + "." + exp))>
//
// A cookie is a session only if its MAC verifies (crypto.subtle.verify: constant time), it has not
// expired and the store still holds its ID (sign-out deletes it, so a copied cookie dies with it).
// The store keeps the data as long as the cookie (put with ttlMs), so nothing outlives the session.
//
// Single Logout: the IdP's LogoutRequest names whose sessions end by the IdP's identifiers (Issuer,
// NameID, SessionIndex), not by the portal's session ID. endIdpSessions records "every session of this
// NameID (with this SessionIndex) started until now is over" in the store; readSession checks those
// records, deletes a session they end and answers null. No index to keep in step, so two logins and a
// logout at the same moment cannot lose a session.

export const SESSION_COOKIE = 'demo_session';
/** At most this long, and never past the IdP's SessionNotOnOrAfter. */
export const SESSION_MAX_SECONDS = 8 * 3600;

const encoder = new TextEncoder();
const LABEL = 'saml-edge demo session v2\n';
const storeKey = (id) => `demo:session:${id}`;
/** The end of the IdP sessions of one NameID (all of them, or one SessionIndex). */
const endKey = (issuer, nameId, sessionIndex) =>
  `demo:slo:${JSON.stringify(sessionIndex === undefined ? [issuer, nameId] : [issuer, nameId, sessionIndex])}`;

const b64url = (bytes) => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const unb64url = (text) => {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
};

/** The HMAC key from a hex secret of at least 32 bytes. */
export async function sessionKey(hexSecret) {
  if (!/^([0-9a-f]{2}){32,}$/i.test(hexSecret ?? '')) throw new TypeError('SESSION_SECRET must be at least 64 hex digits');
  const raw = Uint8Array.from(hexSecret.match(/../g), (h) => parseInt(h, 16));
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

const attributes = (secure) => `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

/**
 * Stores `data` until `expMs` under a new random ID; returns the Set-Cookie value carrying the sealed
 * ID (secure: only when the site is served over https).
 */
export async function startSession(store, key, data, expMs, nowMs, secure) {
  const id = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const ttlMs = Math.max(1, expMs - nowMs);
  await store.put(storeKey(id), JSON.stringify({ ...data, createdAt: nowMs, exp: expMs }), { ttlMs });
  const body = `${id}.${expMs}`;
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(LABEL + body)));
  return `${SESSION_COOKIE}=${body}.${b64url(mac)}; Max-Age=${Math.floor(ttlMs / 1000)}; ${attributes(secure)}`;
}

/** The session ID in the Cookie header whose seal verifies and which has not expired, or null. */
async function sessionId(key, cookieHeader, nowMs) {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const [id, exp, macText, extra] = part.slice(eq + 1).trim().split('.');
    const mac = unb64url(macText ?? '');
    if (extra !== undefined || !/^[A-Za-z0-9_-]{22}$/.test(id ?? '') || !/^\d{1,15}$/.test(exp ?? '') || mac === null || mac.length !== 32) continue;
    if (!(await crypto.subtle.verify('HMAC', key, mac, encoder.encode(`${LABEL}${id}.${exp}`)))) continue;
    if (nowMs < Number(exp)) return id;
  }
  return null;
}

/**
 * The session of this request (its data from the store), or null: none, forged, expired, signed out,
 * or ended by the IdP (the session is then deleted).
 */
export async function readSession(store, key, cookieHeader, nowMs) {
  const id = await sessionId(key, cookieHeader, nowMs);
  if (id === null) return null;
  const json = await store.get(storeKey(id));
  if (json === null) return null;
  const s = JSON.parse(json);
  const ends = [endKey(s.issuer, s.nameId), ...(s.sessionIndex ? [endKey(s.issuer, s.nameId, s.sessionIndex)] : [])];
  for (const k of ends) {
    const at = await store.get(k);
    if (at !== null && Number(at) >= s.createdAt) {
      await store.delete(storeKey(id));
      return null;
    }
  }
  return s;
}

/**
 * The IdP ended sessions (a verified LogoutRequest): those of `nameId` from `issuer` with one of
 * `sessionIndexes`, or all of them when there is none (SAML core §3.7.1). Kept as long as a session lives.
 */
export async function endIdpSessions(store, { issuer, nameId, sessionIndexes }, nowMs) {
  const keys = sessionIndexes.length === 0 ? [endKey(issuer, nameId)] : sessionIndexes.map((i) => endKey(issuer, nameId, i));
  for (const k of keys) await store.put(k, String(nowMs), { ttlMs: SESSION_MAX_SECONDS * 1000 });
}

/** Signs out: deletes the stored session (a copy of the cookie is then worthless) and the cookie. */
export async function endSession(store, key, cookieHeader, nowMs, secure) {
  const id = await sessionId(key, cookieHeader, nowMs);
  if (id !== null) await store.delete(storeKey(id));
  return `${SESSION_COOKIE}=; Max-Age=0; ${attributes(secure)}`;
}
