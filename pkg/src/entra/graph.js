// Microsoft Graph calls with an app-only token: one place that adds the Bearer token, refreshes it once
// on 401, checks every link Graph hands back (@odata.nextLink / @odata.deltaLink must stay under the
// configured Graph base URL, so the token is never sent elsewhere) and turns Graph's error body
//   { "error": { "code": "Authorization_RequestDenied", "message": "...", "innerError": { "request-id": ... } } }
// into a GraphError. A 403 is explained from the `roles` claim of our own access token (the application
// permissions granted to the app): none at all means admin consent is missing; some, but not the one the
// call needs, means that permission is missing.
import { graphError, redact } from './errors.js';

const DIRECTORY = ['Directory.Read.All', 'Directory.ReadWrite.All'];

/**
 * The application permissions each call accepts (Microsoft Graph API reference, "Permissions"). A call
 * needs one permission of every set; the first of each set is the one we document and recommend.
 */
export const PERMISSIONS = Object.freeze({
  usersDelta: [['User.Read.All', 'User.ReadWrite.All', ...DIRECTORY]],
  groupsDelta: [['Group.Read.All', 'GroupMember.Read.All', 'Group.ReadWrite.All', ...DIRECTORY]],
  getMemberGroups: [
    ['User.Read.All', 'User.ReadBasic.All', 'User.ReadWrite.All', ...DIRECTORY],
    ['Group.Read.All', 'GroupMember.Read.All', 'Group.ReadWrite.All', ...DIRECTORY],
  ],
  transitiveMemberOf: [['User.Read.All', 'GroupMember.Read.All', 'Group.Read.All', ...DIRECTORY]],
  getByIds: [[...DIRECTORY]],
});

/** An error answer that the caller of Graph.call() accepted (instead of a thrown GraphError). */
export class ErrorAnswer {
  constructor(status, graphCode, headers) {
    this.status = status;
    this.graphCode = graphCode;
    this.headers = headers;
  }
}

/** Graph error codes that mean "start change tracking again with a full synchronization". */
export const RESYNC_CODES = new Set(['syncStateNotFound', 'resyncRequired', 'syncStateInvalid']);

export class Graph {
  #http;
  #tokens;
  #base;
  #secret;

  constructor({ http, tokens, graphBaseUrl, secret }) {
    this.#http = http;
    this.#tokens = tokens;
    this.#base = graphBaseUrl;
    this.#secret = secret;
  }

  /** `${graphBaseUrl}${path}` */
  url(path) {
    return `${this.#base}${path}`;
  }

