// Runs in Deno (started by deno.mjs): imports `saml-edge/entra` by name — Deno resolves it through
// node_modules/saml-edge and the package's export map — and runs the suite against the directory server
// whose URLs are the arguments. Prints `N passed, N failed` last; exits 1 on failure.
const t0 = performance.now();
let result;
try {
  const [login, graph, control] = Deno.args;
  const entra = await import('saml-edge/entra');
  const { runEntraSuite } = await import('../suite.mjs');
  console.log(`deno ${Deno.version.deno}; saml-edge/entra resolved to ${import.meta.resolve('saml-edge/entra').replace(/^.*\/pkg\//, 'pkg/')}`);
  result = await runEntraSuite(entra, { login, graph, control }, { log: (l) => console.log(l) });
} catch (e) {
  console.log(String(e?.stack ?? e));
  result = { passed: 0, failed: 1, failures: [{ name: 'deno runner', error: String(e?.message ?? e) }] };
}
for (const f of result.failures) console.log(`FAIL ${f.name}: ${f.error}`);
console.log(`entra deno: ${result.passed} passed, ${result.failed} failed in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
console.log(`${result.passed} passed, ${result.failed} failed`);
Deno.exit(result.failed === 0 && result.passed > 0 ? 0 : 1);
