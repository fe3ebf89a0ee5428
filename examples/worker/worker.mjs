// A Cloudflare Worker that signs users in with SAML (Microsoft Entra ID or any SAML 2.0 IdP).
//
//   GET  /login  -> 302 to the IdP with an AuthnRequest, and the sealed request-state cookie
//   POST /acs    -> verifies the IdP's response: a page saying who signed in, or 400 with the error code
//
// Configuration comes from bindings: IDP_ENTITY_ID, IDP_SSO_URL, IDP_CERT_PEM (the IdP signing
// certificate), SP_ENTITY_ID, ACS_URL (ending in /acs) and the secret SAML_STATE_SECRET (>= 32 bytes).
// Deploy with wrangler (see wrangler.toml); examples/worker/run.mjs runs it in workerd locally.
import { ServiceProvider, SamlError } from 'saml-edge';
import { DurableObjectStore } from 'saml-edge/durable-object';

// The Durable Object class that keeps assertion and request IDs for every isolate (wrangler.toml binds it).
export { SamlEdgeStore } from 'saml-edge/durable-object';

let spPromise = null; // one ServiceProvider per isolate, made from env by the first request

function serviceProvider(env) {
  spPromise ??= ServiceProvider.create({
    entityId: env.SP_ENTITY_ID,
    acsUrl: env.ACS_URL,
    idp: { entityId: env.IDP_ENTITY_ID, ssoUrl: env.IDP_SSO_URL, certificates: [env.IDP_CERT_PEM] },
    requestStateSecret: env.SAML_STATE_SECRET,
    // Workers run many isolates: the replay store must be shared and atomic (not memory, not Workers KV).
    replayCache: new DurableObjectStore(env.SAML_STORE),
  }).catch((e) => {
    spPromise = null;
    throw e;
  });
  return spPromise;
}

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const page = (status, body, headers = {}) =>
  new Response(`<!doctype html><meta charset="utf-8"><title>saml-edge</title>${body}`, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers },
  });

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const sp = await serviceProvider(env);

    if (request.method === 'GET' && pathname === '/login') {
      const { url, setCookie } = await sp.startLogin({ request }); // the request's cookies: a free slot
      return new Response(null, { status: 302, headers: { Location: url, 'Set-Cookie': setCookie } });
    }

    if (request.method === 'POST' && pathname === '/acs') {
      try {
        const { identity, setCookie } = await sp.finishLogin(request);
        // Start your own session here (e.g. a signed session cookie), then redirect.
        const who = `<h1>Signed in as ${escapeHtml(identity.loginName)}</h1><p>NameID: ${escapeHtml(identity.nameId)}</p>`;
        return page(200, who, { 'Set-Cookie': setCookie });
      } catch (e) {
        if (!(e instanceof SamlError)) throw e;
        const why = `<h1>Sign-in refused</h1><p><code>${escapeHtml(e.code)}</code>: ${escapeHtml(e.message)}</p>`;
        return page(400, why);
      }
    }

    return new Response('Not found', { status: 404 });
  },
};
