#!/usr/bin/env node
// Runs tests/js/suite.mjs on Node against the built package, imported by name
// (tests/js/node_modules/saml-edge -> pkg/, from `npm install` here).
// Needs pkg/dist (scripts/build-pkg.sh) and fixtures.gen.mjs (node make-fixtures.mjs).
// The last line is `N passed, N failed`; exits 1 on any failure.
import { runSuite } from './suite.mjs';

let passed = 0;
let failed = 0;
try {
  const saml = await import('saml-edge');
  const { default: fixtures } = await import('./fixtures.gen.mjs');
  console.log(`node ${process.version}`);
  const started = performance.now();
  ({ passed, failed } = await runSuite(saml, fixtures, { log: (line) => console.log(line) }));
  console.log(`suite took ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.log(`the suite could not run: ${error?.stack ?? error}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
