/**
 * saml-edge/deno-kv: the replay store and a small key-value store on Deno KV, for Deno servers.
 * `consume` reads the entry and commits `atomic().check(entry)`, so one of several processes wins;
 * the expiry is stored in the entry (this process's clock) and honoured on read (KV's `expireIn` is
 * only a hint). "database is locked" (several processes on one local file) is retried.
 *
 * ```js
 * import { ServiceProvider } from 'saml-edge';
 * import { DenoKvStore } from 'saml-edge/deno-kv';
 * const kv = await Deno.openKv('/var/lib/portal/saml.kv'); // --unstable-kv where still needed
 * const sp = await ServiceProvider.create({ ..., replayCache: new DenoKvStore(kv) });
 * ```
 *
 * @packageDocumentation
 */
import type { KeyValueStore } from '../../index.js';

/** The parts of a `Deno.Kv` DenoKvStore uses. */
export interface DenoKvLike {
  get(key: unknown[]): Promise<{ key: unknown[]; value: unknown; versionstamp: string | null }>;
  set(key: unknown[], value: unknown, options?: { expireIn?: number }): Promise<unknown>;
  delete(key: unknown[]): Promise<void>;
  atomic(): {
    check(...checks: Array<{ key: unknown[]; versionstamp: string | null }>): unknown;
  };
}

export class DenoKvStore implements KeyValueStore {
  /**
   * @param kv `await Deno.openKv(path)`.
   * @param options.prefix The first part of every KV key (`[prefix, key]`). Default: `'saml-edge'`.
   * @param options.retries Attempts after "database is locked" or a lost commit race, then `ERR_STORE_FAILED`. Default: `50`.
   */
  constructor(kv: DenoKvLike, options?: { prefix?: string; retries?: number });
  consume(key: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}
