// App-only access tokens for Microsoft Graph: the OAuth 2.0 client credentials grant (RFC 6749
// §4.4) against the Microsoft identity platform v2.0 token endpoint of one tenant,
//   POST {authorityHost}/{tenant}/oauth2/v2.0/token
//   client_id, client_secret, scope=https://graph.microsoft.com/.default, grant_type=client_credentials
// The token is cached until REFRESH_MARGIN before `expires_in` runs out; concurrent callers share one
// request. Token endpoint errors (RFC 6749 §5.2 plus Entra's `error_codes`, the AADSTS numbers) become
// codes that say what to fix. The secret goes into the request body and nowhere else.
import { graphError, redact } from './errors.js';

/** Refresh this long before the token expires (or at half its lifetime, if that is shorter). */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** An access token longer than this is refused (Entra's are a few kilobytes). */
const MAX_TOKEN_CHARS = 32 * 1024;

/** AADSTS numbers (Microsoft Entra authentication and authorization error codes) we explain. */
const AADSTS = {
  90002: 'ERR_GRAPH_TENANT_NOT_FOUND', // InvalidTenantName: the tenant name wasn't found
  900023: 'ERR_GRAPH_TENANT_NOT_FOUND', // the tenant identifier is neither a GUID nor a known domain
  700016: 'ERR_GRAPH_CLIENT_NOT_FOUND', // UnauthorizedClient_DoesNotMatchRequest: app not found in the tenant
  7000215: 'ERR_GRAPH_CLIENT_SECRET_INVALID', // invalid client secret is provided
  70002: 'ERR_GRAPH_CLIENT_SECRET_INVALID', // InvalidClient: error validating the credentials
  7000222: 'ERR_GRAPH_CLIENT_SECRET_EXPIRED', // InvalidClientSecretExpiredKeysProvided
  7000112: 'ERR_GRAPH_CLIENT_DISABLED', // UnauthorizedClientApplicationDisabled
};

/** The fix for each token endpoint code, in the Entra admin center's words. */
export function tokenFix(code, { tenant, clientId }) {
  switch (code) {
    case 'ERR_GRAPH_TENANT_NOT_FOUND':
      return `Entra knows no tenant "${tenant}". In the Microsoft Entra admin center, open App registrations → ` +
        'your app → Overview and copy the Directory (tenant) ID into the `tenant` option (or use a verified ' +
        'domain listed under Domain names of that tenant).';
    case 'ERR_GRAPH_CLIENT_NOT_FOUND':
      return `No application with the client ID "${clientId}" is registered in tenant "${tenant}". Open App ` +
        'registrations → your app → Overview and copy the Application (client) ID into `clientId`; check that ' +
        '`tenant` is the tenant the app is registered in.';
    case 'ERR_GRAPH_CLIENT_SECRET_INVALID':
      return 'The client secret is wrong. Open App registrations → your app → Certificates & secrets → Client ' +
        'secrets, choose New client secret and copy its Value (shown only once; not the Secret ID) into ' +
        '`clientSecret`.';
    case 'ERR_GRAPH_CLIENT_SECRET_EXPIRED':
      return 'The client secret has expired (App registrations → your app → Certificates & secrets → Client ' +
        'secrets, column Expires). Choose New client secret, copy its Value into `clientSecret`, then delete ' +
        'the expired secret.';
    case 'ERR_GRAPH_CLIENT_DISABLED':
      return 'The application is disabled in this tenant. Open Enterprise applications → your app → Properties ' +
        'and set Enabled for users to sign-in? to Yes.';
    default:
      return 'See the AADSTS code in `detail.aadsts` on https://login.microsoftonline.com/error.';
  }
}

/** The payload of a JWT, or null. Read for diagnostics (tenant, granted roles) only; never verified. */
export function jwtClaims(token) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? claims : null;
  } catch {
    return null;
  }
}

export class TokenSource {
  #http;
  #now;
  #url;
  #tenant;
  #clientId;
  #secret;
  #scope;
  #cached = null;
  #pending = null;
  /** How many tokens were requested (for tests and `stats`). */
  requests = 0;

  constructor({ http, now, authorityHost, tenant, clientId, clientSecret, scope }) {
    this.#http = http;
    this.#now = now;
    this.#tenant = tenant;
    this.#clientId = clientId;
    this.#secret = clientSecret;
    this.#scope = scope;
    this.#url = `${authorityHost}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
  }

  /** The token endpoint URL (no secret in it). */
  get url() {
    return this.#url;
  }

