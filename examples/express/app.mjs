// An Express app that signs users in with SAML (Microsoft Entra ID or any SAML 2.0 IdP).
//
//   GET  /login?return=/page -> 302 to the IdP with an AuthnRequest, and the sealed request-state cookie
//   POST /acs                -> verifies the IdP's POST: a session cookie and 303 to the page asked for,
//                               or 400 with the error code
//   GET  /                   -> who is signed in
//
//   cd examples && npm install
//   IDP_ENTITY_ID=... IDP_SSO_URL=... IDP_CERT_FILE=idp.pem SP_ENTITY_ID=... ACS_URL=https://.../acs \
//   SAML_STATE_SECRET=<32+ random bytes> PORT=3000 node express/app.mjs
//
// finishLogin(req) and startLogin({ request: req }) take Express's req as it is. No body parser runs on
// /acs here: saml-edge reads the form itself, the exact bytes, at most 2 MiB. With one mounted for the
// whole app (express.urlencoded(), express.raw(), express.text()), finishLogin reads what it left in
// req.body instead; express.urlencoded() refuses bodies over its own limit first (100 KB by default:
// raise it, e.g. { limit: '2mb' }, if the IdP sends many claims). The state cookies need https (the
// ACS URL's scheme): run behind a TLS-terminating proxy. examples/express/run.mjs runs it on the
// repository's fixtures.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { ServiceProvider, SamlError } from 'saml-edge';

/** The app for one service provider (`await ServiceProvider.create(...)`, with requestStateSecret). */
export function createApp(sp) {
  // Session ID -> login name. One process; use your session store (and saml-edge/redis as the
  // service provider's replayCache) when several processes serve the app.
  const sessions = new Map();
  const app = express();

  app.get('/login', async (req, res) => {
    // The request's cookies show this browser's pending logins: the new one takes a free slot.
    const { url, setCookie } = await sp.startLogin({ request: req, relayState: localPath(req.query.return) });
    res.append('Set-Cookie', setCookie);
    res.redirect(302, url);
  });

  app.post('/acs', async (req, res, next) => {
    let login;
    try {
      login = await sp.finishLogin(req);
    } catch (e) {
      if (!(e instanceof SamlError)) return next(e);
      const why = `<h1>Sign-in refused</h1><p><code>${escapeHtml(e.code)}</code>: ${escapeHtml(e.message)}</p>`;
      return res.status(400).type('html').send(page(why));
    }
    const sid = randomBytes(16).toString('base64url');
    sessions.set(sid, login.identity.loginName);
    // Several cookies: an array (res.append adds one at a time). login.setCookie deletes the state cookie.
    res.setHeader('Set-Cookie', [login.setCookie, `__Host-sid=${sid}; Path=/; HttpOnly; Secure; SameSite=Lax`]);
    res.redirect(303, localPath(login.relayState));
  });

  app.get('/', (req, res) => {
    const name = sessions.get(cookie(req.headers.cookie, '__Host-sid'));
    res.type('html').send(page(name ? `<h1>Signed in as ${escapeHtml(name)}</h1>` : '<p><a href="/login">Sign in</a></p>'));
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
  createApp(sp).listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));
}
