/**
 * saml-edge/durable-object: the replay store and a small key-value store in Cloudflare Durable
 * Objects, shared by every isolate of every Worker bound to the namespace. Import it in Workers only.
 *
 * ```js
 * import { ServiceProvider } from 'saml-edge';
 * import { DurableObjectStore } from 'saml-edge/durable-object';
 * export { SamlEdgeStore } from 'saml-edge/durable-object';
 * // in fetch(request, env):
 * const sp = await ServiceProvider.create({ ..., replayCache: new DurableObjectStore(env.SAML_STORE) });
 * ```
 *
 * wrangler.toml:
 * ```toml
 * [[durable_objects.bindings]]
 * name = "SAML_STORE"
 * class_name = "SamlEdgeStore"
 * [[migrations]]
 * tag = "v1"
 * new_sqlite_classes = ["SamlEdgeStore"]
 * ```
 *
 * @packageDocumentation
 */
import type { KeyValueStore } from '../../index.js';

/**
 * The Durable Object class (SQLite-backed): export it from your Worker. `consume` reads and writes its
 * table with no await in between, so it is atomic; expiries are its own clock's, honoured on read; an
 * alarm deletes expired rows.
 */
export class SamlEdgeStore {
  constructor(ctx: unknown, env: unknown);
  consume(key: string, ttlMs: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  put(key: string, value: string, ttlMs: number | null): Promise<void>;
  delete(key: string): Promise<void>;
  alarm(): Promise<void>;
}

/** The parts of a Durable Object namespace binding the client uses. */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: unknown): unknown;
}

/** The client a Worker uses; keys are spread over `shards` objects by a hash of the key. */
export class DurableObjectStore implements KeyValueStore {
  /**
   * @param namespace The namespace binding of SamlEdgeStore (e.g. `env.SAML_STORE`).
   * @param options.shards Objects the keys are spread over; keep it fixed (a change moves keys). Default: `16`.
   * @param options.name The objects' name prefix (`idFromName(name + ':' + shard)`). Default: `'saml-edge'`.
   * @param options.timeoutMs The longest a call may take before it rejects with `ERR_STORE_FAILED`. Default: `5000`.
   */
  constructor(namespace: DurableObjectNamespaceLike, options?: { shards?: number; name?: string; timeoutMs?: number });
  consume(key: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}
