/**
 * saml-edge/entra — Microsoft Entra ID directory features for a saml-edge Service Provider: group overage
 * resolution through Microsoft Graph, Test Connection, delta synchronization of users and groups into a
 * store, and the `allowUnsynchronizedUsers` ACS policy. Plain JavaScript on Web APIs (fetch, URL,
 * TextDecoder, AbortSignal): Node 20+, Deno, Cloudflare Workers (workerd) and browsers. It was tested against
 * a local server that implements the documented shapes of the token endpoint and of the Graph calls below
 * (tests/entra), not against Microsoft's services.
 *
 * ```js
 * import { EntraDirectory } from 'saml-edge/entra';
 *
 * const directory = new EntraDirectory({
 *   tenant: env.ENTRA_TENANT_ID,          // Directory (tenant) ID, or a verified domain
 *   clientId: env.ENTRA_CLIENT_ID,        // Application (client) ID
 *   clientSecret: env.ENTRA_CLIENT_SECRET,// Certificates & secrets → Client secrets → Value
 *   store,                                // DirectoryStore (default: in memory)
 *   allowUnsynchronizedUsers: false,
 * });
 * const { identity } = await sp.finishLogin(request);
 * await directory.checkLogin(identity);                   // EntraPolicyError if not synchronized
 * const { groupIds } = await directory.resolveGroups(identity); // follows the overage via Graph
 * ```
 *
 * Microsoft Graph calls made, with the application permission each needs (the first is the one we
 * document; the others also work):
 * - `POST {authorityHost}/{tenant}/oauth2/v2.0/token` (client credentials; no permission);
 * - `POST /users/{id}/getMemberGroups` — User.Read.All and Group.Read.All (or GroupMember.Read.All, or Directory.Read.All);
 * - `GET /users/{id}/transitiveMemberOf` — User.Read.All (or GroupMember.Read.All, Group.Read.All, Directory.Read.All);
 * - `POST /directoryObjects/getByIds` — Directory.Read.All (only with `names: true` / `groupNames: true`);
 * - `GET /users/delta` — User.Read.All (or Directory.Read.All);
 * - `GET /groups/delta` — Group.Read.All (or GroupMember.Read.All, Directory.Read.All).
 *
 * @module
 */
import { SamlError } from './index.js';
import type { KeyValueStore } from './index.js';

export { SamlError };

/**
 * Where the directory synchronization keeps its records: a {@link KeyValueStore}, the interface of the store
 * adapters, so `RedisStore` (`saml-edge/redis`), `DurableObjectStore` (`saml-edge/durable-object`) and
 * `DenoKvStore` (`saml-edge/deno-kv`) are DirectoryStores as they are, and one store can hold the replay
 * records, sessions and the directory side by side (the keys do not overlap).
 *
 * The synchronization uses `get`, `put` (without `ttlMs`: records stay until removed), `delete`, and
 * `consume(key, expiresAtMs, nowMs)` as its lease: one run at a time per store, for `syncLeaseMs` of the
 * store's own clock; `delete` releases it. `consume` must be atomic across every process sharing the store;
 * an eventually consistent store (Workers KV) cannot implement it. Values are strings (JSON). Keys:
 * `${storePrefix}user:<id>`, `${storePrefix}group:<id>`, `${storePrefix}sync:users`, `${storePrefix}sync:groups`,
 * `${storePrefix}sync:lease`. Keys are never listed.
 */
export type DirectoryStore = KeyValueStore;

