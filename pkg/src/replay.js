// Replay protection (SAML profiles §4.1.4.5; docs/security.md §19): the one primitive every store
// implements, the keys the ServiceProvider consumes, and the default store, MemoryReplayCache.
//
// consume(key, expiresAtMs, nowMs) -> Promise<boolean>
//   Records `key` and resolves true only if it was not recorded before (or its record has expired):
//   insert-if-absent, atomic in the store, so two isolates that consume one key at the same moment
//   get one true and one false. `expiresAtMs` and `nowMs` are on the verification's clock (the real
//   clock, or the caller's `currentDate`); the store keeps the key for `expiresAtMs - nowMs` ms from
//   its OWN now. A verification run at another instant than the store's clock (currentDate) can then
//   neither expire an entry early nor keep it forever.
//   A store that cannot answer rejects (a SamlError ERR_STORE_FAILED from the adapters): never true.
//
// Why not { has, put }: between has() and put() another isolate can pass the same has() — both accept.

import { samlError } from './errors.js';

/** MemoryReplayCache's default capacity (live entries); bench/replay measures the memory it takes. */
export const DEFAULT_MAX_ENTRIES = 50_000;

/** The key of an assertion: its Issuer and ID (an ID is unique per issuer, SAML core §1.3.4). */
export function assertionKey(issuer, assertionId) {
  return `saml-edge:assertion:${issuer}#${assertionId}`;
}

/** The key of a completed login (the AuthnRequest ID this SP made). */
export function requestKey(requestId) {
  return `saml-edge:request:${requestId}`;
}

/**
 * The arguments of consume, checked (a TypeError for a caller's mistake), and the time to keep the
 * key: `expiresAtMs - nowMs`, at least 1 ms, whole milliseconds rounded up.
 */
export function consumeTtl(key, expiresAtMs, nowMs) {
  if (typeof key !== 'string' || key === '') throw new TypeError('consume: key must be a non-empty string');
  if (!Number.isFinite(expiresAtMs)) throw new TypeError('consume: expiresAtMs must be a finite number of milliseconds since the epoch');
  if (!Number.isFinite(nowMs)) throw new TypeError('consume: nowMs must be a finite number of milliseconds since the epoch');
  return Math.max(1, Math.ceil(expiresAtMs - nowMs));
}

/**
 * The default store: in memory, one process (one isolate). It never forgets a live entry: when
 * `maxEntries` live entries are held, consume refuses with ERR_REPLAY_CACHE_FULL (a login is
 * refused, never a replay accepted); expired entries are swept first, earliest expiry first.
 * Enough when one process serves the ACS; with several isolates or processes use a shared store
 * (saml-edge/durable-object, saml-edge/redis, saml-edge/deno-kv).
 */
export class MemoryReplayCache {
  /** key -> the instant (this cache's clock) until which it is live. */
  #until = new Map();
  /** A binary min-heap of { until, key }, one per entry of #until: the sweep pops the expired. */
  #heap = [];
  #maxEntries;
  #now;

  /**
   * @param {{ maxEntries?: number, now?: () => number }} [options]
   */
  constructor({ maxEntries = DEFAULT_MAX_ENTRIES, now = () => Date.now() } = {}) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError('options.maxEntries must be a positive integer');
    }
    if (typeof now !== 'function') throw new TypeError('options.now must be a function returning milliseconds');
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  /** Record `key` for `expiresAtMs - nowMs` ms of this cache's clock; true if it was not live. */
  async consume(key, expiresAtMs, nowMs) {
    const ttl = consumeTtl(key, expiresAtMs, nowMs);
    const now = this.#now();
    this.#sweep(now);
    // No await from here to the insert: the check and the insert are one step of the event loop.
    if (this.#until.has(key)) return false;
    if (this.#until.size >= this.#maxEntries) {
      throw samlError(
        'ERR_REPLAY_CACHE_FULL',
        `the replay cache holds ${this.#maxEntries} unexpired entries and forgets none of them early: this login is refused; raise maxEntries or use a shared store`,
        { maxEntries: String(this.#maxEntries), nextExpiry: new Date(this.#heap[0].until).toISOString() },
      );
    }
    const until = now + ttl;
    this.#until.set(key, until);
    this.#push({ until, key });
    return true;
  }

  /** How many entries are held (expired ones included until the next consume sweeps them). */
  get size() {
    return this.#until.size;
  }

  #sweep(now) {
    const heap = this.#heap;
    while (heap.length > 0 && heap[0].until <= now) {
      this.#until.delete(this.#pop().key);
    }
  }

  #push(item) {
    const heap = this.#heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].until <= item.until) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = item;
  }

  #pop() {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) break;
        const r = l + 1;
        const c = r < heap.length && heap[r].until < heap[l].until ? r : l;
        if (heap[c].until >= last.until) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}

/**
 * Consume through a caller's store, fail-closed: only `true` accepts; `false` is a replay; anything
 * else (a rejection that is not a SamlError, a value that is not a boolean) is ERR_STORE_FAILED.
 */
export async function consumeOrFail(store, key, expiresAtMs, nowMs) {
  let result;
  try {
    result = await store.consume(key, expiresAtMs, nowMs);
  } catch (e) {
    if (e !== null && typeof e === 'object' && typeof e.code === 'string' && e.code.startsWith('ERR_')) throw e;
    throw samlError('ERR_STORE_FAILED', `the replay store failed: ${e?.message ?? e}`, { key, error: String(e?.message ?? e) }, e);
  }
  if (result !== true && result !== false) {
    throw samlError('ERR_STORE_FAILED', 'the replay store\'s consume() resolved to neither true nor false', { key, found: String(result) });
  }
  return result;
}
