// saml-edge/deno-kv: the replay store (consume) and a small key-value store on Deno KV
// (Deno.openKv(): a local SQLite file, or Deno Deploy's KV), for Deno servers.
//
//   consume: read the entry, then atomic().check(that entry's versionstamp).set(...).commit()
//
// The commit succeeds only if nobody wrote the key since it was read (a versionstamp of null: it did
// not exist), so of two processes that consume one key at once exactly one commits; the other reads
// again and finds it. The expiry is stored in the entry as an instant of this process's clock
// (Date.now() + expiresAtMs - nowMs) and honoured on read, because KV's expireIn is only a hint for
// deleting later. Several processes on one local file meet "database is locked" under contention:
// that is retried a bounded number of times, then ERR_STORE_FAILED.

import { consumeTtl } from '../replay.js';
import { checkKey, checkTtl, checkValue, storeFailed } from './common.js';

const encoder = new TextEncoder();
/** Deno KV keys are at most 2048 bytes: a longer string key is replaced by its SHA-256. */
const MAX_KEY_PART_BYTES = 1024;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class DenoKvStore {
  #kv;
  #prefix;
  #retries;

  /**
   * @param kv a Deno.Kv (await Deno.openKv(path))
   * @param {{ prefix?: string, retries?: number }} [options]
   *   prefix: the first part of every key. Default: 'saml-edge'.
   *   retries: attempts after a "database is locked" or a lost commit race. Default: 50.
   */
  constructor(kv, options = {}) {
    if (kv === null || typeof kv !== 'object' || typeof kv.get !== 'function' || typeof kv.atomic !== 'function') {
      throw new TypeError('DenoKvStore needs a Deno.Kv (await Deno.openKv(path))');
    }
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    for (const k of Object.keys(options)) {
      if (!['prefix', 'retries'].includes(k)) throw new TypeError(`options.${k} is not a known option`);
    }
    const prefix = options.prefix ?? 'saml-edge';
    if (typeof prefix !== 'string' || prefix === '') throw new TypeError('options.prefix must be a non-empty string');
    const retries = options.retries ?? 50;
    if (!Number.isSafeInteger(retries) || retries < 0 || retries > 1000) throw new TypeError('options.retries must be a whole number from 0 to 1000');
    this.#kv = kv;
    this.#prefix = prefix;
    this.#retries = retries;
  }

  async #key(key) {
    if (encoder.encode(key).length <= MAX_KEY_PART_BYTES) return [this.#prefix, key];
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(key)));
    return [this.#prefix, `sha256:${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`];
  }

  /** Runs `attempt` until it returns something other than undefined; retries lock errors and lost races. */
  async #retry(operation, attempt) {
    for (let i = 0; ; i++) {
      let result;
      try {
        result = await attempt();
      } catch (e) {
        if (!/database is locked|busy/i.test(String(e?.message ?? e)) || i >= this.#retries) throw storeFailed('deno-kv', operation, e);
      }
      if (result !== undefined) return result;
      if (i >= this.#retries) throw storeFailed('deno-kv', operation, new Error(`still contended after ${this.#retries} retries`));
      await sleep(Math.min(50, 1 + i * 2) * (0.5 + Math.random()));
    }
  }

  /** Record `key` for `expiresAtMs - nowMs` ms of this process's clock; true if it was not recorded. */
  async consume(key, expiresAtMs, nowMs) {
    const ttl = consumeTtl(key, expiresAtMs, nowMs);
    const k = await this.#key(key);
    return this.#retry('consume', async () => {
      const entry = await this.#kv.get(k);
      const now = Date.now();
      if (isLive(entry.value, now)) return false;
      const committed = await this.#kv.atomic().check(entry).set(k, { value: '1', until: now + ttl }, { expireIn: ttl }).commit();
      return committed.ok ? true : undefined; // lost the race: read again
    });
  }

  /** The value of `key`, or null. */
  async get(key) {
    const k = await this.#key(checkKey(key));
    return this.#retry('get', async () => {
      const entry = await this.#kv.get(k);
      return isLive(entry.value, Date.now()) ? entry.value.value : null;
    });
  }

  /** Store `value` (a string) under `key`, for `ttlMs` ms when given, else until deleted. */
  async put(key, value, options) {
    checkValue(value);
    const ttl = checkTtl(options);
    const k = await this.#key(checkKey(key));
    await this.#retry('put', async () => {
      const until = ttl === null ? null : Date.now() + ttl;
      await this.#kv.set(k, { value, until }, ttl === null ? undefined : { expireIn: ttl });
      return true;
    });
  }

  /** Forget `key`. */
  async delete(key) {
    const k = await this.#key(checkKey(key));
    await this.#retry('delete', async () => {
      await this.#kv.delete(k);
      return true;
    });
  }
}

function isLive(stored, now) {
  return stored !== null && typeof stored === 'object' && typeof stored.value === 'string' && (stored.until === null || stored.until > now);
}
