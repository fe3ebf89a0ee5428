// The latency one replay-store `consume` adds to a login, per store, on this machine; writes the
// "Replay store: consume latency" section of BENCHMARKS.md (between its markers) and prints it.
//
//   node bench/replay/run.mjs        (after scripts/build-pkg.sh and npm ci in tests/stores and tests/js/runtimes)
//
// Each store is started here on a free 127.0.0.1 port and stopped after (as tests/stores/ does):
//   memory          MemoryReplayCache in Node: batches of 10,000 consumes, median of 30 batch means;
//                   plus the heap one live entry takes (100,000 entries, node --expose-gc)
//   redis           RedisStore (node-redis) on Debian's redis-server over loopback TCP: 5,000 calls, median
//   durable-object  DurableObjectStore -> SamlEdgeStore in workerd (SQLite on local disk): 20 batches of
//                   200 sequential calls timed inside the Worker, median of the batch means
//   deno-kv         DenoKvStore on a local KV file, one Deno process: 3,000 calls, median
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { listFiles, resolveExport } from '../../tests/js/runtimes/lib.mjs';
import { freePort, repoRoot, start, until } from '../../tests/stores/lib.mjs';

const storesRequire = createRequire(join(repoRoot, 'tests/stores/package.json'));
const load = (name) => import(pathToFileURL(storesRequire.resolve(name)).href);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const rows = [];
const loadAtStart = loadavg()[0];

async function memory() {
  const { MemoryReplayCache } = await load('saml-edge');
  const means = [];
  for (let b = 0; b < 30; b++) {
    const m = new MemoryReplayCache({ maxEntries: 20_000 });
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) await m.consume(`saml-edge:assertion:https://sts.windows.net/00000000-0000-0000-0000-000000000000/#_${b}-${i}`, 60_000, 0);
    means.push((performance.now() - t0) / 10_000);
  }
  // Heap per live entry, in a fresh process with --expose-gc.
  const script = `
    const { MemoryReplayCache } = await import(${JSON.stringify(pathToFileURL(storesRequire.resolve('saml-edge')).href)});
    const m = new MemoryReplayCache({ maxEntries: 100000 });
    gc(); const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100000; i++) await m.consume('saml-edge:assertion:https://sts.windows.net/00000000-0000-0000-0000-000000000000/#_' + crypto.randomUUID(), 600000, 0);
    gc(); const after = process.memoryUsage().heapUsed;
    if (m.size !== 100000) throw new Error('entries missing'); // keeps m alive through the gc above
    console.log((after - before) / 100000);`;
  const perEntry = Number(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
  rows.push({ store: 'memory (`MemoryReplayCache`, in process)', median: median(means), p90: null, n: '30 × 10,000', note: `${Math.round(perEntry)} bytes of heap per live entry (Entra-length key): the default 50,000 entries ≈ ${(perEntry * 50_000 / 2 ** 20).toFixed(0)} MiB` });
}

