// End-to-end: the demo's SP-initiated login and Single Logout in Debian's Chromium (playwright-core),
// against the real stack of demo/run.mjs (SimpleSAMLphp from apt, the portal Worker in workerd).
//
// As the demo runs, SimpleSAMLphp encrypts every Assertion (signed first) to the encryption certificate
// of the portal's metadata, with its only choice for an RSA key: the content key by RSA-OAEP-MGF1P
// (SHA-1), the Assertion by AES-128-CBC; the portal decrypts with its key (a Worker binding; WebCrypto in
// workerd). Checked: the POSTed response holds an EncryptedAssertion and nothing in the clear; xmlsec1
// decrypts it with the portal's key to the signed Assertion of bsimon; the page says what was decrypted,
// with which algorithms, and gives the CBC warning. With the IdP signing the Response too, its signature
// over the ciphertext is verified before decrypting. A tampered ciphertext (a byte of the content, or of
// the encrypted key) is ERR_XMLENC_DECRYPTION_FAILED with the Assertion signed only, and
// ERR_DSIG_DIGEST_MISMATCH (the Response's signature, which comes first) with the Response signed. The
// IdP's switches (demo.idpPolicy) turn encryption off for the plaintext tamper and the timings in the clear.
//
//   cd tests/e2e && npm ci && node login.mjs        (scripts/test.sh runs it)
//
// SimpleSAMLphp knows the portal only from the signed metadata the portal serves at /saml/metadata
// (no hand-written SP entry), requires signed AuthnRequests and signs and validates logout messages:
// it accepts the portal's signed AuthnRequest and refuses it tampered or unsigned. "Sign out
// everywhere" (SP-initiated Single Logout) ends the IdP session too: the next login asks for the
// password again; a replayed LogoutResponse is ERR_STATE_REUSED. Signing out at the IdP
// (IdP-initiated) ends the portal session; a replayed LogoutRequest is ERR_SAML_REPLAY, a tampered one
// ERR_DSIG_SIGNATURE_INVALID. Timed: each logout, click to the page it ends on.
//
// protected page -> portal (account typed, sent as login_hint) -> SimpleSAMLphp's login form, which
// shows that account (the user types only the password) -> the ACS -> the page first asked for, showing
// bsimon and B.Simon@contoso.com; the session is kept in the portal's Durable Object and the cookie holds
// only its sealed ID, so a user with 150 group claims stays signed in too; two logins started in two tabs
// of one browser both complete. A user in 200 groups, for whom the IdP sends Entra's overage claim
// (groups.link, no groups claim): the portal lists the 200 groups that saml-edge/entra resolved through
// the local Graph stand-in (tests/entra/directory-server.mjs). Back after signing in, and a re-POST of the
// ACS form, give "already signed in" and go on to the page; signed out, "this sign-in was already used"
// with a link back to it (screenshots login-back-*.png, login-repost-*.png). A deep link of 1024 bytes
// comes back whole (only a 22-character token goes through the IdP); a longer one is said on the portal
// and lands on /. Then the refusals,
// each with its exact code: a tampered response, sent in the clear (ERR_DSIG_DIGEST_MISMATCH), a replayed one
// (ERR_STATE_REUSED with its own cookie; with a new login's cookie ERR_STATE_RELAY_MISMATCH, or
// ERR_SAML_IN_RESPONSE_TO when the RelayState is swapped for the new login's), a missing
// (ERR_STATE_MISSING) and an expired (ERR_STATE_EXPIRED) request state. Measures the time from the
// click on the portal's button to the signed-in page, encrypted and in the clear. Screenshots:
// target/e2e-artifacts/login-*.png.
// Prints `N passed, N failed` last; exits 1 on any failure. Always stops the demo and the browser.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemo } from '../../demo/run.mjs';
import { errorCodeIn, expectEqual, expectTrue, harness, median } from './login-harness.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const ART = join(repoRoot, 'target', 'e2e-artifacts');
const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
// A started login stays valid this long in this run (the default is 300 s), so the expired-state case
// waits only this much; the replay of the first login runs right after it, well within it.
const STATE_MAX_AGE_S = 30;
const WANTED = '/intranet/reports?quarter=3';
const RUNS = Number(process.env.E2E_LOGIN_RUNS || 5); // more, to hunt for rare stalls

const { test, summary } = harness();
/** SimpleSAMLphp's error pages for a redirect-binding signature that does not verify, or is missing. */
const BAD_SIGNATURE = 'Unable to validate signature on query string';
const NO_SIGNATURE = 'Validation of received messages enabled, but no signature found on message';

/**
 * Change one base64 character of the Signature parameter (a valid-looking but wrong signature). The
 * character is changed in the decoded value (a percent escape such as %2B is never cut), and the rest of
 * the query keeps its exact encoding, which is what the signature covers.
 */
function tamperSignature(url) {
  const m = /([?&]Signature=)([^&]*)/.exec(url);
  const sig = decodeURIComponent(m[2]);
  const changed = sig.slice(0, 20) + (sig[20] === 'A' ? 'B' : 'A') + sig.slice(21);
  return url.slice(0, m.index) + m[1] + encodeURIComponent(changed) + url.slice(m.index + m[0].length);
}

/** The SAMLResponse of a captured ACS POST body, as XML. */
const responseXml = (body) => Buffer.from(new URLSearchParams(body).get('SAMLResponse') ?? '', 'base64').toString('utf8');

/** Whether the response holds an EncryptedAssertion and no Assertion in the clear. */
const encryptedOnly = (xml) => /<(\w+:)?EncryptedAssertion\b/.test(xml) && !/<(\w+:)?Assertion\b/.test(xml);

/**
 * The response decrypted by xmlsec1 (the reference implementation, not saml-edge) with the portal's
 * encryption key: the document with the Assertion in place of its EncryptedData.
 */
