// The captive portal as a Cloudflare Worker (run by workerd in the demo; demo/sp/config.mjs writes
// its config). It imports `saml-edge` as any npm consumer does; a bundler resolves the package's
// `workerd` export.
//
//   GET  <any page>   without a session: the portal (account field -> login_hint, or go straight on)
//                     with a session: the page, showing who is signed in
//   POST /saml/login  startLogin: 303 to the IdP with the sealed request-state cookie
//   POST /saml/acs    finishLogin (an encrypted assertion is decrypted first): the session (kept in the
//                     Durable Object, its sealed ID in a cookie), then 303 back to the page first asked for. With Entra's group-overage claim the
//                     groups come from the directory first (saml-edge/entra resolveGroups). The same POST
//                     again (the browser's Back into the IdP, which posts a new response to the spent
//                     login, or a reload of the ACS) gets "already signed in" and goes on to the page,
//                     or, without a session, "this sign-in was already used": not a raw state error
//   POST /logout      deletes the session (the IdP's stays: the next login asks no password)
//   POST /saml/logout "Sign out everywhere": deletes the session, then startLogout: 303 to the IdP
//                     with a signed LogoutRequest and the sealed logout-state cookie
//   GET  /saml/slo    the IdP's answer (finishLogout: "signed out everywhere"), or its own
//                     LogoutRequest (handleLogoutRequest: the sessions it names end, 303 back to the
//                     IdP with a signed LogoutResponse); POST too, for an IdP that posts
//   GET  /saml/metadata  the SP's metadata, signed: all the IdP is told about this SP (its signing and
//                     encryption certificates among it)
//
// Bindings: SP_ENTITY_ID, ACS_URL, SLO_URL, SP_SIGNING_KEY and SP_SIGNING_CERT (PEM: the key signs
// AuthnRequests, logout messages and the metadata), SP_DECRYPTION_KEY and SP_ENCRYPTION_CERT (PEM,
// optional: the key decrypts encrypted assertions, the certificate is the metadata's encryption
// KeyDescriptor, which the IdP encrypts to), IDP_METADATA_URL and IDP_METADATA_CERT (the IdP's
// metadata must carry a signature by it), SAML_STATE_SECRET (64 hex), SESSION_SECRET (64 hex),
// REQUEST_STATE_MAX_AGE (seconds, optional), SAML_STORE (a Durable Object namespace of SamlEdgeStore,
// exported below: the replay store of every isolate, and the sessions); for saml-edge/entra (optional:
// without them a login with the overage claim is refused) ENTRA_TENANT_ID, ENTRA_CLIENT_ID and
// ENTRA_CLIENT_SECRET (the app registration), ENTRA_AUTHORITY_HOST and ENTRA_GRAPH_BASE_URL (the token
// endpoint's host and Graph's base URL: Microsoft's by default; in the demo the local stand-in).
import { SamlConfigError, SamlError, SamlStateError, SamlXmlError, ServiceProvider } from 'saml-edge';
import { DurableObjectStore } from 'saml-edge/durable-object';
import { EntraDirectory, GraphError } from 'saml-edge/entra';
import { alreadySignedInPage, alreadyUsedPage, errorPage, html, portalPage, signedInPage, signedOutPage } from './pages.mjs';
import { SESSION_COOKIE, SESSION_MAX_SECONDS, endIdpSessions, endSession, readSession, sessionKey, startSession } from './session.mjs';

const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

export { SamlEdgeStore } from 'saml-edge/durable-object';

