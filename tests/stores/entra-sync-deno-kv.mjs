// saml-edge/entra directory sync into a real Deno KV file (SQLite, in a temporary directory) through
// saml-edge/deno-kv, in Deno processes (Deno from the npm `deno` package in tests/js/runtimes), from the local
// directory server (tests/entra/directory-server.mjs) started here on a free 127.0.0.1 port:
//   - entra-sync-scenario.mjs in one Deno process: paging, a resumed round, changes and removals, a resync,
//     and checkLogin with allowUnsynchronizedUsers: false reading the store through a second Deno.openKv;
//   - the lease across two Deno processes on one KV file that start a sync at once: the directory server
//     holds the first users page until one run is refused, so exactly one runs; a third process then finds
//     the directory with a strict checkLogin.
//
//   node tests/stores/entra-sync-deno-kv.mjs   (needs npm ci in tests/js/runtimes and tests/stores)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startDirectoryServer } from '../entra/directory-server.mjs';
import { control, seedDirectory } from './entra-sync-scenario.mjs';
import { expectEqual, harness, repoRoot, until } from './lib.mjs';

const { test, done } = harness('entra sync: deno-kv');
const dir = mkdtempSync(join(tmpdir(), 'saml-edge-entra-kv-'));
const kvPath = join(dir, 'directory.sqlite3');
const deno = ['@deno/linux-x64-glibc/deno', 'deno/deno'].map((p) => join(repoRoot, 'tests/js/runtimes/node_modules', p)).find(existsSync);
if (!deno) throw new Error('deno not found: run npm ci in tests/js/runtimes');

const started = [];
function denoRun(mode, urls, prefix) {
  const child = spawn(deno, ['run', '--unstable-kv', '--no-prompt', '--no-remote', '--node-modules-dir=manual', '--allow-net=127.0.0.1',
    `--allow-read=${join(repoRoot, 'pkg')},${join(repoRoot, 'tests/stores')},${dir}`, `--allow-write=${dir}`,
    join(repoRoot, 'tests/stores/entra-sync-deno.mjs'), mode, kvPath, JSON.stringify(urls), prefix], {
    cwd: join(repoRoot, 'tests/stores'),
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, DENO_DIR: join(repoRoot, 'target/js-artifacts/deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  started.push(child);
  const lines = createInterface({ input: child.stdout });
  const queue = [];
  const waiting = [];
  lines.on('line', (l) => (waiting.length ? waiting.shift().resolve(l) : queue.push(l)));
  child.once('exit', (code) => waiting.splice(0).forEach((w) => w.reject(new Error(`entra-sync-deno.mjs ${mode} exited (${code})`))));
  const next = () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((resolve, reject) => waiting.push({ resolve, reject })));
  return { child, next };
}

let directoryServer = null;
try {
  directoryServer = await startDirectoryServer();
  const urls = { login: directoryServer.loginUrl, graph: directoryServer.graphUrl, control: directoryServer.controlUrl };

  const scenario = denoRun('scenario', urls, 'scenario:');
  for (;;) {
    const line = await scenario.next();
    if (line === 'end') break;
    const r = JSON.parse(line);
    await test(r.name, () => {
      if (!r.ok) throw new Error(r.error);
    });
  }

  await test('two Deno processes on one KV file start a sync at once: exactly one runs (the lease is an atomic check), the other is ERR_GRAPH_SYNC_IN_PROGRESS', async () => {
    const prefix = 'lease:';
    const seeded = await seedDirectory(urls);
    await control(urls, 'faults', { faults: [{ server: 'graph', path: '/v1.0/users/delta', hold: true }] });
    const procs = [denoRun('sync', urls, prefix), denoRun('sync', urls, prefix)];
    for (const p of procs) expectEqual(await p.next(), 'ready', 'process ready');
    const answers = procs.map((p, i) => p.next().then((l) => ({ i, ...JSON.parse(l) })));
    for (const p of procs) p.child.stdin.end('go\n');
    const first = await Promise.race(answers);
    await until(async () => (await control(urls, 'held')).held === 1, 30_000, 'the winning run reaches the held page');
    await control(urls, 'release');
    const second = await answers[1 - first.i];
    console.log(`     deno-kv: run ${first.i}: ${first.code}; run ${second.i}: complete ${second.complete}, ${second.users} users, ${second.groups} groups`);
    expectEqual(first.code, 'ERR_GRAPH_SYNC_IN_PROGRESS', 'the refused run');
    expectEqual(JSON.stringify([second.ok, second.complete, second.users, second.groups]),
      JSON.stringify([true, true, seeded.users.length, seeded.groups.length]), 'the run that holds the lease');
    const firstPages = (await control(urls, 'log')).log.filter((r) => r.path === '/v1.0/users/delta' && r.query.startsWith('?$select='));
    expectEqual(firstPages.length, 1, 'the first users page was asked for once (one run)');
    const found = JSON.parse(await denoRun('check', urls, prefix).next());
    expectEqual(JSON.stringify(found), JSON.stringify({
      users: seeded.users.length, usersFound: seeded.users.length, groups: seeded.groups.length, groupsFound: seeded.groups.length,
      bsimon: 'B.Simon@contoso.com', unknown: 'ERR_ENTRA_USER_NOT_SYNCHRONIZED', lease: null,
      status: { users: { generation: 1, inProgress: false }, groups: { generation: 1, inProgress: false } },
    }), 'a strict checkLogin in a third Deno process finds the directory; the lease is released');
  });
} catch (e) {
  console.log(`FAIL entra sync deno-kv setup: ${e?.stack ?? e}`);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
} finally {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await directoryServer?.close();
  rmSync(dir, { recursive: true, force: true });
}
if (process.exitCode !== 1) process.exitCode = done();
