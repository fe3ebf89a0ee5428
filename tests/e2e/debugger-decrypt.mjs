// End-to-end test of encrypted assertions in the in-browser debugger (www/decrypt.js), in Debian's
// Chromium driven by playwright-core, against target/www (scripts/build-www.sh).
//
//   scripts/build-www.sh && node tests/e2e/debugger-decrypt.mjs      (CHROMIUM=/path to use another build)
//
// Checks: the encrypted Entra sample verifies to bsimon with its SP key; the report lists the
// decryption and the decrypted XML with the Assertion's signed region marked; another key gives
// ERR_XMLENC_DECRYPTION_FAILED; with no key the response is ERR_SAML_ENCRYPTED_UNSUPPORTED; the key
// field is labelled; no request leaves 127.0.0.1 and nothing but the page's own files is fetched
// (the key never leaves the page). Screenshots: target/e2e-artifacts/debugger-decrypt-*.png.
import { createReadStream, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SITE = join(ROOT, 'target', 'www');
const ARTIFACTS = join(ROOT, 'target', 'e2e-artifacts');
const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm' };
const TIMEOUT = 20_000;

let passed = 0;
let failed = 0;
function ok(condition, name, info = '') {
  if (condition) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${info ? `: ${info}` : ''}`);
  }
  return condition;
}

const requests = [];
function serve() {
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^[/\\]+/, '');
    const file = join(SITE, path === '' ? 'index.html' : path);
    let size = -1;
    try {
      if (file.startsWith(SITE + sep) && statSync(file).isFile()) size = statSync(file).size;
    } catch {
      // missing: 404 below
    }
    if (size < 0) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-length': size });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

mkdirSync(ARTIFACTS, { recursive: true });
const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}`;
const outside = [];
const pageErrors = [];
let browser;

async function verdictAfter(page, act) {
  await page.evaluate(() => document.getElementById('verdict').removeAttribute('data-code'));
  await act();
  await page.waitForSelector('#verdict[data-code]', { timeout: TIMEOUT });
  return page.getAttribute('#verdict', 'data-code');
}
const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `debugger-decrypt-${name}.png`), fullPage: true });

try {
  browser = await chromium.launch({ executablePath: EXECUTABLE, args: ARGS, headless: true });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: TIMEOUT });
  const loaded = requests.length;

  const sample = 'button[data-sample="entra_encrypted_aes256cbc"]';
  const code = await verdictAfter(page, () => page.click(sample));
  ok(code === 'OK', 'encrypted sample: valid login', code);
  ok((await page.textContent('#verdict-user')) === 'bsimon', 'encrypted sample: the user is bsimon');
  const decryption = (await page.textContent('#decryption')) ?? '';
  ok(/EncryptedAssertion: AES-256-CBC, key transport rsa-oaep-mgf1p \(SHA-1, MGF1-SHA-1\), opened with SP key #1/.test(decryption),
    'encrypted sample: the report says what was decrypted', decryption.slice(0, 300));
  ok(/AES-GCM is preferred/.test(decryption), 'encrypted sample: the CBC note is shown');
  const xml = (await page.textContent('#xml')) ?? '';
  ok(xml.includes('B.Simon@contoso.com') && !xml.includes('EncryptedAssertion'), 'encrypted sample: the XML shown is decrypted');
  ok((await page.locator('#xml .line.signed').count()) > 10, 'encrypted sample: the Assertion\'s signed region is marked');
  await shot(page, 'ok');

  // Another SP key: the one decryption error.
  const nextKey = readFileSync(join(ROOT, 'tests/keys/sp-enc-rsa2048-next.key'), 'utf8');
  await page.fill('#sp-key', nextKey);
  const wrong = await verdictAfter(page, () => page.click('#verify'));
  ok(wrong === 'ERR_XMLENC_DECRYPTION_FAILED', 'another SP key: ERR_XMLENC_DECRYPTION_FAILED', wrong);
  ok(/Not decrypted: ERR_XMLENC_DECRYPTION_FAILED/.test((await page.textContent('#decryption')) ?? ''), 'another SP key: the report says it');
  await shot(page, 'wrong-key');

  // No key: refused as encrypted, and the XML stays encrypted.
  await page.fill('#sp-key', '');
  const none = await verdictAfter(page, () => page.click('#verify'));
  ok(none === 'ERR_SAML_ENCRYPTED_UNSUPPORTED', 'no SP key: ERR_SAML_ENCRYPTED_UNSUPPORTED', none);
  ok((await page.locator('#decryption').count()) === 0, 'no SP key: no decryption section');

  // A plaintext sample clears the key field.
  await page.click(sample);
  await page.waitForSelector('#decryption', { timeout: TIMEOUT });
  const other = await page.locator('button.sample:not([data-sample="entra_encrypted_aes256cbc"])').first();
  await verdictAfter(page, () => other.click());
  ok((await page.inputValue('#sp-key')) === '', 'another sample clears the SP key');

  const unlabeled = await page.evaluate(() => [...document.querySelectorAll('textarea')].filter((e) => !e.labels?.length).map((e) => e.id));
  ok(unlabeled.length === 0, 'the SP key field has a label', unlabeled.join(', '));
  const after = requests.slice(loaded);
  ok(after.every((r) => r.startsWith('GET ')), 'after loading, nothing but GETs of the page\'s own files', after.join(', '));
} catch (e) {
  ok(false, 'debugger decryption run', String(e?.stack ?? e));
} finally {
  await browser?.close();
  server.close();
}

ok(outside.length === 0, 'no request left 127.0.0.1', outside.join(', '));
ok(pageErrors.length === 0, 'no errors in the page', pageErrors.join(' | '));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
