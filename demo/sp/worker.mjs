// The captive portal as a Cloudflare Worker (run by workerd in the demo; demo/sp/config.mjs writes
// its config). It imports `saml-edge` as any npm consumer does; a bundler resolves the package's
// `workerd` export.
//
//   GET  <any page>   without a session: the portal (account field -> login_hint, or go straight on)
//                     with a session: the page, showing who is signed in
//   POST /saml/login  startLogin: 303 to the IdP with the sealed request-state cookie
//   POST /saml/acs    finishLogin: the session (kept in the Durable Object, its sealed ID in a cookie),
//                     then 303 back to the page first asked for
//   POST /logout      deletes the session (the IdP's stays: the next login asks no password)
//   POST /saml/logout "Sign out everywhere": deletes the session, then startLogout: 303 to the IdP
//                     with a signed LogoutRequest and the sealed logout-state cookie
//   GET  /saml/slo    the IdP's answer (finishLogout: "signed out everywhere"), or its own
//                     LogoutRequest (handleLogoutRequest: the sessions it names end, 303 back to the
//                     IdP with a signed LogoutResponse); POST too, for an IdP that posts
//   GET  /saml/metadata  the SP's metadata, signed: all the IdP is told about this SP
//
// Bindings: SP_ENTITY_ID, ACS_URL, SLO_URL, SP_SIGNING_KEY and SP_SIGNING_CERT (PEM: the key signs
// AuthnRequests, logout messages and the metadata), IDP_METADATA_URL and IDP_METADATA_CERT (the IdP's
// metadata must carry a signature by it), SAML_STATE_SECRET (64 hex), SESSION_SECRET (64 hex),
// REQUEST_STATE_MAX_AGE (seconds, optional), SAML_STORE (a Durable Object namespace of SamlEdgeStore,
// exported below: the replay store of every isolate, and the sessions).
import { SamlConfigError, SamlError, SamlStateError, SamlXmlError, ServiceProvider } from 'saml-edge';
import { DurableObjectStore } from 'saml-edge/durable-object';
import { errorPage, html, portalPage, signedInPage, signedOutPage } from './pages.mjs';
import { SESSION_COOKIE, SESSION_MAX_SECONDS, endIdpSessions, endSession, readSession, sessionKey, startSession } from './session.mjs';

const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

export { SamlEdgeStore } from 'saml-edge/durable-object';

let ready = null; // { sp, sessionKey, store } per isolate, made by the first request (workerd allows no I/O at module init)

async function setUp(env) {
  // Every isolate of the Worker shares the Durable Object: one record per assertion and request ID.
  const store = new DurableObjectStore(env.SAML_STORE);
  const sp = await ServiceProvider.create({
    entityId: env.SP_ENTITY_ID,
    acsUrl: env.ACS_URL,
    sloUrl: env.SLO_URL,
    // The IdP's metadata, fetched (and refreshed) from its URL; its signature must verify with the
    // IdP's certificate before it pins the IdP's signing keys, entity ID, SSO and logout URLs.
    idp: { metadataUrl: env.IDP_METADATA_URL, metadataCertificates: [env.IDP_METADATA_CERT] },
    // Signs AuthnRequests (the IdP requires it), logout messages and the metadata. In workerd the
    // PEM becomes a non-extractable WebCrypto key; it never enters the WebAssembly core.
    signingKey: env.SP_SIGNING_KEY,
    signingCertificate: env.SP_SIGNING_CERT,
    // The Assertion itself must be signed (as Entra signs it by default); the metadata then says
    // WantAssertionsSigned="true", which SimpleSAMLphp, configured only from it, follows.
    requireSignedAssertion: true,
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

const SLO_ERROR = 'Sign-out';

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
    nameQualifier: identity.nameQualifier,
    spNameQualifier: identity.spNameQualifier,
    // What Single Logout names this session by (startLogout; the IdP's LogoutRequest).
    sessionIndex: identity.sessionIndex,
    upn: identity.claims.upn?.[0] ?? identity.attributes.upn?.[0] ?? null,
    issuer: identity.issuer,
    signedElement: identity.signedElement,
    certificateSha256: identity.certificateSha256,
    authnInstant: identity.authnInstant,
    attributes: identity.attributes,
  }, exp, now, secure);
  return redirect(localPath(relayState), [setCookie, session]);
}

