// End-to-end test of the in-browser SAML debugger (www/, built into target/www by scripts/build-www.sh)
// in Debian's Chromium, driven by playwright-core.
//
//   scripts/build-www.sh && node tests/e2e/debugger.mjs      (CHROMIUM=/path to use another build)
//
// Serves target/www on 127.0.0.1:<free port> and checks: every bundled sample gives its manifest
// verdict (the valid one shows the claims), a pasted base64 response and a pasted redirect URL
// with SAMLRequest, keyboard-only use of the sample buttons and Verify, the canonical bytes. Any
// request to a host other than the test server is aborted and fails the run (the page must work
// offline). Then what a person meets: no stray "null" after any verdict, an empty form and empty
// fields explained (never a raw option TypeError), the IdP entity ID really optional, one click
// filling the fields from the message (marked as unverified), a time chart readable across years
// (labels with dates, none overlapping or cut off, "expired 4 years 9 months ago"), nothing wider
// than a 420 px screen, a favicon and no 404 at all; advice of its own for every error code in
// pkg/dist/error-codes.json. A screenshot of each state goes to
// target/e2e-artifacts/debugger-*.png (debugger-valid, -expired-years-later, -wrong-certificate and
// -empty-form among them). Prints
// `N passed, N failed` last; exits 1 on any failure. Always closes the browser and the server.
import { createReadStream, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SITE = join(ROOT, 'target', 'www');
const ARTIFACTS = join(ROOT, 'target', 'e2e-artifacts');
const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
const notFound = [];
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

function serve() {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^[/\\]+/, '');
    const file = join(SITE, path === '' ? 'index.html' : path);
    let size = -1;
    try {
      if (file.startsWith(SITE + sep) && statSync(file).isFile()) size = statSync(file).size;
    } catch {
      // missing: 404 below
    }
    if (size < 0) {
      notFound.push(req.url);
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-length': size });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const samples = (await import(pathToFileURL(join(SITE, 'samples.js')).href)).default;
mkdirSync(ARTIFACTS, { recursive: true });
const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}`;
const outside = [];
const pageErrors = [];
let browser;

/**
 * Text that only a rendering slip produces: `Element.append(null)` writes "null", a missing field
 * "undefined", arithmetic on one "NaN", an object "[object Object]". Returns each such text node
 * (or a text ending in one, as "nullnull" did) with the id of its nearest element.
 */
const strayText = (page) =>
  page.evaluate(() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (/(^|[^\w])(null|undefined|NaN|\[object Object\])$/.test(n.data.trim())) {
        found.push(`${n.parentElement?.closest('[id]')?.id ?? '?'}: ${JSON.stringify(n.data.trim().slice(-60))}`);
      }
    }
    return found;
  });

/** Click (or press) something that runs the debugger, and wait for the new verdict. */
async function verdictAfter(page, act, label = 'verdict') {
  await page.evaluate(() => document.getElementById('verdict').removeAttribute('data-code'));
  await act();
  await page.waitForSelector('#verdict[data-code]', { timeout: TIMEOUT });
  const code = await page.getAttribute('#verdict', 'data-code');
  const stray = await strayText(page);
  ok(stray.length === 0, `${label} (${code}): no stray null/undefined/NaN text on the page`, stray.join(' | '));
  return code;
}

const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `debugger-${name}.png`), fullPage: true });

try {
  browser = await chromium.launch({ executablePath: EXECUTABLE, args: ARGS, headless: true });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // Offline: only the test server may be reached; anything else is recorded and aborted.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin) return route.continue();
    if (url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));

  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: TIMEOUT });
  ok(true, 'page loads and the core initializes');
  await shot(page, 'start');

  // Every bundled sample, by mouse.
  ok(samples.length >= 5, 'at least five samples are bundled', String(samples.length));
  for (const s of samples) {
    const code = await verdictAfter(page, () => page.click(`button[data-sample="${s.id}"]`));
    const want = s.expect === 'ok' ? 'OK' : s.expect;
    ok(code === want, `sample ${s.id}: verdict ${want}`, `found ${code}`);
    if (s.expect !== 'ok') {
      const shown = await page.textContent('#verdict-code');
      ok(shown === s.expect, `sample ${s.id}: the code is shown`, shown);
      ok(((await page.textContent('.verdict-advice')) ?? '').startsWith('To fix:'), `sample ${s.id}: a sentence says what to fix`);
    }
    ok((await page.locator('#steps > li').count()) >= 3, `sample ${s.id}: the steps are listed`);
    await shot(page, s.id);
  }

  // The valid sample in detail: claims, digests, key, timeline, signed region, canonical bytes.
  const valid = samples.find((s) => s.expect === 'ok');
  await verdictAfter(page, () => page.click(`button[data-sample="${valid.id}"]`));
  const claims = (await page.textContent('#claims')) ?? '';
  for (const want of ['NameID', 'bsimon', 'B.Simon@contoso.com', 'emailaddress', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress']) {
    ok(claims.includes(want), `valid sample: claims show ${want}`);
  }
  const steps = (await page.textContent('#steps')) ?? '';
  ok(/Digest \(sha256\) matches/.test(steps), 'valid sample: digest computed vs declared', steps.slice(0, 300));
  ok(steps.includes('verifies with configured certificate #1'), 'valid sample: key matched to the pinned certificate');
  ok((await page.locator('#timeline svg rect').count()) >= 4, 'valid sample: the timeline is drawn');
  ok((await page.locator('#xml .line.signed').count()) > 10, 'valid sample: the signed region is marked');
  ok((await page.locator('#conditions tr.bad').count()) === 0, 'valid sample: every condition as expected');
  await page.click('#canonical-btn');
  await page.waitForSelector('pre.canonical', { timeout: TIMEOUT });
  ok(/^<SignedInfo/.test((await page.textContent('pre.canonical')) ?? ''), 'canonical SignedInfo shown on request');
  await shot(page, 'canonical');

  // Rollover: the untrusted certificate is named with its thumbprint.
  await verdictAfter(page, () => page.click('button[data-sample="rollover_only_old_pinned"]'));
  ok(/Signed by a certificate you did not configure: thumbprint [0-9A-F]{40}/.test((await page.textContent('#steps')) ?? ''), 'rollover: the unconfigured certificate is named with its SHA-1 thumbprint');

  // Paste: the valid response as base64, then URL-encoded base64.
  const b64 = readFileSync(join(ROOT, 'tests/fixtures/valid/entra_assertion_signed.b64'), 'utf8');
  for (const [name, text] of [['base64', b64], ['url-encoded', encodeURIComponent(b64.replace(/\s+/g, ''))]]) {
    await page.fill('#message', text);
    const code = await verdictAfter(page, () => page.click('#verify'));
    ok(code === 'OK', `pasted ${name} response: valid`, code);
    ok(((await page.textContent('#claims')) ?? '').includes('bsimon'), `pasted ${name} response: claims shown`);
    await shot(page, `paste-${name}`);
  }

  // Paste: a redirect URL carrying an AuthnRequest.
  const request = readFileSync(join(ROOT, 'tests/fixtures/attacks/not_response_authnrequest.xml'), 'utf8');
  const requestId = /ID="([^"]+)"/.exec(request)[1];
  const url = `https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2?SAMLRequest=${encodeURIComponent(deflateRawSync(request).toString('base64'))}&RelayState=%2Fwanted`;
  await page.fill('#message', url);
  const reqCode = await verdictAfter(page, () => page.click('#verify'));
  ok(reqCode === 'SAMLRequest', 'pasted redirect URL: decoded as a SAMLRequest', reqCode);
  ok(((await page.textContent('#request-fields')) ?? '').includes(requestId), 'pasted redirect URL: the AuthnRequest ID is shown');
  ok(((await page.textContent('#xml')) ?? '').includes('AuthnRequest'), 'pasted redirect URL: the AuthnRequest XML is shown');
  ok(((await page.textContent('#steps')) ?? '').includes('RelayState /wanted'), 'pasted redirect URL: the RelayState is shown');
  await shot(page, 'redirect-request');

  // Keyboard only: Tab to a sample button, Enter; then Tab to Verify, Enter.
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: TIMEOUT });
  const tabTo = async (selector) => {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return true;
    }
    return false;
  };
  const expired = samples.find((s) => s.id === 'time_subject_confirmation_expired');
  ok(await tabTo(`button[data-sample="${expired.id}"]`), 'keyboard: Tab reaches a sample button');
  const kbCode = await verdictAfter(page, () => page.keyboard.press('Enter'));
  ok(kbCode === expired.expect, 'keyboard: Enter on a sample runs it', kbCode);
  ok(await tabTo('#verify'), 'keyboard: Tab reaches Verify');
  const kbVerify = await verdictAfter(page, () => page.keyboard.press('Enter'));
  ok(kbVerify === expired.expect, 'keyboard: Enter on Verify verifies again', kbVerify);
  const focusVisible = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle !== 'none');
  ok(focusVisible, 'keyboard: the focused control shows a focus outline');
  await shot(page, 'keyboard');

  // --- The states a person meets, each with its screenshot -------------------------------------

  /** The timeline's text labels: every one inside the picture, no two overlapping. */
  const timelineLayout = async (name) => {
    const { vb, boxes } = await page.evaluate(() => {
      const svg = document.querySelector('#timeline svg');
      const v = svg.viewBox.baseVal;
      return { vb: [v.width, v.height], boxes: [...svg.querySelectorAll('text')].map((t) => { const b = t.getBBox(); return [b.x, b.y, b.width, b.height, t.textContent]; }) };
    });
    const outside = boxes.filter(([x, y, w, h]) => x < 0 || y < 0 || x + w > vb[0] + 0.5 || y + h > vb[1] + 0.5).map((b) => b[4]);
    ok(outside.length === 0, `${name}: no timeline label is cut off`, outside.join(' | '));
    const overlapping = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        if (a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]) overlapping.push(`${a[4]} / ${b[4]}`);
      }
    }
    ok(overlapping.length === 0, `${name}: no two timeline labels overlap`, overlapping.join(' | '));
    return boxes.map((b) => b[4]);
  };

  // Valid.
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: TIMEOUT });
  ok((await verdictAfter(page, () => page.click(`button[data-sample="${valid.id}"]`), 'valid')) === 'OK', 'valid: accepted');
  const nearLabels = await timelineLayout('valid');
  ok(nearLabels.some((t) => t.startsWith('2026-01-15 ')) && nearLabels.some((t) => t.startsWith('now 2026-01-15 10:01:00')), 'valid: timeline labels carry the date', nearLabels.join(' | '));
  await shot(page, 'valid');

  // Expired years later: the same response evaluated at 2030-10-20.
  await page.fill('#now', '2030-10-20T00:00:00Z');
  ok((await verdictAfter(page, () => page.click('#verify'), 'expired years later')) === 'ERR_SAML_EXPIRED', 'expired years later: ERR_SAML_EXPIRED');
  const summary = (await page.textContent('#time-summary')) ?? '';
  ok(summary.includes('SubjectConfirmation: expired 4 years 9 months ago'), 'expired years later: "expired 4 years 9 months ago"', summary);
  const lateAdvice = (await page.textContent('.verdict-advice')) ?? '';
  ok(lateAdvice.includes('it expired 4 years 9 months before the instant evaluated'), 'expired years later: the advice says how long ago', lateAdvice);
  const farLabels = await timelineLayout('expired years later');
  ok(farLabels.includes('now 2030-10-20 00:00:00 UTC') && farLabels.some((t) => /^4 years 9 months after/.test(t)), 'expired years later: now stands past a break, with how far it is', farLabels.join(' | '));
  const bar = await page.evaluate(() => Math.max(...[...document.querySelectorAll('#timeline .tl-window')].map((r) => r.getBBox().width)));
  ok(bar > 100, 'expired years later: the windows keep a readable width (no sliver)', `${bar} px`);
  await shot(page, 'expired-years-later');

  // Wrong certificate: the IdP signed with its next one; its SHA-1 thumbprint is named (Entra shows that one).
  ok((await verdictAfter(page, () => page.click('button[data-sample="rollover_only_old_pinned"]'), 'wrong certificate')) === 'ERR_DSIG_UNTRUSTED_CERT', 'wrong certificate: ERR_DSIG_UNTRUSTED_CERT');
  const sha1 = await page.evaluate(() => [...document.querySelectorAll('#verdict dt')].find((d) => d.textContent === 'certificateSha1')?.nextElementSibling?.textContent ?? '');
  ok(/^[0-9a-f]{40}$/.test(sha1) && ((await page.textContent('.verdict-advice')) ?? '').includes(`thumbprint ${sha1.toUpperCase()}`), 'wrong certificate: the advice names the SHA-1 thumbprint', sha1);
  await shot(page, 'wrong-certificate');

  // Empty form, then a message alone: explained, never a raw option TypeError.
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: TIMEOUT });
  ok((await verdictAfter(page, () => page.click('#verify'), 'empty form')) === 'EMPTY', 'empty form: "Nothing to verify"');
  await shot(page, 'empty-form');
  await page.fill('#message', b64);
  ok((await verdictAfter(page, () => page.click('#verify'), 'message only')) === 'INCOMPLETE', 'message only: asks for the missing fields');
  const incomplete = (await page.textContent('#verdict')) ?? '';
  ok(incomplete.includes('SP entity ID') && incomplete.includes('ACS URL') && !incomplete.includes('options.'), 'message only: names the fields, no option TypeError', incomplete);
  ok((await page.locator('#steps > li').count()) >= 3, 'message only: the report explains the message anyway');

  // One click fills the fields from the message, each marked as unverified.
  await page.click('#fill');
  await page.waitForSelector('#entity-id.from-message', { timeout: TIMEOUT });
  const manifestDefaults = valid.settings;
  const filled = {
    'entity-id': manifestDefaults.entityId,
    'acs-url': manifestDefaults.acsUrl,
    'idp-entity-id': manifestDefaults.idpEntityId,
    'request-id': manifestDefaults.inResponseTo,
  };
  for (const [id, want] of Object.entries(filled)) {
    ok((await page.inputValue(`#${id}`)) === want, `fill from the message: ${id}`, await page.inputValue(`#${id}`));
    ok(((await page.textContent(`#${id}-note`)) ?? '') === 'taken from the unverified message', `fill from the message: ${id} is marked as taken from the unverified message`);
  }
  ok((await page.inputValue('#now')).startsWith('2026-01-15T10:00:00'), 'fill from the message: the instant (IssueInstant)', await page.inputValue('#now'));
  await shot(page, 'filled-from-message');
  await page.fill('#certs', valid.settings.certificates.join('\n'));
  ok((await verdictAfter(page, () => page.click('#verify'), 'filled')) === 'OK', 'filled from the message + the certificate: valid');
  await page.fill('#entity-id', 'x');
  ok((await page.locator('#entity-id-note').count()) === 0, 'editing a filled field removes its mark');
  await page.fill('#entity-id', manifestDefaults.entityId);

  // The IdP entity ID is optional: empty, the message's Issuer stands in, and the verdict says so.
  await page.fill('#idp-entity-id', '');
  ok((await verdictAfter(page, () => page.click('#verify'), 'no IdP entity ID')) === 'OK', 'IdP entity ID empty: still a verdict');
  ok(((await page.textContent('.verdict-note')) ?? '').includes('taken from the message, so it was not checked'), 'IdP entity ID empty: the verdict says the Issuer was not checked');

  // A field with a bad value is named as the field.
  await page.fill('#acs-url', 'not a url');
  await verdictAfter(page, () => page.click('#verify'), 'bad ACS URL');
  const bad = (await page.textContent('#verdict')) ?? '';
  ok(bad.includes('Check the field "ACS URL"') && !bad.includes('options.'), 'a bad ACS URL is named as the field', bad);

  // 420 px wide: nothing wider than the screen (thumbprints and URLs wrap).
  const phone = await context.newPage();
  phone.on('pageerror', (e) => pageErrors.push(String(e)));
  await phone.setViewportSize({ width: 420, height: 900 });
  await phone.goto(`${origin}/`);
  await phone.waitForSelector('body[data-ready=true]', { timeout: TIMEOUT });
  for (const id of [valid.id, 'rollover_only_old_pinned']) {
    await verdictAfter(phone, () => phone.click(`button[data-sample="${id}"]`), `420 px ${id}`);
    const [scroll, width] = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    ok(scroll <= width, `420 px, ${id}: nothing overflows the screen`, `${scroll} > ${width}`);
    await phone.screenshot({ path: join(ARTIFACTS, `debugger-420px-${id}.png`), fullPage: true });
  }
  await phone.close();

  // A favicon (no 404 in the console).
  const icon = await page.request.get(`${origin}/${await page.getAttribute('link[rel=icon]', 'href')}`);
  ok(icon.status() === 200 && (icon.headers()['content-type'] ?? '').startsWith('image/svg+xml'), 'the favicon is served', String(icon.status()));

  // Every error code the package can throw (the list generated with pkg/dist) has its own advice, a
  // sentence even when the error carries no detail; the advice names no code the package lacks.
  const { codes } = JSON.parse(readFileSync(join(ROOT, 'pkg', 'dist', 'error-codes.json'), 'utf8'));
  const table = await page.evaluate(async (all) => {
    const m = await import('/advice.js');
    return { own: m.ADVICE_CODES, sentences: all.map((code) => [code, m.advice({ code, message: '', detail: {} })]) };
  }, codes);
  const without = codes.filter((c) => !table.own.includes(c));
  ok(codes.length > 0 && without.length === 0, `advice: each of the ${codes.length} error codes has its own`, `none for ${without.join(', ')}`);
  const unknown = table.own.filter((c) => !codes.includes(c));
  ok(unknown.length === 0, 'advice: for no code the package lacks', unknown.join(', '));
  const poor = table.sentences.filter(([, a]) => typeof a !== 'string' || a.length < 20 || /undefined|null|NaN|\[object/.test(a));
  ok(poor.length === 0, 'advice: a sentence for every code, also without detail', poor.map(([c, a]) => `${c}: ${a}`).join(' | '));
  const rsa = table.sentences.find(([c]) => c === 'ERR_KEY_UNSUPPORTED')?.[1] ?? '';
  ok(rsa.includes('minRsaBits: 1024') && rsa.includes('--min-rsa-bits 1024'), 'advice: ERR_KEY_UNSUPPORTED names the RSA-1024 opt-in', rsa);

  // Every control has a label.
  const unlabeled = await page.evaluate(() =>
    [...document.querySelectorAll('input, textarea')].filter((e) => !e.labels?.length).map((e) => e.id),
  );
  ok(unlabeled.length === 0, 'every input has a label', unlabeled.join(', '));
} catch (e) {
  ok(false, 'debugger run', String(e?.stack ?? e));
} finally {
  await browser?.close();
  server.close();
}

ok(outside.length === 0, 'no request left 127.0.0.1 (works offline)', outside.join(', '));
ok(notFound.length === 0, 'no request got a 404', notFound.join(', '));
ok(pageErrors.length === 0, 'no errors in the page', pageErrors.join(' | '));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
