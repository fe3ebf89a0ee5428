// End-to-end: the demo's SP-initiated login in Debian's Chromium (playwright-core), against the real
// stack of demo/run.mjs (SimpleSAMLphp from apt, the portal Worker in workerd).
//
//   cd tests/e2e && npm ci && node login.mjs        (scripts/test.sh runs it last)
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
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
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
