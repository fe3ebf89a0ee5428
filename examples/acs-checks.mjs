// The login checks that examples/{node,express,fastify}/run.mjs make over HTTP against a running app
// (GET /login, POST /acs, GET /), and what they share: the service provider of the fixtures and a
// request-state cookie for the fixtures' request.
//
// The fixtures (tests/fixtures) answer the AuthnRequest `_4fee3b046395c4e751011e97f8900b5273d56685`
// at 2026-01-15T10:01:00Z, signed by xmlsec1. An app's own startLogin makes a random request ID that
// no fixture answers, so these checks hold the state secret and seal the state of the fixtures' request
// themselves, in the cookie format documented in pkg/src/state.js (as tests/js/suite.mjs does), and
// the app's service provider runs on the fixtures' clock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceProvider } from 'saml-edge';
import { decodeRedirect } from 'saml-edge/inspect'; // reads the AuthnRequest the app sent (a debugging tool)
import { repoRoot } from '../tests/js/runtimes/lib.mjs';

const read = (path) => readFileSync(join(repoRoot, path), 'utf8');
const SECRET = 'examples: a request-state secret of at least 32 bytes';
const NOW = Date.parse('2026-01-15T10:01:00Z');
const REQUEST_ID = '_4fee3b046395c4e751011e97f8900b5273d56685';
export const IDP_SSO_URL = 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2';
const ACS_URL = 'https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp';
/** The IdP's form POST: the signed Entra-shaped response and its RelayState (the token our cookie must name). */
export const FORM = read('tests/fixtures/valid/entra_assertion_signed.form').trim();
const RELAY_TOKEN = new URLSearchParams(FORM).get('RelayState');
const RAW_XML = read('tests/fixtures/valid/entra_assertion_signed.xml');
/** Over the package's 2 MiB ACS input limit. */
const OVERSIZED = 3 << 20;

/** A service provider for the fixtures, on their clock (each app gets its own: its own replay cache). */
export function fixtureServiceProvider() {
  return ServiceProvider.create({
    entityId: 'https://auth.iws-hybrid.trendmicro.com/0123456789abcdef',
    acsUrl: ACS_URL,
    idp: {
      entityId: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/',
      ssoUrl: IDP_SSO_URL,
      certificates: [read('tests/keys/idp-rsa2048.crt')],
    },
    requestStateSecret: SECRET,
    now: () => NOW,
  });
}

const base64url = (bytes) => Buffer.from(bytes).toString('base64url');

/** `__Host-saml_edge_state-<slot>=v2.<payload>.<mac>` for the fixtures' request, as startLogin would seal it. */
async function stateCookie(slot, relayState) {
  const encoder = new TextEncoder();
  const state = { token: RELAY_TOKEN, requestId: REQUEST_ID, relayState, expiresAt: NOW + 300_000 };
  const key = await crypto.subtle.importKey('raw', encoder.encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const payload = base64url(encoder.encode(JSON.stringify(state)));
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`saml-edge state v2\n${ACS_URL}\n${payload}`));
  return `__Host-saml_edge_state-${slot}=v2.${payload}.${base64url(new Uint8Array(mac))}`;
}

/** One check's outcome, printed as it is made. */
export class Checks {
  passed = 0;
  failed = 0;
  ok(cond, name, info = '') {
    if (cond) this.passed++;
    else this.failed++;
    console.log(`${cond ? 'ok  ' : 'FAIL'} ${name}${info ? ` — ${info}` : ''}`);
  }
  summary() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    return this.failed === 0 && this.passed > 0;
  }
}

const short = (s) => String(s).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 140);
const codeIn = (text) => /ERR_[A-Z0-9_]+/.exec(text)?.[0] ?? '(no code)';
const pair = (setCookie) => setCookie.split(';')[0];

/** A body of `size` bytes sent without Content-Length (chunked), in 64 KiB pieces. */
function chunked(size) {
  const piece = new TextEncoder().encode('A'.repeat(64 * 1024));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      controller.enqueue(piece);
      sent += piece.length;
    },
  });
}

/**
 * The checks against one running app at `base` (http://127.0.0.1:<port>), named `name`.
 * `parserLimit`: the app's body parser reads the body first and refuses over this many bytes itself;
 * the oversized bodies are then sized between the package's limit and the parser's.
 */
