// Opens examples/browser/ in headless Chromium (/usr/bin/chromium, driven by playwright-core from
// tests/js/runtimes) and uses it as a person would:
//   1. pastes the Entra-shaped fixture (base64) and the IdP certificate, clicks Verify: the page must
//      say "Signed in: bsimon"; screenshot target/js-artifacts/example-browser.png
//   2. pastes a tampered response (NameID changed after signing, XML), clicks Verify: the page must
//      show ERR_DSIG_DIGEST_MISMATCH; screenshot target/js-artifacts/example-browser-refused.png
// A static server on 127.0.0.1:<free port> serves examples/ and, under examples/node_modules/saml-edge/,
// the package (pkg/), as `npm install` in examples/ links it; the page's import map must point at the
// package's "browser" export. Always closes the browser and the server; exits 1 if a check failed.
//
//   node examples/browser/run.mjs        (CHROMIUM=/path/to/chromium to use another build)
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { repoRoot, resolveExport, runtimesDir } from '../../tests/js/runtimes/lib.mjs';

const { chromium } = createRequire(join(runtimesDir, 'package.json'))('playwright-core');
const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const artifacts = join(repoRoot, 'target', 'js-artifacts');
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json' };
const PKG_PREFIX = '/examples/node_modules/saml-edge/';

const read = (path) => readFileSync(join(repoRoot, path), 'utf8');
const FIELDS = {
  certificate: read('tests/keys/idp-rsa2048.crt'),
  idp: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/',
  sp: 'https://auth.iws-hybrid.trendmicro.com/0123456789abcdef',
  acs: 'https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp',
  inResponseTo: '', // empty: verifyResponse(..., { allowUnsolicited: true })
  at: '2026-01-15T10:01:00Z', // the fixtures' instant
};

function startServer() {
  const examples = join(repoRoot, 'examples') + sep;
  const pkg = join(repoRoot, 'pkg') + sep;
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') return res.writeHead(204).end();
    const file = path.startsWith(PKG_PREFIX)
      ? normalize(join(pkg, path.slice(PKG_PREFIX.length)))
      : normalize(join(repoRoot, path));
    const allowed = file.startsWith(pkg) ? /^(src|dist)\//.test(file.slice(pkg.length)) : file.startsWith(examples) && !file.includes(`${sep}node_modules${sep}`);
    let st = null;
    try { st = allowed ? statSync(file) : null; } catch { /* missing */ }
    if (!st?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((res, rej) => server.on('error', rej).listen(0, '127.0.0.1', () => res(server)));
}

const checks = [];
function check(ok, name, info = '') {
  checks.push(ok);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${info ? ` — ${info}` : ''}`);
}

let server;
let context;
let profile;
const pageErrors = [];
try {
  // The import map in index.html must name the package's "browser" export.
  const entry = resolveExport(join(repoRoot, 'pkg'), ['browser', 'import', 'module']);
  const mapped = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(read('examples/browser/index.html'))[1]).imports['saml-edge'];
  check(mapped === `../node_modules/saml-edge/${entry.path.replace(/^\.\//, '')}`, 'the import map points at the "browser" export', `${mapped} (${entry.condition}: ${entry.path})`);

  server = await startServer();
  const url = `http://127.0.0.1:${server.address().port}/examples/browser/index.html`;
  profile = mkdtempSync(join(tmpdir(), 'saml-edge-example-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: EXECUTABLE, headless: true, args: ARGS, viewport: { width: 1000, height: 900 }, timeout: 60_000 });
  const page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`console.error: ${m.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400) pageErrors.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.setDefaultTimeout(60_000);
  await page.goto(url, { waitUntil: 'load' });
  console.log(`chromium: ${await page.evaluate(() => navigator.userAgent)}; ${url}`);

  const verify = async (response) => {
    for (const [id, value] of Object.entries({ ...FIELDS, response })) await page.fill(`#${id}`, value);
    await page.click('#verify'); // the page disables the button until the result is shown
    await page.waitForSelector('#verify:enabled');
    return page.innerText('#result');
  };
  mkdirSync(artifacts, { recursive: true });

  const signedIn = await verify(read('tests/fixtures/valid/entra_assertion_signed.b64'));
  check(/Signed in: bsimon\b/.test(signedIn) && signedIn.includes('NameID: B.Simon@contoso.com'), 'the Entra fixture signs in bsimon', signedIn.split('\n')[0].replace('Signed in: ', 'heading: '));
  await page.screenshot({ path: join(artifacts, 'example-browser.png'), fullPage: true });

  const refused = await verify(read('tests/fixtures/attacks/digest_mismatch_nameid.xml'));
  check(refused.startsWith('Refused: ERR_DSIG_DIGEST_MISMATCH'), 'the tampered response is refused with ERR_DSIG_DIGEST_MISMATCH', refused.split('\n')[0].slice(0, 120));
  await page.screenshot({ path: join(artifacts, 'example-browser-refused.png'), fullPage: true });
  console.log(`screenshots: target/js-artifacts/example-browser.png, example-browser-refused.png`);
  check(pageErrors.length === 0, 'no page errors', pageErrors.join('; '));
} catch (e) {
  check(false, 'browser example', String(e?.stack ?? e));
  for (const x of pageErrors) console.log(x);
} finally {
  if (context) await context.close().catch(() => {});
  if (server) { server.closeAllConnections?.(); await new Promise((r) => server.close(r)); }
  if (profile) rmSync(profile, { recursive: true, force: true });
}
const failed = checks.filter((c) => !c).length;
console.log(`browser example: ${checks.length - failed} checks passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
