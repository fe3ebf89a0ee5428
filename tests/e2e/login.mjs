// End-to-end: the demo's SP-initiated login and Single Logout in Debian's Chromium (playwright-core),
// against the real stack of demo/run.mjs (SimpleSAMLphp from apt, the portal Worker in workerd).
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
// protected page -> portal (account typed, sent as login_hint) -> SimpleSAMLphp's login form ->
// the ACS -> the page first asked for, showing bsimon and B.Simon@contoso.com; the session is kept in
// the portal's Durable Object and the cookie holds only its sealed ID, so a user with 150 group claims
// stays signed in too; two logins started in two tabs of one browser both complete. Then the refusals,
// each with its exact code: a tampered response (ERR_DSIG_DIGEST_MISMATCH), a replayed one
// (ERR_STATE_REUSED with its own cookie; with a new login's cookie ERR_STATE_RELAY_MISMATCH, or
// ERR_SAML_IN_RESPONSE_TO when the RelayState is swapped for the new login's), a missing
// (ERR_STATE_MISSING) and an expired (ERR_STATE_EXPIRED) request state. Measures the time from the
// click on the portal's button to the signed-in page. Screenshots: target/e2e-artifacts/login-*.png.
// Prints `N passed, N failed` last; exits 1 on any failure. Always stops the demo and the browser.
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
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

/** Change one base64 character of the Signature parameter (a valid-looking but wrong signature). */
function tamperSignature(url) {
  const i = url.indexOf('&Signature=') + 11 + 20;
  return url.slice(0, i) + (url[i] === 'A' ? 'B' : 'A') + url.slice(i + 1);
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
async function signIn(context, demo, { account, shots = false, onAcs, hold = false, user = demo.user } = {}) {
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
  await page.goto(new URL(WANTED, demo.urls.portal).href);
  await page.waitForSelector('#portal');
  expectEqual(await page.textContent('#wanted'), WANTED, 'the portal names the page asked for');
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
  if (via === 'form') {
    cookie = await stateCookie(context, demo);
    const tType = performance.now();
    await page.fill('#username', user.username);
    await page.fill('#password', user.password);
    if (shots) await shot(page, '2-idp-form');
    typing = performance.now() - tType; // the test's typing and screenshot, not the system's time
    await page.click('#submit_button');
  }
  if (hold) {
    await acsPost;
    while (held === null) await new Promise((r) => setTimeout(r, 20));
    return { page, idpUrl, posted: held, cookie, via };
  }
  await page.waitForSelector('#login-name, #error-code', { timeout: 30_000 })
    .catch((e) => stalled(page, demo, trace, e));
  const t1 = performance.now();
  return { page, idpUrl, posted, cookie, ms: t1 - t0 - typing, acsMs: t1 - tAcs, via };
}

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
    expectTrue(body && body.includes('SAMLResponse='), 'the IdP POSTed a SAMLResponse to the ACS');
    held = { body, cookie: r.cookie, startedAt: Date.now() };
    await context.close();
  });

  let first = null;
  await test('protected page -> portal -> SimpleSAMLphp -> ACS -> the page asked for, as bsimon', async () => {
    const context = await browser.newContext();
    first = await signIn(context, demo, { account: 'CONTOSO\\bsimon', shots: true });
    const { page } = first;
    expectEqual(first.via, 'form', 'SimpleSAMLphp asked for the password');
    expectTrue(first.idpUrl.includes('login_hint=CONTOSO%5Cbsimon'), `login_hint passed to the IdP: ${first.idpUrl}`);
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
      `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${demo.urls.slo}"/>`,
      `Location="${demo.urls.acs}"`,
      '<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>',
    ]) {
      expectTrue(xml.includes(want), `the SP metadata has ${want}`);
    }
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

  await test(`time from the click on the portal to the signed-in page (median of ${RUNS})`, async () => {
    const withForm = [];
    const sso = [];
    const acs = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const a = await signIn(context, demo, { account: 'B.Simon@contoso.com' });
      expectEqual(await a.page.textContent('#login-name'), 'bsimon', `run ${i + 1}: signed in`);
      withForm.push(a.ms);
      // Signed out of the portal, still signed in at the IdP: the click leads straight back.
      await a.page.click('#logout');
      await a.page.waitForSelector('#portal');
      const b = await signIn(context, demo, { account: 'B.Simon@contoso.com' });
      expectEqual(b.via, 'back', `run ${i + 1}: the IdP session was reused`);
      expectEqual(await b.page.textContent('#login-name'), 'bsimon', `run ${i + 1}: signed in again`);
      sso.push(b.ms);
      acs.push(a.acsMs, b.acsMs);
      await context.close();
    }
    const f = (xs) => `${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
    console.log(`     click -> signed-in page, with the IdP's login form (typing excluded): median ${f(withForm)}`);
    console.log(`     click -> signed-in page, IdP session alive (no form):               median ${f(sso)}`);
    console.log(`     of which the SP: ACS POST sent -> signed-in page shown:             median ${f(acs)}`);
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

  await test('a tampered response (one byte of the signed sAMAccountName) is refused: ERR_DSIG_DIGEST_MISMATCH', async () => {
    const context = await browser.newContext();
    let status = null;
    const r = await signIn(context, demo, {
      account: 'CONTOSO\\bsimon',
      onAcs: async (route) => {
        const form = new URLSearchParams(route.request().postData());
        const xml = Buffer.from(form.get('SAMLResponse'), 'base64').toString('utf8');
        const at = xml.indexOf('>bsimon</');
        if (at < 0) throw new Error('no sAMAccountName value bsimon in the response');
        form.set('SAMLResponse', Buffer.from(`${xml.slice(0, at)}>bsimoN${xml.slice(at + 7)}`).toString('base64'));
        const res = await route.fetch({ postData: form.toString() });
        status = res.status();
        return route.fulfill({ response: res });
      },
    });
    await r.page.waitForSelector('#error-code');
    await shot(r.page, '4-tampered');
    expectEqual(await r.page.textContent('#error-code'), 'ERR_DSIG_DIGEST_MISMATCH', 'code');
    expectEqual(status, 403, 'HTTP status');
    expectTrue(!(await context.cookies(demo.urls.portal)).some((c) => c.name === 'demo_session'), 'no session');
    await context.close();
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
