// saml-edge/durable-object: the replay store (consume) and a small key-value store in Cloudflare
// Durable Objects, for Workers, where each isolate's memory protects nothing (docs/security.md §19).
//
//   export { SamlEdgeStore } from 'saml-edge/durable-object';           // the Durable Object class
//   const store = new DurableObjectStore(env.SAML_STORE);               // in the Worker
//   ServiceProvider.create({ ..., replayCache: store });
//
// wrangler.toml: [[durable_objects.bindings]] name = "SAML_STORE", class_name = "SamlEdgeStore" and
// a migration with new_sqlite_classes = ["SamlEdgeStore"] (the class keeps its entries in SQLite).
//
// A Durable Object is one instance in the world and runs one event at a time; consume reads and
// writes its SQLite table synchronously, with no await in between, so it is atomic for every isolate
// of every Worker bound to the namespace. Keys are spread over `shards` objects by a hash of the key.
// Each entry's expiry is the object's own clock (Date.now() there) plus expiresAtMs - nowMs, honoured
// on read; an alarm deletes expired rows.

import { DurableObject } from 'cloudflare:workers';
import { consumeTtl } from '../replay.js';
import { checkKey, checkTimeout, checkTtl, checkValue, guarded, storeFailed } from './common.js';

/** Alarms are rounded up to this, so that a burst of logins sets few of them. */
const SWEEP_GRANULARITY_MS = 60_000;

/** The Durable Object class: export it from your Worker and bind a namespace to it. */
export class SamlEdgeStore extends DurableObject {
  #sql;

  constructor(ctx, env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    this.#sql.exec('CREATE TABLE IF NOT EXISTS saml_edge_entries (key TEXT PRIMARY KEY, value TEXT NOT NULL, until INTEGER)');
    this.#sql.exec('CREATE INDEX IF NOT EXISTS saml_edge_entries_until ON saml_edge_entries (until)');
  }

  #live(key, now) {
    const row = this.#sql.exec('SELECT value, until FROM saml_edge_entries WHERE key = ?', key).toArray()[0];
    return row !== undefined && (row.until === null || row.until > now) ? row : null;
  }

  #write(key, value, until) {
    this.#sql.exec('INSERT OR REPLACE INTO saml_edge_entries (key, value, until) VALUES (?, ?, ?)', key, value, until);
  }

  /** Insert-if-absent for `ttlMs` ms of this object's clock: true if `key` was not live. */
  async consume(key, ttlMs) {
    const now = Date.now();
    if (this.#live(key, now) !== null) return false;
    this.#write(key, '1', now + ttlMs);
    await this.#sweepAt(now + ttlMs);
    return true;
  }

  async get(key) {
    return this.#live(key, Date.now())?.value ?? null;
  }

  async put(key, value, ttlMs) {
    const until = ttlMs === null ? null : Date.now() + ttlMs;
    this.#write(key, value, until);
    if (until !== null) await this.#sweepAt(until);
  }

  async delete(key) {
    this.#sql.exec('DELETE FROM saml_edge_entries WHERE key = ?', key);
  }

  /** Have an alarm at (or before) `until`, rounded up, to delete what expired. */
  async #sweepAt(until) {
    const at = Math.ceil(until / SWEEP_GRANULARITY_MS) * SWEEP_GRANULARITY_MS;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  async alarm() {
    const now = Date.now();
    this.#sql.exec('DELETE FROM saml_edge_entries WHERE until IS NOT NULL AND until <= ?', now);
    const next = this.#sql.exec('SELECT MIN(until) AS next FROM saml_edge_entries WHERE until IS NOT NULL').one().next;
    if (next !== null) await this.#sweepAt(next);
  }
}

/** FNV-1a over the key's UTF-16 code units: which shard holds it (not a security property). */
function shardOf(key, shards) {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

/** The client a Worker uses: the ServiceProvider's replayCache, and get/put/delete for its own data. */
export class DurableObjectStore {
  #namespace;
  #shards;
  #name;
  #timeoutMs;

  /**
   * @param namespace the Durable Object namespace binding of SamlEdgeStore (env.SAML_STORE)
   * @param {{ shards?: number, name?: string, timeoutMs?: number }} [options]
   *   shards: objects the keys are spread over (changing it forgets nothing live only if every
   *   isolate uses the same value: keep it fixed). Default: 16.
   *   name: the objects' name prefix (idFromName(`${name}:${shard}`)). Default: 'saml-edge'.
   *   timeoutMs: the longest a call may take. Default: 5000.
   */
  constructor(namespace, options = {}) {
    if (namespace === null || typeof namespace !== 'object' || typeof namespace.idFromName !== 'function' || typeof namespace.get !== 'function') {
      throw new TypeError('DurableObjectStore needs a Durable Object namespace binding (env.SAML_STORE) of the SamlEdgeStore class');
    }
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    for (const k of Object.keys(options)) {
      if (!['shards', 'name', 'timeoutMs'].includes(k)) throw new TypeError(`options.${k} is not a known option`);
    }
    const shards = options.shards ?? 16;
    if (!Number.isSafeInteger(shards) || shards < 1 || shards > 1024) throw new TypeError('options.shards must be a whole number from 1 to 1024');
    const name = options.name ?? 'saml-edge';
    if (typeof name !== 'string' || name === '') throw new TypeError('options.name must be a non-empty string');
    this.#namespace = namespace;
    this.#shards = shards;
    this.#name = name;
    this.#timeoutMs = checkTimeout(options.timeoutMs, 5000);
  }

  #stub(key) {
    return this.#namespace.get(this.#namespace.idFromName(`${this.#name}:${shardOf(key, this.#shards)}`));
  }

  #call(operation, key, run) {
    return guarded('durable-object', operation, this.#timeoutMs, () => run(this.#stub(key)));
  }

  /** Record `key` for `expiresAtMs - nowMs` ms of the object's clock; true if it was not recorded. */
  async consume(key, expiresAtMs, nowMs) {
    const ttl = consumeTtl(key, expiresAtMs, nowMs);
    const fresh = await this.#call('consume', key, (stub) => stub.consume(key, ttl));
    if (fresh !== true && fresh !== false) throw storeFailed('durable-object', 'consume', new Error(`answered ${String(fresh)}`));
    return fresh;
  }

  /** The value of `key`, or null. */
  async get(key) {
    return this.#call('get', checkKey(key), (stub) => stub.get(key));
  }

  /** Store `value` (a string) under `key`, for `ttlMs` ms when given, else until deleted. */
  async put(key, value, options) {
    checkValue(value);
    const ttl = checkTtl(options);
    await this.#call('put', checkKey(key), (stub) => stub.put(key, value, ttl));
  }

  /** Forget `key`. */
  async delete(key) {
    await this.#call('delete', checkKey(key), (stub) => stub.delete(key));
  }
}
