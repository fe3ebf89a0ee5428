// Runs examples/fastify/app.mjs on a free 127.0.0.1 port and signs in over HTTP with the repository's
// fixtures (examples/acs-checks.mjs: GET /login, POST /acs -> bsimon, a replay, raw XML, oversized
// bodies), as it is (the ACS's form body left to saml-edge) and with the same routes behind the form
// parsers a Fastify app may have instead:
//   @fastify/formbody            (request.body a parsed form: finishLogin serializes it again)
//   parseAs: 'buffer' parser     (request.body a Buffer of the exact bytes)
// each with bodyLimit 3 MiB, so the package's 2 MiB limit is the one that refuses.
//
//   cd examples && npm ci && node fastify/run.mjs      (needs pkg/dist: scripts/build-pkg.sh)
//
// Prints `N passed, N failed` last; exits 1 if a check failed.
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { Checks, fixtureServiceProvider, loginChecks } from '../acs-checks.mjs';
import { buildApp, samlRoutes } from './app.mjs';

const checks = new Checks();
const LIMIT = 3 << 20;

async function withApp(app, fn) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    await fn(`http://127.0.0.1:${app.server.address().port}`);
  } finally {
    await app.close();
  }
}

/** The example's routes, with `setup` making request.body. */
async function routesBehind(setup) {
  const app = Fastify({ bodyLimit: LIMIT });
  await setup(app);
  const routes = samlRoutes(await fixtureServiceProvider());
  app.get('/login', routes.login);
  app.get('/', routes.home);
  app.post('/acs', routes.acs);
  return app;
}

try {
  await withApp(buildApp(await fixtureServiceProvider()), (base) => loginChecks(checks, 'fastify', base));
  await withApp(await routesBehind((app) => app.register(formbody)), (base) =>
    loginChecks(checks, 'fastify + @fastify/formbody', base, { parserLimit: LIMIT }));
  const buffer = (app) =>
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  await withApp(await routesBehind(buffer), (base) => loginChecks(checks, "fastify + parseAs 'buffer'", base, { parserLimit: LIMIT }));
} catch (e) {
  checks.ok(false, 'the checks ran to the end', e?.stack ?? String(e));
}
process.exitCode = checks.summary() ? 0 : 1;
