#!/usr/bin/env node
// Type tests of the saml-edge package (tests/types/), as it ships: `npm pack` of pkg/, unpacked
// into target/types-test/node_modules/saml-edge beside copies of the .ts files and tsconfigs here.
// Needs pkg/dist (scripts/build-pkg.sh: the generated pkg/dist/error-codes.d.ts) and `npm ci` here
// (TypeScript, @types/node) and in tests/js/runtimes (Deno). Each check is one test:
//   - usage.ts compiles with lib ES2022 alone (no DOM, no @types/node), with @types/node, and with
//     the DOM lib and bundler resolution; skipLibCheck is off in all three; with @types/node also
//     node-usage.ts (an IncomingMessage to startLogin and finishLogin), with the DOM lib dom-usage.ts
//     (a Request to both);
//     and in all three so does stores.ts (each store
//     adapter is a saml-edge/entra DirectoryStore, one KeyValueStore type);
//   - misspelt.ts (an error code with a typo, compared and passed to `is`) does NOT compile, and
//     tsc names the misspelt code;
//   - `deno check` of deno-main.ts, which imports the package by path (dist/deno.js and
//     dist/inspect/deno.js, bundled entries with @ts-self-types), and of
//     deno-named.ts, which imports it by name from node_modules.
// Prints `N passed, N failed` last; exits 1 on any failure.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = dirname(fileURLToPath(import.meta.url));
const root = join(source, '..', '..');
const here = join(root, 'target', 'types-test');
const tsc = join(source, 'node_modules', 'typescript', 'bin', 'tsc');
const deno = join(root, 'tests', 'js', 'runtimes', 'node_modules', '.bin', 'deno');

// A scratch project: the test files, the packed package, TypeScript and @types/node.
rmSync(here, { recursive: true, force: true });
mkdirSync(join(here, 'node_modules', '@types'), { recursive: true });
for (const f of readdirSync(source)) if (/\.(ts|json)$/.test(f) && f !== 'package-lock.json') copyFileSync(join(source, f), join(here, f));
symlinkSync(join(source, 'node_modules', 'typescript'), join(here, 'node_modules', 'typescript'));
symlinkSync(join(source, 'node_modules', '@types', 'node'), join(here, 'node_modules', '@types', 'node'));
const pack = spawnSync('npm', ['pack', join(root, 'pkg'), '--pack-destination', here, '--json'], { encoding: 'utf8' });
if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
const tarball = join(here, JSON.parse(pack.stdout)[0].filename);
// Unpacked into saml-edge/ (what a vendored copy looks like; Deno reads files under node_modules as
// npm package files, not by path), and linked as node_modules/saml-edge for imports by name.
mkdirSync(join(here, 'saml-edge'));
const untar = spawnSync('tar', ['xzf', tarball, '-C', join(here, 'saml-edge'), '--strip-components=1']);
if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
symlinkSync(join(here, 'saml-edge'), join(here, 'node_modules', 'saml-edge'));
writeFileSync(join(here, 'package.json'), `${JSON.stringify({ type: 'module', dependencies: { 'saml-edge': '*' } })}\n`);

let passed = 0;
let failed = 0;
const ok = (condition, name, info = '') => {
  if (condition) passed++;
  else failed++;
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${name}${condition || !info ? '' : `\n${info}`}`);
};
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: here, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
};

for (const [config, what, files] of [
  ['tsconfig.es2022.json', 'lib ES2022 only, no DOM, no @types/node', 'usage.ts and stores.ts'],
  ['tsconfig.node.json', 'lib ES2022 with @types/node', 'usage.ts, node-usage.ts and stores.ts'],
  ['tsconfig.dom.json', 'lib ES2022 + DOM, bundler resolution', 'usage.ts, dom-usage.ts and stores.ts'],
]) {
  const r = run(process.execPath, [tsc, '-p', config]);
  ok(r.status === 0, `tsc (${what}, skipLibCheck off): ${files} ${files.includes(" and ") ? "compile" : "compiles"}`, r.out);
}

const bad = run(process.execPath, [tsc, '-p', 'tsconfig.misspelt.json']);
ok(bad.status !== 0, 'tsc: a misspelt error code does not compile', bad.out);
const lines = bad.out.split('\n').filter((l) => l.includes('misspelt.ts'));
ok(lines.length === 2 && lines.every((l) => /["']ERR_SAML_AUDENCE["']/.test(l)), 'tsc: both misspellings are reported by name (comparison and is())', bad.out);

if (existsSync(deno)) {
  const path = run(deno, ['check', '--quiet', 'deno-main.ts']);
  ok(path.status === 0, 'deno check: path imports (saml-edge/dist/deno.js, dist/inspect/deno.js) type-check', path.out);
  const named = run(deno, ['check', '--quiet', 'deno-named.ts']);
  ok(named.status === 0, "deno check: an import by name ('saml-edge' from node_modules) type-checks", named.out);
} else {
  ok(false, 'deno check', `no Deno at ${deno} (npm ci in tests/js/runtimes)`);
}

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