/** The in-memory DirectoryStore (a KeyValueStore): one process (one isolate), gone when it ends. */
export class MemoryDirectoryStore implements KeyValueStore {
  /** `now`: this store's clock, for expiries (`consume`, `put` with `ttlMs`). Default: `Date.now`. */
  constructor(options?: { now?: () => number });
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  delete(key: string): Promise<void>;
  consume(key: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
  /** How many keys are held. */
  readonly size: number;
}

/**
 * The global `fetch`'s type where the environment declares one (the DOM lib, `@types/node`, Workers types);
 * otherwise the parts of it the client uses (`init.signal` is an `AbortSignal`, the body a byte stream).
 */
export type FetchFunction = typeof globalThis extends { fetch: infer F }
  ? F
  : (input: string, init: { method: string; headers: Record<string, string>; body?: string; redirect: 'manual'; signal?: unknown }) => Promise<{
      status: number;
      headers: { get(name: string): string | null };
      body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> }; cancel(): Promise<void> } | null;
    }>;

export interface EntraDirectoryOptions {
  /**
   * The tenant: its Directory (tenant) ID (a GUID), or a verified domain of it (`contoso.onmicrosoft.com`).
   * With a domain, the tenant GUID that logins must carry is taken from the access token's `tid`.
   * `common`, `organizations` and `consumers` are refused. Required.
   */
  tenant: string;
  /** The Application (client) ID of the app registration (a GUID). Required. */
  clientId: string;
  /** The client secret's Value (Certificates & secrets). Never logged, never put into an error. Required. */
  clientSecret: string;
  /**
   * Where `sync()` writes and `checkLogin()` reads: shared by every instance that serves the ACS or runs the
   * sync (`DurableObjectStore`, `RedisStore`, `DenoKvStore`). Default: a new MemoryDirectoryStore (one process).
   */
  store?: DirectoryStore;
  /**
   * The ACS policy: whether `checkLogin` admits a user whose object ID is not in the synchronized
   * directory. Default: `true` (as the product's switch).
   */
  allowUnsynchronizedUsers?: boolean;
  /** Only security groups (getMemberGroups `securityEnabledOnly`; the same filter on the fallback). Default: `true`. */
  securityEnabledOnly?: boolean;
  /** More groups than this for one user is ERR_GRAPH_TOO_MANY_GROUPS (no partial list). Default: `50000`. */
  maxGroups?: number;
  /** The Microsoft identity platform host. https (http only for 127.0.0.1/localhost). Default: `'https://login.microsoftonline.com'`. */
  authorityHost?: string;
  /** Microsoft Graph's base URL; every paging link must stay under it. Default: `'https://graph.microsoft.com/v1.0'`. */
  graphBaseUrl?: string;
  /**
   * Retries of 429/502/503/504 and network failures, waiting `Retry-After` (seconds or an HTTP-date) or else
   * 1 s, 2 s, 4 s, … (at most 32 s). `maxRetries`: at most this many repeats (0–20); Default: `4`.
   * `budgetMs`: no wait may end later than this after the first attempt; Default: `60000`.
   */
  retry?: { maxRetries?: number; budgetMs?: number };
  /** Per request. Default: `30000`. */
  requestTimeoutMs?: number;
  /** A larger response body is ERR_GRAPH_RESPONSE_INVALID. Default: `4194304` (4 MiB). */
  maxResponseBytes?: number;
  /** Prefix of every store key. Default: `'entra:'`. */
  storePrefix?: string;
  /**
   * How long a sync run holds the store's lease; a run stops (and resumes next time) when less than
   * 2 × (`retry.budgetMs` + `requestTimeoutMs`) of it is left. At least 4 × (`retry.budgetMs` + `requestTimeoutMs`).
   * Default: `900000` (15 minutes).
   */
  syncLeaseMs?: number;
  /** The fetch to use. Default: the global `fetch`. */
  fetch?: FetchFunction;
  /**
   * The clock (ms since the epoch): token expiry, Retry-After dates, when a sync run stops. The lease itself
   * lives `syncLeaseMs` on the store's clock. Default: `Date.now`.
   */
  now?: () => number;
  /** How to wait between retries. Default: `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
}

/** The fields of a verified identity (`finishLogin`/`verifyResponse`) that the directory reads. */
export interface EntraIdentity {
  /** `objectidentifier` and `tenantid` (one GUID each) are required; `groups` and `groups.link` are read. */
  claims: Record<string, string[]>;
  groupsOverageLink?: string | null;
}

export interface ResolvedGroups {
  objectId: string;
  tenantId: string;
  /**
   * `'assertion'`: the token's own `groups` claim (no overage, no `force`: Graph was not called);
   * `'getMemberGroups'`; `'transitiveMemberOf'` (more than 11,000 groups).
   */
  source: 'assertion' | 'getMemberGroups' | 'transitiveMemberOf';
  /** Group object IDs (lower case when they come from Graph). */
  groupIds: string[];
  /** With display names: when `names: true` was asked for, or the source was transitiveMemberOf. Else null. */
  groups: Array<{ id: string; displayName: string | null }> | null;
}

export interface SynchronizedUser {
  id: string;
  userPrincipalName: string | null;
  displayName: string | null;
  accountEnabled: boolean | null;
  /** When this record was last written (ms since the epoch, by the `now` option). */
  syncedAtMs: number | null;
}

export interface SynchronizedGroup {
  id: string;
  displayName: string | null;
  securityEnabled: boolean | null;
  syncedAtMs: number | null;
}

export interface SyncStats {
  /** The round ended with an @odata.deltaLink (saved for the next run). */
  complete: boolean;
  /** A full round (first run, or Graph asked to start over), not a round of changes. */
  full: boolean;
  /** Graph answered 410 Gone / syncStateNotFound / resyncRequired and a full round was started. */
  resynced: boolean;
  pages: number;
  upserted: number;
  removed: number;
}

export interface SyncResult {
  /** Every resource completed; otherwise the next run resumes from the saved @odata.nextLink. */
  complete: boolean;
  users?: SyncStats;
  groups?: SyncStats;
}

export interface ConnectionCheck {
  name: 'token' | 'users' | 'groups' | 'groupNames';
  /** The request, e.g. `GET /users/delta`. */
  request: string;
  /** The application permission it needs (null for the token). */
  permission: string | null;
  ok: boolean;
  /** When it failed. */
  code?: string;
  message?: string;
  /** What to change, in the Entra admin center's words. */
  fix?: string | null;
}

export interface ConnectionReport {
  ok: boolean;
  /** The tenant GUID the token was issued for (null when no token was obtained). */
  tenantId: string | null;
  /** The application permissions in the token's `roles` (null when no token, or it is not a JWT). */
  grantedPermissions: string[] | null;
  /** In order; the first failing check is the last. */
  checks: ConnectionCheck[];
  /** The first failure, or null. */
  error: GraphError | null;
}

export class EntraDirectory {
  /** Checks the options: a TypeError names a bad one. Makes no request. */
  constructor(options: EntraDirectoryOptions);
  readonly store: DirectoryStore;
  readonly allowUnsynchronizedUsers: boolean;
  /** How many access tokens were requested (each is cached until 5 minutes before it expires). */
  readonly tokenRequests: number;
  /**
   * The user's groups. Without an overage link (and without `force`) the token's `groups` claim, no request.
   * With the link, Graph for the identity's object ID: getMemberGroups, then (above 11,000 groups) the paged
   * transitiveMemberOf. The link is never requested: its path must name the identity's tenant and user
   * (ERR_GRAPH_OVERAGE_LINK_MISMATCH). `names: true` adds display names (getByIds, 1,000 IDs a request).
   */
  resolveGroups(identity: EntraIdentity, options?: { names?: boolean; force?: boolean }): Promise<ResolvedGroups>;
  /**
   * The ACS policy, after finishLogin: `{ synchronized, user }`; when the user is not in the synchronized
   * directory and `allowUnsynchronizedUsers` is false, an EntraPolicyError ERR_ENTRA_USER_NOT_SYNCHRONIZED.
   */
  checkLogin(identity: EntraIdentity): Promise<{ synchronized: boolean; user: SynchronizedUser | null }>;
  lookupUser(objectId: string): Promise<SynchronizedUser | null>;
  lookupGroup(groupId: string): Promise<SynchronizedGroup | null>;
  /**
   * Users and groups delta queries into the store, under a lease (ERR_GRAPH_SYNC_IN_PROGRESS while another
   * run holds it). At most `maxPages` pages (default `1000`) per run; an unfinished round resumes next run.
   * Run it by hand or from a schedule (a Workers Cron Trigger's `scheduled` handler).
   */
  sync(options?: { resources?: Array<'users' | 'groups'>; maxPages?: number }): Promise<SyncResult>;
  syncStatus(): Promise<Record<'users' | 'groups', { generation: number; completedAtMs: number | null; inProgress: boolean }>>;
  /**
   * Test Connection: a new token, then `GET /users/delta` and `GET /groups/delta` with `$deltatoken=latest`
   * (no objects returned), and with `groupNames: true` one `POST /directoryObjects/getByIds`. Resolves a report
   * (it does not throw for what it tests): tenant not found, bad client ID or secret, expired secret, missing
   * permission or admin consent, each with its code and fix.
   */
  testConnection(options?: { groupNames?: boolean }): Promise<ConnectionReport>;
  /** Tenant, client ID and settings — never the secret. */
  toJSON(): Record<string, unknown>;
}

/**
 * A call to the token endpoint or Graph failed, or its answer cannot be used. `detail` has `request` (e.g.
 * `POST /users/{id}/getMemberGroups`), `status`, `graphCode`, `requestId` or, from the token endpoint,
 * `aadsts` (numbers), `traceId`, `correlationId`; configuration errors have `fix`.
 */
export class GraphError extends SamlError {}

/** The `allowUnsynchronizedUsers` policy refused the login: ERR_ENTRA_USER_NOT_SYNCHRONIZED. */
export class EntraPolicyError extends SamlError {}

/**
 * Every code: ERR_GRAPH_TENANT_NOT_FOUND (AADSTS90002/900023), ERR_GRAPH_CLIENT_NOT_FOUND (AADSTS700016),
 * ERR_GRAPH_CLIENT_SECRET_INVALID (AADSTS7000215), ERR_GRAPH_CLIENT_SECRET_EXPIRED (AADSTS7000222),
 * ERR_GRAPH_CLIENT_DISABLED (AADSTS7000112), ERR_GRAPH_TOKEN_FAILED (any other token error),
 * ERR_GRAPH_CONSENT_MISSING (403, and the token carries no application permission),
 * ERR_GRAPH_PERMISSION_MISSING (403, and the token lacks the one the call needs), ERR_GRAPH_FORBIDDEN (403
 * otherwise), ERR_GRAPH_UNAUTHORIZED (401 with a new token too), ERR_GRAPH_THROTTLED (429 beyond the
 * retries or budget), ERR_GRAPH_UNAVAILABLE (502/503/504 likewise), ERR_GRAPH_NETWORK (no answer likewise),
 * ERR_GRAPH_RESPONSE_INVALID (too large, not JSON, wrong shape, a link outside graphBaseUrl),
 * ERR_GRAPH_REQUEST_FAILED (any other HTTP error), ERR_GRAPH_USER_NOT_FOUND, ERR_GRAPH_TOO_MANY_GROUPS,
 * ERR_GRAPH_IDENTITY_INVALID (objectidentifier/tenantid missing or not a GUID), ERR_GRAPH_TENANT_MISMATCH,
 * ERR_GRAPH_OVERAGE_LINK_MISMATCH, ERR_GRAPH_SYNC_IN_PROGRESS, ERR_GRAPH_STORE, ERR_ENTRA_USER_NOT_SYNCHRONIZED.
 */
export const ENTRA_ERROR_CODES: readonly string[];

/** The application permissions each call accepts: a call needs one permission of every set. */
export const PERMISSIONS: Readonly<Record<'usersDelta' | 'groupsDelta' | 'getMemberGroups' | 'transitiveMemberOf' | 'getByIds',
  ReadonlyArray<ReadonlyArray<string>>>>;