  /**
   * A valid token: `{ accessToken, expiresAtMs, claims }` (`claims` from the JWT payload, or null).
   * `fresh` skips the cache (Test Connection must see consent granted a minute ago).
   */
  async get({ fresh = false } = {}) {
    const now = this.#now();
    if (!fresh && this.#cached && now < this.#cached.refreshAtMs) return this.#cached;
    if (!fresh && this.#pending) return this.#pending;
    const pending = this.#request().finally(() => {
      if (this.#pending === pending) this.#pending = null;
    });
    if (!fresh) this.#pending = pending;
    const token = await pending;
    this.#cached = token;
    return token;
  }

  /** Forget `token` (Graph answered 401 to it), so that the next get() asks for a new one. */
  invalidate(token) {
    if (this.#cached === token) this.#cached = null;
  }

  async #request() {
    this.requests++;
    const what = 'POST /{tenant}/oauth2/v2.0/token';
    const body = new URLSearchParams({
      client_id: this.#clientId,
      scope: this.#scope,
      client_secret: this.#secret,
      grant_type: 'client_credentials',
    }).toString();
    const res = await this.#http.send({
      method: 'POST',
      url: this.#url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      what,
    });
    const issuedAt = this.#now();
    if (res.status !== 200) throw this.#failure(res, what);
    const j = res.json;
    const accessToken = j?.access_token;
    const tokenType = j?.token_type;
    const expiresIn = typeof j?.expires_in === 'string' ? Number(j.expires_in) : j?.expires_in;
    if (typeof accessToken !== 'string' || accessToken.length === 0 || accessToken.length > MAX_TOKEN_CHARS ||
        typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer' ||
        !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw graphError('ERR_GRAPH_RESPONSE_INVALID',
        'the token endpoint answered 200 without a usable Bearer access_token and expires_in', {
          request: what,
          expected: '{ token_type: "Bearer", access_token, expires_in > 0 }',
          found: { tokenType: typeof tokenType === 'string' ? tokenType : null, expiresIn: j?.expires_in ?? null,
            accessToken: typeof accessToken === 'string' ? `${accessToken.length} characters` : null },
        });
    }
    const lifetimeMs = expiresIn * 1000;
    return {
      accessToken,
      expiresAtMs: issuedAt + lifetimeMs,
      refreshAtMs: issuedAt + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2),
      claims: jwtClaims(accessToken),
    };
  }

  #failure(res, what) {
    const j = res.json && typeof res.json === 'object' ? res.json : {};
    const aadsts = Array.isArray(j.error_codes) ? j.error_codes.filter((n) => Number.isSafeInteger(n)) : [];
    // error_description starts with "AADSTS<n>: <sentence>", then trace and correlation IDs on new lines.
    const description = typeof j.error_description === 'string'
      ? redact(j.error_description.split(/\r?\n/)[0].slice(0, 500), this.#secret) : null;
    if (aadsts.length === 0 && description) {
      const m = /^AADSTS(\d+)/.exec(description);
      if (m) aadsts.push(Number(m[1]));
    }
    const code = aadsts.map((n) => AADSTS[n]).find(Boolean) ??
      (j.error === 'invalid_client' ? 'ERR_GRAPH_CLIENT_SECRET_INVALID' : 'ERR_GRAPH_TOKEN_FAILED');
    const detail = {
      request: what,
      status: res.status,
      error: typeof j.error === 'string' ? j.error : null,
      aadsts,
      description,
      traceId: typeof j.trace_id === 'string' ? j.trace_id : null,
      correlationId: typeof j.correlation_id === 'string' ? j.correlation_id : null,
      tenant: this.#tenant,
      clientId: this.#clientId,
      fix: tokenFix(code, { tenant: this.#tenant, clientId: this.#clientId }),
    };
    const what2 = {
      ERR_GRAPH_TENANT_NOT_FOUND: `tenant "${this.#tenant}" not found`,
      ERR_GRAPH_CLIENT_NOT_FOUND: `application (client) ID "${this.#clientId}" not found in the tenant`,
      ERR_GRAPH_CLIENT_SECRET_INVALID: 'the client secret is invalid',
      ERR_GRAPH_CLIENT_SECRET_EXPIRED: 'the client secret has expired',
      ERR_GRAPH_CLIENT_DISABLED: 'the application is disabled in the tenant',
    }[code] ?? `HTTP ${res.status}${detail.error ? ` ${detail.error}` : ''}`;
    return graphError(code, `could not get a Graph token: ${what2}${aadsts.length ? ` (AADSTS${aadsts[0]})` : ''}`,
      detail);
  }
}