let ready = null; // { sp, sessionKey, store, directory, graphBaseUrl } per isolate, made by the first request (workerd allows no I/O at module init)

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
    // Encrypted assertions (Entra's token encryption): the IdP encrypts to SP_ENCRYPTION_CERT, published
    // in the metadata below. In workerd the key becomes a non-extractable WebCrypto RSA-OAEP key; the
    // core gets only the content key it unwraps. A response sent in the clear is still accepted.
    ...(env.SP_DECRYPTION_KEY ? { decryptionKeys: [env.SP_DECRYPTION_KEY] } : {}),
    requestStateSecret: env.SAML_STATE_SECRET,
    replayCache: store,
    // The demo serves plain http on 127.0.0.1 (the IdP too: same site, so SameSite=Lax cookies come back).
    allowHttp: new URL(env.ACS_URL).protocol === 'http:',
    ...(env.REQUEST_STATE_MAX_AGE ? { requestStateMaxAge: Number(env.REQUEST_STATE_MAX_AGE) } : {}),
  });
  // The Entra directory: Graph for the groups of a user whose assertion carries the overage claim
  // instead (more than 150 groups). App-only token (client credentials), cached per isolate.
  const directory = env.ENTRA_TENANT_ID
    ? new EntraDirectory({
      tenant: env.ENTRA_TENANT_ID,
      clientId: env.ENTRA_CLIENT_ID,
      clientSecret: env.ENTRA_CLIENT_SECRET,
      ...(env.ENTRA_AUTHORITY_HOST ? { authorityHost: env.ENTRA_AUTHORITY_HOST } : {}),
      ...(env.ENTRA_GRAPH_BASE_URL ? { graphBaseUrl: env.ENTRA_GRAPH_BASE_URL } : {}),
    })
    : null;
  return {
    sp,
    sessionKey: await sessionKey(env.SESSION_SECRET),
    store,
    directory,
    graphBaseUrl: env.ENTRA_GRAPH_BASE_URL ?? null,
    encryptionCertificates: env.SP_ENCRYPTION_CERT ? [env.SP_ENCRYPTION_CERT] : [],
  };
}

function setUpOnce(env) {
  ready ??= setUp(env).catch((e) => {
    ready = null; // try again on the next request (the IdP may still be starting)
    throw e;
  });
  return ready;
}

/**
 * The most a return address may take: the package's relayState bound (JSON text of at most 1024 bytes
 * between its quotes). It stays sealed in the request-state cookie; only a 22-character token goes
 * through the IdP as RelayState (SAML bindings §3.4.3 allows 80 bytes), so a deep link comes back whole.
 */
const MAX_RETURN_BYTES = 1024;

/** The bytes a path takes as the package counts relayState: JSON text without its quotes (`"` and `\` count 2). */
const returnBytes = (s) => JSON.stringify(s).length - 2;

/**
 * Only a local path may be a return address (no open redirect), at most MAX_RETURN_BYTES; anything else
 * becomes `/` (the portal page says so when the address was only too long).
 */
function localPath(value) {
  const s = typeof value === 'string' ? value : '';
  const ok = /^\/(?![/\\])[\x21-\x7e]*$/.test(s) && !s.startsWith('/saml/') && returnBytes(s) <= MAX_RETURN_BYTES;
  return ok ? s : '/';
}

/**
 * A finished login: the RelayState token it spent -> the page it went to, kept as long as a session can
 * live. A second POST of that login (Back, a reload) is then recognised as such. The token is the
 * package's random 128-bit value, known only to the browser and the IdP of that login; what it leads to
 * is a local path.
 */
const doneKey = (token) => `demo:login-done:${token}`;
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
/** The state errors a second POST of a finished login meets (its cookie was cleared, or another login's is there). */
const SPENT_STATE = new Set(['ERR_STATE_MISSING', 'ERR_STATE_REUSED', 'ERR_STATE_RELAY_MISMATCH', 'ERR_STATE_EXPIRED']);
/** Read at most this much of the ACS body for its RelayState (the package reads the body itself, bounded). */
const MAX_ACS_BODY_BYTES = 2 << 20;

/** The RelayState field of a copy of the ACS POST, or null (absent, twice, not a token, too large). */
async function postedToken(copy) {
  const reader = copy.body?.getReader();
  if (!reader) return null;
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_ACS_BODY_BYTES) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  const fields = new URLSearchParams(new TextDecoder().decode(bytes)).getAll('RelayState');
  return fields.length === 1 && TOKEN.test(fields[0]) ? fields[0] : null;
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

/**
 * The groups to show: the assertion's `groups` claim, or — when Entra sent the overage claim instead —
 * the user's transitive groups with their names from the directory (saml-edge/entra resolveGroups:
 * Graph getMemberGroups, then directoryObjects/getByIds). Only the verified identity's tenantid and
 * objectidentifier are used; the link itself is checked against them, never fetched.
 */
