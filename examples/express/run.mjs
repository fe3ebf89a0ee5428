// Runs examples/express/app.mjs on a free 127.0.0.1 port and signs in over HTTP with the repository's
// fixtures (examples/acs-checks.mjs: GET /login, POST /acs -> bsimon, a replay, raw XML, oversized
// bodies), as it is and behind the body parsers an Express app may mount for every route:
//   express.urlencoded()  (req.body a parsed form: finishLogin serializes it again)
//   express.raw()         (req.body a Buffer of the exact bytes)
// each with its limit raised to 3 MB, so the package's 2 MiB limit is the one that refuses. Then a
// parser that read the body and kept nothing: finishLogin says so (a TypeError, HTTP 500 here).
//
//   cd examples && npm ci && node express/run.mjs      (needs pkg/dist: scripts/build-pkg.sh)
//
// Prints `N passed, N failed` last; exits 1 if a check failed.
import { createServer } from 'node:http';
import express from 'express';
import { Checks, FORM, fixtureServiceProvider, listen, loginChecks } from '../acs-checks.mjs';
import { createApp } from './app.mjs';

const checks = new Checks();
const FORM_TYPE = 'application/x-www-form-urlencoded';
const LIMIT = 3 << 20;

async function withApp(app, fn) {
  const { base, close } = await listen(createServer(app));
  try {
    await fn(base);
  } finally {
    await close();
  }
}

/** The example app behind `parser`, mounted for every route as an application would. */
async function behind(parser) {
  const outer = express();
  outer.use(parser);
  outer.use(createApp(await fixtureServiceProvider()));
  return outer;
}

try {
  await withApp(createApp(await fixtureServiceProvider()), (base) => loginChecks(checks, 'express', base));
  await withApp(await behind(express.urlencoded({ limit: LIMIT })), (base) =>
    loginChecks(checks, 'express + urlencoded()', base, { parserLimit: LIMIT }));
  await withApp(await behind(express.raw({ type: FORM_TYPE, limit: LIMIT })), (base) =>
    loginChecks(checks, 'express + raw()', base, { parserLimit: LIMIT }));

  // A middleware that consumed the body and kept nothing.
  const drained = express();
  drained.use((req, _res, next) => req.resume().on('end', () => next()));
  drained.use(createApp(await fixtureServiceProvider()));
  drained.use((err, _req, res, _next) => res.status(500).type('text').send(`${err.name}: ${err.message}`));
  await withApp(drained, async (base) => {
    const r = await fetch(`${base}/acs`, { method: 'POST', headers: { 'content-type': FORM_TYPE, cookie: '__Host-saml_edge_state-0=x' }, body: FORM });
    const text = await r.text();
    checks.ok(r.status === 500 && /^TypeError: the request body was already read/.test(text),
      'express: a body read by a middleware that kept nothing is a TypeError naming the cause', text.slice(0, 120));
  });
} catch (e) {
  checks.ok(false, 'the checks ran to the end', e?.stack ?? String(e));
}
process.exitCode = checks.summary() ? 0 : 1;
