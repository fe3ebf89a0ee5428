// saml-edge/redis: the replay store (consume) and a small key-value store on Redis, through a
// node-redis client (`redis` on npm) that the application creates, connects and closes.
//
//   consume:  SET key 1 NX PX <expiresAtMs - nowMs>   -> "OK" (recorded now: true) or null (already: false)
//
// SET NX is one command, atomic in Redis, so any number of processes sharing one Redis accept a key
// once. PX is a time to live on Redis's own clock (not PXAT: expiresAtMs is on the verification's
// clock, which a currentDate may put anywhere). Any failure — Redis down, a reply other than "OK" or
// null, no answer within timeoutMs — is ERR_STORE_FAILED, never an acceptance.

import { consumeTtl } from '../replay.js';
import { checkKey, checkTimeout, checkTtl, checkValue, guarded, storeFailed } from './common.js';

export class RedisStore {
  #client;
  #timeoutMs;

  /**
   * @param {{ sendCommand(args: string[]): Promise<unknown> }} client a connected node-redis client
   * @param {{ timeoutMs?: number }} [options] timeoutMs: the longest a command may take. Default: 2000.
   */
  constructor(client, options = {}) {
    if (client === null || typeof client !== 'object' || typeof client.sendCommand !== 'function') {
      throw new TypeError('RedisStore needs a node-redis client (createClient() from the `redis` package, connected)');
    }
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    for (const k of Object.keys(options)) if (k !== 'timeoutMs') throw new TypeError(`options.${k} is not a known option`);
    this.#client = client;
    this.#timeoutMs = checkTimeout(options.timeoutMs, 2000);
  }

  #send(operation, args) {
    return guarded('redis', operation, this.#timeoutMs, () => this.#client.sendCommand(args));
  }

  /** Record `key` for `expiresAtMs - nowMs` ms of Redis's clock; true if it was not recorded. */
  async consume(key, expiresAtMs, nowMs) {
    const ttl = consumeTtl(key, expiresAtMs, nowMs);
    const reply = await this.#send('consume', ['SET', key, '1', 'NX', 'PX', String(ttl)]);
    if (reply === 'OK') return true;
    if (reply === null) return false;
    throw storeFailed('redis', 'consume', new Error(`SET NX answered ${JSON.stringify(reply)}`));
  }

  /** The value of `key`, or null. */
  async get(key) {
    const reply = await this.#send('get', ['GET', checkKey(key)]);
    if (reply === null || typeof reply === 'string') return reply;
    return String(reply);
  }

  /** Store `value` (a string) under `key`, for `ttlMs` ms when given, else until deleted. */
  async put(key, value, options) {
    const args = ['SET', checkKey(key), checkValue(value)];
    const ttl = checkTtl(options);
    if (ttl !== null) args.push('PX', String(ttl));
    await this.#send('put', args);
  }

  /** Forget `key`. */
  async delete(key) {
    await this.#send('delete', ['DEL', checkKey(key)]);
  }
}
