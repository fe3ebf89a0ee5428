// A Fastify app that signs users in with SAML (Microsoft Entra ID or any SAML 2.0 IdP).
//
//   GET  /login?return=/page -> 302 to the IdP with an AuthnRequest, and the sealed request-state cookie
//   POST /acs                -> verifies the IdP's POST: a session cookie and 303 to the page asked for,
//                               or 400 with the error code
//   GET  /                   -> who is signed in
//
//   cd examples && npm install
//   IDP_ENTITY_ID=... IDP_SSO_URL=... IDP_CERT_FILE=idp.pem SP_ENTITY_ID=... ACS_URL=https://.../acs \
//   SAML_STATE_SECRET=<32+ random bytes> PORT=3000 node fastify/app.mjs
//
// finishLogin(request) and startLogin({ request }) take Fastify's request as it is. Fastify refuses a
// form POST (415) unless a parser takes application/x-www-form-urlencoded: here the ACS, in a plugin
// context of its own, has one that leaves the body unread, and saml-edge reads the form itself (the
// exact bytes, at most 2 MiB). With @fastify/formbody registered instead, finishLogin reads the parsed
// form in request.body; Fastify refuses bodies over its bodyLimit first (1 MiB by default). The state
// cookies need https (the ACS URL's scheme): run behind a TLS-terminating proxy.
// examples/fastify/run.mjs runs it on the repository's fixtures.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { ServiceProvider, SamlError } from 'saml-edge';

/**
 * The three route handlers for one service provider (`await ServiceProvider.create(...)`, with
 * requestStateSecret): `login`, `acs`, `home`.
 */
export function samlRoutes(sp) {
  // Session ID -> login name. One process; use your session store (and saml-edge/redis as the
  // service provider's replayCache) when several processes serve the app.
  const sessions = new Map();
  return {
    async login(request, reply) {
      // The request's cookies show this browser's pending logins: the new one takes a free slot.
      const { url, setCookie } = await sp.startLogin({ request, relayState: localPath(request.query.return) });
      return reply.header('set-cookie', setCookie).redirect(url, 302);
    },

    async acs(request, reply) {
      let login;
      try {
        login = await sp.finishLogin(request);
      } catch (e) {
        if (!(e instanceof SamlError)) throw e;
        const why = `<h1>Sign-in refused</h1><p><code>${escapeHtml(e.code)}</code>: ${escapeHtml(e.message)}</p>`;
        return reply.code(400).type('text/html; charset=utf-8').send(page(why));
      }
      const sid = randomBytes(16).toString('base64url');
      sessions.set(sid, login.identity.loginName);
      // Several cookies: an array (each reply.header('set-cookie', ...) adds one too). login.setCookie
      // deletes the state cookie.
      return reply
        .header('set-cookie', [login.setCookie, `__Host-sid=${sid}; Path=/; HttpOnly; Secure; SameSite=Lax`])
        .redirect(localPath(login.relayState), 303);
    },

    async home(request, reply) {
      const name = sessions.get(cookie(request.headers.cookie, '__Host-sid'));
      return reply.type('text/html; charset=utf-8').send(page(name ? `<h1>Signed in as ${escapeHtml(name)}</h1>` : '<p><a href="/login">Sign in</a></p>'));
    },
  };
}

/** The app: the routes, the ACS in a context whose form parser leaves the body to saml-edge. */
export function buildApp(sp, options = {}) {
  const app = Fastify(options);
  const routes = samlRoutes(sp);
  app.get('/login', routes.login);
  app.get('/', routes.home);
  app.register(async (acs) => {
    acs.addContentTypeParser('application/x-www-form-urlencoded', (_request, _payload, done) => done(null));
    acs.post('/acs', routes.acs);
  });
  return app;
}

/** A path on this site, else '/' (the relayState is ours, sealed at login, but came from a query). */
function localPath(value) {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value : '/';
}

function cookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const page = (body) => `<!doctype html><meta charset="utf-8"><title>saml-edge</title>${body}`;

// Run directly: configuration from the environment.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = process.env;
  const sp = await ServiceProvider.create({
    entityId: env.SP_ENTITY_ID,
    acsUrl: env.ACS_URL,
    idp: { entityId: env.IDP_ENTITY_ID, ssoUrl: env.IDP_SSO_URL, certificates: [readFileSync(env.IDP_CERT_FILE, 'utf8')] },
    requestStateSecret: env.SAML_STATE_SECRET,
  });
  const port = Number(env.PORT ?? 3000);
  await buildApp(sp, { logger: true }).listen({ port, host: '127.0.0.1' });
}
