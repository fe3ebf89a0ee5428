#!/usr/bin/env node
// Bundles one small app on the saml-edge package (app/: verify a signed response, refuse a tampered
// one) with each bundler a user may pick, and runs every output for real:
//
//   esbuild, browser  app/browser-init.js, --loader:.wasm=file   Chromium   (init(wasm URL, { full }))
//   esbuild, browser  app/browser.js, no setup                   Chromium   fails, naming the URL and the fix
//   esbuild, node     app/node-init.js, --loader:.wasm=binary    Node       (init(wasm bytes, { full }))
//   esbuild, node     app/node.js, no setup                      Node       fails, naming the path and the fix
//   esbuild, workers  app/worker.js, --loader:.wasm=binary       workerd    (the package's workerd entry)
//   esbuild, workers  app/worker.js, no loader                   -          the build fails (the flag is needed)
//   Vite              app/index.html, no setup                   Chromium
//   webpack           app/browser.js, no setup                   Chromium
//   bun build         app/browser-init.js, no flags              Chromium   (init(wasm URL))
//   wrangler          app/worker.js: deploy --dry-run            workerd    (its output, run as is)
//   wrangler          app/worker.js: dev --local                 workerd    (wrangler's own server)
//
// Each build and each run is one check; a run passes when the app reports loginName "bsimon",
// ERR_DSIG_DIGEST_MISMATCH for the tampered copy and the SP's metadata (the edge build loads the
// full build's .wasm for it on first use), or, for the "no setup" rows, the message the package is
// expected to give. The bundlers are pinned by package-lock.json here; the package is
// pkg/ (npm link), built by scripts/build-pkg.sh. Outputs and logs: tests/bundlers/out/.
//
//   node tests/bundlers/run.mjs       (npm ci in tests/bundlers first; CHROMIUM=/path for another browser)
//
// Prints `N passed, N failed` last; exits 1 on any failure. Stops every server and process it starts.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(here, 'out');
const bin = (name) => join(here, 'node_modules', '.bin', name);
const EXPECTED = { loginName: 'bsimon', refused: 'ERR_DSIG_DIGEST_MISMATCH', metadata: true };
const TIMEOUT = 60_000;

let passed = 0;
let failed = 0;
function ok(condition, name, info = '') {
  if (condition) passed++;
  else failed++;
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${name}${info ? ` — ${info}` : ''}`);
  return condition;
}
const short = (s, n = 400) => (s.length > n ? `${s.slice(0, n)}…` : s);

// --- the app's data -------------------------------------------------------------------------------
{
  const read = (p) => readFileSync(join(root, p), 'utf8');
  const { defaults } = JSON.parse(read('tests/fixtures/manifest.json'));
  const fixture = {
    settings: {
      entityId: defaults.sp_entity_id,
      acsUrl: defaults.acs_url,
      idpEntityId: defaults.idp_entity_id,
      inResponseTo: defaults.in_response_to,
      now: defaults.now,
    },
    certificate: read('tests/keys/idp-rsa2048.crt'),
    valid: read('tests/fixtures/valid/entra_assertion_signed.b64').trim(),
    tampered: read('tests/fixtures/attacks/digest_mismatch_nameid.xml'),
  };
  const js = Object.entries(fixture).map(([k, v]) => `export const ${k} = ${JSON.stringify(v)};`).join('\n');
  writeFileSync(join(here, 'app', 'fixture.gen.js'), `// Written by tests/bundlers/run.mjs. Do not edit.\n${js}\n`);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

/** Run a command in tests/bundlers; its output goes to out/<log>.log. */
function sh(log, cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: here, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 5 * TIMEOUT });
  const text = `$ ${[relative(here, cmd) || cmd, ...args].join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n${r.error}` : ''}`;
  writeFileSync(join(out, `${log}.log`), text);
  return { status: r.status, text };
}

const esbuild = (log, entry, dir, flags) =>
  sh(log, bin('esbuild'), [entry, '--bundle', '--format=esm', `--outdir=${join('out', dir)}`, '--log-level=warning', ...flags]);

function page(dir, script) {
  writeFileSync(join(out, dir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>${dir}</title><pre id="result">running</pre><script type="module" src="./${script}"></script>\n`);
}

// --- builds ---------------------------------------------------------------------------------------
const browserRuns = []; // [name, dir, expectation]
const nodeRuns = [];
const workerdRuns = [];

