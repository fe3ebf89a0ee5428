// saml-edge/entra directory sync into a real redis-server (Debian's package) through saml-edge/redis, from
// the local directory server (tests/entra/directory-server.mjs); both started here on free 127.0.0.1 ports
// and stopped at the end:
//   - entra-sync-scenario.mjs in this process: paging, a resumed round, changes and removals, a resync, and
//     checkLogin with allowUnsynchronizedUsers: false reading the store over another connection;
//   - the lease across two Node processes (entra-sync-redis-child.mjs) that start a sync at once: the
//     directory server holds the first users page until one run is refused, so exactly one runs;
//   - Redis stopped: checkLogin and sync fail with ERR_GRAPH_STORE, never admit.
//
//   node tests/stores/entra-sync-redis.mjs   (needs redis-server on PATH and npm ci in tests/stores)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createClient } from 'redis';
import * as entra from 'saml-edge/entra';
import { RedisStore } from 'saml-edge/redis';
import { startDirectoryServer } from '../entra/directory-server.mjs';
import { BSIMON, TENANT, USER, checkDirectory, control, runSyncScenario, seedDirectory } from './entra-sync-scenario.mjs';
import { expectEqual, expectTrue, freePort, harness, sleep, start, until } from './lib.mjs';

const { test, done } = harness('entra sync: redis');
const dir = mkdtempSync(join(tmpdir(), 'saml-edge-entra-redis-'));
const port = await freePort();
const url = `redis://127.0.0.1:${port}`;
const server = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]);
const clients = [];
const children = [];
let directoryServer = null;

async function connect() {
  const client = createClient({ url });
  client.on('error', () => {}); // reported through the store's ERR_STORE_FAILED
  await client.connect();
  clients.push(client);
  return client;
}

/** A child process that syncs once on "go" and prints its result as one JSON line. */
function syncProcess(urls, prefix) {
  const child = spawn(process.execPath, [new URL('entra-sync-redis-child.mjs', import.meta.url).pathname, url, JSON.stringify(urls), prefix], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  const queue = [];
  const waiting = [];
  lines.on('line', (l) => (waiting.length ? waiting.shift().resolve(l) : queue.push(l)));
  child.once('exit', (code) => waiting.splice(0).forEach((w) => w.reject(new Error(`child exited (${code})`))));
  const next = () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((resolve, reject) => waiting.push({ resolve, reject })));
  return { child, next };
}

try {
  await until(async () => {
    const probe = createClient({ url });
    probe.on('error', () => {});
    await probe.connect();
    await probe.quit();
    return true;
  }, 20_000, `redis-server on ${url}`);
  directoryServer = await startDirectoryServer();
  const urls = { login: directoryServer.loginUrl, graph: directoryServer.graphUrl, control: directoryServer.controlUrl };
  const client = await connect();
  const store = new RedisStore(client);

  const results = await runSyncScenario({ entra, store, reopen: async () => new RedisStore(await connect()), urls, prefix: 'scenario:' });
  for (const r of results) {
    await test(r.name, () => {
      if (!r.ok) throw new Error(r.error);
    });
  }

  await test('two Node processes start a sync on one Redis at once: exactly one runs (the lease is SET NX PX), the other is ERR_GRAPH_SYNC_IN_PROGRESS', async () => {
    const prefix = 'lease:';
    const seeded = await seedDirectory(urls);
    await control(urls, 'faults', { faults: [{ server: 'graph', path: '/v1.0/users/delta', hold: true }] });
    const procs = [syncProcess(urls, prefix), syncProcess(urls, prefix)];
    for (const p of procs) expectEqual(await p.next(), 'ready', 'child ready');
    const answers = procs.map((p, i) => p.next().then((l) => ({ i, ...JSON.parse(l) })));
    for (const p of procs) p.child.stdin.end('go\n');
    // The run that holds the lease waits at its first users page; the other answers meanwhile.
    const first = await Promise.race(answers);
    await until(async () => (await control(urls, 'held')).held === 1, 30_000, 'the winning run reaches the held page');
    const leaseWhileRunning = await store.get(`${prefix}sync:lease`);
    await control(urls, 'release');
    const second = await answers[1 - first.i];
    console.log(`     redis: run ${first.i}: ${first.code}; run ${second.i}: complete ${second.complete}, ${second.users} users, ${second.groups} groups`);
    expectEqual(first.code, 'ERR_GRAPH_SYNC_IN_PROGRESS', 'the refused run');
    expectEqual(leaseWhileRunning, '1', 'the lease is in Redis while the run is in it');
    expectEqual(JSON.stringify([second.ok, second.complete, second.users, second.groups]),
      JSON.stringify([true, true, seeded.users.length, seeded.groups.length]), 'the run that holds the lease');
    const firstPages = (await control(urls, 'log')).log.filter((r) => r.path === '/v1.0/users/delta' && r.query.startsWith('?$select='));
    expectEqual(firstPages.length, 1, 'the first users page was asked for once (one run)');
    const found = await checkDirectory({ entra, store: new RedisStore(await connect()), urls, prefix });
    expectEqual(JSON.stringify(found), JSON.stringify({
      users: seeded.users.length, usersFound: seeded.users.length, groups: seeded.groups.length, groupsFound: seeded.groups.length,
      bsimon: 'B.Simon@contoso.com', unknown: 'ERR_ENTRA_USER_NOT_SYNCHRONIZED', lease: null,
      status: { users: { generation: 1, inProgress: false }, groups: { generation: 1, inProgress: false } },
    }), 'a strict checkLogin in this (third) process finds the directory; the lease is released');
    const keys = await client.keys(`${prefix}user:*`);
    expectEqual(keys.length, seeded.users.length, 'one Redis key per user');
  });

  await test('Redis stopped: a strict checkLogin and a sync fail with ERR_GRAPH_STORE, never admit', async () => {
    const strict = new entra.EntraDirectory({
      tenant: TENANT, clientId: '6731de76-14a6-49ae-97bc-6eba6914391e', clientSecret: 'Qv8~tEsT.sEcReT-value_3fK9zLm2NpR7wXy',
      authorityHost: urls.login, graphBaseUrl: urls.graph, store: new RedisStore(client, { timeoutMs: 500 }),
      storePrefix: 'lease:', allowUnsynchronizedUsers: false,
    });
    const bsimon = { claims: { tenantid: [TENANT], objectidentifier: [BSIMON] } };
    expectEqual((await strict.checkLogin(bsimon)).synchronized, true, 'before: synchronized');
    await server.stop();
    for (const [what, run] of [['checkLogin', () => strict.checkLogin(bsimon)], ['checkLogin (unknown user)', () => strict.checkLogin({ claims: { tenantid: [TENANT], objectidentifier: [USER(42)] } })], ['sync', () => strict.sync()]]) {
      let error = null;
      try {
        await run();
      } catch (e) {
        error = e;
      }
      expectTrue(error !== null, `${what} succeeded with Redis down`);
      expectEqual(error.code, 'ERR_GRAPH_STORE', `${what}: code`);
      expectTrue(/redis/.test(error.detail.reason), `${what}: the reason names the store: ${error.detail.reason}`);
    }
  });
} catch (e) {
  console.log(`FAIL entra sync redis setup: ${e?.stack ?? e}\n${server.output()}`);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
} finally {
  for (const c of clients) await c.disconnect().catch(() => {});
  await server.stop();
  await directoryServer?.close();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
if (process.exitCode !== 1) process.exitCode = done();
await sleep(0);
