// The captive portal as a Cloudflare Worker (run by workerd in the demo; demo/sp/config.mjs writes
// its config). It imports `saml-edge` as any npm consumer does; a bundler resolves the package's
// `workerd` export.
//
//   GET  <any page>   without a session: the portal (account field -> login_hint, or go straight on)
//                     with a session: the page, showing who is signed in
//   POST /saml/login  startLogin: 303 to the IdP with the sealed request-state cookie
//   POST /saml/acs    finishLogin: the session (kept in the Durable Object, its sealed ID in a cookie),
//                     then 303 back to the page first asked for
//   POST /logout      deletes the session
//
// Bindings: SP_ENTITY_ID, ACS_URL, IDP_METADATA_URL, SAML_STATE_SECRET (64 hex), SESSION_SECRET
// (64 hex), REQUEST_STATE_MAX_AGE (seconds, optional), SAML_STORE (a Durable Object namespace of
// SamlEdgeStore, exported below: the replay store of every isolate, and the sessions).
import { SamlConfigError, SamlError, SamlStateError, SamlXmlError, ServiceProvider } from 'saml-edge';
import { DurableObjectStore } from 'saml-edge/durable-object';
import { errorPage, html, portalPage, signedInPage } from './pages.mjs';
import { SESSION_MAX_SECONDS, endSession, readSession, sessionKey, startSession } from './session.mjs';

export { SamlEdgeStore } from 'saml-edge/durable-object';

let ready = null; // { sp, sessionKey, store } per isolate, made by the first request (workerd allows no I/O at module init)

async function setUp(env) {
  // The IdP's metadata pins its signing certificate and gives its entity ID and SSO URL.
  const res = await fetch(env.IDP_METADATA_URL, { headers: { Accept: 'application/samlmetadata+xml' } });
  if (!res.ok) throw new Error(`GET ${env.IDP_METADATA_URL}: HTTP ${res.status}`);
  const metadataXml = await res.text();
  // Every isolate of the Worker shares the Durable Object: one record per assertion and request ID.
  const store = new DurableObjectStore(env.SAML_STORE);
  const sp = await ServiceProvider.create({
    entityId: env.SP_ENTITY_ID,
    acsUrl: env.ACS_URL,
    idp: { metadataXml },
    requestStateSecret: env.SAML_STATE_SECRET,
    replayCache: store,
    // The demo serves plain http on 127.0.0.1 (the IdP too: same site, so SameSite=Lax cookies come back).
    allowHttp: new URL(env.ACS_URL).protocol === 'http:',
    ...(env.REQUEST_STATE_MAX_AGE ? { requestStateMaxAge: Number(env.REQUEST_STATE_MAX_AGE) } : {}),
  });
  return { sp, sessionKey: await sessionKey(env.SESSION_SECRET), store };
}

function setUpOnce(env) {
  ready ??= setUp(env).catch((e) => {
    ready = null; // try again on the next request (the IdP may still be starting)
    throw e;
  });
  return ready;
}

/**
 * Only a local path may be a return address (no open redirect), at most 1024 bytes: it stays sealed in
 * the request-state cookie, only a short token goes through the IdP as RelayState.
 */
function localPath(value) {
  const s = typeof value === 'string' ? value : '';
  const ok = /^\/(?![/\\])[\x21-\x7e]*$/.test(s) && !s.startsWith('/saml/') && s.length <= 1024;
  return ok ? s : '/';
}

const redirect = (location, cookies = []) => {
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store' });
  for (const c of cookies) headers.append('Set-Cookie', c);
  return new Response(null, { status: 303, headers });
};

/** 400 for what the request or the browser got wrong, 503 when the store fails, 403 for a response that is refused. */
const statusOf = (e) =>
  e instanceof SamlStateError || e instanceof SamlXmlError ? 400
    : e instanceof SamlConfigError ? 500
      : e.code === 'ERR_STORE_FAILED' || e.code === 'ERR_REPLAY_CACHE_FULL' ? 503
        : 403;

async function finish(request, { sp, sessionKey: key, store }, secure) {
  let result;
  try {
    result = await sp.finishLogin(request);
  } catch (e) {
    if (!(e instanceof SamlError)) throw e;
    return errorPage(statusOf(e), e);
  }
  const { identity, relayState, setCookie } = result;
  const now = Date.now();
  const idpEnd = identity.sessionNotOnOrAfter ? Date.parse(identity.sessionNotOnOrAfter) : Infinity;
  const exp = Math.min(now + SESSION_MAX_SECONDS * 1000, idpEnd);
  const session = await startSession(store, key, {
    nameId: identity.nameId,
    nameIdFormat: identity.nameIdFormat,
    loginName: identity.loginName,
    upn: identity.claims.upn?.[0] ?? identity.attributes.upn?.[0] ?? null,
    issuer: identity.issuer,
    signedElement: identity.signedElement,
    certificateSha256: identity.certificateSha256,
    authnInstant: identity.authnInstant,
    attributes: identity.attributes,
  }, exp, now, secure);
  return redirect(localPath(relayState), [setCookie, session]);
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    let portal;
    try {
      portal = await setUpOnce(env);
    } catch (e) {
      const err = e instanceof SamlError ? e : { code: 'DEMO_IDP_METADATA', message: String(e?.message ?? e), detail: { url: env.IDP_METADATA_URL } };
      return errorPage(502, err);
    }

    if (url.pathname === '/saml/acs') {
      if (request.method !== 'POST') return errorPage(405, { code: 'ERR_INPUT_METHOD', message: 'the ACS takes the IdP\'s HTTP-POST', detail: { found: request.method } });
      return finish(request, portal, secure);
    }
    const { sp, sessionKey: key, store } = portal;
    if (url.pathname === '/saml/login' && request.method === 'POST') {
      const form = await request.formData();
      const account = String(form.get('account') ?? '').trim();
      const loginHint = form.get('go') === 'account' && account !== '' ? account : undefined;
      // The request shows this browser's pending logins: a new one takes a free cookie slot.
      const { url: idpUrl, setCookie } = await sp.startLogin({ relayState: localPath(form.get('return')), loginHint, request });
      return redirect(idpUrl, [setCookie]);
    }
    if (url.pathname === '/logout' && request.method === 'POST') {
      return redirect('/', [await endSession(store, key, request.headers.get('cookie'), Date.now(), secure)]);
    }
    if (url.pathname === '/favicon.ico') return new Response(null, { status: 404 });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return html(405, 'Method not allowed', '<h1>Method not allowed</h1>', { Allow: 'GET, HEAD' });
    }

    const wanted = url.pathname + url.search;
    const session = await readSession(store, key, request.headers.get('cookie'), Date.now());
    return session ? signedInPage(wanted, session) : portalPage(localPath(wanted), sp.idp.entityId);
  },
};
