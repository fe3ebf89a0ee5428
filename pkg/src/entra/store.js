// Where the directory sync keeps users, groups and its delta links: any key-value store with four
// operations (the DirectoryStore contract in entra.d.ts):
//
//   get(key)                     -> the string stored under key, or null/undefined
//   put(key, value)              -> store a string, with no expiry
//   delete(key)                  -> remove key (absent is fine)
//   consume(key, expiresAtMs)    -> atomically: if key is absent or expired, record it until expiresAtMs and
//                                   resolve true; otherwise resolve false (insert-if-absent)
//
// `consume` is the sync lease (two syncs never run at once on one store); `delete` releases it. The
// replay-cache adapters (Durable Object, Redis SET NX PXAT, Deno KV atomic check) offer this primitive.
// Values are JSON strings; keys are `${prefix}user:<id>`, `${prefix}group:<id>`, `${prefix}sync:users`,
// `${prefix}sync:groups` and `${prefix}sync:lease`. Nothing lists keys, so a store need not support listing.

/** An in-memory DirectoryStore: one process (one isolate); gone when it ends. */
export class MemoryDirectoryStore {
  #entries = new Map();
  #now;

  /** @param {{ now?: () => number }} [options] */
  constructor({ now = () => Date.now() } = {}) {
    if (typeof now !== 'function') throw new TypeError('options.now must be a function returning milliseconds');
    this.#now = now;
  }

  async get(key) {
    const e = this.#live(key);
    return e ? e.value : null;
  }

  async put(key, value) {
    if (typeof value !== 'string') throw new TypeError('MemoryDirectoryStore.put: value must be a string');
    this.#entries.set(key, { value, expiresAtMs: Infinity });
  }

  async delete(key) {
    this.#entries.delete(key);
  }

  async consume(key, expiresAtMs) {
    if (this.#live(key)) return false;
    this.#entries.set(key, { value: '1', expiresAtMs });
    return true;
  }

  /** How many keys are held (expired leases included until touched). */
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

/** Throws a TypeError unless `store` has the four methods. */
export function checkStore(store) {
  if (store === null || typeof store !== 'object') throw new TypeError('options.store must be a DirectoryStore object');
  for (const m of ['get', 'put', 'delete', 'consume']) {
    if (typeof store[m] !== 'function') {
      throw new TypeError(`options.store must have a ${m}() method (DirectoryStore: get, put, delete, consume)`);
    }
  }
  return store;
}
