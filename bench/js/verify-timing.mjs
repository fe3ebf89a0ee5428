// Per-verification timings of saml-edge (a benchmark, not a test): `sp.verifyResponse` of the
// Entra-shaped fixture (tests/fixtures/valid/entra_assertion_signed.b64, 5.6 KB of XML), after
// warm-up, with crypto 'webcrypto' and 'wasm', in Node, Deno, workerd and Chromium; and the cold
// start (load + init + create + first verification) in Node and workerd. Prints a table and
// writes target/js-artifacts/bench-verify-timing.json.
//
//   node bench/js/verify-timing.mjs [node] [deno] [workerd] [chromium] [--runs 500] [--warmup 100] [--cold 10]
//
// Needs pkg/dist (scripts/build-pkg.sh) and, for Deno, workerd and Chromium, `npm ci` in
// tests/js/runtimes (their binaries and playwright-core) and /usr/bin/chromium (CHROMIUM= another).
// Each runtime loads the package entry its export condition names (saml-edge/inspect's: both crypto paths). The replay cache never remembers.
// Clocks: Node and Deno µs; Chromium 5 µs (the page is cross-origin isolated); workerd only ticks
// in whole milliseconds (performance.now() = Date.now()), so there each sample is the mean of 10
// consecutive verifications.
import { spawn, execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, normalize, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withWorkerd } from './workerd-process.mjs';
import { listFiles, repoRoot, resolveExport, runtimesDir } from '../../tests/js/runtimes/lib.mjs';
import { loadFixture, measureVerify } from './measure.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = Number(args.splice(i, 2)[1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} takes a positive integer`);
  return v;
};
const RUNS = opt('runs', 500);
const WARMUP = opt('warmup', 100);
const COLD = opt('cold', 10);
const WORKERD_BATCH = 10;
const RUNTIMES = args.length ? args : ['node', 'deno', 'workerd', 'chromium'];
for (const r of RUNTIMES) if (!['node', 'deno', 'workerd', 'chromium'].includes(r)) throw new Error(`unknown runtime ${r}`);

const pkgDir = join(repoRoot, 'pkg');
const outDir = join(repoRoot, 'target', 'js-artifacts', 'bench');
mkdirSync(outDir, { recursive: true });
const fixture = await loadFixture((p) => readFile(join(repoRoot, p), 'utf8'));
// The full build (saml-edge/inspect): both crypto paths, 'webcrypto' and 'wasm', in one entry (the
// edge build has no 'wasm'; its 'webcrypto' path is the same code).
const entryFile = (conditions) => join(pkgDir, resolveExport(pkgDir, conditions, './inspect').path);
const nm = join(runtimesDir, 'node_modules');

const verify = []; // rows: { runtime, version, clockResolutionMs, crypto, batch, runs, median, min, max, p90, mean }
const cold = []; // rows: { runtime, crypto, what, samples: [...] }
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  return { n: s.length, median: s.length % 2 ? s[Math.floor(mid)] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
};

