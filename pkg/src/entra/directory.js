// EntraDirectory: one Entra tenant's directory as the SP needs it — an app-only Graph client (client
// credentials), group overage resolution, Test Connection, delta synchronization into a store, and the
// ACS policy `allowUnsynchronizedUsers`. Web APIs only (fetch, URL, TextDecoder, AbortSignal), so the same
// code runs on Node, Deno, workerd and browsers. Options are checked at construction (a TypeError names a
// bad one); every later failure is a GraphError (ERR_GRAPH_*) or, for the policy, an EntraPolicyError.
import { EntraPolicyError, graphError } from './errors.js';
import { Graph, PERMISSIONS } from './graph.js';
import { groupNames, memberGroups } from './groups.js';
import { Http } from './http.js';
import { isGuid, readIdentity } from './identity.js';
import { MemoryDirectoryStore, checkStore } from './store.js';
import { DirectorySync } from './sync.js';
import { TokenSource } from './token.js';

const DEFAULTS = Object.freeze({
  authorityHost: 'https://login.microsoftonline.com',
  graphBaseUrl: 'https://graph.microsoft.com/v1.0',
  allowUnsynchronizedUsers: true,
  securityEnabledOnly: true,
  maxGroups: 50_000,
  requestTimeoutMs: 30_000,
  maxResponseBytes: 4 * 1024 * 1024,
  storePrefix: 'entra:',
  syncLeaseMs: 15 * 60 * 1000,
  maxRetries: 4,
  budgetMs: 60_000,
});
const OPTIONS = new Set(['tenant', 'clientId', 'clientSecret', 'store', 'allowUnsynchronizedUsers',
  'securityEnabledOnly', 'maxGroups', 'authorityHost', 'graphBaseUrl', 'retry', 'requestTimeoutMs',
  'maxResponseBytes', 'storePrefix', 'syncLeaseMs', 'fetch', 'now', 'sleep']);
/** Tenant names the client credentials grant cannot use: they name no single directory. */
const MULTI_TENANT = new Set(['common', 'organizations', 'consumers']);
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const SCOPE = 'https://graph.microsoft.com/.default';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const SYNC_RESOURCES = ['users', 'groups'];

function positiveInt(value, name, fallback) {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`options.${name} must be a positive integer`);
  return value;
}

/** An https URL (http only for loopback, where the tests' directory server runs), without a trailing slash. */
function baseUrl(value, name, fallback) {
  if (value === undefined) return fallback;
  let u;
  try {
    u = new URL(value);
  } catch {
    throw new TypeError(`options.${name} must be an absolute URL`);
  }
  const loopbackHttp = u.protocol === 'http:' && LOOPBACK.has(u.hostname);
  if (u.protocol !== 'https:' && !loopbackHttp) {
    throw new TypeError(`options.${name} must be an https URL (http is accepted for 127.0.0.1 and localhost only)`);
  }
  if (u.search || u.hash || u.username || u.password) {
    throw new TypeError(`options.${name} must have no query, fragment or credentials`);
  }
  return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
}

export class EntraDirectory {
  #tenant;
  #tenantId;
  #clientId;
  #options;
  #tokens;
  #graph;
  #sync;
  #store;

