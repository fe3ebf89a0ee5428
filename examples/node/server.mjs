// A node:http server that signs users in with SAML (Microsoft Entra ID or any SAML 2.0 IdP), with no
// framework.
//
//   GET  /login?return=/page -> 302 to the IdP with an AuthnRequest, and the sealed request-state cookie
//   POST /acs                -> verifies the IdP's POST: a session cookie and 303 to the page asked for,
//                               or 400 with the error code
//   GET  /                   -> who is signed in
//
//   cd examples && npm install
//   IDP_ENTITY_ID=... IDP_SSO_URL=... IDP_CERT_FILE=idp.pem SP_ENTITY_ID=... ACS_URL=https://.../acs \
//   SAML_STATE_SECRET=<32+ random bytes> PORT=3000 node node/server.mjs
//
// finishLogin(req) and startLogin({ request: req }) take the IncomingMessage as it is: saml-edge reads
// the form from it (the exact bytes, at most 2 MiB). The state cookies need https (the ACS URL's
// scheme): run behind a TLS-terminating proxy. examples/node/run.mjs runs it on the repository's fixtures.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { ServiceProvider, SamlError } from 'saml-edge';

/** The request handler for one service provider (`await ServiceProvider.create(...)`, with requestStateSecret). */
export function samlHandler(sp) {
  // Session ID -> login name. One process; use your session store (and saml-edge/redis as the
  // service provider's replayCache) when several processes serve the app.
  const sessions = new Map();
  return async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    try {
      if (req.method === 'GET' && url.pathname === '/login') {
        // The request's cookies show this browser's pending logins: the new one takes a free slot.
        const { url: idpUrl, setCookie } = await sp.startLogin({ request: req, relayState: localPath(url.searchParams.get('return')) });
        res.writeHead(302, { Location: idpUrl, 'Set-Cookie': setCookie }).end();
      } else if (req.method === 'POST' && url.pathname === '/acs') {
        const login = await sp.finishLogin(req);
        const sid = randomBytes(16).toString('base64url');
        sessions.set(sid, login.identity.loginName);
        // Several cookies: an array. login.setCookie deletes the state cookie.
        res.setHeader('Set-Cookie', [login.setCookie, `__Host-sid=${sid}; Path=/; HttpOnly; Secure; SameSite=Lax`]);
        res.writeHead(303, { Location: localPath(login.relayState) }).end();
      } else if (req.method === 'GET' && url.pathname === '/') {
        const name = sessions.get(cookie(req.headers.cookie, '__Host-sid'));
        send(res, 200, name ? `<h1>Signed in as ${escapeHtml(name)}</h1>` : '<p><a href="/login">Sign in</a></p>');
      } else {
        send(res, 404, '<h1>Not found</h1>');
      }
    } catch (e) {
      if (e instanceof SamlError) send(res, 400, `<h1>Sign-in refused</h1><p><code>${escapeHtml(e.code)}</code>: ${escapeHtml(e.message)}</p>`);
      else {
        console.error(e);
        send(res, 500, '<h1>Internal error</h1>');
      }
    }
  };
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
function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><meta charset="utf-8"><title>saml-edge</title>${body}`);
}

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
  createServer(samlHandler(sp)).listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));
}