function xmlsecDecrypt(demo, xml) {
  const dir = mkdtempSync(join(tmpdir(), 'saml-edge-e2e-'));
  try {
    writeFileSync(join(dir, 'response.xml'), xml);
    return execFileSync('xmlsec1', ['--decrypt', '--privkey-pem', demo.spEncryption.keyFile, join(dir, 'response.xml')],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One byte of a ciphertext changed: `what` is 'content' (the EncryptedData's own CipherValue, a byte in
 * the middle) or 'key' (the EncryptedKey's CipherValue). Returns the response XML with it changed.
 */
function tamperCiphertext(xml, what) {
  const keyStart = xml.search(/<(\w+:)?EncryptedKey\b/);
  const keyEnd = xml.search(/<\/(\w+:)?EncryptedKey>/);
  const values = [...xml.matchAll(/(<(?:\w+:)?CipherValue>)([^<]*)(<\/(?:\w+:)?CipherValue>)/g)];
  const inKey = (m) => m.index > keyStart && m.index < keyEnd;
  const m = values.find((v) => (what === 'key' ? inKey(v) : !inKey(v)));
  if (keyStart < 0 || !m) throw new Error(`no ${what} CipherValue in the response`);
  const bytes = Buffer.from(m[2].replace(/\s+/g, ''), 'base64');
  bytes[bytes.length >> 1] ^= 0x01;
  const at = m.index + m[1].length;
  return xml.slice(0, at) + bytes.toString('base64') + xml.slice(at + m[2].length);
}

/** The portal's logout-state cookie (plain http: no __Host- prefix). */
const isLogoutCookie = (c) => c.name === 'saml_edge_state-logout';

/**
 * Every request `page` makes to the portal's logout URL: `{ url, cookie }` (the IdP's LogoutRequest or
 * LogoutResponse as the browser delivered it), for the replays.
 */
function sloRequests(page, demo) {
  const seen = [];
  page.on('request', async (r) => {
    if (!r.url().startsWith(demo.urls.slo)) return;
    const entry = { url: r.url(), cookie: null };
    seen.push(entry);
    entry.cookie = (await r.allHeaders().catch(() => ({}))).cookie ?? null;
  });
  return seen;
}

/** "Sign out everywhere" on a signed-in page: returns the time from the click to the signed-out page. */
async function logoutEverywhere(page) {
  const t0 = performance.now();
  await page.click('#logout-everywhere');
  await page.waitForSelector('#signed-out, #error-code', { timeout: 30_000 });
  return performance.now() - t0;
}

/** Sign out at the IdP (its SingleLogoutService, ReturnTo the portal): the time until the portal shows. */
async function logoutAtIdp(page, demo) {
  const t0 = performance.now();
  await page.goto(demo.urls.idpLogout);
  await page.waitForSelector('#portal, #error-code', { timeout: 30_000 });
  return performance.now() - t0;
}
const shot = (page, name) => page.screenshot({ path: join(ART, `login-${name}.png`), fullPage: true });

/** POST a captured form body to the ACS as the browser did, with the given Cookie header (or none). */
async function postAcs(demo, body, cookie) {
  const res = await fetch(demo.urls.acs, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body,
  });
  return { status: res.status, html: await res.text() };
}

/** Request-state cookies: one per pending login (`saml_edge_state-<slot>`; plain http: no __Host- prefix). */
const isStateCookie = (c) => /^saml_edge_state-\d+$/.test(c.name);

/** The request-state cookies the browser holds for the ACS, as a Cookie header. */
async function stateCookie(context, demo) {
  const cs = (await context.cookies(demo.urls.acs)).filter(isStateCookie);
  expectTrue(cs.length > 0, `the browser holds no saml_edge_state-<slot> cookie for ${demo.urls.acs}`);
  return cs.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** Every request, response and failure of `page`, in order, with the time since the trace began. */
function traceOf(page) {
  const t0 = performance.now();
  const lines = [];
  const at = () => `${(performance.now() - t0).toFixed(0).padStart(6)} ms`;
  page.on('request', (r) => lines.push(`${at()}  -> ${r.method()} ${r.url().slice(0, 160)}`));
  page.on('response', (r) => lines.push(`${at()}  <- ${r.status()} ${r.url().slice(0, 160)}`));
  page.on('requestfailed', (r) => lines.push(`${at()}  !! ${r.failure()?.errorText} ${r.url().slice(0, 160)}`));
  page.on('requestfinished', (r) => lines.push(`${at()}  .. done ${r.url().slice(0, 160)}`));
  return lines;
}

/** A login that did not arrive: throw with where the page is, its traffic, a screenshot and the servers' logs. */
async function stalled(page, demo, trace, cause) {
  let n = 0;
  const file = () => join(ART, `login-stalled-${n}.png`);
  while (existsSync(file())) n++;
  await page.screenshot({ path: file(), fullPage: true }).catch(() => {});
  throw new Error([
    `the signed-in page did not come (${cause.message.split('\n')[0]})`,
    `page URL: ${page.url()}`,
    `screenshot: ${file()}`,
    'the page\'s traffic:', ...trace.map((l) => `  ${l}`),
    ...Object.entries(demo.logs).map(([name, f]) => `${name} log (${f}), last lines:\n${tail(f, 30)}`),
  ].join('\n'));
}

function tail(file, lines) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).map((l) => `  ${l}`).join('\n');
  } catch (e) {
    return `  (${e.message})`;
  }
}

/**
 * One login in `context`: the wanted page, the portal, the IdP form (skipped while the IdP session
 * lives), then the ACS. `hold` routes the ACS POST to nowhere and returns its body instead.
 * Returns timings (typing excluded), the IdP URL, the ACS POST body and the state cookie.
 */
async function signIn(context, demo, { account, shots = false, onAcs, hold = false, user = demo.user, wanted = WANTED, typeUsername = true } = {}) {
  const page = await context.newPage();
  const trace = traceOf(page);
  let posted = null;
  let tAcs = null;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url() === demo.urls.acs) {
      posted = r.postData();
      tAcs = performance.now();
    }
  });
  let held = null;
  if (hold) {
    onAcs = (route) => {
      held = route.request().postData();
      return route.fulfill({ status: 204 });
    };
  }
  if (onAcs) await page.route(demo.urls.acs, onAcs);
  await page.goto(new URL(wanted, demo.urls.portal).href);
  await page.waitForSelector('#portal');
  expectEqual(await page.textContent('#wanted'), wanted, 'the portal names the page asked for');
  if (account !== undefined) await page.fill('#account', account);
  if (shots) await shot(page, '1-portal');

  // The browser's GET of the IdP's SSO URL (the 303's Location), before SimpleSAMLphp redirects on.
  const toIdp = page.waitForRequest((r) => r.url().startsWith(demo.urls.idp) && r.isNavigationRequest(), { timeout: 30_000 });
  const acsPost = page.waitForRequest((r) => r.url() === demo.urls.acs && r.method() === 'POST', { timeout: 30_000 });
  acsPost.catch(() => {});
  const t0 = performance.now();
  await page.click(account !== undefined ? '#signin' : '#continue');
  const idpUrl = (await toIdp).url();
  // Either SimpleSAMLphp's login form, or (IdP session alive) straight on to the ACS.
  const via = await Promise.race([
    page.waitForSelector('#username', { timeout: 30_000 }).then(() => 'form', () => null),
    acsPost.then(() => 'back', () => null),
  ]);
  if (via === null) await stalled(page, demo, trace, new Error('neither the IdP\'s form nor the ACS POST came'));
  let cookie = null;
  let typing = 0;
  let prefill = null;
  if (via === 'form') {
    cookie = await stateCookie(context, demo);
    prefill = await page.inputValue('#username'); // what the IdP's form shows before anyone types
    const tType = performance.now();
    if (typeUsername) await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    if (shots) await shot(page, '2-idp-form');
    typing = performance.now() - tType; // the test's typing and screenshot, not the system's time
    await page.click('#submit_button');
  }
  if (hold) {
    await acsPost;
    while (held === null) await new Promise((r) => setTimeout(r, 20));
    return { page, idpUrl, posted: held, cookie, via, prefill };
  }
  await page.waitForSelector('#login-name, #error-code', { timeout: 30_000 })
    .catch((e) => stalled(page, demo, trace, e));
  const t1 = performance.now();
  return { page, idpUrl, posted, cookie, ms: t1 - t0 - typing, acsMs: t1 - tAcs, via, prefill };
}

