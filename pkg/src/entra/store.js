// Where the directory sync keeps users, groups and its delta links: a KeyValueStore (index.d.ts), the
// interface of the store adapters saml-edge/durable-object, saml-edge/redis and saml-edge/deno-kv, so
// any of them is a DirectoryStore as it is:
//
//   get(key)                          -> the string stored under key, or null
//   put(key, value, { ttlMs }?)       -> store a string (the sync never gives a ttlMs: records stay)
//   delete(key)                       -> remove key (absent is fine)
//   consume(key, expiresAtMs, nowMs)  -> atomically: if key is absent or expired, record it for
//                                        expiresAtMs - nowMs ms of the STORE's clock and resolve true;
//                                        otherwise resolve false (insert-if-absent)
//
// `consume` is the sync lease (two syncs never run at once on one store); `delete` releases it. Values
// are JSON strings; keys are `${prefix}user:<id>`, `${prefix}group:<id>`, `${prefix}sync:users`,
// `${prefix}sync:groups` and `${prefix}sync:lease`. Nothing lists keys, so a store need not support listing.
import { consumeTtl } from '../replay.js';
import { checkKey, checkTtl, checkValue } from '../stores/common.js';

/** An in-memory DirectoryStore (a KeyValueStore): one process (one isolate); gone when it ends. */
export class MemoryDirectoryStore {
  #entries = new Map();
  #now;

  /** @param {{ now?: () => number }} [options] now: this store's clock (expiries). Default: Date.now. */
  constructor({ now = () => Date.now() } = {}) {
    if (typeof now !== 'function') throw new TypeError('options.now must be a function returning milliseconds');
    this.#now = now;
  }

  async get(key) {
    const e = this.#live(checkKey(key));
    return e ? e.value : null;
  }

  async put(key, value, options) {
    checkValue(value);
    const ttl = checkTtl(options);
    this.#entries.set(checkKey(key), { value, expiresAtMs: ttl === null ? Infinity : this.#now() + ttl });
  }

  async delete(key) {
    this.#entries.delete(checkKey(key));
  }

  /** Record `key` for `expiresAtMs - nowMs` ms of this store's clock; true if it was not live. */
  async consume(key, expiresAtMs, nowMs) {
    const ttl = consumeTtl(key, expiresAtMs, nowMs);
    if (this.#live(key)) return false;
    this.#entries.set(key, { value: '1', expiresAtMs: this.#now() + ttl });
    return true;
  }

  /** How many keys are held (expired ones included until touched). */
  get size() {
    return this.#entries.size;
  }

  #live(key) {
    const e = this.#entries.get(key);
    if (!e) return null;
    if (e.expiresAtMs <= this.#now()) {
      this.#entries.delete(key);
      return null;
    }
    return e;
  }
}

/** Throws a TypeError unless `store` has the four methods of a KeyValueStore. */
export function checkStore(store) {
  if (store === null || typeof store !== 'object') throw new TypeError('options.store must be a DirectoryStore object');
  for (const m of ['get', 'put', 'delete', 'consume']) {
    if (typeof store[m] !== 'function') {
      throw new TypeError(`options.store must have a ${m}() method (DirectoryStore: get, put, delete, consume)`);
    }
  }
  return store;
}