async function redis() {
  const { createClient } = await load('redis');
  const { RedisStore } = await load('saml-edge/redis');
  const dir = mkdtempSync(join(tmpdir(), 'saml-edge-bench-redis-'));
  const port = await freePort();
  const server = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]);
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  client.on('error', () => {});
  try {
    await until(async () => { await client.connect(); return true; }, 20_000, 'redis-server');
    const store = new RedisStore(client);
    const times = [];
    for (let i = 0; i < 5_200; i++) {
      const t0 = performance.now();
      await store.consume(`bench:${i}`, 60_000, 0);
      if (i >= 200) times.push(performance.now() - t0);
    }
    const version = execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).match(/v=(\S+)/)?.[1];
    rows.push({ store: 'Redis (`RedisStore`)', median: median(times), p90: pct(times, 0.9), n: '5,000', note: `redis-server ${version} (Debian) on loopback, node-redis ${storesRequire('redis/package.json').version}` });
  } finally {
    await client.disconnect().catch(() => {});
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function durableObject() {
  const pkgDir = join(repoRoot, 'pkg');
  const dir = mkdtempSync(join(tmpdir(), 'saml-edge-bench-do-'));
  const arch = process.arch === 'x64' ? '64' : process.arch;
  const bin = join(repoRoot, 'tests/js/runtimes/node_modules/@cloudflare', `workerd-${process.platform}-${arch}`, 'bin', 'workerd');
  const embed = (file) => JSON.stringify(relative(dir, file));
  const modules = listFiles(pkgDir, pkgDir, (p, n) => n === 'node_modules' || n.startsWith('.') || n.endsWith('.d.ts'))
    .filter((f) => /^src\/.*\.js$/.test(f))
    .map((f) => `(name = ${JSON.stringify(`node_modules/saml-edge/${f}`)}, esModule = embed ${embed(join(pkgDir, f))})`);
  modules.push(`(name = "saml-edge/durable-object", esModule = ${JSON.stringify('export * from "../node_modules/saml-edge/src/stores/durable-object.js";')})`);
  resolveExport(pkgDir, ['workerd']);
  mkdirSync(join(dir, 'do'));
  writeFileSync(join(dir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "bench", worker = .bench), (name = "do-disk", disk = (path = ${JSON.stringify(join(dir, 'do'))}, writable = true)) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "bench") ],
);
const bench :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = "export { default } from './bench.mjs'; export { SamlEdgeStore } from 'saml-edge/durable-object';"),
    (name = "bench.mjs", esModule = embed ${embed(join(repoRoot, 'bench/replay/do-bench-worker.mjs'))}),
    ${modules.join(',\n    ')}
  ],
  bindings = [ (name = "SAML_STORE", durableObjectNamespace = "SamlEdgeStore") ],
  durableObjectNamespaces = [ (className = "SamlEdgeStore", uniqueKey = "saml-edge-bench", enableSql = true) ],
  durableObjectStorage = (localDisk = "do-disk"),
  compatibilityDate = "2025-09-01",
);
`);
  const child = spawn(bin, ['serve', join(dir, 'config.capnp'), '--control-fd=3'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
  try {
    const port = await new Promise((resolve) => createInterface({ input: child.stdio[3] }).on('line', (l) => {
      try { const m = JSON.parse(l); if (m.event === 'listen') resolve(m.port); } catch { /* not JSON */ }
    }));
    const means = [];
    for (let b = 0; b < 21; b++) {
      const r = await (await fetch(`http://127.0.0.1:${port}/?n=200`)).json();
      if (b > 0) means.push(r.ms / r.n);
    }
    rows.push({ store: 'Durable Object (`DurableObjectStore`)', median: median(means), p90: null, n: '20 × 200', note: `workerd ${storesRequire(join(repoRoot, 'tests/js/runtimes/node_modules/workerd/package.json')).version}, local SQLite storage, same process (on Cloudflare add the network hop to the object)` });
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

async function denoKv() {
  const dir = mkdtempSync(join(tmpdir(), 'saml-edge-bench-kv-'));
  const deno = ['@deno/linux-x64-glibc/deno', 'deno/deno'].map((p) => join(repoRoot, 'tests/js/runtimes/node_modules', p)).find(existsSync);
  try {
    const out = execFileSync(deno, ['run', '--unstable-kv', '--no-prompt', '--no-remote', '--node-modules-dir=manual',
      `--allow-read=${join(repoRoot, 'pkg')},${join(repoRoot, 'tests/stores')},${join(repoRoot, 'bench/replay')},${dir}`, `--allow-write=${dir}`,
      join(repoRoot, 'bench/replay/deno-kv-bench.mjs'), join(dir, 'kv.sqlite3'), '3000'], {
      cwd: join(repoRoot, 'tests/stores'), encoding: 'utf8', env: { ...process.env, DENO_DIR: join(repoRoot, 'target/js-artifacts/deno-dir'), NO_COLOR: '1' },
    });
    const times = JSON.parse(out);
    const version = execFileSync(deno, ['--version'], { encoding: 'utf8' }).split('\n')[0];
    rows.push({ store: 'Deno KV (`DenoKvStore`)', median: median(times), p90: pct(times, 0.9), n: '3,000', note: `${version}, local KV file (SQLite), one process` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await memory();
await redis();
await durableObject();
await denoKv();

const fmt = (ms) => (ms === null ? '—' : ms < 0.01 ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(3)} ms`);
const section = [
  '<!-- replay-bench:start (written by bench/replay/run.mjs; do not edit) -->',
  '## Replay store: consume latency',
  '',
  'What one `consume(key, expiresAtMs, nowMs)` adds to each login (assertion ID; `finishLogin` consumes the',
  `request ID too: twice this). Sequential calls, fresh keys, ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version},`,
  `load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end (a shared machine: the SQLite-backed stores wait on the disk and vary most).`,
  'Reproduce: `node bench/replay/run.mjs` (after `scripts/build-pkg.sh`, `npm ci` in `tests/stores` and `tests/js/runtimes`).',
  '',
  '| store | median | p90 | calls | setup |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.store} | ${fmt(r.median)} | ${fmt(r.p90)} | ${r.n} | ${r.note} |`),
  '<!-- replay-bench:end -->',
].join('\n');
const file = join(repoRoot, 'BENCHMARKS.md');
const text = readFileSync(file, 'utf8');
const re = /<!-- replay-bench:start[\s\S]*?<!-- replay-bench:end -->/;
writeFileSync(file, re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`);
console.log(section);