async function groupsOf(identity, directory) {
  if (identity.groupsOverageLink) {
    const r = await directory.resolveGroups(identity, { names: true });
    return { source: r.source, list: r.groups };
  }
  const ids = identity.claims.groups ?? [];
  return ids.length === 0 ? null : { source: 'assertion', list: ids.map((id) => ({ id, displayName: null })) };
}

/**
 * A POST to the ACS that the package refused for its request state. When it is a login that already
 * finished (its RelayState token is recorded) or the browser has a session: "already signed in", on to
 * the page; a finished login without a session: "this sign-in was already used", back to the page.
 * Anything else (a login that never finished, no session) keeps the refusal with its code.
 */
async function spentLogin(e, copy, { sessionKey: key, store }) {
  const token = await postedToken(copy);
  const path = token === null ? null : await store.get(doneKey(token));
  const session = await readSession(store, key, copy.headers.get('cookie'), Date.now());
  if (session !== null) return alreadySignedInPage(localPath(path ?? '/'), session, e);
  if (path !== null) return alreadyUsedPage(localPath(path), e);
  return null;
}

async function finish(request, { sp, sessionKey: key, store, directory, graphBaseUrl }, secure) {
  const copy = request.clone(); // its RelayState: for the record of a finished login, or a second POST
  let result;
  try {
    result = await sp.finishLogin(request);
  } catch (e) {
    if (!(e instanceof SamlError)) throw e;
    if (SPENT_STATE.has(e.code)) {
      const page = await spentLogin(e, copy, { sessionKey: key, store });
      if (page !== null) return page;
    }
    return errorPage(statusOf(e), e);
  }
  const { identity, relayState, setCookie } = result;
  const token = await postedToken(copy);
  if (identity.groupsOverageLink && directory === null) {
    return errorPage(500, {
      code: 'DEMO_NO_DIRECTORY',
      message: 'the assertion carries Entra\'s group-overage claim, and this portal has no directory to ask (ENTRA_* bindings)',
      detail: { claim: 'groups.link' },
    }, { 'Set-Cookie': setCookie });
  }
  let groups;
  try {
    groups = await groupsOf(identity, directory);
  } catch (e) {
    if (!(e instanceof SamlError)) throw e;
    // The login was consumed: clear its state cookie with the refusal.
    return errorPage(e instanceof GraphError ? 502 : statusOf(e), e, { 'Set-Cookie': setCookie });
  }
  const now = Date.now();
  const idpEnd = identity.sessionNotOnOrAfter ? Date.parse(identity.sessionNotOnOrAfter) : Infinity;
  const exp = Math.min(now + SESSION_MAX_SECONDS * 1000, idpEnd);
  const path = localPath(relayState);
  if (token !== null) await store.put(doneKey(token), path, { ttlMs: SESSION_MAX_SECONDS * 1000 });
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
    // How the assertion came: what was decrypted, with which algorithms (empty: sent in the clear), and
    // the package's warnings (CBC is not authenticated).
    decrypted: identity.decrypted,
    warnings: identity.warnings,
    authnInstant: identity.authnInstant,
    attributes: identity.attributes,
    groups: groups && { ...groups, graphBaseUrl: groups.source === 'assertion' ? null : graphBaseUrl },
  }, exp, now, secure);
  return redirect(path, [setCookie, session]);
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
    const { sp, sessionKey: key, store, encryptionCertificates } = portal;
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
      const xml = await sp.metadataXml({ nameIdFormats: [EMAIL], encryptionCertificates });
      return new Response(xml, { headers: { 'Content-Type': 'application/samlmetadata+xml', 'Cache-Control': 'no-store' } });
    }
    if (url.pathname === '/favicon.ico') return new Response(null, { status: 404 });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return html(405, 'Method not allowed', '<h1>Method not allowed</h1>', { Allow: 'GET, HEAD' });
    }

    const wanted = url.pathname + url.search;
    const session = await readSession(store, key, request.headers.get('cookie'), Date.now());
    if (session) return signedInPage(wanted, session);
    const back = localPath(wanted);
    const tooLong = back !== wanted && returnBytes(wanted) > MAX_RETURN_BYTES ? returnBytes(wanted) : null;
    return portalPage(wanted, back, tooLong, MAX_RETURN_BYTES, sp.idp.entityId);
  },
};
