#!/usr/bin/env node
// Runs tests/js/suite.mjs on Node against the built package, imported by name
// (tests/js/node_modules/saml-edge -> pkg/, from `npm install` here).
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
  const saml = await import('saml-edge');
  const { default: fixtures } = await import('./fixtures.gen.mjs');
  console.log(`node ${process.version}`);
  const started = performance.now();
  ({ passed, failed } = await runSuite(saml, fixtures, { log: (line) => console.log(line) }));
  const ok = await nodeCryptoIsUsed(saml, fixtures);
  passed += ok ? 1 : 0;
  failed += ok ? 0 : 1;
  console.log(`suite took ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.log(`the suite could not run: ${error?.stack ?? error}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
