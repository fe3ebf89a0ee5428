// saml-edge/redis against a real redis-server (Debian's package), started here on a free
// 127.0.0.1 port with no persistence and stopped at the end:
//   - two Node processes (redis-replayer.mjs), each a ServiceProvider with a RedisStore, replay one
//     response 2 x 25 times at once: exactly one is accepted, the others are ERR_SAML_REPLAY;
//   - the key lives expiresAtMs - nowMs on Redis's clock, whatever currentDate says;
//   - get / put with a TTL / delete;
//   - Redis down: verifyResponse and get refuse with ERR_STORE_FAILED, never an acceptance.
//
//   node tests/stores/redis.mjs      (needs redis-server on PATH, npm ci in tests/stores, pkg/dist built)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createClient } from 'redis';
import { ServiceProvider } from 'saml-edge';
import { RedisStore } from 'saml-edge/redis';
import { expectEqual, expectTrue, fixture, freePort, harness, sleep, start, until } from './lib.mjs';

const PER_PROCESS = 25;
const { test, done } = harness('redis');
const f = fixture();
const dir = mkdtempSync(join(tmpdir(), 'saml-edge-redis-'));
const port = await freePort();
const url = `redis://127.0.0.1:${port}`;
const server = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]);
let client = null;
const replayers = [];

/** Starts a replayer process and resolves once it is ready; `go()` then resolves with its tally. */
async function replayer() {
  const child = spawn(process.execPath, [new URL('redis-replayer.mjs', import.meta.url).pathname, url, String(PER_PROCESS)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const next = () => new Promise((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`replayer exited (${code})`)));
  });
  const ready = await next();
  if (ready !== 'ready') throw new Error(`replayer said ${ready}`);
  replayers.push(child);
  return { go: async () => { const result = next(); child.stdin.end('go\n'); return JSON.parse(await result); } };
}

try {
  await until(async () => {
    const probe = createClient({ url });
    probe.on('error', () => {});
    await probe.connect();
    await probe.quit();
    return true;
  }, 20_000, `redis-server on ${url}`);
  client = createClient({ url });
  client.on('error', () => {});
  await client.connect();
  const store = new RedisStore(client);

  await test(`two Node processes, ${2 * PER_PROCESS} concurrent replays of one response: exactly one accepted`, async () => {
    const [a, b] = await Promise.all([replayer(), replayer()]);
    const [ra, rb] = await Promise.all([a.go(), b.go()]);
    const accepted = ra.accepted + rb.accepted;
    const replays = (ra.codes.ERR_SAML_REPLAY ?? 0) + (rb.codes.ERR_SAML_REPLAY ?? 0);
    console.log(`     redis: ${2 * PER_PROCESS} tried, ${accepted} accepted (process A ${ra.accepted}, B ${rb.accepted}), ${replays} ERR_SAML_REPLAY`);
    expectEqual(accepted, 1, 'accepted');
    expectEqual(replays, 2 * PER_PROCESS - 1, 'refused as replays');
  });

  await test('the key lives expiresAtMs - nowMs on Redis\'s clock (a currentDate years ago changes nothing)', async () => {
    const key = `saml-edge:test:${Date.now()}`;
    const then = Date.parse('2020-01-01T00:00:00Z');
    expectEqual(await store.consume(key, then + 300_000, then), true, 'first consume');
    expectEqual(await store.consume(key, then + 300_000, then), false, 'second consume');
    const pttl = await client.pTTL(key);
    expectTrue(pttl > 290_000 && pttl <= 300_000, `PTTL ${pttl} is the 300 s asked for`);
    const short = `${key}:short`;
    expectEqual(await store.consume(short, 60, 0), true, 'a 60 ms key');
    await until(async () => (await client.exists(short)) === 0, 5_000, 'Redis expires the key');
    expectEqual(await store.consume(short, 60, 0), true, 'free again after its time to live');
  });

  await test('get / put (with and without ttlMs) / delete', async () => {
    const key = `demo:session:${Date.now()}`;
    expectEqual(await store.get(key), null, 'absent');
    await store.put(key, JSON.stringify({ groups: ['a', 'b'] }), { ttlMs: 60_000 });
    expectEqual(await store.get(key), '{"groups":["a","b"]}', 'stored');
    const pttl = await client.pTTL(key);
    expectTrue(pttl > 50_000 && pttl <= 60_000, `PTTL ${pttl}`);
    await store.put(key, 'forever');
    expectEqual(await client.pTTL(key), -1, 'no TTL without ttlMs');
    await store.delete(key);
    expectEqual(await store.get(key), null, 'deleted');
    let typeError = null;
    try {
      await store.put(key, { not: 'a string' });
    } catch (e) {
      typeError = e;
    }
    expectTrue(typeError instanceof TypeError, 'a non-string value is a TypeError');
  });

  await test('Redis down: ERR_STORE_FAILED from verifyResponse and get, never an acceptance', async () => {
    const sp = await ServiceProvider.create({ ...f.options, replayCache: new RedisStore(client, { timeoutMs: 500 }) });
    await server.stop();
    const shortStore = new RedisStore(client, { timeoutMs: 500 });
    for (const [what, run] of [
      ['verifyResponse', () => sp.verifyResponse(f.response, { inResponseTo: f.call.inResponseTo, currentDate: new Date(f.call.currentDate) })],
      ['get', () => shortStore.get('anything')],
    ]) {
      let error = null;
      try {
        await run();
      } catch (e) {
        error = e;
      }
      expectTrue(error !== null, `${what} succeeded with Redis down`);
      expectEqual(error.code, 'ERR_STORE_FAILED', `${what}: code`);
      expectTrue(/redis/.test(error.message), `${what}: the message names the store: ${error.message}`);
    }
  });
} catch (e) {
  console.log(`FAIL redis setup: ${e?.stack ?? e}\n${server.output()}`);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
} finally {
  await client?.disconnect().catch(() => {});
  await server.stop();
  for (const c of replayers) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
if (process.exitCode !== 1) process.exitCode = done();
await sleep(0);
