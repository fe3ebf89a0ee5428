/**
 * saml-edge/redis: the replay store and a small key-value store on Redis, through a node-redis client
 * (`redis` on npm) that you create, connect and close. `consume` is `SET key 1 NX PX <expiresAtMs - nowMs>`:
 * one atomic command, the time to live counted on Redis's clock.
 *
 * ```js
 * import { createClient } from 'redis';
 * import { RedisStore } from 'saml-edge/redis';
 * const client = createClient({ url: process.env.REDIS_URL });
 * client.on('error', (e) => console.error(e)); // node-redis emits 'error' while it reconnects
 * await client.connect();
 * const sp = await ServiceProvider.create({ ..., replayCache: new RedisStore(client) });
 * ```
 *
 * @packageDocumentation
 */
import type { KeyValueStore } from '../../index.js';

/** The parts of a node-redis client RedisStore uses. */
export interface RedisClientLike {
  sendCommand(args: string[]): Promise<unknown>;
}

export class RedisStore implements KeyValueStore {
  /**
   * @param client a node-redis client (`createClient()` from `redis`), connected.
   * @param options.timeoutMs The longest one command may take before the call rejects with
   *   `ERR_STORE_FAILED` (node-redis queues commands while Redis is down). Default: `2000`.
   */
  constructor(client: RedisClientLike, options?: { timeoutMs?: number });
  consume(key: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}