{
  const b = esbuild('esbuild-browser', 'app/browser-init.js', 'esbuild-browser', ['--platform=browser', '--loader:.wasm=file']);
  if (ok(b.status === 0, 'esbuild, browser, --loader:.wasm=file: builds', b.status === 0 ? '' : short(b.text))) {
    page('esbuild-browser', 'browser-init.js');
    browserRuns.push(['esbuild, browser, init(wasm URL)', 'esbuild-browser', 'works']);
  }
  const d = esbuild('esbuild-browser-nosetup', 'app/browser.js', 'esbuild-browser-nosetup', ['--platform=browser']);
  if (ok(d.status === 0, 'esbuild, browser, no setup: builds', d.status === 0 ? '' : short(d.text))) {
    page('esbuild-browser-nosetup', 'browser.js');
    browserRuns.push(['esbuild, browser, no setup', 'esbuild-browser-nosetup', 'names the URL']);
  }
}
{
  const b = esbuild('esbuild-node', 'app/node-init.js', 'esbuild-node', ['--platform=node', '--target=node20', '--loader:.wasm=binary', '--out-extension:.js=.mjs']);
  if (ok(b.status === 0, 'esbuild, node, --loader:.wasm=binary: builds', b.status === 0 ? '' : short(b.text))) {
    nodeRuns.push(['esbuild, node, init(wasm bytes)', join(out, 'esbuild-node', 'node-init.mjs'), 'works']);
  }
  const d = esbuild('esbuild-node-nosetup', 'app/node.js', 'esbuild-node-nosetup', ['--platform=node', '--target=node20', '--out-extension:.js=.mjs']);
  if (ok(d.status === 0, 'esbuild, node, no setup: builds', d.status === 0 ? '' : short(d.text))) {
    nodeRuns.push(['esbuild, node, no setup', join(out, 'esbuild-node-nosetup', 'node.mjs'), 'names the path']);
  }
}
{
  const workers = ['--platform=browser', '--conditions=workerd,worker', '--external:node:*'];
  const b = esbuild('esbuild-workers', 'app/worker.js', 'esbuild-workers', [...workers, '--loader:.wasm=binary']);
  if (ok(b.status === 0, 'esbuild, workers, --loader:.wasm=binary: builds', b.status === 0 ? '' : short(b.text))) {
    workerdRuns.push(['esbuild, workers', join(out, 'esbuild-workers'), [['worker.js', 'esModule']]]);
  }
  const n = esbuild('esbuild-workers-noloader', 'app/worker.js', 'esbuild-workers-noloader', workers);
  ok(n.status !== 0 && /No loader is configured for "\.wasm" files/.test(n.text), 'esbuild, workers, without --loader:.wasm=binary: the build says a .wasm loader is needed', short(n.text, 200));
}
{
  const b = sh('vite', bin('vite'), ['build']);
  if (ok(b.status === 0 && existsSync(join(out, 'vite', 'index.html')), 'Vite: builds', b.status === 0 ? '' : short(b.text))) {
    browserRuns.push(['Vite, no setup', 'vite', 'works']);
  }
}
{
  const b = sh('webpack', bin('webpack'), ['--config', 'webpack.config.cjs']);
  if (ok(b.status === 0, 'webpack: builds', b.status === 0 ? '' : short(b.text))) {
    page('webpack', 'main.js');
    browserRuns.push(['webpack, no setup', 'webpack', 'works']);
  }
}
{
  const b = sh('bun', bin('bun'), ['build', 'app/browser-init.js', '--target=browser', '--outdir=out/bun']);
  if (ok(b.status === 0, 'bun build: builds', b.status === 0 ? '' : short(b.text))) {
    page('bun', 'browser-init.js');
    browserRuns.push(['bun build, init(wasm URL)', 'bun', 'works']);
  }
}
{
  const env = { WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: join(out, 'wrangler-logs'), CI: '1' };
  const b = sh('wrangler-dry-run', bin('wrangler'), ['deploy', '--dry-run', '--outdir', 'out/wrangler'], env);
  const files = existsSync(join(out, 'wrangler')) ? spawnSync('ls', [join(out, 'wrangler')], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean) : [];
  // Two .wasm modules: the edge build's core, and the full build's for logout and the SP's metadata.
  const wasm = files.filter((f) => f.endsWith('.wasm'));
  if (ok(b.status === 0 && wasm.length === 2, 'wrangler deploy --dry-run: builds, each .wasm as its own module', b.status === 0 ? files.join(' ') : short(b.text))) {
    workerdRuns.push(['wrangler deploy --dry-run output', join(out, 'wrangler'), [['worker.js', 'esModule'], ...wasm.map((w) => [w, 'wasm'])]]);
  }
}

