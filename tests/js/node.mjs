#!/usr/bin/env node
// Runs tests/js/suite.mjs on Node against the built package, imported by name
// (tests/js/node_modules/saml-edge -> pkg/, from `npm install` here): on `saml-edge` (the edge
// build) and on `saml-edge/inspect` (the full build).
// Needs pkg/dist (scripts/build-pkg.sh) and fixtures.gen.mjs (node make-fixtures.mjs).
// The last line is `N passed, N failed`; exits 1 on any failure.
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { runSuite } from './suite.mjs';

/**
 * Node only: crypto 'node' (the default here) checks each signature value with node:crypto's
 * one-shot verify, observed by wrapping it (syncBuiltinESMExports updates the package's import).
 */
async function nodeCryptoIsUsed(saml, fixtures) {
  const nodeCrypto = createRequire(import.meta.url)('node:crypto');
  const original = nodeCrypto.verify;
  let calls = 0;
  nodeCrypto.verify = (...args) => {
    calls++;
    return original(...args);
  };
  syncBuiltinESMExports();
  try {
    const d = fixtures.defaults;
    const c = fixtures.cases.find((x) => x.name === 'both_signed');
    const sp = await saml.ServiceProvider.create({
      entityId: d.sp_entity_id,
      acsUrl: d.acs_url,
      idp: { entityId: d.idp_entity_id, certificates: d.certs.map((p) => fixtures.certs[p]) },
    });
    const id = await sp.verifyResponse(c.input, { inResponseTo: d.in_response_to, currentDate: new Date(d.now) });
    const ok = sp.crypto === 'node' && id.signedElement === 'both' && calls === 2;
    console.log(`${ok ? 'ok  ' : 'FAIL'} node: the default crypto is 'node' and node:crypto verified both signatures (crypto ${sp.crypto}, ${calls} calls)`);
    return ok;
  } finally {
    nodeCrypto.verify = original;
    syncBuiltinESMExports();
  }
}

let passed = 0;
let failed = 0;
try {
  const edge = await import('saml-edge');
  const full = await import('saml-edge/inspect');
  const { default: fixtures } = await import('./fixtures.gen.mjs');
  console.log(`node ${process.version}`);
  for (const [build, saml] of [['edge', edge], ['full', full]]) {
    const started = performance.now();
    console.log(`${build} build (${build === 'edge' ? 'saml-edge' : 'saml-edge/inspect'}):`);
    const r = await runSuite(saml, fixtures, { log: (line) => console.log(line), tools: full, build });
    passed += r.passed;
    failed += r.failed;
    const ok = await nodeCryptoIsUsed(saml, fixtures);
    passed += ok ? 1 : 0;
    failed += ok ? 0 : 1;
    console.log(`${build} build: suite took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  // One SamlError class for every entry of the package (pkg/src/errors.js stays one shared module).
  const same = edge.SamlError === full.SamlError && edge.SamlConfigError === full.SamlConfigError;
  console.log(`${same ? 'ok  ' : 'FAIL'} saml-edge and saml-edge/inspect share their error classes`);
  passed += same ? 1 : 0;
  failed += same ? 0 : 1;
} catch (error) {
  console.log(`the suite could not run: ${error?.stack ?? error}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