  /**
   * One Graph request. Returns the parsed JSON body of a 2xx answer. `accept(status, graphCode)` may
   * claim an error answer, which is then returned as an ErrorAnswer instead of thrown. `permissions`
   * (a PERMISSIONS entry) explains a 403; `notFound` names what a 404 means.
   */
  async call(method, url, { body, what, permissions, accept, headers: extra, fresh = false, notFound } = {}) {
    let refreshed = false;
    for (;;) {
      const token = await this.#tokens.get({ fresh });
      const headers = { authorization: `Bearer ${token.accessToken}`, accept: 'application/json', ...extra };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await this.#http.send({
        method, url, headers, body: body === undefined ? undefined : JSON.stringify(body), what,
      });
      if (res.status >= 200 && res.status < 300) {
        if (res.json === null || typeof res.json !== 'object') {
          throw graphError('ERR_GRAPH_RESPONSE_INVALID', `${what}: HTTP ${res.status} without a JSON object`, {
            request: what, status: res.status,
          });
        }
        return res.json;
      }
      const err = res.json?.error;
      const graphCode = typeof err?.code === 'string' ? err.code : null;
      if (res.status === 401 && !refreshed) {
        // The token expired or was revoked early: one new token, one more try.
        this.#tokens.invalidate(token);
        refreshed = true;
        fresh = false;
        continue;
      }
      if (accept && accept(res.status, graphCode)) return new ErrorAnswer(res.status, graphCode, res.headers);
      throw this.#error(res, { what, graphCode, token, permissions, notFound });
    }
  }

  /**
   * One page of a collection: `{ value, nextLink, deltaLink }`, links checked. `accept` as in call().
   */
  async page(url, { what, permissions, accept, headers }) {
    const j = await this.call('GET', url, { what, permissions, accept, headers });
    if (j instanceof ErrorAnswer) return j;
    if (!Array.isArray(j.value)) {
      throw graphError('ERR_GRAPH_RESPONSE_INVALID', `${what}: the answer has no "value" array`, { request: what });
    }
    const next = j['@odata.nextLink'];
    const delta = j['@odata.deltaLink'];
    return {
      value: j.value,
      nextLink: next == null ? null : this.checkLink(next, what),
      deltaLink: delta == null ? null : this.checkLink(delta, what),
    };
  }

  /** A link from Graph (or from the store) must be an absolute URL under the configured Graph base URL. */
  checkLink(link, what) {
    let ok = false;
    if (typeof link === 'string' && link.length <= 16 * 1024 && link.startsWith(`${this.#base}/`)) {
      try {
        const u = new URL(link);
        ok = u.href.startsWith(`${this.#base}/`) && !u.username && !u.password; // after normalizing ../
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      throw graphError('ERR_GRAPH_RESPONSE_INVALID', `${what}: a paging link points outside the Graph base URL`, {
        request: what, expected: `${this.#base}/...`, found: typeof link === 'string' ? link.slice(0, 200) : typeof link,
      });
    }
    return link;
  }

  #error(res, { what, graphCode, token, permissions, notFound }) {
    const err = res.json?.error;
    const message = typeof err?.message === 'string' ? redact(err.message.slice(0, 300), this.#secret) : null;
    const inner = err?.innerError ?? err?.innererror;
    const requestId = typeof inner?.['request-id'] === 'string' ? inner['request-id'] : null;
    const detail = { request: what, status: res.status, graphCode, graphMessage: message, requestId };
    if (res.status === 401) {
      return graphError('ERR_GRAPH_UNAUTHORIZED', `${what}: Graph refused a new access token too (HTTP 401)`, {
        ...detail,
        fix: 'Check that the token is issued for Microsoft Graph (scope https://graph.microsoft.com/.default) ' +
          'and by the tenant the app is registered in.',
      });
    }
    if (res.status === 403 && permissions) return forbidden(detail, token, permissions, what);
    if (res.status === 404 && notFound) {
      return graphError('ERR_GRAPH_USER_NOT_FOUND', `${what}: Graph has no such ${notFound.kind} in the tenant`, {
        ...detail, objectId: notFound.id,
      });
    }
    return graphError('ERR_GRAPH_REQUEST_FAILED',
      `${what}: HTTP ${res.status}${graphCode ? ` ${graphCode}` : ''}${message ? ` (${message})` : ''}`, detail);
  }
}

/** The permissions a token lacks for `permissions`, given its roles: the first of each unmet set. */
export function missingPermissions(roles, permissions) {
  return permissions.filter((set) => !set.some((p) => roles.includes(p))).map((set) => set[0]);
}

function forbidden(detail, token, permissions, what) {
  const claims = token.claims;
  const roles = claims && Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === 'string') : [];
  const recommended = permissions.map((set) => set[0]);
  if (claims && roles.length === 0) {
    return graphError('ERR_GRAPH_CONSENT_MISSING',
      `${what}: no Microsoft Graph application permission is granted to the app (admin consent missing)`, {
        ...detail,
        required: recommended,
        granted: [],
        fix: 'Open App registrations → your app → API permissions. Add Microsoft Graph → Application ' +
          'permissions → User.Read.All and Group.Read.All (not Delegated permissions), then choose Grant admin ' +
          'consent for your tenant; the Status column must read Granted. New tokens carry the permissions after ' +
          'a few minutes.',
      });
  }
  const missing = claims ? missingPermissions(roles, permissions) : recommended;
  if (claims && missing.length > 0) {
    return graphError('ERR_GRAPH_PERMISSION_MISSING',
      `${what}: the app lacks the Microsoft Graph application permission ${missing.join(' and ')}`, {
        ...detail,
        required: missing,
        granted: roles,
        fix: `Open App registrations → your app → API permissions → Add a permission → Microsoft Graph → ` +
          `Application permissions, select ${missing.join(' and ')}, then choose Grant admin consent for your tenant.`,
      });
  }
  return graphError('ERR_GRAPH_FORBIDDEN', `${what}: Graph denied the request (HTTP 403${detail.graphCode ? ` ${detail.graphCode}` : ''})`, {
    ...detail,
    required: recommended,
    granted: claims ? roles : null,
    fix: `The call needs ${recommended.join(' and ')} (Application permissions). Check App registrations → your ` +
      'app → API permissions (Status: Granted) and that no Conditional Access policy for workload identities ' +
      'blocks the app.',
  });
}
