// One of the two Node processes of the lease test in tests/stores/entra-sync-redis.mjs: an EntraDirectory
// whose store is a RedisStore on the Redis at argv[2]; prints "ready", and on "go" (stdin) runs one sync
// against the directory server (argv[3], JSON URLs) under the store prefix argv[4], prints its result as
// one JSON line and ends.
import { createClient } from 'redis';
import * as entra from 'saml-edge/entra';
import { RedisStore } from 'saml-edge/redis';
import { syncOnce } from './entra-sync-scenario.mjs';

const [url, urls, prefix] = [process.argv[2], JSON.parse(process.argv[3]), process.argv[4]];
const client = createClient({ url });
client.on('error', () => {}); // reported through the store's ERR_STORE_FAILED
await client.connect();
const store = new RedisStore(client);
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  const result = await syncOnce({ entra, store, urls, prefix });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.stdin.destroy();
  await client.quit();
});
