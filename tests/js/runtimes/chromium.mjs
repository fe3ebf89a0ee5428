// Runs tests/js/suite.mjs in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
//
//   node tests/js/runtimes/chromium.mjs        (CHROMIUM=/path/to/chromium to use another build)
//
// A tiny static server on 127.0.0.1:<ephemeral port> serves pkg/ and tests/js/ and a page whose import
// map points `saml-edge` at the `browser` export of pkg/package.json. The page imports the package,
// the suite and the fixtures bundle, runs the suite, renders the result and sets window.__result.
// The driver prints `N passed, N failed` last, saves target/js-artifacts/chromium-suite.png, always
// closes the browser and the server, and exits 1 on failure.
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot, report, resolveExport } from './lib.mjs';

const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Conditions in the order browser bundlers (Vite, esbuild --platform=browser) use.
const CONDITIONS = ['browser', 'import', 'module'];
const RUN_TIMEOUT_MS = 600_000;
const artifacts = join(repoRoot, 'target', 'js-artifacts');
const SERVED = ['pkg', join('tests', 'js')]; // only these repo folders are served
const MIME = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

function page(entryUrl, inspectUrl) {
  const importMap = JSON.stringify({ imports: { 'saml-edge': entryUrl, 'saml-edge/inspect': inspectUrl } });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>saml-edge suite — Chromium</title>
<script type="importmap">${importMap}</script>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1b1f24; }
  h1 { font-size: 20px; margin: 0 0 8px; }
  .summary { font-size: 18px; font-weight: 600; padding: 8px 12px; border-radius: 6px; display: inline-block; }
  .ok { background: #dafbe1; color: #116329; } .bad { background: #ffebe9; color: #a40e26; }
  .pending { background: #eee; }
  pre { background: #f6f8fa; padding: 12px; border-radius: 6px; white-space: pre-wrap; font-size: 12px; }
  li { margin: 4px 0; }
</style></head>
<body>
<h1>saml-edge test suite in Chromium</h1>
<p>package entry: <code>${entryUrl}</code> · <span id="ua"></span></p>
<div id="summary" class="summary pending">running…</div>
<ul id="failures"></ul>
<pre id="log"></pre>
<script type="module">
  const $ = (id) => document.getElementById(id);
  $('ua').textContent = navigator.userAgent;
  const lines = [];
  const log = (...a) => { lines.push(a.map(String).join(' ')); $('log').textContent = lines.join('\\n'); };
  const t0 = performance.now();
  let result;
  try {
    const edge = await import('saml-edge');
    const full = await import('saml-edge/inspect');
    const { runSuite } = await import('/tests/js/suite.mjs');
    const fixtures = (await import('/tests/js/fixtures.gen.mjs')).default;
    result = { passed: 0, failed: 0, failures: [] };
    for (const [build, saml] of [['edge', edge], ['full', full]]) {
      log(build + ' build:');
      const r = await runSuite(saml, fixtures, { log, tools: full, build });
      result.passed += r.passed;
      result.failed += r.failed;
      result.failures.push(...r.failures.map((f) => build + ': ' + f));
    }
    const same = edge.SamlError === full.SamlError;
    result[same ? 'passed' : 'failed'] += 1;
    if (!same) result.failures.push('saml-edge and saml-edge/inspect do not share SamlError');
  } catch (e) {
    log(String((e && e.stack) || e));
    result = { passed: 0, failed: 1, failures: [{ name: 'page', error: String((e && e.message) || e) }] };
  }
  const ms = performance.now() - t0;
  const ok = result.failed === 0 && result.passed > 0;
  $('summary').className = 'summary ' + (ok ? 'ok' : 'bad');
  $('summary').textContent = result.passed + ' passed, ' + result.failed + ' failed in ' + (ms / 1000).toFixed(2) + ' s';
  for (const f of result.failures || []) {
    const li = document.createElement('li');
    li.textContent = typeof f === 'string' ? f : f.name + ': ' + f.error;
    $('failures').append(li);
  }
  window.__result = { ...result, logs: lines };
</script>
</body></html>`;
}

function startServer(entryUrl, inspectUrl) {
  const roots = SERVED.map((d) => join(repoRoot, d) + sep);
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed');
    if (url.pathname === '/' || url.pathname === '/index.html') return send(200, MIME['.html'], page(entryUrl, inspectUrl));
    if (url.pathname === '/favicon.ico') return send(204, 'text/plain', '');
    let file;
    try {
      file = normalize(join(repoRoot, decodeURIComponent(url.pathname)));
    } catch {
      return send(400, 'text/plain', 'bad path');
    }
    if (!roots.some((r) => file.startsWith(r)) || file.split(sep).includes('node_modules')) {
      return send(404, 'text/plain', 'not served');
    }
    let st;
    try { st = statSync(file); } catch { st = null; }
    if (!st || !st.isFile()) return send(404, 'text/plain', 'not found');
    res.writeHead(200, {
      'content-type': MIME[extname(file)] || 'application/octet-stream',
      'content-length': st.size,
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((res, rej) => {
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => res(server));
  });
}

async function main() {
  const t0 = performance.now();
  let server;
  let context;
  let profile;
  const pageErrors = [];
  try {
    const entry = resolveExport(join(repoRoot, 'pkg'), CONDITIONS);
    if (entry.condition !== 'browser') console.log(`note: pkg exports has no "browser" condition; using "${entry.condition}"`);
    const entryUrl = '/pkg/' + entry.path.replace(/^\.\//, '');
    const inspectUrl = '/pkg/' + resolveExport(join(repoRoot, 'pkg'), CONDITIONS, './inspect').path.replace(/^\.\//, '');
    console.log(`chromium: import map saml-edge -> ${entryUrl}, saml-edge/inspect -> ${inspectUrl} (condition "${entry.condition}")`);
    server = await startServer(entryUrl, inspectUrl);
    const { port } = server.address();
    profile = mkdtempSync(join(tmpdir(), 'saml-edge-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: EXECUTABLE,
      headless: true,
      args: ARGS,
      viewport: { width: 1000, height: 700 },
      timeout: 60_000,
    });
    const pg = context.pages()[0] || (await context.newPage());
    pg.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    pg.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`console.error: ${m.text()}`); });
    pg.on('requestfailed', (r) => pageErrors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    pg.on('response', (r) => { if (r.status() >= 400) pageErrors.push(`HTTP ${r.status()}: ${r.url()}`); });
    await pg.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load' });
    let result;
    try {
      await pg.waitForFunction(() => window.__result !== undefined, null, { timeout: RUN_TIMEOUT_MS, polling: 100 });
      result = await pg.evaluate(() => window.__result);
    } catch (e) {
      result = { passed: 0, failed: 1, failures: [{ name: 'chromium page', error: e.message }] };
    }
    mkdirSync(artifacts, { recursive: true });
    const shot = join(artifacts, 'chromium-suite.png');
    await pg.screenshot({ path: shot, fullPage: true });
    console.log(`chromium: ${await pg.evaluate(() => navigator.userAgent)}; screenshot ${shot}`);
    for (const l of result.logs || []) console.log(l);
    if (result.failed || pageErrors.length) for (const e of pageErrors) console.log(e);
    return report('chromium', result, performance.now() - t0);
  } catch (e) {
    console.log(String((e && e.stack) || e));
    for (const x of pageErrors) console.log(x);
    return report('chromium', { passed: 0, failed: 1, failures: [{ name: 'chromium runner', error: e.message }] },
      performance.now() - t0);
  } finally {
    if (context) await context.close().catch(() => {});
    if (server) { server.closeAllConnections?.(); await new Promise((r) => server.close(r)); }
    if (profile) rmSync(profile, { recursive: true, force: true });
  }
}

process.exitCode = await main();
