// A local stand-in for the Microsoft identity platform token endpoint and the Microsoft Graph
// endpoints that saml-edge/entra calls — exactly those, with the request and response shapes (and
// error bodies) of their public documentation. Microsoft's services cannot be reached from our
// machines, so this is what the client is tested against. Node built-ins only; three listeners on
// 127.0.0.1 ephemeral ports:
//
//   login    POST /{tenant}/oauth2/v2.0/token       client credentials; tenant by GUID or domain;
//                                                   AADSTS90002 / 900023 / 700016 / 7000215 / 7000218 /
//                                                   7000222 / 7000112 / 70011 / 70003 error bodies
//   graph    POST /v1.0/users/{id}/getMemberGroups  transitive, securityEnabledOnly, 400
//                                                   Directory_ResultSizeLimitExceeded above 11,000
//            GET  /v1.0/users/{id}/transitiveMemberOf  groups and directory roles, $select, $top <= 999,
//                                                   @odata.nextLink paging
//            POST /v1.0/directoryObjects/getByIds   ids (at most 1,000), types
//            GET  /v1.0/users/delta, /v1.0/groups/delta  $select, @odata.nextLink ($skiptoken) and
//                                                   @odata.deltaLink ($deltatoken), $deltatoken=latest,
//                                                   @removed, 410 Gone / 400 syncStateNotFound on reset
//            every call: Bearer token check (401 InvalidAuthenticationToken), application permissions
//            from the token's roles (403 Authorization_RequestDenied), injected 429/503 with Retry-After,
//            and requests held until the test releases them (`hold` faults)
//   control  /_control/*                            test set-up: reset, app settings, directory changes,
//                                                   faults, the request log; anything else is logged as
//                                                   "stray" (a request that should never have been made)
//
// Both Graph and control answer CORS preflights, so the suite can run in a page (Chromium).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

export const TENANT = '00000000-0000-0000-0000-000000000000';
export const OTHER_TENANT = '99999999-8888-4777-8666-555555555555';
export const TENANT_DOMAINS = ['contoso.onmicrosoft.com', 'contoso.com'];
export const CLIENT_ID = '6731de76-14a6-49ae-97bc-6eba6914391e';
export const CLIENT_SECRET = 'Qv8~tEsT.sEcReT-value_3fK9zLm2NpR7wXy';
/** B.Simon, the object ID of tests/fixtures/valid/entra_assertion_signed.xml. */
export const BSIMON = '7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b';
const TOKEN_LIFETIME_S = 3599;
const GET_MEMBER_GROUPS_LIMIT = 11_000;

/** A deterministic GUID for object number n of a kind (1 = user, 2 = group, 3 = role). */
export function guid(kind, n) {
  const hex = n.toString(16).padStart(12, '0');
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
const ISO = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function defaultState() {
  const users = new Map();
  const groups = new Map();
  const roles = new Map();
  const addUser = (id, upn, name) => users.set(id, { id, userPrincipalName: upn, displayName: name, accountEnabled: true });
  addUser(BSIMON, 'B.Simon@contoso.com', 'B. Simon');
  for (let i = 1; i <= 4; i++) addUser(guid(1, i), `user${i}@contoso.com`, `User ${i}`);
  const addGroup = (id, name, securityEnabled = true) => groups.set(id, { id, displayName: name, securityEnabled, mailEnabled: !securityEnabled });
  addGroup('3f6a2b1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c', 'Web Security Users');
  addGroup('b5c6d7e8-f9a0-4b1c-8d2e-3f4a5b6c7d8e', 'Proxy Admins');
  roles.set(guid(3, 1), { id: guid(3, 1), displayName: 'Global Reader' });
  // parents: object ID -> Set of the groups (and roles) it is a direct member of.
  const parents = new Map([[BSIMON, new Set(['3f6a2b1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c', 'b5c6d7e8-f9a0-4b1c-8d2e-3f4a5b6c7d8e'])]]);
  return {
    tenants: [{ id: TENANT, domains: TENANT_DOMAINS }],
    apps: new Map([[CLIENT_ID, {
      tenant: TENANT, secret: CLIENT_SECRET, secretExpired: false, disabled: false,
      roles: ['User.Read.All', 'Group.Read.All', 'Directory.Read.All'],
    }]]),
    users, groups, roles, parents,
    tokens: new Map(), // access token -> { tid, appid, roles, valid }
    rejectAllTokens: false,
    seq: 0,
    changes: { users: [], groups: [] }, // { seq, id, fields: [...] | null (created), removed: reason | null }
    cursors: new Map(),
    deltaEpoch: 1,
    deltaResetMode: '410',
    minimalChanges: false,
    pageSize: { users: 2, groups: 2, memberOf: 999 },
    faults: [],
    log: [],
  };
}

/** Application permissions each Graph call accepts (a call needs one of every set). */
const DIR = ['Directory.Read.All', 'Directory.ReadWrite.All'];
const NEEDS = {
  usersDelta: [['User.Read.All', 'User.ReadWrite.All', ...DIR]],
  groupsDelta: [['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', ...DIR]],
  getMemberGroups: [['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', ...DIR],
    ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', ...DIR]],
  transitiveMemberOf: [['User.Read.All', 'GroupMember.Read.All', 'Group.Read.All', ...DIR]],
  getByIds: [DIR],
};

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 8 << 20) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, accept, consistencylevel, prefer',
  'access-control-expose-headers': 'retry-after, location, request-id, content-length',
  'access-control-max-age': '600',
};

