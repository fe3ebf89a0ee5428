// Runs tests/js/suite.mjs in Deno against the package imported by name, so that Deno's own
// resolution (node_modules + package.json "exports", conditions deno > node > import > default)
// picks the entry. Started by run-deno.mjs, which links node_modules/saml-edge -> ../../../../pkg
// and runs, with read access to pkg/ and tests/js/ only (the .wasm is fetched from a file: URL):
//
//   deno run --no-prompt --no-remote --node-modules-dir=manual \
//     --allow-read=<repo>/pkg,<repo>/tests/js tests/js/runtimes/deno.mjs
//
// Prints `N passed, N failed` last; exits 1 on failure. The imports are dynamic so that a package
// that fails to load is reported as a failure with the closing line, like any other.
const t0 = performance.now();
let result;
try {
  const edge = await import('saml-edge');
  const full = await import('saml-edge/inspect');
  const { runSuite } = await import('../suite.mjs');
  const fixtures = (await import('../fixtures.gen.mjs')).default;
  const pkgJsonUrl = new URL('../../../pkg/package.json', import.meta.url);
  const pj = JSON.parse(await Deno.readTextFile(pkgJsonUrl));
  const realPkg = await Deno.realPath(new URL('../../../pkg/', import.meta.url));
  const rel = (p) => p.replace(realPkg, 'pkg').replace(/^\.\//, '');
  // Check that the `deno` condition of each export is the entry Deno actually loaded.
  for (const [name, subpath] of [['saml-edge', '.'], ['saml-edge/inspect', './inspect']]) {
    const resolvedPath = await Deno.realPath(new URL(import.meta.resolve(name)));
    console.log(`deno: ${name} resolved to ${rel(resolvedPath)}`);
    let target = pj.exports?.[subpath]?.deno;
    while (target && typeof target === 'object') target = target.import ?? target.default;
    if (typeof target !== 'string') throw new Error(`pkg/package.json exports["${subpath}"] has no "deno" condition`);
    const expected = await Deno.realPath(new URL(target, pkgJsonUrl));
    if (expected !== resolvedPath) throw new Error(`Deno loaded ${rel(resolvedPath)}, but the "deno" condition names ${target}`);
  }
  const total = { passed: 0, failed: 0, failures: [] };
  for (const [build, saml] of [['edge', edge], ['full', full]]) {
    console.log(`${build} build:`);
    const r = await runSuite(saml, fixtures, { log: (...a) => console.log(...a), tools: full, build });
    total.passed += r.passed;
    total.failed += r.failed;
    total.failures.push(...r.failures.map((f) => `${build}: ${f}`));
  }
  const same = edge.SamlError === full.SamlError;
  total[same ? 'passed' : 'failed'] += 1;
  if (!same) total.failures.push('saml-edge and saml-edge/inspect do not share SamlError');
  result = total;
} catch (e) {
  console.log(String((e && e.stack) || e));
  result = { passed: 0, failed: 1, failures: [{ name: 'deno runner', error: String((e && e.message) || e) }] };
}
const { passed = 0, failed = 0, failures = [] } = result || {};
for (const f of failures) {
  console.log(`FAIL ${typeof f === 'string' ? f : `${f.name}: ${f.error}`}`);
}
console.log(`deno: ${passed} passed, ${failed} failed in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
console.log(`${passed} passed, ${failed} failed`);
Deno.exit(failed === 0 && passed > 0 ? 0 : 1);