function run(cmd, argv, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${argv.join(' ')}: exit ${code}\n${out}${err}`))));
  });
}

// ---- Node: in this process; cold starts in fresh processes.
async function node() {
  const entry = entryFile(['node', 'import']);
  const saml = await import(pathToFileURL(entry));
  const r = await measureVerify(saml, fixture, { runs: RUNS, warmup: WARMUP });
  for (const x of r.results) verify.push({ runtime: 'node', version: `Node ${process.version}`, clockResolutionMs: r.clockResolutionMs, ...x });
  for (const crypto of ['webcrypto', 'wasm']) {
    const samples = [];
    for (let i = 0; i < COLD; i++) {
      samples.push(JSON.parse(await run(process.execPath, [join(repoRoot, 'bench', 'js', 'cold-node.mjs'), pathToFileURL(entry).href, crypto])));
    }
    const col = (k) => samples.map((s) => s[k]);
    cold.push({ runtime: 'node', crypto, what: 'import + init()', ...stats(col('loadInit')) });
    cold.push({ runtime: 'node', crypto, what: 'ServiceProvider.create', ...stats(col('create')) });
    cold.push({ runtime: 'node', crypto, what: 'first verifyResponse', ...stats(col('firstVerify')) });
    cold.push({ runtime: 'node', crypto, what: 'import → first verification', ...stats(col('total')) });
    cold.push({ runtime: 'node', crypto, what: 'process start → first verification', ...stats(col('firstVerifiedAt')) });
  }
}

// ---- Deno: bench/js/deno.mjs with read access to pkg/, bench/js/ and tests/.
async function deno() {
  const platformPkg = { linux: 'linux-x64-glibc', darwin: `darwin-${process.arch}` }[process.platform];
  const bin = [join(nm, '@deno', platformPkg ?? '', 'deno'), join(nm, 'deno', 'deno')].find((p) => existsSync(p));
  if (!bin) throw new Error(`deno not found (npm ci in ${runtimesDir})`);
  const entry = pathToFileURL(entryFile(['deno', 'node', 'import'])).href;
  const read = ['pkg', join('bench', 'js'), 'tests'].map((d) => join(repoRoot, d)).join(',');
  const out = await run(bin, ['run', '--no-prompt', '--no-remote', `--allow-read=${read}`, join(repoRoot, 'bench', 'js', 'deno.mjs'), entry, String(RUNS), String(WARMUP)], {
    env: { ...process.env, DENO_DIR: join(repoRoot, 'target', 'js-artifacts', 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  const r = JSON.parse(out.split('\n').find((l) => l.startsWith('RESULT ')).slice(7));
  for (const x of r.results) verify.push({ runtime: 'deno', version: r.version, clockResolutionMs: r.clockResolutionMs, ...x });
}

// ---- workerd: a generated config (package files as modules, .wasm as a Wasm module, the fixture as JSON).
function workerdConfig() {
  const entry = entryFile(['workerd', 'worker', 'browser', 'import']);
  const embed = (f) => JSON.stringify(relative(outDir, f).split(sep).join('/'));
  const name = (f) => JSON.stringify(relative(repoRoot, f).split(sep).join('/'));
  const files = [
    ...listFiles(pkgDir, repoRoot, (p, n) => n === 'node_modules' || n.startsWith('.') || n.endsWith('.d.ts')).filter((f) => /\.(js|wasm)$/.test(f)),
    'bench/js/measure.mjs',
    'bench/js/workerd-worker.mjs',
  ].map((f) => join(repoRoot, f));
  const fixturePath = join(outDir, 'fixture.json');
  writeFileSync(fixturePath, JSON.stringify(fixture));
  const main = [
    `import * as saml from ${JSON.stringify(relative(join(repoRoot, 'bench', 'js'), entry).split(sep).join('/'))};`,
    `import fixture from './fixture.json';`,
    `import { makeWorker } from './workerd-worker.mjs';`,
    'export default makeWorker(saml, fixture);',
  ].join('\n');
  const modules = [
    `(name = "bench/js/__main.mjs", esModule = ${JSON.stringify(main)})`,
    `(name = "bench/js/fixture.json", json = embed ${embed(fixturePath)})`,
    ...files.map((f) => `(name = ${name(f)}, ${f.endsWith('.wasm') ? 'wasm' : 'esModule'} = embed ${embed(f)})`),
  ];
  const config = `# Generated by bench/js/verify-timing.mjs; do not edit.
using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "bench", worker = .benchWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "bench") ],
);
const benchWorker :Workerd.Worker = (
  modules = [
    ${modules.join(',\n    ')}
  ],
  compatibilityDate = "2025-09-01",
);
`;
  const path = join(outDir, 'config.capnp');
  writeFileSync(path, config);
  return path;
}

async function workerd() {
  const arch = process.arch === 'x64' ? '64' : process.arch;
  const bin = [join(nm, '@cloudflare', `workerd-${process.platform}-${arch}`, 'bin', 'workerd'), join(nm, 'workerd', 'bin', 'workerd')].find((p) => existsSync(p));
  if (!bin) throw new Error(`workerd not found (npm ci in ${runtimesDir})`);
  const version = `workerd ${execFileSync(bin, ['--version']).toString().trim().replace(/^workerd\s*/, '')}`;
  const configPath = workerdConfig();
  await withWorkerd(bin, configPath, outDir, async ({ get }) => {
    const r = (await get(`/measure?runs=${RUNS}&warmup=${WARMUP}&batch=${WORKERD_BATCH}`)).body;
    for (const x of r.results) verify.push({ runtime: 'workerd', version, clockResolutionMs: r.clockResolutionMs, ...x });
  });
  for (const crypto of ['webcrypto', 'wasm']) {
    const rows = { listening: [], first: [], warm: [], noop: [] };
    for (let i = 0; i < Math.max(3, Math.ceil(COLD / 2)); i++) {
      await withWorkerd(bin, configPath, outDir, async ({ listening, get }) => {
        rows.listening.push(listening);
        rows.first.push((await get(`/cold?crypto=${crypto}`)).ms);
        for (let j = 0; j < 5; j++) rows.warm.push((await get(`/cold?crypto=${crypto}`)).ms);
        for (let j = 0; j < 5; j++) rows.noop.push((await get('/noop').catch(() => ({ ms: NaN }))).ms);
      });
    }
    cold.push({ runtime: 'workerd', crypto, what: 'spawn → listening (loads the worker, compiles the .wasm)', ...stats(rows.listening) });
    cold.push({ runtime: 'workerd', crypto, what: 'first request: create + first verification (HTTP round trip)', ...stats(rows.first) });
    cold.push({ runtime: 'workerd', crypto, what: 'later requests: create + verification (HTTP round trip)', ...stats(rows.warm) });
    cold.push({ runtime: 'workerd', crypto, what: 'later requests: an empty response (HTTP round trip alone)', ...stats(rows.noop) });
  }
}

// ---- Chromium: a cross-origin-isolated page (5 µs clock) imports the "browser" export and measure.mjs.
async function chromium() {
  const { chromium: pw } = createRequire(join(runtimesDir, 'package.json'))('playwright-core');
  const entry = '/' + relative(repoRoot, entryFile(['browser', 'import', 'module'])).split(sep).join('/');
  const html = `<!doctype html><meta charset="utf-8"><title>saml-edge timing</title>
