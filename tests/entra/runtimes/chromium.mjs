// Runs tests/entra/suite.mjs in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core
// from tests/js/runtimes; CHROMIUM=/path to use another build). A static server on 127.0.0.1 serves pkg/
// and tests/entra/ and a page whose import map points `saml-edge/entra` at the package's export for the
// browser conditions; the page runs the suite against the directory server (another 127.0.0.1 port, which
// answers CORS) and sets window.__result. Prints `N passed, N failed` last; always closes the browser and
// the servers.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDirectoryServer } from '../directory-server.mjs';
import { report, repoRoot, resolveSubpath, toolsDir } from './common.mjs';

const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CONDITIONS = ['browser', 'import', 'module'];
const SERVED = [join(repoRoot, 'pkg') + sep, join(repoRoot, 'tests', 'entra') + sep];
const MIME = { '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json' };

function page(entryUrl, urls) {
  const importMap = JSON.stringify({ imports: { 'saml-edge/entra': entryUrl } });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>saml-edge/entra suite — Chromium</title>
<script type="importmap">${importMap}</script></head>
<body><h1>saml-edge/entra suite in Chromium</h1><pre id="log"></pre>
<script type="module">
  const lines = [];
  const log = (l) => { lines.push(l); document.getElementById('log').textContent = lines.join('\\n'); };
  let result;
  try {
    const entra = await import('saml-edge/entra');
    const { runEntraSuite } = await import('/tests/entra/suite.mjs');
    result = await runEntraSuite(entra, ${JSON.stringify(urls)}, { log });
  } catch (e) {
    log(String(e && e.stack || e));
    result = { passed: 0, failed: 1, failures: [{ name: 'page', error: String(e && e.message || e) }] };
  }
  window.__result = { ...result, logs: lines };
</script></body></html>`;
}

function startStatic(html) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(html);
    }
    let file;
    try {
      file = normalize(join(repoRoot, decodeURIComponent(url.pathname)));
    } catch {
      file = '';
    }
    let st = null;
    try { st = SERVED.some((r) => file.startsWith(r)) && !file.split(sep).includes('node_modules') ? statSync(file) : null; } catch { st = null; }
    if (!st || !st.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not served');
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function main() {
  const t0 = performance.now();
  let directory;
  let web;
  let context;
  let profile;
  const pageErrors = [];
  try {
    const pw = await import(pathToFileURL(createRequire(join(toolsDir, '..', 'package.json')).resolve('playwright-core')).href);
    const chromium = pw.chromium ?? pw.default.chromium;
    const entry = `/pkg/${resolveSubpath('./entra', CONDITIONS).replace(/^\.\//, '')}`;
    console.log(`chromium: import map saml-edge/entra -> ${entry}`);
    directory = await startDirectoryServer();
    web = await startStatic(page(entry, { login: directory.loginUrl, graph: directory.graphUrl, control: directory.controlUrl }));
    profile = mkdtempSync(join(tmpdir(), 'saml-edge-entra-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: EXECUTABLE, headless: true, args: ARGS, timeout: 60_000 });
    const pg = context.pages()[0] || (await context.newPage());
    pg.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    await pg.goto(`http://127.0.0.1:${web.address().port}/`, { waitUntil: 'load' });
    await pg.waitForFunction(() => window.__result !== undefined, null, { timeout: 600_000, polling: 100 });
    const result = await pg.evaluate(() => window.__result);
    console.log(`chromium: ${await pg.evaluate(() => navigator.userAgent)}`);
    for (const l of result.logs || []) console.log(l);
    if (result.failed) for (const e of pageErrors) console.log(e);
    return report('entra chromium', result, performance.now() - t0);
  } catch (e) {
    console.log(String(e?.stack ?? e));
    for (const x of pageErrors) console.log(x);
    return report('entra chromium', { passed: 0, failed: 1, failures: [{ name: 'chromium runner', error: e.message }] },
      performance.now() - t0);
  } finally {
    if (context) await context.close().catch(() => {});
    if (web) { web.closeAllConnections?.(); await new Promise((r) => web.close(r)); }
    await directory?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  }
}

process.exitCode = await main();