  /**
   * @param {import('../../entra.d.ts').EntraDirectoryOptions} options
   */
  constructor(options) {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    for (const k of Object.keys(options)) {
      if (!OPTIONS.has(k)) throw new TypeError(`unknown option "${k}"`);
    }
    const { tenant, clientId, clientSecret } = options;
    if (typeof tenant !== 'string' || !(isGuid(tenant) || DOMAIN.test(tenant)) || MULTI_TENANT.has(tenant)) {
      throw new TypeError('options.tenant must be the Directory (tenant) ID (a GUID) or a verified domain of the tenant');
    }
    if (!isGuid(clientId)) throw new TypeError('options.clientId must be the Application (client) ID (a GUID)');
    if (typeof clientSecret !== 'string' || clientSecret.length === 0) {
      throw new TypeError('options.clientSecret must be the client secret Value (a non-empty string)');
    }
    const bool = (name) => {
      const v = options[name];
      if (v === undefined) return DEFAULTS[name];
      if (typeof v !== 'boolean') throw new TypeError(`options.${name} must be a boolean`);
      return v;
    };
    const fn = (name, fallback) => {
      const v = options[name];
      if (v === undefined) return fallback;
      if (typeof v !== 'function') throw new TypeError(`options.${name} must be a function`);
      return v;
    };
    const retry = options.retry ?? {};
    if (retry === null || typeof retry !== 'object') throw new TypeError('options.retry must be an object');
    for (const k of Object.keys(retry)) {
      if (k !== 'maxRetries' && k !== 'budgetMs') throw new TypeError(`unknown option "retry.${k}"`);
    }
    let maxRetries = DEFAULTS.maxRetries;
    if (retry.maxRetries !== undefined) {
      if (!Number.isSafeInteger(retry.maxRetries) || retry.maxRetries < 0 || retry.maxRetries > 20) {
        throw new TypeError('options.retry.maxRetries must be an integer from 0 to 20');
      }
      maxRetries = retry.maxRetries;
    }
    const budgetMs = positiveInt(retry.budgetMs, 'retry.budgetMs', DEFAULTS.budgetMs);
    const requestTimeoutMs = positiveInt(options.requestTimeoutMs, 'requestTimeoutMs', DEFAULTS.requestTimeoutMs);
    const syncLeaseMs = positiveInt(options.syncLeaseMs, 'syncLeaseMs', DEFAULTS.syncLeaseMs);
    // One call takes at most the retry budget plus one request timeout; a page is at most two calls (a
    // token, then Graph). A run stops when less than that is left of its lease, which must outlast two pages.
    const pageAllowanceMs = 2 * (budgetMs + requestTimeoutMs);
    if (syncLeaseMs < 2 * pageAllowanceMs) {
      throw new TypeError('options.syncLeaseMs must be at least 4 × (retry.budgetMs + requestTimeoutMs)');
    }
    const storePrefix = options.storePrefix ?? DEFAULTS.storePrefix;
    if (typeof storePrefix !== 'string') throw new TypeError('options.storePrefix must be a string');
    const now = fn('now', () => Date.now());
    const defaultFetch = (input, init) => globalThis.fetch(input, init);
    this.#options = {
      allowUnsynchronizedUsers: bool('allowUnsynchronizedUsers'),
      securityEnabledOnly: bool('securityEnabledOnly'),
      maxGroups: positiveInt(options.maxGroups, 'maxGroups', DEFAULTS.maxGroups),
      authorityHost: baseUrl(options.authorityHost, 'authorityHost', DEFAULTS.authorityHost),
      graphBaseUrl: baseUrl(options.graphBaseUrl, 'graphBaseUrl', DEFAULTS.graphBaseUrl),
    };
    this.#store = options.store === undefined ? new MemoryDirectoryStore({ now }) : checkStore(options.store);
    this.#tenant = tenant.toLowerCase();
    this.#tenantId = isGuid(tenant) ? tenant.toLowerCase() : null;
    this.#clientId = clientId.toLowerCase();
    const http = new Http({
      fetch: fn('fetch', defaultFetch),
      now,
      sleep: fn('sleep', (ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      maxRetries,
      budgetMs,
      requestTimeoutMs,
      maxResponseBytes: positiveInt(options.maxResponseBytes, 'maxResponseBytes', DEFAULTS.maxResponseBytes),
      secret: clientSecret,
    });
    this.#tokens = new TokenSource({
      http, now, authorityHost: this.#options.authorityHost, tenant, clientId, clientSecret, scope: SCOPE,
    });
    this.#graph = new Graph({ http, tokens: this.#tokens, graphBaseUrl: this.#options.graphBaseUrl, secret: clientSecret });
    this.#sync = new DirectorySync({
      graph: this.#graph, store: this.#store, prefix: storePrefix, now, leaseMs: syncLeaseMs, pageAllowanceMs,
    });
  }

  /** The store the synchronization writes to. */
  get store() {
    return this.#store;
  }

  /** Whether logins of users missing from the synchronized directory are accepted. */
  get allowUnsynchronizedUsers() {
    return this.#options.allowUnsynchronizedUsers;
  }

  /** How many access tokens were requested so far (each is cached until shortly before it expires). */
  get tokenRequests() {
    return this.#tokens.requests;
  }

  /** The tenant GUID: the option when it is one, else the `tid` of our access token (asked for once). */
  async #expectedTenantId() {
    if (this.#tenantId) return this.#tenantId;
    const token = await this.#tokens.get();
    const tid = token.claims?.tid;
    if (!isGuid(tid)) {
      throw graphError('ERR_GRAPH_RESPONSE_INVALID',
        'the access token names no tenant (tid); give options.tenant as the Directory (tenant) ID instead of a domain', {
          tenant: this.#tenant,
        });
    }
    this.#tenantId = tid.toLowerCase();
    return this.#tenantId;
  }

  /**
   * The user's groups. Without an overage link (and without `force`) they are the token's own `groups`
   * claim and Graph is not called; with it, Graph's transitive membership. `names: true` adds display names.
   */
  async resolveGroups(identity, { names = false, force = false } = {}) {
    if (typeof names !== 'boolean' || typeof force !== 'boolean') {
      throw new TypeError('resolveGroups options: names and force must be booleans');
    }
    const who = readIdentity(identity, await this.#expectedTenantId());
    let source = 'assertion';
    let ids = who.tokenGroups;
    let known = null;
    if (who.overageLink !== null || force) {
      const r = await memberGroups(this.#graph, who.objectId, {
        securityEnabledOnly: this.#options.securityEnabledOnly,
        maxGroups: this.#options.maxGroups,
      });
      source = r.source;
      ids = r.ids;
      known = r.names;
    }
    let groups = null;
    if (names || known) {
      const map = known ?? await groupNames(this.#graph, ids);
      groups = ids.map((id) => ({ id, displayName: map.get(id.toLowerCase()) ?? null }));
    }
    return { objectId: who.objectId, tenantId: who.tenantId, source, groupIds: ids, groups };
  }

  /**
   * The ACS policy. Resolves `{ synchronized, user }` (the synchronized record, or null); when the user is
   * not in the synchronized directory and `allowUnsynchronizedUsers` is false, throws an EntraPolicyError
   * ERR_ENTRA_USER_NOT_SYNCHRONIZED.
   */
  async checkLogin(identity) {
    const who = readIdentity(identity, await this.#expectedTenantId());
    const user = await this.lookupUser(who.objectId);
    if (user === null && !this.#options.allowUnsynchronizedUsers) {
      const state = await this.#sync.state('users');
      throw new EntraPolicyError(
        'this user is not in the synchronized directory, and allowUnsynchronizedUsers is off', {
          code: 'ERR_ENTRA_USER_NOT_SYNCHRONIZED',
          detail: {
            objectId: who.objectId,
            tenantId: who.tenantId,
            lastSyncCompletedAtMs: state.completedAtMs,
            fix: state.completedAtMs === null
              ? 'No user synchronization has completed yet: run sync() (by hand or on a schedule).'
              : 'Run sync() again if the user was added in Entra since the last run; otherwise the user is not ' +
                'part of the directory this SP synchronizes.',
          },
        });
    }
    return { synchronized: user !== null, user };
  }

  /** A synchronized user by object ID, or null. */
  async lookupUser(objectId) {
    if (!isGuid(objectId)) throw new TypeError('objectId must be a GUID');
    const r = await this.#sync.lookup('users', objectId);
    return r && publicRecord(r, ['userPrincipalName', 'displayName', 'accountEnabled']);
  }

  /** A synchronized group by object ID, or null. */
  async lookupGroup(groupId) {
    if (!isGuid(groupId)) throw new TypeError('groupId must be a GUID');
    const r = await this.#sync.lookup('groups', groupId);
    return r && publicRecord(r, ['displayName', 'securityEnabled']);
  }

  /**
   * Synchronizes users and groups (delta queries) into the store. Run it by hand or from a scheduler
   * (a Workers Cron Trigger). At most `maxPages` pages per run; an unfinished run resumes next time.
   */
  async sync({ resources = SYNC_RESOURCES, maxPages = 1000 } = {}) {
    if (!Array.isArray(resources) || resources.length === 0 || !resources.every((r) => SYNC_RESOURCES.includes(r)) ||
        new Set(resources).size !== resources.length) {
      throw new TypeError('sync options: resources must be a non-empty list of "users" and "groups"');
    }
    if (!Number.isSafeInteger(maxPages) || maxPages < 1) throw new TypeError('sync options: maxPages must be a positive integer');
    return this.#sync.run({ resources, maxPages });
  }

  /** What the store says about past synchronizations. */
  async syncStatus() {
    const out = {};
    for (const kind of SYNC_RESOURCES) {
      const s = await this.#sync.state(kind);
      out[kind] = { generation: s.generation, completedAtMs: s.completedAtMs, inProgress: s.round !== null };
    }
    return out;
  }

  /**
   * Test Connection: a fresh token, then the smallest reads the synchronization makes — the users and groups
   * delta functions with $deltatoken=latest, which return a delta link and no objects — and, with
   * `groupNames: true`, one getByIds. Never throws for what it tests: resolves a report whose `checks` say
   * what works and, for the first failure, the code, the message and the fix.
   */
  async testConnection({ groupNames: names = false } = {}) {
    if (typeof names !== 'boolean') throw new TypeError('testConnection options: groupNames must be a boolean');
    const checks = [];
    const report = { ok: false, tenantId: null, grantedPermissions: null, checks, error: null };
    const fail = (check, e) => {
      if (!(e instanceof Error) || typeof e.code !== 'string' || !e.code.startsWith('ERR_GRAPH_')) throw e;
      Object.assign(check, { ok: false, code: e.code, message: e.message, fix: e.detail?.fix ?? null });
      report.error = e;
      return report;
    };
    const tokenCheck = { name: 'token', request: 'POST /{tenant}/oauth2/v2.0/token', permission: null, ok: false };
    checks.push(tokenCheck);
    let token;
    try {
      token = await this.#tokens.get({ fresh: true });
    } catch (e) {
      return fail(tokenCheck, e);
    }
    tokenCheck.ok = true;
    const claims = token.claims;
    report.tenantId = isGuid(claims?.tid) ? claims.tid.toLowerCase() : this.#tenantId;
    report.grantedPermissions = claims ? (Array.isArray(claims.roles) ? claims.roles.filter((r) => typeof r === 'string') : []) : null;
    const reads = [
      { name: 'users', request: 'GET /users/delta', permission: PERMISSIONS.usersDelta[0][0],
        run: () => this.#graph.call('GET', this.#graph.url('/users/delta?$select=id&$deltatoken=latest'),
          { what: 'GET /users/delta', permissions: PERMISSIONS.usersDelta }) },
      { name: 'groups', request: 'GET /groups/delta', permission: PERMISSIONS.groupsDelta[0][0],
        run: () => this.#graph.call('GET', this.#graph.url('/groups/delta?$select=id&$deltatoken=latest'),
          { what: 'GET /groups/delta', permissions: PERMISSIONS.groupsDelta }) },
    ];
    if (names) {
      reads.push({ name: 'groupNames', request: 'POST /directoryObjects/getByIds', permission: PERMISSIONS.getByIds[0][0],
        run: () => this.#graph.call('POST', this.#graph.url('/directoryObjects/getByIds'), {
          body: { ids: ['00000000-0000-0000-0000-000000000000'], types: ['group'] },
          what: 'POST /directoryObjects/getByIds', permissions: PERMISSIONS.getByIds,
        }) });
    }
    for (const { run, ...check } of reads) {
      checks.push(check);
      check.ok = false;
      try {
        const j = await run();
        if (!Array.isArray(j.value)) {
          throw graphError('ERR_GRAPH_RESPONSE_INVALID', `${check.request}: the answer has no "value" array`, {
            request: check.request,
          });
        }
      } catch (e) {
        return fail(check, e);
      }
      check.ok = true;
    }
    report.ok = true;
    return report;
  }

  /** Never shows the secret (nor anything else private) when logged or serialized. */
  toJSON() {
    return { tenant: this.#tenant, clientId: this.#clientId, ...this.#options };
  }
}

function publicRecord(r, fields) {
  const out = { id: r.id };
  for (const f of fields) out[f] = r[f] ?? null;
  out.syncedAtMs = r.syncedAtMs ?? null;
  return out;
}