/**
 * A login whose ACS POST is changed on its way: `mutate` takes the response XML and returns it changed.
 * Returns the page with the portal's answer, its HTTP status and the POST as the IdP sent it.
 */
async function tamperedLogin(context, demo, mutate, options = {}) {
  let status = null;
  const r = await signIn(context, demo, {
    account: 'CONTOSO\\bsimon',
    ...options,
    onAcs: async (route) => {
      const form = new URLSearchParams(route.request().postData());
      try {
        form.set('SAMLResponse', Buffer.from(mutate(responseXml(form.toString()))).toString('base64'));
      } catch (e) {
        // Shown as the page's code, so that the test fails with the reason instead of waiting.
        return route.fulfill({ status: 599, contentType: 'text/html', body: `<code id="error-code">E2E_TAMPER</code><pre>${String(e)}</pre>` });
      }
      const res = await route.fetch({ postData: form.toString() });
      status = res.status();
      return route.fulfill({ response: res });
    },
  });
  await r.page.waitForSelector('#error-code, #login-name');
  const code = await r.page.$('#error-code') ? await r.page.textContent('#error-code') : `(signed in: ${await r.page.textContent('#login-name')})`;
  return { page: r.page, status, code, posted: r.posted };
}

/** The text the signed-in page gives for an assertion the IdP encrypted with SimpleSAMLphp's algorithms. */
const decryptedAs = (checkedFirst) => 'the assertion was encrypted (AES-128-CBC; key transport RSA-OAEP-MGF1P, SHA-1 with ' +
  `MGF1-SHA-1) and decrypted with the portal's key; ${checkedFirst ? 'the Response\'s signature over the ciphertext was verified before decrypting' : 'its signature, inside, was verified after decrypting'}`;