<script type="importmap">${JSON.stringify({ imports: { 'saml-edge': entry } })}</script>
<script type="module">
  import * as saml from 'saml-edge';
  import { measureVerify } from '/bench/js/measure.mjs';
  window.__measure = (fixture, runs, warmup) => measureVerify(saml, fixture, { runs, warmup });
  window.__ready = true;
</script>`;
  const mime = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' };
    if (path === '/') return res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(html);
    const file = normalize(join(repoRoot, decodeURIComponent(path)));
    const ok = [join(pkgDir, 'src'), join(pkgDir, 'dist'), join(repoRoot, 'bench', 'js')].some((d) => file.startsWith(d + sep));
    if (!ok || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404, headers).end();
    res.writeHead(200, { ...headers, 'content-type': mime[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const profile = mkdtempSync(join(tmpdir(), 'saml-edge-bench-'));
  let context;
  try {
    context = await pw.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = context.pages()[0] || (await context.newPage());
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.__ready === true, null, { timeout: 60_000 });
    const isolated = await page.evaluate(() => crossOriginIsolated);
    const version = `Chromium ${context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent)).match(/Chrome\/([\d.]+)/)?.[1]}${isolated ? '' : ' (not isolated)'}`;
    const r = await page.evaluate(([f, runs, warmup]) => window.__measure(f, runs, warmup), [fixture, RUNS, WARMUP]);
    for (const x of r.results) verify.push({ runtime: 'chromium', version, clockResolutionMs: r.clockResolutionMs, ...x });
  } finally {
    if (context) await context.close().catch(() => {});
    server.closeAllConnections?.();
    await new Promise((r) => server.close(r));
    rmSync(profile, { recursive: true, force: true });
  }
}

const started = loadavg();
const failures = [];
for (const r of RUNTIMES) {
  process.stderr.write(`measuring ${r}…\n`);
  try {
    await { node, deno, workerd, chromium }[r]();
  } catch (e) {
    failures.push(`${r}: ${e?.stack ?? e}`);
  }
}

const f = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`\nsaml-edge: sp.verifyResponse of ${readFileSync(join(repoRoot, 'tests/fixtures/valid/entra_assertion_signed.xml')).length} bytes of XML (entra_assertion_signed.b64), ${RUNS} timed runs after ${WARMUP} warm-up, times in ms`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; load average ${started.map((x) => x.toFixed(1)).join(' ')} at start, ${loadavg().map((x) => x.toFixed(1)).join(' ')} at end\n`);
console.log(`${pad('runtime', 9)}${pad('crypto', 11)}${lpad('median', 8)}${lpad('p90', 8)}${lpad('min', 8)}${lpad('max', 8)}   runtime version, clock`);
for (const v of verify) {
  const clock = v.batch > 1 ? `${v.clockResolutionMs} ms clock: samples are means of ${v.batch}` : `${v.clockResolutionMs < 0.01 ? '<0.01' : v.clockResolutionMs} ms clock`;
  console.log(`${pad(v.runtime, 9)}${pad(v.crypto, 11)}${lpad(f(v.median), 8)}${lpad(f(v.p90), 8)}${lpad(f(v.min), 8)}${lpad(f(v.max), 8)}   ${v.version}, ${clock}`);
}
if (cold.length) {
  console.log(`\ncold start (median, min–max over ${COLD} fresh Node processes / ${Math.max(3, Math.ceil(COLD / 2))} fresh workerd processes per crypto)`);
  for (const c of cold) console.log(`${pad(c.runtime, 9)}${pad(c.crypto, 11)}${lpad(f(c.median), 8)}  (${f(c.min)}–${f(c.max)})  ${c.what}`);
}
writeFileSync(join(repoRoot, 'target', 'js-artifacts', 'bench-verify-timing.json'), JSON.stringify({ runs: RUNS, warmup: WARMUP, loadavg: { started, ended: loadavg() }, verify, cold }, null, 2));
for (const x of failures) console.log(`\nFAILED ${x}`);
process.exitCode = failures.length ? 1 : 0;
