// The portal's own session after a verified login: a cookie sealed with HMAC-SHA-256 (WebCrypto).
//
//   demo_session=<base64url(JSON)>.<base64url(HMAC-SHA-256(key, "saml-edge demo session v1\n" + payload))>
//
// The payload holds what the signed-in page shows and `exp` (ms since the epoch); the cookie's
// Max-Age says the same, so neither the browser nor a copied value outlives it. Only a value whose
// MAC verifies (crypto.subtle.verify: constant time) and which has not expired is a session.

export const SESSION_COOKIE = 'demo_session';
/** At most this long, and never past the IdP's SessionNotOnOrAfter. */
export const SESSION_MAX_SECONDS = 8 * 3600;

const encoder = new TextEncoder();
const LABEL = 'saml-edge demo session v1\n';

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

/** A Set-Cookie value carrying `data` until `expMs` (secure: only when the site is served over https). */
export async function sealSession(key, data, expMs, nowMs, secure) {
  const payload = b64url(encoder.encode(JSON.stringify({ ...data, exp: expMs })));
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(LABEL + payload)));
  const maxAge = Math.max(0, Math.floor((expMs - nowMs) / 1000));
  return `${SESSION_COOKIE}=${payload}.${b64url(mac)}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function clearSession(secure) {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The session in the Cookie header, or null (none, forged, altered or expired). */
export async function readSession(key, cookieHeader, nowMs) {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const [payload, macText, extra] = part.slice(eq + 1).trim().split('.');
    const mac = unb64url(macText ?? '');
    if (extra !== undefined || !payload || mac === null || mac.length !== 32) continue;
    if (!(await crypto.subtle.verify('HMAC', key, mac, encoder.encode(LABEL + payload)))) continue;
    try {
      const data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(unb64url(payload)));
      if (Number.isFinite(data?.exp) && nowMs < data.exp) return data;
    } catch {
      // a verified MAC over a payload we did not write cannot happen; refuse it anyway
    }
  }
  return null;
}