/** "Sign out everywhere": the portal's session ends now, the IdP's by Single Logout. */
async function logoutEverywhere(request, { sp, sessionKey: key, store }, secure) {
  const cookie = request.headers.get('cookie');
  const form = await request.formData();
  const session = await readSession(store, key, cookie, Date.now());
  const cleared = await endSession(store, key, cookie, Date.now(), secure);
  if (session === null) return redirect('/', [cleared]);
  const { url, setCookie } = await sp.startLogout({
    nameId: session.nameId,
    nameIdFormat: session.nameIdFormat ?? undefined,
    nameQualifier: session.nameQualifier ?? undefined,
    spNameQualifier: session.spNameQualifier ?? undefined,
    sessionIndex: session.sessionIndex ?? undefined,
    relayState: localPath(form.get('return')),
  });
  return redirect(url, [cleared, setCookie]);
}

/** Which logout message came to /saml/slo: the IdP's answer (SAMLResponse) or its request (SAMLRequest). */
async function sloKind(request, url) {
  const fields = request.method === 'POST' ? await request.clone().formData() : url.searchParams;
  if (fields.has('SAMLResponse')) return 'response';
  if (fields.has('SAMLRequest')) return 'request';
  return null;
}

async function slo(request, url, { sp, sessionKey: key, store }, secure) {
  const kind = await sloKind(request, url);
  try {
    if (kind === 'response') {
      // The answer to our LogoutRequest: checked against the logout-state cookie, then consumed.
      const { relayState, partial, setCookie } = await sp.finishLogout(request);
      return signedOutPage(relayState ?? '/', partial, { 'Set-Cookie': setCookie });
    }
    if (kind === 'request') {
      // The IdP ends a session (the user signed out there, or at another of its applications).
      const r = await sp.handleLogoutRequest(request);
      const now = Date.now();
      await endIdpSessions(store, { issuer: r.issuer, nameId: r.nameId, sessionIndexes: r.sessionIndexes }, now);
      const cookies = [];
      const cookie = request.headers.get('cookie');
      if (cookie?.includes(`${SESSION_COOKIE}=`) && (await readSession(store, key, cookie, now)) === null) {
        cookies.push(await endSession(store, key, cookie, now, secure)); // this browser's session was one of them
      }
      return redirect(r.url, cookies);
    }
  } catch (e) {
    if (!(e instanceof SamlError)) throw e;
    const headers = kind === 'response' ? { 'Set-Cookie': sp.clearLogoutStateCookie() } : {};
    return errorPage(statusOf(e), e, headers, SLO_ERROR);
  }
  return errorPage(400, { code: 'ERR_INPUT_ENCODING', message: 'the logout URL takes a SAMLRequest or a SAMLResponse', detail: {} }, {}, SLO_ERROR);
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    let portal;
    try {
      portal = await setUpOnce(env);
    } catch (e) {
      const err = e instanceof SamlError ? e : { code: 'DEMO_SETUP', message: String(e?.message ?? e), detail: { url: env.IDP_METADATA_URL } };
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
    if (url.pathname === '/saml/logout' && request.method === 'POST') return logoutEverywhere(request, portal, secure);
    if (url.pathname === '/saml/slo' && (request.method === 'GET' || request.method === 'POST')) return slo(request, url, portal, secure);
    if (url.pathname === '/saml/metadata' && request.method === 'GET') {
      // What the IdP is given about this SP (SimpleSAMLphp in the demo; Entra's "Upload metadata file").
      const xml = await sp.metadataXml({ nameIdFormats: [EMAIL] });
      return new Response(xml, { headers: { 'Content-Type': 'application/samlmetadata+xml', 'Cache-Control': 'no-store' } });
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