function send(res, status, body, headers = {}) {
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...CORS,
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function graphErrorBody(code, message) {
  return { error: { code, message, innerError: { date: ISO(), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } };
}

function aadError(status, error, aadsts, sentence) {
  const trace = randomUUID();
  const correlation = randomUUID();
  const ts = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return [status, {
    error,
    error_description: `AADSTS${aadsts}: ${sentence} Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${ts}`
      .replace(/ Trace ID:/, '\r\nTrace ID:').replace(/ Correlation ID:/, '\r\nCorrelation ID:').replace(/ Timestamp:/, '\r\nTimestamp:'),
    error_codes: [aadsts],
    timestamp: ts,
    trace_id: trace,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
  }];
}

export async function startDirectoryServer() {
  let state = defaultState();
  /** Resolvers of the requests a `hold` fault keeps waiting. */
  const held = [];
  const servers = [];
  const listen = (handler) => new Promise((resolve, reject) => {
    const s = createServer((req, res) => {
      handler(req, res).catch((e) => {
        if (!res.headersSent) send(res, 500, { error: { code: 'serverError', message: String(e?.stack ?? e) } });
      });
    });
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      servers.push(s);
      resolve(`http://127.0.0.1:${s.address().port}`);
    });
  });

  /** Applies the first matching injected fault (and counts it down); returns true when it answered. */
  async function fault(server, req, res, path) {
    const f = state.faults.find((x) => x.times > 0 && x.server === server && (!x.method || x.method === req.method) &&
      path.startsWith(x.path));
    if (!f) return false;
    f.times--;
    if (f.hold) {
      // Held until /_control/release, then answered as usual: a run stays in the middle of a page for as long
      // as a test needs (the sync lease across processes), with no timing involved.
      await new Promise((resolve) => held.push(resolve));
      return false;
    }
    const headers = {};
    if (f.retryAfter !== undefined) headers['retry-after'] = String(f.retryAfter);
    if (f.bodyBytes) {
      const filler = 'x'.repeat(f.bodyBytes);
      if (f.chunked) {
        // No content-length: the client only learns the size while reading.
        res.writeHead(f.status, { ...CORS, 'content-type': 'application/json', ...headers });
        res.write('{"value":[],"filler":"');
        for (let i = 0; i < filler.length; i += 16384) res.write(filler.slice(i, i + 16384));
        res.end('"}');
        return true;
      }
      send(res, f.status, { value: [], filler }, headers);
      return true;
    }
    if (f.rawBody !== undefined) {
      res.writeHead(f.status, { ...CORS, 'content-type': 'application/json', ...headers });
      res.end(f.rawBody);
      return true;
    }
    const body = f.body ?? (f.status === 429
      ? graphErrorBody('TooManyRequests', 'Too many requests. Retry after the time in the Retry-After header.')
      : f.status === 503 ? graphErrorBody('serviceNotAvailable', 'The service is temporarily unavailable.')
        : graphErrorBody('generalException', 'Injected failure.'));
    send(res, f.status, body, headers);
    return true;
  }

  const loginUrl = await listen(async (req, res) => {
    const url = new URL(req.url, 'http://login');
    if (req.method === 'OPTIONS') return send(res, 204, '');
    const body = req.method === 'POST' ? await readBody(req) : '';
    state.log.push({ server: 'login', method: req.method, path: url.pathname, query: url.search, body,
      contentType: req.headers['content-type'] ?? null, authorization: req.headers.authorization ?? null });
    if (await fault('login', req, res, url.pathname)) return;
    const m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (!m || req.method !== 'POST') {
      return send(res, 404, { error: 'not_found', error_description: 'This endpoint is not emulated.' });
    }
    const [status, answer] = token(decodeURIComponent(m[1]), req.headers['content-type'] ?? '', body);
    send(res, status, answer);
  });

  function token(tenantName, contentType, body) {
    const t = tenantName.toLowerCase();
    const isGuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(t);
    const looksLikeDomain = /^([a-z0-9-]+\.)+[a-z]{2,}$/.test(t);
    if (!isGuid && !looksLikeDomain) {
      return aadError(400, 'invalid_request', 900023,
        `Specified tenant identifier '${tenantName}' is neither a valid DNS name, nor a valid external domain.`);
    }
    const tenant = state.tenants.find((x) => x.id === t || x.domains.includes(t));
    if (!tenant) {
      return aadError(400, 'invalid_request', 90002, `Tenant '${tenantName}' not found. Check to make sure you have ` +
        'the correct tenant ID and are signing into the correct cloud.');
    }
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
    }
    const p = new URLSearchParams(body);
    if (p.get('grant_type') !== 'client_credentials') {
      return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    }
    const clientId = (p.get('client_id') ?? '').toLowerCase();
    const app = state.apps.get(clientId);
    if (!app || app.tenant !== tenant.id) {
      return aadError(400, 'unauthorized_client', 700016, `Application with identifier '${p.get('client_id')}' was ` +
        `not found in the directory '${tenant.id}'. This can happen if the application has not been installed by ` +
        'the administrator of the tenant or consented to by any user in the tenant. You might have sent your ' +
        'authentication request to the wrong tenant.');
    }
    if (p.get('scope') !== 'https://graph.microsoft.com/.default') {
      return aadError(400, 'invalid_scope', 70011, `The provided request must include a 'scope' input parameter. ` +
        `The provided value for the input parameter 'scope' is not valid.`);
    }
    if (!p.has('client_secret')) {
      return aadError(401, 'invalid_client', 7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    if (p.get('client_secret') !== app.secret) {
      return aadError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent ' +
        `in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
    }
    if (app.secretExpired) {
      return aadError(401, 'invalid_client', 7000222, `The provided client secret keys for app '${clientId}' are ` +
        'expired. Visit the Azure portal to create new keys for your app.');
    }
    if (app.disabled) {
      return aadError(400, 'unauthorized_client', 7000112, `Application '${clientId}' is disabled.`);
    }
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      aud: 'https://graph.microsoft.com', iss: `https://sts.windows.net/${tenant.id}/`, iat: now, nbf: now,
      exp: now + TOKEN_LIFETIME_S, appid: clientId, idtyp: 'app', tid: tenant.id, oid: randomUUID(),
    };
    if (app.roles.length > 0) claims.roles = [...app.roles];
    const accessToken = `${b64url({ typ: 'JWT', alg: 'RS256', kid: 'local-directory-server' })}.${b64url(claims)}.` +
      Buffer.from(randomUUID()).toString('base64url');
    state.tokens.set(accessToken, { tid: tenant.id, appid: clientId, roles: [...app.roles], valid: true });
    return [200, { token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S, ext_expires_in: TOKEN_LIFETIME_S, access_token: accessToken }];
  }

  let graphUrl;
  const graphOrigin = await listen(async (req, res) => {
    const url = new URL(req.url, 'http://graph');
    if (req.method === 'OPTIONS') return send(res, 204, '');
    const body = req.method === 'POST' ? await readBody(req) : '';
    state.log.push({ server: 'graph', method: req.method, path: url.pathname, query: url.search, body,
      contentType: req.headers['content-type'] ?? null, authorization: req.headers.authorization ?? null,
      consistencyLevel: req.headers.consistencylevel ?? null });
    if (await fault('graph', req, res, url.pathname)) return;
    // Authentication: a token this server issued and that is still valid.
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return send(res, 401, graphErrorBody('InvalidAuthenticationToken', 'Access token is empty.'));
    const tok = state.tokens.get(auth.slice(7));
    if (!tok || !tok.valid || state.rejectAllTokens) {
      return send(res, 401, graphErrorBody('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'));
    }
    const route = graphRoute(req.method, url.pathname);
    if (!route) return send(res, 400, graphErrorBody('BadRequest', `Resource not found for the segment '${url.pathname}'.`));
    const granted = tok.roles;
    if (!NEEDS[route.name].every((set) => set.some((r) => granted.includes(r)))) {
      return send(res, 403, graphErrorBody('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'));
    }
    let json = null;
    if (req.method === 'POST') {
      try {
        json = JSON.parse(body);
      } catch {
        return send(res, 400, graphErrorBody('BadRequest', 'Unable to read JSON request payload.'));
      }
    }
    return route.handle(res, url, json);
  });
  graphUrl = `${graphOrigin}/v1.0`;

  function graphRoute(method, path) {
    let m;
    if (method === 'POST' && (m = /^\/v1\.0\/users\/([^/]+)\/getMemberGroups$/.exec(path))) {
      return { name: 'getMemberGroups', handle: (res, url, json) => getMemberGroups(res, decodeURIComponent(m[1]), json) };
    }
    if (method === 'GET' && (m = /^\/v1\.0\/users\/([^/]+)\/transitiveMemberOf$/.exec(path))) {
      return { name: 'transitiveMemberOf', handle: (res, url) => transitiveMemberOf(res, decodeURIComponent(m[1]), url) };
    }
    if (method === 'POST' && path === '/v1.0/directoryObjects/getByIds') {
      return { name: 'getByIds', handle: (res, url, json) => getByIds(res, json) };
    }
    if (method === 'GET' && path === '/v1.0/users/delta') return { name: 'usersDelta', handle: (res, url) => delta(res, 'users', url) };
    if (method === 'GET' && path === '/v1.0/groups/delta') return { name: 'groupsDelta', handle: (res, url) => delta(res, 'groups', url) };
    return null;
  }

  /** Transitive memberships of an object: every group and role reachable upwards. */
  function transitive(id) {
    const seen = new Set();
    const queue = [...(state.parents.get(id) ?? [])];
    while (queue.length) {
      const g = queue.shift();
      if (seen.has(g)) continue;
      seen.add(g);
      for (const p of state.parents.get(g) ?? []) queue.push(p);
    }
    return [...seen];
  }

  function getMemberGroups(res, id, json) {
    if (!state.users.has(id.toLowerCase())) {
      return send(res, 404, graphErrorBody('Request_ResourceNotFound',
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`));
    }
    if (json === null || typeof json.securityEnabledOnly !== 'boolean') {
      return send(res, 400, graphErrorBody('Request_BadRequest', "The parameter 'securityEnabledOnly' is missing."));
    }
    const ids = transitive(id.toLowerCase()).filter((g) => state.groups.has(g) &&
      (!json.securityEnabledOnly || state.groups.get(g).securityEnabled));
    if (ids.length > GET_MEMBER_GROUPS_LIMIT) {
      return send(res, 400, graphErrorBody('Directory_ResultSizeLimitExceeded',
        'Request could not be completed due to the result size limit. The maximum is 11000.'));
    }
    send(res, 200, { '@odata.context': `${graphUrl}/$metadata#Collection(Edm.String)`, value: ids });
  }

  function select(obj, fields) {
    if (!fields) return { ...obj };
    const out = { id: obj.id };
    for (const f of fields) if (f in obj) out[f] = obj[f];
    return out;
  }

  function parseSelect(url, allowed) {
    const raw = url.searchParams.get('$select');
    if (raw === null) return { fields: null };
    const fields = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = fields.find((f) => !allowed.includes(f));
    return bad ? { error: `Could not find a property named '${bad}' on type 'microsoft.graph.directoryObject'.` } : { fields };
  }

  /** Pages over a list built at the first request; the $skiptoken names the cursor. */
  function pageOut(res, items, { pageSize, linkBase, context, final }) {
    const cursor = randomUUID();
    const first = items.slice(0, pageSize);
    const rest = items.slice(pageSize);
    const out = { '@odata.context': context, value: first };
    if (rest.length > 0) {
      state.cursors.set(cursor, { rest, pageSize, linkBase, context, final });
      out['@odata.nextLink'] = `${linkBase}${linkBase.includes('?') ? '&' : '?'}$skiptoken=${cursor}`;
    } else if (final) {
      out['@odata.deltaLink'] = final;
    }
    send(res, 200, out);
  }

  function transitiveMemberOf(res, id, url) {
    if (!state.users.has(id.toLowerCase())) {
      return send(res, 404, graphErrorBody('Request_ResourceNotFound', `Resource '${id}' does not exist.`));
    }
    const skip = url.searchParams.get('$skiptoken');
    if (skip !== null) return continueCursor(res, skip);
    const top = url.searchParams.has('$top') ? Number(url.searchParams.get('$top')) : 100;
    if (!Number.isInteger(top) || top < 1 || top > 999) {
      return send(res, 400, graphErrorBody('Request_UnsupportedQuery', 'Invalid page size specified: the maximum is 999.'));
    }
    const sel = parseSelect(url, ['id', 'displayName', 'securityEnabled', 'mailEnabled', 'description']);
    if (sel.error) return send(res, 400, graphErrorBody('Request_BadRequest', sel.error));
    const items = transitive(id.toLowerCase()).map((g) => {
      if (state.groups.has(g)) return { '@odata.type': '#microsoft.graph.group', ...select(state.groups.get(g), sel.fields) };
      return { '@odata.type': '#microsoft.graph.directoryRole', ...select(state.roles.get(g), sel.fields?.filter((f) => f !== 'securityEnabled')) };
    });
    pageOut(res, items, {
      pageSize: Math.min(top, state.pageSize.memberOf),
      linkBase: `${graphUrl}/users/${id}/transitiveMemberOf${url.search.replace(/[?&]\$skiptoken=[^&]*/, '')}`,
      context: `${graphUrl}/$metadata#directoryObjects`,
      final: null,
    });
  }

  function continueCursor(res, skip) {
    const c = state.cursors.get(skip);
    if (!c) return send(res, 400, graphErrorBody('Request_BadRequest', 'Invalid or expired $skiptoken.'));
    state.cursors.delete(skip);
    pageOut(res, c.rest, c);
  }

  function getByIds(res, json) {
    if (!json || !Array.isArray(json.ids)) return send(res, 400, graphErrorBody('Request_BadRequest', "The parameter 'ids' is missing."));
    if (json.ids.length > 1000) {
      return send(res, 400, graphErrorBody('Request_BadRequest', 'The number of ids in the request exceeds the limit of 1000.'));
    }
    const types = Array.isArray(json.types) ? json.types.map((t) => String(t).toLowerCase()) : null;
    const value = [];
    for (const raw of json.ids) {
      const id = String(raw).toLowerCase();
      if (state.groups.has(id) && (!types || types.includes('group'))) {
        value.push({ '@odata.type': '#microsoft.graph.group', ...state.groups.get(id) });
      } else if (state.users.has(id) && (!types || types.includes('user'))) {
        value.push({ '@odata.type': '#microsoft.graph.user', ...state.users.get(id) });
      }
    }
    send(res, 200, { '@odata.context': `${graphUrl}/$metadata#directoryObjects`, value });
  }

  function deltaToken(kind, seq, fields) {
    return Buffer.from(JSON.stringify({ kind, seq, epoch: state.deltaEpoch, fields })).toString('base64url');
  }

  function delta(res, kind, url) {
    const q = new Map([...url.searchParams].map(([k, v]) => [k.toLowerCase(), v]));
    if (q.has('$top') || q.has('$orderby') || q.has('$expand')) {
      return send(res, 400, graphErrorBody('Request_UnsupportedQuery', 'Unsupported query for delta: $top, $orderby and $expand are not supported.'));
    }
    const objects = kind === 'users' ? state.users : state.groups;
    const allowed = kind === 'users' ? ['id', 'displayName', 'userPrincipalName', 'accountEnabled', 'mail']
      : ['id', 'displayName', 'securityEnabled', 'mailEnabled', 'description'];
    const base = `${graphUrl}/${kind}/delta`;
    const context = `${graphUrl}/$metadata#${kind}`;
    if (q.has('$skiptoken')) return continueCursor(res, q.get('$skiptoken'));
    const dt = q.get('$deltatoken');
    if (dt === 'latest') {
      const sel = parseSelect(url, allowed);
      if (sel.error) return send(res, 400, graphErrorBody('Request_BadRequest', sel.error));
      return send(res, 200, { '@odata.context': context, value: [], '@odata.deltaLink': `${base}?$deltatoken=${deltaToken(kind, state.seq, sel.fields)}` });
    }
    if (dt !== undefined && dt !== '') {
      let tok;
      try {
        tok = JSON.parse(Buffer.from(dt, 'base64url').toString('utf8'));
      } catch {
        tok = null;
      }
      if (!tok || tok.kind !== kind) return send(res, 400, graphErrorBody('Request_BadRequest', 'Invalid $deltatoken.'));
      if (tok.epoch !== state.deltaEpoch) {
        if (state.deltaResetMode === '410') {
          return send(res, 410, graphErrorBody('resyncRequired', 'Resync required. Replace any local items with the server version.'),
            { location: `${base}?$deltatoken=` });
        }
        return send(res, 400, graphErrorBody('syncStateNotFound', 'The sync state generation is not found. The delta token is expired.'));
      }
      // Changes since the token, collapsed per object (the latest state wins).
      const changed = new Map();
      for (const c of state.changes[kind]) {
        if (c.seq <= tok.seq) continue;
        const prev = changed.get(c.id);
        const fields = c.fields === null || prev?.fields === null ? null : [...new Set([...(prev?.fields ?? []), ...c.fields])];
        changed.set(c.id, { fields, removed: c.removed });
      }
      const items = [];
      for (const [id, c] of changed) {
        if (c.removed || !objects.has(id)) {
          items.push({ id, '@removed': { reason: c.removed ?? 'deleted' } });
        } else if (state.minimalChanges && c.fields !== null) {
          items.push(select(objects.get(id), c.fields.filter((f) => !tok.fields || tok.fields.includes(f))));
        } else {
          items.push(select(objects.get(id), tok.fields));
        }
      }
      return pageOut(res, items, {
        pageSize: state.pageSize[kind], linkBase: base, context,
        final: `${base}?$deltatoken=${deltaToken(kind, state.seq, tok.fields)}`,
      });
    }
    const sel = parseSelect(url, allowed);
    if (sel.error) return send(res, 400, graphErrorBody('Request_BadRequest', sel.error));
    const items = [...objects.values()].map((o) => select(o, sel.fields));
    pageOut(res, items, {
      pageSize: state.pageSize[kind], linkBase: base, context,
      final: `${base}?$deltatoken=${deltaToken(kind, state.seq, sel.fields)}`,
    });
  }

  function record(kind, id, fields, removed = null) {
    state.changes[kind].push({ seq: ++state.seq, id, fields, removed });
  }

  function mutate(kind, { add = [], update = [], remove = [], silentRemove = [] }) {
    const objects = kind === 'users' ? state.users : state.groups;
    for (const o of add) {
      objects.set(o.id.toLowerCase(), { ...o, id: o.id.toLowerCase() });
      record(kind, o.id.toLowerCase(), null);
    }
    for (const o of update) {
      const id = o.id.toLowerCase();
      Object.assign(objects.get(id), o, { id });
      record(kind, id, Object.keys(o).filter((k) => k !== 'id'));
    }
    for (const r of remove) {
      const id = (typeof r === 'string' ? r : r.id).toLowerCase();
      objects.delete(id);
      record(kind, id, null, typeof r === 'string' ? 'deleted' : r.reason);
    }
    for (const id of silentRemove) objects.delete(id.toLowerCase()); // gone without a change record
  }

  const controlUrl = await listen(async (req, res) => {
    const url = new URL(req.url, 'http://control');
    if (req.method === 'OPTIONS') return send(res, 204, '');
    const body = req.method === 'POST' ? await readBody(req) : '';
    const json = body ? JSON.parse(body) : {};
    const p = url.pathname;
    if (!p.startsWith('/_control/')) {
      state.log.push({ server: 'stray', method: req.method, path: p, query: url.search, body,
        authorization: req.headers.authorization ?? null });
      return send(res, 404, { error: 'this URL must never be requested' });
    }
    switch (p) {
      case '/_control/reset':
        for (const resolve of held.splice(0)) resolve();
        state = defaultState();
        if (json.pageSize) Object.assign(state.pageSize, json.pageSize);
        return send(res, 200, { ok: true });
      case '/_control/app': {
        const app = state.apps.get(CLIENT_ID);
        for (const k of ['roles', 'secretExpired', 'disabled']) if (k in json) app[k] = json[k];
        return send(res, 200, { ok: true });
      }
      case '/_control/settings':
        for (const k of ['minimalChanges', 'deltaResetMode', 'rejectAllTokens']) if (k in json) state[k] = json[k];
        if (json.pageSize) Object.assign(state.pageSize, json.pageSize);
        return send(res, 200, { ok: true });
      case '/_control/memberships': {
        // { userId, count, start, nonSecurityEvery, nested } : `count` new groups the user is in.
        const { userId, count, start = 1000, nonSecurityEvery = 0, nested = false, roles = 0 } = json;
        const direct = state.parents.get(userId) ?? new Set();
        state.parents.set(userId, direct);
        let previous = null;
        for (let i = 0; i < count; i++) {
          const id = guid(2, start + i);
          const securityEnabled = !(nonSecurityEvery > 0 && (i + 1) % nonSecurityEvery === 0);
          state.groups.set(id, { id, displayName: `Group ${start + i}`, securityEnabled, mailEnabled: !securityEnabled });
          // nested: each group is a member of the next one, the user only of the first (transitive chain).
          if (!nested || i === 0) direct.add(id);
          if (nested && previous) {
            if (!state.parents.has(previous)) state.parents.set(previous, new Set());
            state.parents.get(previous).add(id);
          }
          previous = id;
        }
        for (let i = 0; i < roles; i++) {
          const id = guid(3, 100 + i);
          state.roles.set(id, { id, displayName: `Role ${i}` });
          direct.add(id);
        }
        return send(res, 200, { ok: true, groups: state.groups.size });
      }
      case '/_control/users': {
        // { count, start } : bulk-add users (no change records: they exist before the first sync).
        const { count, start = 100 } = json;
        for (let i = 0; i < count; i++) {
          const id = guid(1, start + i);
          state.users.set(id, { id, userPrincipalName: `bulk${start + i}@contoso.com`, displayName: `Bulk ${start + i}`, accountEnabled: true });
        }
        return send(res, 200, { ok: true, users: state.users.size });
      }
      case '/_control/mutate':
        if (json.users) mutate('users', json.users);
        if (json.groups) mutate('groups', json.groups);
        return send(res, 200, { ok: true });
      case '/_control/expire-delta-tokens':
        state.deltaEpoch++;
        state.cursors.clear();
        return send(res, 200, { ok: true });
      case '/_control/expire-tokens':
        for (const t of state.tokens.values()) t.valid = false;
        return send(res, 200, { ok: true });
      case '/_control/held':
        return send(res, 200, { held: held.length });
      case '/_control/release': {
        const n = held.length;
        for (const resolve of held.splice(0)) resolve();
        return send(res, 200, { released: n });
      }
      case '/_control/faults':
        for (const f of json.faults) state.faults.push({ times: 1, ...f });
        return send(res, 200, { ok: true });
      case '/_control/log':
        return send(res, 200, { log: state.log });
      case '/_control/directory':
        return send(res, 200, {
          users: [...state.users.keys()],
          userRecords: [...state.users.values()],
          groups: [...state.groups.values()].map((g) => ({ id: g.id, securityEnabled: g.securityEnabled, displayName: g.displayName })),
          transitive: json.userId ? transitive(json.userId) : null,
        });
      case '/_control/closed-port': {
        const s = createServer();
        await new Promise((r) => s.listen(0, '127.0.0.1', r));
        const port = s.address().port;
        await new Promise((r) => s.close(r));
        return send(res, 200, { url: `http://127.0.0.1:${port}` });
      }
      default:
        return send(res, 404, { error: `no control endpoint ${p}` });
    }
  });

  return {
    loginUrl,
    graphUrl,
    controlUrl,
    async close() {
      for (const s of servers) {
        s.closeAllConnections?.();
        await new Promise((r) => s.close(r));
      }
    },
  };
}

// `node tests/entra/directory-server.mjs` runs it alone and prints the URLs (for poking with curl).
if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startDirectoryServer();
  console.log(JSON.stringify({ login: s.loginUrl, graph: s.graphUrl, control: s.controlUrl }));
}