// --- running: Chromium ----------------------------------------------------------------------------
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };
function serve() {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^[/\\]+/, '');
    const file = join(out, path);
    if (!file.startsWith(out + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function judge(name, result, expectation, origin = '') {
  if (expectation === 'works') {
    return ok(
      result.loginName === EXPECTED.loginName && result.refused === EXPECTED.refused && result.metadata === EXPECTED.metadata,
      `${name}: runs (bsimon verified, the tampered copy ${EXPECTED.refused}, the SP's metadata from the full build)`,
      JSON.stringify(result),
    );
  }
  // "no setup" rows: the package cannot find its .wasm; the message says where it looked and what to do.
  const message = result.error ?? '';
  const where = expectation === 'names the URL' ? `${origin}/dist/edge/saml_edge_bg.wasm` : join(out, 'dist', 'edge', 'saml_edge_bg.wasm');
  return ok(message.includes(where) && message.includes("'saml-edge/wasm'") && message.includes('init()'), `${name}: fails naming ${expectation === 'names the URL' ? 'the URL' : 'the path'} it tried and the fix`, short(message));
}

if (browserRuns.length) {
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  let browser;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], headless: true });
    for (const [name, dir, expectation] of browserRuns) {
      const p = await browser.newPage();
      const errors = [];
      p.on('pageerror', (e) => errors.push(String(e)));
      try {
        await p.goto(`${origin}/${dir}/index.html`);
        await p.waitForSelector('#result[data-done]', { timeout: TIMEOUT });
        judge(name, JSON.parse(await p.textContent('#result')), expectation, origin);
      } catch (e) {
        ok(false, `${name}: runs in Chromium`, `${e.message} ${errors.join(' | ')}`);
      } finally {
        await p.close();
      }
    }
  } finally {
    await browser?.close();
    server.close();
  }
}

// --- running: Node --------------------------------------------------------------------------------
for (const [name, file, expectation] of nodeRuns) {
  const r = spawnSync(process.execPath, [file], { cwd: here, encoding: 'utf8', timeout: TIMEOUT });
  let result;
  try {
    result = JSON.parse(r.stdout.trim().split('\n').at(-1));
  } catch {
    result = { error: `exit ${r.status}: ${short(`${r.stdout}${r.stderr}`)}` };
  }
  judge(name, result, expectation);
}

// --- running: workerd -----------------------------------------------------------------------------
function workerdBinary() {
  const candidates = [
    join(here, 'node_modules', '@cloudflare', 'workerd-linux-64', 'bin', 'workerd'),
    join(root, 'tests', 'js', 'runtimes', 'node_modules', '@cloudflare', 'workerd-linux-64', 'bin', 'workerd'),
  ];
  return candidates.find((p) => existsSync(p));
}

/** Serve `modules` (files in dir, the first the main module) in workerd; resolve to the GET / body. */
async function inWorkerd(dir, modules) {
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const w :Workerd.Worker = (
  modules = [ ${modules.map(([f, kind]) => `(name = ${JSON.stringify(f)}, ${kind} = embed ${JSON.stringify(f)})`).join(', ')} ],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat"],
);
`;
  writeFileSync(join(dir, 'config.capnp'), config);
  const child = spawn(workerdBinary(), ['serve', 'config.capnp', '--control-fd=3'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const logs = [];
  child.stdout.on('data', (d) => logs.push(String(d)));
  child.stderr.on('data', (d) => logs.push(String(d)));
  try {
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('workerd did not start')), TIMEOUT);
      child.on('exit', (code) => reject(new Error(`workerd exited ${code}: ${logs.join('')}`)));
      createInterface({ input: child.stdio[3] }).on('line', (line) => {
        try {
          const m = JSON.parse(line);
          if (m.event === 'listen') {
            clearTimeout(timer);
            resolve(m.port);
          }
        } catch {
          // not JSON
        }
      });
    });
    const r = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(TIMEOUT) });
    return JSON.parse(await r.text());
  } catch (e) {
    return { error: `${e.message} ${short(logs.join(''))}` };
  } finally {
    child.kill('SIGKILL');
  }
}

for (const [name, dir, modules] of workerdRuns) {
  judge(`${name}, in workerd`, await inWorkerd(dir, modules), 'works');
}

// --- wrangler dev --local -------------------------------------------------------------------------
{
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  const env = { ...process.env, NO_COLOR: '1', WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: join(out, 'wrangler-logs'), CI: '1' };
  const child = spawn(bin('wrangler'), ['dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', '0', '--show-interactive-dev-session=false'], {
    cwd: here,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const logs = [];
  child.stdout.on('data', (d) => logs.push(String(d)));
  child.stderr.on('data', (d) => logs.push(String(d)));
  let result = { error: 'no answer' };
  try {
    const deadline = Date.now() + 2 * TIMEOUT;
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(TIMEOUT) });
        result = JSON.parse(await r.text());
        break;
      } catch (e) {
        if (Date.now() > deadline || child.exitCode !== null) {
          result = { error: `${e.message}: ${short(logs.join(''))}` };
          break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    try {
      process.kill(-child.pid, 'SIGKILL'); // wrangler and the workerd it started
    } catch {
      // already gone
    }
    writeFileSync(join(out, 'wrangler-dev.log'), logs.join(''));
  }
  judge('wrangler dev --local', result, 'works');
}

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
