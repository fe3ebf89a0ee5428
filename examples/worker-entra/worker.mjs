// A Cloudflare Worker that signs users in with Microsoft Entra ID (SAML) and admits only the users of the
// tenant's synchronized directory. A Cron Trigger copies users and groups from Microsoft Graph into the
// Durable Object store (delta queries; each run resumes where the previous one stopped); the ACS refuses a
// user who is not there (allowUnsynchronizedUsers: false) and resolves the user's groups, following the
// group overage (more than 150 groups) through Graph.
//
//   scheduled (Cron Trigger)  -> directory.sync({ maxPages }) into the SamlEdgeStore Durable Objects
//   GET  /login               -> 302 to Entra with an AuthnRequest, and the sealed request-state cookie
//   POST /acs                 -> finishLogin, checkLogin, resolveGroups: a page, or 400/403 with the error code
//
// Bindings: the SAML ones of examples/worker (IDP_ENTITY_ID, IDP_SSO_URL, IDP_CERT_PEM, SP_ENTITY_ID, ACS_URL,
// secret SAML_STATE_SECRET), the app registration of docs/entra.md (ENTRA_TENANT_ID, ENTRA_CLIENT_ID, secret
// ENTRA_CLIENT_SECRET; ENTRA_AUTHORITY_HOST and ENTRA_GRAPH_BASE_URL only for a national cloud), SYNC_MAX_PAGES
// (Graph pages per run), and the Durable Object namespace SAML_STORE. Deploy with wrangler (wrangler.toml);
// examples/worker-entra/run.mjs runs it in workerd and fires its Cron Trigger against a local directory server.
import { SamlError, ServiceProvider } from 'saml-edge';
import { DurableObjectStore } from 'saml-edge/durable-object';
import { EntraDirectory, EntraPolicyError } from 'saml-edge/entra';

// The Durable Object class: replay records and the synchronized directory, for every isolate.
export { SamlEdgeStore } from 'saml-edge/durable-object';

let spPromise = null; // per isolate, made from env by the first request
let directory = null; // per isolate: its access token is cached until shortly before it expires

function serviceProvider(env) {
  spPromise ??= ServiceProvider.create({
    entityId: env.SP_ENTITY_ID,
    acsUrl: env.ACS_URL,
    idp: { entityId: env.IDP_ENTITY_ID, ssoUrl: env.IDP_SSO_URL, certificates: [env.IDP_CERT_PEM] },
    requestStateSecret: env.SAML_STATE_SECRET,
    replayCache: new DurableObjectStore(env.SAML_STORE),
  }).catch((e) => {
    spPromise = null;
    throw e;
  });
  return spPromise;
}

function entraDirectory(env) {
  directory ??= new EntraDirectory({
    tenant: env.ENTRA_TENANT_ID,
    clientId: env.ENTRA_CLIENT_ID,
    clientSecret: env.ENTRA_CLIENT_SECRET,
    // The same Durable Objects as the replay records (the keys do not overlap): the Cron run writes, the ACS reads.
    store: new DurableObjectStore(env.SAML_STORE),
    allowUnsynchronizedUsers: false,
    ...(env.ENTRA_AUTHORITY_HOST ? { authorityHost: env.ENTRA_AUTHORITY_HOST } : {}),
    ...(env.ENTRA_GRAPH_BASE_URL ? { graphBaseUrl: env.ENTRA_GRAPH_BASE_URL } : {}),
  });
  return directory;
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
      const { url, setCookie } = await sp.startLogin({ request });
      return new Response(null, { status: 302, headers: { Location: url, 'Set-Cookie': setCookie } });
    }

    if (request.method === 'POST' && pathname === '/acs') {
      try {
        const { identity, setCookie } = await sp.finishLogin(request);
        const entra = entraDirectory(env);
        const { user } = await entra.checkLogin(identity); // EntraPolicyError when not synchronized
        const { groups } = await entra.resolveGroups(identity, { names: true });
        // Start your own session here (e.g. a signed session cookie with the group IDs), then redirect.
        const list = groups.map((g) => `<li>${escapeHtml(g.displayName ?? g.id)}</li>`).join('');
        return page(200, `<h1>Signed in as ${escapeHtml(user.userPrincipalName ?? identity.nameId)}</h1><ul>${list}</ul>`, {
          'Set-Cookie': setCookie,
        });
      } catch (e) {
        if (!(e instanceof SamlError)) throw e;
        const why = `<h1>Sign-in refused</h1><p><code>${escapeHtml(e.code)}</code>: ${escapeHtml(e.message)}</p>`;
        return page(e instanceof EntraPolicyError ? 403 : 400, why);
      }
    }

    return new Response('Not found', { status: 404 });
  },

  // The Cron Trigger (wrangler.toml [triggers] crons). One run reads at most SYNC_MAX_PAGES pages of Graph
  // and writes each object to the store, so that one invocation stays within the Workers limits on
  // subrequests; an unfinished round is resumed by the next trigger.
  async scheduled(controller, env) {
    const maxPages = Number(env.SYNC_MAX_PAGES ?? 50);
    try {
      const result = await entraDirectory(env).sync({ maxPages });
      console.log(JSON.stringify({ cron: controller.cron, sync: result }));
    } catch (e) {
      if (e instanceof SamlError && e.code === 'ERR_GRAPH_SYNC_IN_PROGRESS') {
        console.log(JSON.stringify({ cron: controller.cron, skipped: 'the previous run still holds the lease' }));
        return;
      }
      throw e; // the event fails, with the GraphError's code and message in the Worker's logs
    }
  },
};