mkdirSync(ART, { recursive: true });
let demo = null;
let browser = null;
let ok = false;
try {
  demo = await startDemo({ quiet: true, requestStateMaxAge: STATE_MAX_AGE_S });
  console.log(`demo: portal ${demo.urls.portal}, IdP ${demo.urls.idp}, SP ${demo.spEntityId}`);
  browser = await chromium.launch({ executablePath: EXECUTABLE, args: ARGS });

  // A login started now and held at the ACS (never delivered), for the expired-state case at the end.
  let held = null;
  await test('"continue without" goes to the IdP with no login_hint; a held ACS POST for later', async () => {
    const context = await browser.newContext();
    const r = await signIn(context, demo, { hold: true });
    const body = r.posted;
    expectTrue(r.idpUrl.startsWith(`${demo.urls.idp}saml2/idp/SSOService.php?SAMLRequest=`), `IdP URL ${r.idpUrl}`);
    expectTrue(!/[?&]login_hint=/.test(r.idpUrl), `no login_hint expected in ${r.idpUrl}`);
    expectEqual(r.prefill, '', 'without an account the IdP\'s username field is empty');
    expectTrue(body && body.includes('SAMLResponse='), 'the IdP POSTed a SAMLResponse to the ACS');
    held = { body, cookie: r.cookie, startedAt: Date.now() };
    await context.close();
  });

  let first = null;
  await test('protected page -> portal -> SimpleSAMLphp (the account typed at the portal pre-filled: only the password typed) -> ACS -> the page asked for, as bsimon', async () => {
    const context = await browser.newContext();
    first = await signIn(context, demo, { account: 'CONTOSO\\bsimon', shots: true, typeUsername: false });
    const { page } = first;
    expectEqual(first.via, 'form', 'SimpleSAMLphp asked for the password');
    expectTrue(first.idpUrl.includes('login_hint=CONTOSO%5Cbsimon'), `login_hint passed to the IdP: ${first.idpUrl}`);
    expectEqual(first.prefill, 'CONTOSO\\bsimon', 'the IdP\'s username field shows the account typed at the portal');
    expectEqual(new URL(page.url()).pathname + new URL(page.url()).search, WANTED, 'landed on the page first asked for');
    expectEqual(await page.textContent('#login-name'), 'bsimon', 'login name (sAMAccountName)');
    expectEqual(await page.textContent('#upn'), 'B.Simon@contoso.com', 'upn');
    expectEqual(await page.textContent('#name-id'), 'B.Simon@contoso.com', 'NameID');
    const claims = await page.textContent('#claims');
    expectTrue(claims.includes('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'), 'URI-named claims shown');
    await shot(page, '3-signed-in');
    const cookies = await context.cookies(demo.urls.portal);
    const session = cookies.find((c) => c.name === 'demo_session');
    expectTrue(session && session.httpOnly && session.sameSite === 'Lax' && session.path === '/', `session cookie ${JSON.stringify(session)}`);
    expectTrue(session.value.length < 120, `the session cookie holds only a sealed ID (${session.value.length} bytes)`);
    expectTrue(session.expires > Date.now() / 1000 && session.expires <= Date.now() / 1000 + 8 * 3600 + 5, 'bounded session lifetime');
    expectTrue(!(await context.cookies(demo.urls.acs)).some(isStateCookie), 'the request-state cookie was cleared');
    // Reloading keeps the session; a forged session cookie does not.
    await page.reload();
    expectEqual(await page.textContent('#login-name'), 'bsimon', 'still signed in after a reload');
    const forged = await fetch(demo.urls.portal, { headers: { cookie: `demo_session=${session.value.replace(/^./, (c) => (c === 'e' ? 'f' : 'e'))}` } });
    expectTrue((await forged.text()).includes('id="portal"'), 'an altered session cookie gets the portal');
    const copied = await fetch(demo.urls.portal, { headers: { cookie: `demo_session=${session.value}` } });
    expectTrue((await copied.text()).includes('id="login-name"'), 'the cookie names a session kept by the portal');
    await context.close();
  });

  await test('SimpleSAMLphp knows the portal only from the signed metadata the portal serves', async () => {
    const res = await fetch(demo.urls.spMetadata);
    const xml = await res.text();
    expectEqual(res.headers.get('content-type'), 'application/samlmetadata+xml', 'content type');
    for (const want of [
      `entityID="${demo.spEntityId}"`,
      'AuthnRequestsSigned="true"',
      'WantAssertionsSigned="true"',
      '<ds:SignatureValue>',
      '<md:KeyDescriptor use="signing">',
      '<md:KeyDescriptor use="encryption">',
      `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${demo.urls.slo}"/>`,
      `Location="${demo.urls.acs}"`,
      '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>',
    ]) {
      expectTrue(xml.includes(want), `the SP metadata has ${want}`);
    }
    // The encryption KeyDescriptor carries the certificate of the portal's encryption key, not the signing one.
    const certBody = (pem) => pem.split('-----')[2].replace(/\s+/g, '');
    const encryptionCert = certBody(readFileSync(demo.spEncryption.certificateFile, 'utf8'));
    const encryptionKd = /<md:KeyDescriptor use="encryption">[\s\S]*?<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(xml)?.[1].replace(/\s+/g, '');
    expectEqual(encryptionKd, encryptionCert, 'the encryption KeyDescriptor\'s certificate');
    const signingKd = /<md:KeyDescriptor use="signing">[\s\S]*?<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(xml)?.[1].replace(/\s+/g, '');
    expectTrue(signingKd && signingKd !== encryptionCert, 'the signing certificate is another one');
    expectEqual(readFileSync(demo.idpConfig.spMetadataFile, 'utf8'), xml, 'what SimpleSAMLphp reads is what the portal serves');
    expectEqual(readdirSync(demo.idpConfig.metadataDir).join(), 'saml20-idp-hosted.php', 'no hand-written SP entry beside the IdP\'s own');
    const idpMetadata = await (await fetch(demo.urls.idpMetadata)).text();
    expectTrue(idpMetadata.includes('<ds:SignatureValue>'), 'the IdP\'s metadata, which the portal verified with its certificate, is signed');
  });

  await test('SimpleSAMLphp accepts the signed AuthnRequest and refuses it tampered or unsigned', async () => {
    expectTrue(first?.idpUrl, 'the first login captured its IdP URL');
    const q = new URL(first.idpUrl).searchParams;
    expectEqual(q.get('SigAlg'), 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'SigAlg');
    expectTrue((q.get('Signature') ?? '').length === 344, 'an RSA-2048 Signature (344 base64 characters)');
    expectEqual(first.via, 'form', 'the signed request reached the login form');
    for (const [what, url, reason] of [
      ['tampered', tamperSignature(first.idpUrl), BAD_SIGNATURE],
      ['unsigned', first.idpUrl.replace(/&SigAlg=[^&]*&Signature=[^&]*/, ''), NO_SIGNATURE],
    ]) {
      const res = await fetch(url, { redirect: 'manual' });
      const body = await res.text();
      expectTrue(res.status >= 400 || body.includes(reason), `${what}: SimpleSAMLphp refuses it (HTTP ${res.status})`);
      expectTrue(body.includes(reason), `${what}: "${reason}" in SimpleSAMLphp's answer`);
    }
  });

  await test('SimpleSAMLphp encrypts the signed Assertion to the portal\'s encryption certificate (its default for an RSA key: RSA-OAEP-MGF1P, AES-128-CBC); xmlsec1 and the portal decrypt it to bsimon', async () => {
    const context = await browser.newContext();
    const a = await signIn(context, demo, { account: 'CONTOSO\\bsimon', typeUsername: false });
    const xml = responseXml(a.posted);
    expectTrue(encryptedOnly(xml), `an EncryptedAssertion and no Assertion in the clear: ${xml.slice(0, 300)}`);
    expectTrue(xml.includes('Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"'), 'the content by AES-128-CBC');
    expectTrue(xml.includes('Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"'), 'the content key by RSA-OAEP-MGF1P');
    expectTrue(!/<(\w+:)?Signature\b/.test(xml), 'no signature outside the ciphertext (the Response is not signed)');
    expectTrue(!xml.includes('bsimon') && !xml.includes('B.Simon@contoso.com'), 'no identity in the clear');
    const plain = xmlsecDecrypt(demo, xml);
    expectTrue(/<(\w+:)?Assertion\b[\s\S]*<ds:Signature\b[\s\S]*>bsimon</.test(plain), `xmlsec1 decrypts it with the portal's key to the signed Assertion of bsimon: ${plain.slice(0, 300)}`);
    const { page } = a;
    expectEqual(await page.textContent('#login-name'), 'bsimon', 'the portal shows the decrypted identity');
    expectEqual(await page.textContent('#upn'), 'B.Simon@contoso.com', 'upn');
    expectEqual(await page.textContent('#signed-element'), 'assertion', 'signed element');
    expectEqual(await page.textContent('#encryption'), decryptedAs(false), 'what the page says was decrypted');
    expectTrue((await page.textContent('#warnings')).includes('AES-GCM is preferred'), 'the CBC warning is shown');
    await shot(page, 'encrypted-assertion-signed');
    await context.close();
  });

  await test('the IdP signs the Response too: its signature, over the ciphertext, is verified before decrypting; bsimon', async () => {
    demo.idpPolicy({ signResponse: true });
    try {
      const context = await browser.newContext();
      const a = await signIn(context, demo, { account: 'CONTOSO\\bsimon', typeUsername: false });
      const xml = responseXml(a.posted);
      expectTrue(encryptedOnly(xml), `an EncryptedAssertion and no Assertion in the clear: ${xml.slice(0, 300)}`);
      const signature = xml.search(/<(\w+:)?Signature\b/);
      expectTrue(signature > 0 && signature < xml.search(/<(\w+:)?EncryptedAssertion\b/), 'the Response\'s signature, beside the EncryptedAssertion');
      const { page } = a;
      expectEqual(await page.textContent('#login-name'), 'bsimon', 'the portal shows the decrypted identity');
      expectEqual(await page.textContent('#signed-element'), 'both', 'signed element: the Response and the Assertion');
      expectEqual(await page.textContent('#encryption'), decryptedAs(true), 'what the page says was decrypted');
      await shot(page, 'encrypted-response-signed');
      await context.close();
    } finally {
      demo.idpPolicy();
    }
  });

  await test('a tampered ciphertext is refused: ERR_XMLENC_DECRYPTION_FAILED with the Assertion signed only; ERR_DSIG_DIGEST_MISMATCH, the Response\'s signature first, with the Response signed', async () => {
    const context = await browser.newContext();
    try {
      for (const [signResponse, what, code] of [
        [false, 'content', 'ERR_XMLENC_DECRYPTION_FAILED'],
        [false, 'key', 'ERR_XMLENC_DECRYPTION_FAILED'],
        [true, 'content', 'ERR_DSIG_DIGEST_MISMATCH'],
        [true, 'key', 'ERR_DSIG_DIGEST_MISMATCH'],
      ]) {
        demo.idpPolicy({ signResponse });
        const r = await tamperedLogin(context, demo, (xml) => tamperCiphertext(xml, what));
        const as = `a byte of the ${what === 'key' ? 'encrypted key' : 'encrypted content'}, ${signResponse ? 'Response signed' : 'Assertion signed only'}`;
        expectTrue(encryptedOnly(responseXml(r.posted)), `${as}: the IdP sent it encrypted`);
        expectEqual(r.code, code, as);
        expectEqual(r.status, 403, `${as}: HTTP status`);
        if (what === 'content' && !signResponse) await shot(r.page, 'encrypted-tampered');
        await r.page.close();
      }
      expectTrue(!(await context.cookies(demo.urls.portal)).some((c) => c.name === 'demo_session'), 'no session');
    } finally {
      demo.idpPolicy();
      await context.close();
    }
  });

  await test('"Sign out everywhere" ends the portal\'s and the IdP\'s sessions: the next login asks for the password', async () => {
    const context = await browser.newContext();
    const a = await signIn(context, demo, { account: 'CONTOSO\\bsimon' });
    expectEqual(a.via, 'form', 'signed in with the password');
    expectEqual(await a.page.textContent('#login-name'), 'bsimon', 'signed in');
    const sessionIndex = await a.page.textContent('#session-index');
    expectTrue(sessionIndex.length > 0, 'the session keeps the IdP\'s SessionIndex');
    const session = (await context.cookies(demo.urls.portal)).find((c) => c.name === 'demo_session');
    const slo = sloRequests(a.page, demo);
    const ms = await logoutEverywhere(a.page);
    await shot(a.page, '8-signed-out-everywhere');
    expectTrue(await a.page.$('#signed-out'), `the portal says signed out everywhere (${await a.page.textContent('body')})`);
    expectEqual(new URL(a.page.url()).pathname, '/saml/slo', 'the IdP answered at the portal\'s logout URL');
    const response = slo.find((r) => r.url.includes('SAMLResponse='));
    expectTrue(response && /[?&]Signature=/.test(response.url), 'SimpleSAMLphp\'s LogoutResponse is signed on the redirect binding');
    console.log(`     click "Sign out everywhere" -> signed-out page: ${ms.toFixed(0)} ms`);
    const cookies = await context.cookies(demo.urls.portal);
    expectTrue(!cookies.some((c) => c.name === 'demo_session'), 'the session cookie is gone');
    expectTrue(!cookies.some(isLogoutCookie), 'the logout-state cookie was cleared');
    const copied = await fetch(demo.urls.portal, { headers: { cookie: `demo_session=${session.value}` } });
    expectTrue((await copied.text()).includes('id="portal"'), 'a copy of the old session cookie gets the portal');
    // The same LogoutResponse again: with its logout-state cookie it was consumed; without it, no state.
    expectTrue(response.cookie?.includes('saml_edge_state-logout='), `the browser sent the logout-state cookie (${response.cookie})`);
    const logoutCookie = response.cookie.split(/;\s*/).find((c) => c.startsWith('saml_edge_state-logout='));
    const again = await fetch(response.url, { headers: { cookie: logoutCookie } });
    expectEqual(errorCodeIn(await again.text()), 'ERR_STATE_REUSED', 'the same LogoutResponse with its cookie');
    expectEqual(again.status, 400, 'HTTP status');
    const bare = await fetch(response.url);
    expectEqual(errorCodeIn(await bare.text()), 'ERR_STATE_MISSING', 'the same LogoutResponse without the cookie');
    // The IdP session is gone too: signing in again asks for the password.
    const b = await signIn(context, demo, { account: 'CONTOSO\\bsimon' });
    expectEqual(b.via, 'form', 'after Single Logout SimpleSAMLphp asks for the password again');
    expectEqual(await b.page.textContent('#login-name'), 'bsimon', 'signed in again');
    await context.close();
  });

  await test('signing out at the IdP (IdP-initiated Single Logout) ends the portal\'s session', async () => {
    const context = await browser.newContext();
    const a = await signIn(context, demo, { account: 'CONTOSO\\bsimon' });
    expectEqual(await a.page.textContent('#login-name'), 'bsimon', 'signed in');
    const session = (await context.cookies(demo.urls.portal)).find((c) => c.name === 'demo_session');
    const slo = sloRequests(a.page, demo);
    const ms = await logoutAtIdp(a.page, demo);
    console.log(`     IdP sign-out -> LogoutRequest to the portal -> LogoutResponse -> back at the portal: ${ms.toFixed(0)} ms`);
    expectTrue(await a.page.$('#portal'), `back at the portal, signed out (${a.page.url()})`);
    await shot(a.page, '9-signed-out-by-idp');
    const request = slo.find((r) => r.url.includes('SAMLRequest='));
    expectTrue(request && /[?&]Signature=/.test(request.url), 'SimpleSAMLphp\'s LogoutRequest came, signed on the redirect binding');
    expectTrue(!(await context.cookies(demo.urls.portal)).some((c) => c.name === 'demo_session'), 'the portal cleared the session cookie');
    const copied = await fetch(demo.urls.portal, { headers: { cookie: `demo_session=${session.value}` } });
    expectTrue((await copied.text()).includes('id="portal"'), 'a copy of the old session cookie gets the portal');
    // The same LogoutRequest again, and one with its signature changed.
    const replay = await fetch(request.url, { redirect: 'manual' });
    expectEqual(errorCodeIn(await replay.text()), 'ERR_SAML_REPLAY', 'the same LogoutRequest again');
    expectEqual(replay.status, 403, 'HTTP status');
    const tampered = await fetch(tamperSignature(request.url), { redirect: 'manual' });
    expectEqual(errorCodeIn(await tampered.text()), 'ERR_DSIG_SIGNATURE_INVALID', 'a LogoutRequest with its signature changed');
    const b = await signIn(context, demo, { account: 'CONTOSO\\bsimon' });
    expectEqual(b.via, 'form', 'the IdP session ended too: the password is asked again');
    await context.close();
  });

  await test(`a user with ${demo.manyGroupsUser.groups} group claims stays signed in (session kept server side); sign-out deletes it`, async () => {
    const context = await browser.newContext();
    const r = await signIn(context, demo, { account: demo.manyGroupsUser.account, user: demo.manyGroupsUser });
    const { page } = r;
    expectEqual(await page.textContent('#login-name'), 'gmany', 'login name');
    const claims = await page.textContent('#claims');
    const groups = claims.match(/6a1f0c2e-[0-9a-f]{4}-4d3b-9e5a-[0-9a-f]{12}/g) ?? [];
    expectEqual(groups.length, demo.manyGroupsUser.groups, 'every group claim shown');
    expectEqual(await page.textContent('#group-count'), String(demo.manyGroupsUser.groups), 'the groups listed');
    expectEqual(await page.getAttribute('#groups-source', 'data-source'), 'assertion', 'from the assertion, no directory call');
    const sessionBytes = (await context.cookies(demo.urls.portal)).find((c) => c.name === 'demo_session')?.value.length ?? 0;
    console.log(`     ACS POST ${r.posted.length} bytes; session cookie ${sessionBytes} bytes (the claims are in the Durable Object)`);
    expectTrue(sessionBytes > 0 && sessionBytes < 120, `a small session cookie (${sessionBytes} bytes)`);
    await page.reload();
    expectEqual(await page.textContent('#login-name'), 'gmany', 'still signed in after a reload');
    const cookie = (await context.cookies(demo.urls.portal)).find((c) => c.name === 'demo_session');
    await shot(page, '7-many-groups');
    await page.click('#logout');
    await page.waitForSelector('#portal');
    const after = await fetch(demo.urls.portal, { headers: { cookie: `demo_session=${cookie.value}` } });
    expectTrue((await after.text()).includes('id="portal"'), 'after sign-out a copy of the old session cookie gets the portal');
    await context.close();
  });

  await test('two logins started in two tabs of one browser both complete (one state cookie each)', async () => {
    const context = await browser.newContext();
    const tabs = [];
    for (const wanted of ['/first/tab?x=1', `/second/tab?${'long=deep-link&'.repeat(8)}end=1`]) {
      const page = await context.newPage();
      await page.goto(new URL(wanted, demo.urls.portal).href);
      await page.waitForSelector('#portal');
      await page.click('#continue');
      await page.waitForSelector('#username');
      tabs.push({ page, wanted });
    }
    const pending = (await context.cookies(demo.urls.acs)).filter(isStateCookie);
    expectEqual(pending.length, 2, `two pending logins, two state cookies (${pending.map((c) => c.name).join(', ')})`);
    for (const { page, wanted } of [...tabs].reverse()) {
      await page.fill('#username', demo.user.username);
      await page.fill('#password', demo.user.password);
      await page.click('#submit_button');
      await page.waitForSelector('#login-name, #error-code', { timeout: 30_000 });
      expectEqual(await page.textContent('#login-name'), 'bsimon', `signed in on ${wanted}`);
      expectEqual(new URL(page.url()).pathname + new URL(page.url()).search, wanted, 'landed on the page that tab asked for');
    }
    expectTrue(!(await context.cookies(demo.urls.acs)).some(isStateCookie), 'both state cookies were cleared');
    await context.close();
  });

  await test('a replayed response is refused: ERR_STATE_REUSED with its cookie; with a new login\'s cookie ERR_STATE_RELAY_MISMATCH, or ERR_SAML_IN_RESPONSE_TO', async () => {
    expectTrue(first?.posted && first?.cookie, 'the first login captured its ACS POST');
    const again = await postAcs(demo, first.posted, first.cookie);
    expectEqual(errorCodeIn(again.html), 'ERR_STATE_REUSED', 'same response, same state cookie');
    expectEqual(again.status, 400, 'HTTP status');
    expectTrue(again.html.includes('id="already-used"'), 'a login that finished: "this sign-in was already used" (no session sent)');
    // A new login for the same page: a fresh state cookie, but the response answers the old request.
    const start = await fetch(new URL('/saml/login', demo.urls.portal), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ return: WANTED, account: '', go: 'continue' }),
    });
    const fresh = start.headers.get('set-cookie')?.split(';')[0];
    expectTrue(/^saml_edge_state-\d+=/.test(fresh ?? ''), `a new login sets a state cookie: ${fresh}`);
    const relayed = await postAcs(demo, first.posted, fresh);
    expectEqual(errorCodeIn(relayed.html), 'ERR_STATE_RELAY_MISMATCH', 'same response, a new login (its RelayState names the old login)');
    expectEqual(relayed.status, 400, 'HTTP status');
    expectTrue(relayed.html.includes('id="already-used"'), 'its RelayState names a login that finished: "already used"');
    // The attacker swaps RelayState for the new login's token: that login's request ID is not answered.
    const token = new URL(start.headers.get('location')).searchParams.get('RelayState');
    const swapped = new URLSearchParams(first.posted);
    swapped.set('RelayState', token);
    const replay = await postAcs(demo, swapped.toString(), fresh);
    expectEqual(errorCodeIn(replay.html), 'ERR_SAML_IN_RESPONSE_TO', 'same response, RelayState swapped for the new login\'s');
    expectEqual(replay.status, 403, 'HTTP status');
    const page = await browser.newPage();
    await page.setContent(replay.html);
    await shot(page, '5-replayed');
    await page.close();
  });

  await test(`a user in ${demo.overageUser.groups} groups: the IdP sends Entra's overage claim, the portal resolves the groups through the directory (saml-edge/entra, local Graph stand-in) and lists them`, async () => {
    const control = (path, body) => fetch(`${demo.urls.directoryControl}/_control/${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}),
    }).then((res) => res.json());
    const logBefore = (await control('log')).log.length;
    const context = await browser.newContext();
    const r = await signIn(context, demo, { account: demo.overageUser.account, user: demo.overageUser, typeUsername: false });
    const { page } = r;
    expectEqual(r.prefill, demo.overageUser.account, 'the account typed at the portal is pre-filled');
    expectEqual(await page.textContent('#login-name'), 'goverage', 'login name');
    // What the IdP sent: Entra's shape above 150 groups.
    const sent = responseXml(r.posted);
    expectTrue(encryptedOnly(sent), 'the IdP encrypted the Assertion');
    const xml = xmlsecDecrypt(demo, sent);
    expectTrue(xml.includes('Name="http://schemas.microsoft.com/claims/groups.link"'), 'the assertion carries the groups.link claim');
    expectTrue(!xml.includes('Name="http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"'), 'and no groups claim');
    for (const claim of ['tenantid', 'objectidentifier']) {
      expectTrue(xml.includes(`Name="http://schemas.microsoft.com/identity/claims/${claim}"`), `the assertion carries the ${claim} claim`);
    }
    // What the page lists: every group the directory has for the user (transitively), with its name.
    expectEqual(await page.getAttribute('#groups-source', 'data-source'), 'getMemberGroups', 'resolved by getMemberGroups');
    expectEqual(await page.textContent('#graph-url'), demo.urls.directoryGraph, 'the Graph the portal asked: the local stand-in');
    expectEqual(await page.textContent('#group-count'), String(demo.overageUser.groups), 'group count');
    const rows = await page.$$eval('#groups tr', (trs) => trs.slice(1).map((tr) => [...tr.cells].map((c) => c.textContent)));
    const expected = (await control('directory', { userId: demo.overageUser.objectId })).transitive;
    expectEqual(expected.length, demo.overageUser.groups, 'the directory has the user in that many groups');
    expectEqual(JSON.stringify(rows.map(([id]) => id).sort()), JSON.stringify([...expected].sort()), 'the listed IDs are the directory\'s');
    expectTrue(rows.every(([, name]) => /^Group \d+$/.test(name)), `every group has its display name (${rows.find(([, n]) => !/^Group \d+$/.test(n))})`);
    // The calls the portal made: a token (client credentials), getMemberGroups for the signed object ID, getByIds.
    const calls = (await control('log')).log.slice(logBefore).map((l) => `${l.server} ${l.method} ${l.path}`);
    expectTrue(calls.includes(`graph POST /v1.0/users/${demo.overageUser.objectId}/getMemberGroups`), `getMemberGroups called: ${calls.join('; ')}`);
    expectTrue(calls.includes('graph POST /v1.0/directoryObjects/getByIds'), 'getByIds called');
    expectTrue(!calls.some((c) => c.startsWith('stray')), `no request to an unknown URL: ${calls.join('; ')}`);
    console.log(`     directory calls at the ACS: ${calls.join(', ')}`);
    await shot(page, '10-overage-groups');
    await context.close();
  });

  await test('Back after signing in: "already signed in", then on to the page asked for (no state error)', async () => {
    const context = await browser.newContext();
    const a = await signIn(context, demo, { account: 'B.Simon@contoso.com', typeUsername: false });
    expectEqual(await a.page.textContent('#login-name'), 'bsimon', 'signed in');
    // Back: the IdP's form page, which (its session alive) posts a new response for the spent login.
    await a.page.goBack();
    await a.page.waitForSelector('#already-signed-in, #error-code', { timeout: 30_000 });
    expectTrue(await a.page.$('#already-signed-in'), `"already signed in" (${(await a.page.textContent('main')).slice(0, 300)})`);
    expectEqual(new URL(a.page.url()).pathname, '/saml/acs', 'the browser posted to the ACS again');
    expectEqual(await a.page.getAttribute('#go-on', 'href'), WANTED, 'it goes on to the page first asked for');
    await shot(a.page, 'back-signed-in');
    await a.page.waitForSelector('#login-name', { timeout: 30_000 });
    expectEqual(new URL(a.page.url()).pathname + new URL(a.page.url()).search, WANTED, 'and then shows it, signed in');
    await context.close();
  });

  await test('a re-POST of the ACS form: signed in, "already signed in"; signed out, "this sign-in was already used" with a link back (Back and reload too)', async () => {
    const context = await browser.newContext();
    const a = await signIn(context, demo, { account: 'B.Simon@contoso.com', typeUsername: false });
    expectEqual(await a.page.textContent('#login-name'), 'bsimon', 'signed in');
    const fields = Object.fromEntries(new URLSearchParams(a.posted));
    /** The browser posts the same form to the ACS again (same site: its cookies go with it). */
    const repost = async (page) => {
      await page.evaluate(({ acs, fields }) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = acs;
        for (const [name, value] of Object.entries(fields)) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      }, { acs: demo.urls.acs, fields });
      await page.waitForSelector('#already-signed-in, #already-used, #error-code', { timeout: 30_000 });
    };
    await repost(a.page);
    expectTrue(await a.page.$('#already-signed-in'), `signed in: "already signed in" (${(await a.page.textContent('main')).slice(0, 300)})`);
    await shot(a.page, 'repost-signed-in');
    await a.page.waitForSelector('#login-name', { timeout: 30_000 });
    expectEqual(new URL(a.page.url()).pathname + new URL(a.page.url()).search, WANTED, 'on to the page');
    // Signed out of the portal (the IdP session stays): the same POST has nothing to resume.
    await a.page.click('#logout');
    await a.page.waitForSelector('#portal');
    await repost(a.page);
    expectTrue(await a.page.$('#already-used'), `signed out: "this sign-in was already used" (${(await a.page.textContent('main')).slice(0, 300)})`);
    await shot(a.page, 'repost-already-used');
    expectEqual(await a.page.getAttribute('#start-again', 'href'), WANTED, 'the link goes back to the page first asked for');
    expectTrue(!(await context.cookies(demo.urls.portal)).some((c) => c.name === 'demo_session'), 'no session was made');
    // The browser's own re-POST: a reload of that page.
    await a.page.reload();
    await a.page.waitForSelector('#already-used, #error-code', { timeout: 30_000 });
    expectTrue(await a.page.$('#already-used'), 'a reload (the browser re-posts): "already used" again');
    await a.page.click('#start-again');
    await a.page.waitForSelector('#portal');
    expectEqual(await a.page.textContent('#wanted'), WANTED, 'starting again asks for the same page');
    await context.close();
    // Signed in with the IdP's form, signed out of the portal, then Back twice: the page asked for (no
    // session: the portal), then the IdP's form, which (its session alive) posts a new response for the
    // spent login. (Without the form in between, the IdP's self-posting page leaves no history entry.)
    const other = await browser.newContext();
    const b = await signIn(other, demo, { account: 'B.Simon@contoso.com', typeUsername: false });
    expectEqual(b.via, 'form', 'signed in with the IdP\'s form');
    await b.page.click('#logout');
    await b.page.waitForSelector('#portal');
    await b.page.goBack();
    await b.page.waitForSelector('#portal');
    // Back again, as a user does until something happens: the entry before may be the IdP's self-posting
    // page (a POST result: Chromium's "confirm form resubmission", ERR_CACHE_MISS here), then the form.
    for (let i = 0; i < 3; i++) {
      await b.page.goBack({ waitUntil: 'commit' }).catch(() => {}); // ERR_CACHE_MISS on a POST result
      if (!b.page.url().startsWith('chrome-error:')) break;
    }
    await b.page.waitForSelector('#already-used, #already-signed-in, #error-code', { timeout: 30_000 });
    expectTrue(await b.page.$('#already-used'), `Back after signing out: "already used" (${(await b.page.textContent('main')).slice(0, 300)})`);
    await shot(b.page, 'back-already-used');
    await other.close();
  });

  await test('a deep link of 1024 bytes (the most relayState holds; " and \\ count twice) comes back whole through a 22-character RelayState; a longer one is said on the portal and lands on /, as does another host\'s address', async () => {
    const jsonBytes = (s) => JSON.stringify(s).length - 2;
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789-_.';
    /** A deep link of exactly `bytes` as relayState, with a backslash every 7 characters. */
    const build = (bytes) => {
      let q = '/intranet/reports/2025/q3?view=summary&share=C:\\Finance\\Q3&filter=';
      for (let i = 0; jsonBytes(q) < bytes; i++) q += i % 7 === 6 && jsonBytes(q) + 2 <= bytes ? '\\' : letters[i % letters.length];
      return q;
    };
    const deep = build(1024);
    expectEqual(jsonBytes(deep), 1024, 'the deep link\'s size as relayState');
    const context = await browser.newContext();
    const a = await signIn(context, demo, { account: 'B.Simon@contoso.com', typeUsername: false, wanted: deep });
    expectEqual(await a.page.textContent('#login-name'), 'bsimon', 'signed in');
    expectEqual(new URL(a.page.url()).pathname + new URL(a.page.url()).search, deep, 'landed on the whole deep link');
    expectEqual(await a.page.textContent('#path'), deep, 'the page shows it');
    const relay = new URL(a.idpUrl).searchParams.get('RelayState');
    expectTrue(/^[A-Za-z0-9_-]{22}$/.test(relay ?? ''), `only a 22-character token goes through the IdP as RelayState (${relay})`);
    // One byte more (fewer than 1024 characters: its backslashes count twice): said on the portal, back on /.
    const longer = build(1025);
    expectTrue(longer.length <= 1024 && jsonBytes(longer) === 1025, `${longer.length} characters, ${jsonBytes(longer)} bytes as relayState`);
    const fresh = await browser.newContext();
    const portal = await fresh.newPage();
    await portal.goto(new URL(longer, demo.urls.portal).href);
    await portal.waitForSelector('#portal');
    expectTrue((await portal.textContent('#too-long')).includes('1025 bytes'), 'the portal says how long the address is, and where the user will be');
    await fresh.close();
    await a.page.click('#logout'); // the portal's session ends, the IdP's stays
    await a.page.waitForSelector('#portal');
    const b = await signIn(context, demo, { account: 'B.Simon@contoso.com', wanted: longer });
    expectEqual(b.via, 'back', 'the IdP session is alive');
    expectEqual(new URL(b.page.url()).pathname, '/', 'an address over the bound lands on /');
    // Only a local path is a return address (no open redirect): the form's return field changed to
    // another host's address comes back as /.
    for (const elsewhere of ['//evil.example/x', '/\\evil.example/x', 'https://evil.example/x']) {
      await b.page.click('#logout');
      await b.page.waitForSelector('#portal');
      await b.page.evaluate((v) => { document.querySelector('input[name=return]').value = v; }, elsewhere);
      await b.page.click('#continue');
      await b.page.waitForSelector('#login-name, #error-code', { timeout: 30_000 });
      expectEqual(b.page.url(), demo.urls.portal, `return=${elsewhere}: back on the portal's /`);
    }
    await context.close();
  });

  await test(`time from the click on the portal to the signed-in page, the Assertion encrypted and in the clear (median of ${RUNS} each)`, async () => {
    const f = (xs) => `${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
    for (const [mode, encryptAssertion] of [['encrypted', true], ['in the clear', false]]) {
      demo.idpPolicy({ encryptAssertion });
      const withForm = [];
      const sso = [];
      const acs = [];
      try {
        for (let i = 0; i < RUNS; i++) {
          const context = await browser.newContext();
          const a = await signIn(context, demo, { account: 'B.Simon@contoso.com' });
          expectEqual(await a.page.textContent('#login-name'), 'bsimon', `${mode}, run ${i + 1}: signed in`);
          expectEqual(encryptedOnly(responseXml(a.posted)), encryptAssertion, `${mode}, run ${i + 1}: the response as the IdP was told`);
          expectEqual(await a.page.getAttribute('#encryption', 'data-encrypted'), String(encryptAssertion), `${mode}, run ${i + 1}: the page says so`);
          withForm.push(a.ms);
          // Signed out of the portal, still signed in at the IdP: the click leads straight back.
          await a.page.click('#logout');
          await a.page.waitForSelector('#portal');
          const b = await signIn(context, demo, { account: 'B.Simon@contoso.com' });
          expectEqual(b.via, 'back', `${mode}, run ${i + 1}: the IdP session was reused`);
          expectEqual(await b.page.textContent('#login-name'), 'bsimon', `${mode}, run ${i + 1}: signed in again`);
          sso.push(b.ms);
          acs.push(a.acsMs, b.acsMs);
          await context.close();
        }
      } finally {
        demo.idpPolicy();
      }
      console.log(`     ${mode}:`);
      console.log(`       click -> signed-in page, with the IdP's login form (typing excluded): median ${f(withForm)}`);
      console.log(`       click -> signed-in page, IdP session alive (no form):               median ${f(sso)}`);
      console.log(`       of which the SP: ACS POST sent -> signed-in page shown:             median ${f(acs)}`);
    }
  });

  await test(`time of each Single Logout, to the page it ends on (median of ${RUNS})`, async () => {
    const spInitiated = [];
    const idpInitiated = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const a = await signIn(context, demo, { account: 'B.Simon@contoso.com' });
      expectEqual(a.via, 'form', `run ${i + 1}: signed in with the password`);
      spInitiated.push(await logoutEverywhere(a.page));
      expectTrue(await a.page.$('#signed-out'), `run ${i + 1}: signed out everywhere`);
      const b = await signIn(context, demo, { account: 'B.Simon@contoso.com' });
      expectEqual(b.via, 'form', `run ${i + 1}: the password again`);
      idpInitiated.push(await logoutAtIdp(b.page, demo));
      expectTrue(await b.page.$('#portal'), `run ${i + 1}: signed out by the IdP`);
      await context.close();
    }
    const f = (xs) => `${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
    console.log(`     click "Sign out everywhere" -> signed-out page (SP-initiated):      median ${f(spInitiated)}`);
    console.log(`     IdP sign-out URL -> back at the portal, signed out (IdP-initiated): median ${f(idpInitiated)}`);
  });

  await test('the IdP sending the Assertion in the clear, a tampered response (one byte of the signed sAMAccountName) is refused: ERR_DSIG_DIGEST_MISMATCH', async () => {
    demo.idpPolicy({ encryptAssertion: false });
    const context = await browser.newContext();
    try {
      const r = await tamperedLogin(context, demo, (xml) => {
        const at = xml.indexOf('>bsimon</');
        if (at < 0) throw new Error(`no sAMAccountName value bsimon in the response: ${xml.slice(0, 300)}`);
        return `${xml.slice(0, at)}>bsimoN${xml.slice(at + 7)}`;
      });
      await shot(r.page, '4-tampered');
      expectEqual(r.code, 'ERR_DSIG_DIGEST_MISMATCH', 'code');
      expectEqual(r.status, 403, 'HTTP status');
      expectTrue(!(await context.cookies(demo.urls.portal)).some((c) => c.name === 'demo_session'), 'no session');
    } finally {
      demo.idpPolicy();
      await context.close();
    }
  });

  await test('a request state that is missing (ERR_STATE_MISSING) or expired (ERR_STATE_EXPIRED) is refused', async () => {
    expectTrue(held?.body && held?.cookie, 'the held login captured its ACS POST and cookie');
    const missing = await postAcs(demo, held.body, null);
    expectEqual(errorCodeIn(missing.html), 'ERR_STATE_MISSING', 'no state cookie');
    expectEqual(missing.status, 400, 'HTTP status');
    const wait = held.startedAt + STATE_MAX_AGE_S * 1000 + 1000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const expired = await postAcs(demo, held.body, held.cookie);
    expectEqual(errorCodeIn(expired.html), 'ERR_STATE_EXPIRED', `state cookie older than ${STATE_MAX_AGE_S}s`);
    expectEqual(expired.status, 400, 'HTTP status');
    const page = await browser.newPage();
    await page.setContent(expired.html);
    await shot(page, '6-expired');
    await page.close();
  });
  ok = summary();
} catch (e) {
  console.log(`FAIL e2e login: ${e?.stack ?? e}`);
  console.log('0 passed, 1 failed');
} finally {
  await browser?.close().catch(() => {});
  await demo?.stop();
}
console.log(`screenshots: ${ART}/login-*.png`);
process.exitCode = ok ? 0 : 1;