export async function loginChecks(checks, name, base, { parserLimit = Infinity } = {}) {
  const http = (path, init = {}) => fetch(base + path, { redirect: 'manual', signal: AbortSignal.timeout(30_000), ...init });
  const post = (cookie, body, headers = {}) =>
    http('/acs', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    });
  const refused = async (what, response, code) => {
    const text = await response.text();
    checks.ok(response.status === 400 && codeIn(text) === code, `${name}: ${what} is refused with ${code}`, `HTTP ${response.status}: ${short(text)}`);
  };

  // GET /login: a redirect to the IdP and a __Host- state cookie; with the browser's cookies, a free slot.
  const first = await http('/login');
  const firstCookie = first.headers.get('set-cookie') ?? '';
  const location = first.headers.get('location') ?? '';
  checks.ok(first.status === 302 && location.startsWith(`${IDP_SSO_URL}?SAMLRequest=`), `${name}: GET /login is a 302 to the IdP with a SAMLRequest`,
    `HTTP ${first.status} ${location.slice(0, 90)}…`);
  const authn = location ? await decodeRedirect(location).catch(() => ({})) : {};
  checks.ok(authn.param === 'SAMLRequest' && (authn.xml ?? '').includes(`AssertionConsumerServiceURL="${ACS_URL}"`), `${name}: the AuthnRequest names the ACS URL`);
  checks.ok(/^__Host-saml_edge_state-[0-3]=v2\.[^;]+; Path=\/; Max-Age=300; HttpOnly; Secure; SameSite=None$/.test(firstCookie),
    `${name}: Set-Cookie is the sealed request state (__Host-, Secure, HttpOnly)`, `${firstCookie.slice(0, 50)}…`);
  const second = await http('/login', { headers: { cookie: `theme=dark; ${pair(firstCookie)}` } });
  const secondCookie = second.headers.get('set-cookie') ?? '';
  const slotOf = (c) => /^__Host-saml_edge_state-(\d)=/.exec(c)?.[1];
  checks.ok(second.status === 302 && slotOf(secondCookie) !== undefined && slotOf(secondCookie) !== slotOf(firstCookie),
    `${name}: startLogin reads the request's Cookie header: a second login takes another slot`, `slots ${slotOf(firstCookie)} then ${slotOf(secondCookie)}`);

  // POST /acs without a state cookie.
  await refused('a POST without the state cookie', await post(null, FORM), 'ERR_STATE_MISSING');

  // POST /acs: the signed response with the state of the request it answers -> signed in as bsimon.
  const cookie = `theme=dark; ${await stateCookie(2, '/wanted/page')}`;
  const done = await post(cookie, FORM);
  const doneText = await done.text();
  const cookies = done.headers.getSetCookie();
  checks.ok(done.status === 303 && done.headers.get('location') === '/wanted/page', `${name}: POST /acs signs in and redirects to the relayState sealed at login`,
    `HTTP ${done.status} ${done.headers.get('location')} ${short(doneText)}`);
  const session = cookies.find((c) => c.startsWith('__Host-sid='));
  checks.ok(cookies.length === 2 && cookies.some((c) => /^__Host-saml_edge_state-2=; Path=\/; Max-Age=0;/.test(c)) && session !== undefined,
    `${name}: two Set-Cookie headers: the login's state cookie cleared, the session`, JSON.stringify(cookies.map((c) => c.slice(0, 40))));
  const home = await http('/', { headers: { cookie: session ? pair(session) : '' } });
  const homeText = await home.text();
  checks.ok(home.status === 200 && /Signed in as bsimon\b/.test(homeText), `${name}: the session says "Signed in as bsimon"`, short(homeText));

  // The same POST again (a replay, or Back and re-POST): the login was completed.
  await refused('the same POST again', await post(cookie, FORM), 'ERR_STATE_REUSED');

  // Raw XML is not the HTTP-POST binding (docs/security.md §26).
  await refused('a raw XML body', await post(await stateCookie(0, null), RAW_XML), 'ERR_INPUT_BINDING');

  // Bodies over the package's 2 MiB limit, with Content-Length and streamed without one.
  const size = Math.min(OVERSIZED, parserLimit - 64 * 1024);
  const big = `SAMLResponse=${'A'.repeat(size - 13)}`;
  await refused(`a ${size}-byte body (Content-Length)`, await post(await stateCookie(0, null), big), 'ERR_LIMIT_INPUT_SIZE');
  await refused(`a ${size}-byte chunked body (no Content-Length)`, await post(await stateCookie(0, null), chunked(size)), 'ERR_LIMIT_INPUT_SIZE');
  // The refusals ended no process or listener.
  const after = await http('/login');
  checks.ok(after.status === 302, `${name}: the app answers after the refusals`, `HTTP ${after.status}`);
}

/** Listen on a free 127.0.0.1 port: the base URL and a close function. */
export async function listen(server) {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
