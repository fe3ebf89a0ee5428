// Runs examples/node/server.mjs (node:http, no framework) on a free 127.0.0.1 port and signs in over
// HTTP with the repository's fixtures (examples/acs-checks.mjs: GET /login, POST /acs -> bsimon, a
// replay, raw XML, oversized bodies).
//
//   cd examples && npm ci && node node/run.mjs      (needs pkg/dist: scripts/build-pkg.sh)
//
// Prints `N passed, N failed` last; exits 1 if a check failed.
import { createServer } from 'node:http';
import { Checks, fixtureServiceProvider, listen, loginChecks } from '../acs-checks.mjs';
import { samlHandler } from './server.mjs';

const checks = new Checks();
try {
  const { base, close } = await listen(createServer(samlHandler(await fixtureServiceProvider())));
  try {
    await loginChecks(checks, 'node:http', base);
  } finally {
    await close();
  }
} catch (e) {
  checks.ok(false, 'the checks ran to the end', e?.stack ?? String(e));
}
process.exitCode = checks.summary() ? 0 : 1;
