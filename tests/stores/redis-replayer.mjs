// One of the two Node processes of tests/stores/redis.mjs: a ServiceProvider with a RedisStore on
// the Redis at argv[2]; on "go" (stdin) it verifies the fixture response `argv[3]` times at once and
// prints one JSON line: { accepted, codes }.
import { createClient } from 'redis';
import { ServiceProvider } from 'saml-edge';
import { RedisStore } from 'saml-edge/redis';
import { fixture, tally } from './lib.mjs';

const [url, count] = [process.argv[2], Number(process.argv[3])];
const f = fixture();
const client = createClient({ url });
client.on('error', () => {}); // reported through the store's ERR_STORE_FAILED
await client.connect();
const sp = await ServiceProvider.create({ ...f.options, replayCache: new RedisStore(client) });
const call = { ...f.call, currentDate: new Date(f.call.currentDate) };
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  const settled = await Promise.allSettled(Array.from({ length: count }, () => sp.verifyResponse(f.response, call)));
  process.stdout.write(`${JSON.stringify(tally(settled))}\n`);
  process.stdin.destroy(); // nothing more to read: let the process end
  await client.quit();
});
