// Node launcher for deno.mjs: links node_modules/saml-edge -> pkg/ (so Deno resolves the package by
// name through its package.json "exports"), then runs Deno from the npm `deno` package with read
// access to pkg/ and tests/js/ only (no net, no env, no write, no run, no prompts, no remote modules).
//
//   node tests/js/runtimes/run-deno.mjs
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot, runtimesDir } from './lib.mjs';

const nm = join(runtimesDir, 'node_modules');
const link = join(nm, 'saml-edge');
const target = relative(nm, join(repoRoot, 'pkg'));
mkdirSync(nm, { recursive: true });
let ok = false;
try { ok = lstatSync(link).isSymbolicLink() && readlinkSync(link) === target; } catch { /* missing */ }
if (!ok) {
  rmSync(link, { recursive: true, force: true });
  symlinkSync(target, link, 'dir');
}

const platformPkg = { linux: 'linux-x64-glibc', darwin: `darwin-${process.arch}` }[process.platform];
const candidates = [join(nm, '@deno', platformPkg ?? '', 'deno'), join(nm, 'deno', 'deno')];
const deno = candidates.find((p) => existsSync(p));
if (!deno) {
  console.log(`deno binary not found (run npm ci in ${runtimesDir})\n0 passed, 1 failed`);
  process.exit(1);
}
const denoDir = join(repoRoot, 'target', 'js-artifacts', 'deno-dir');
mkdirSync(denoDir, { recursive: true });
const child = spawn(deno, ['run', '--no-prompt', '--no-remote', '--node-modules-dir=manual',
  `--allow-read=${join(repoRoot, 'pkg')},${join(repoRoot, 'tests', 'js')}`, join(runtimesDir, 'deno.mjs')], {
  stdio: 'inherit',
  cwd: runtimesDir,
  env: { ...process.env, DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
});
const kill = () => { if (child.exitCode === null) child.kill('SIGKILL'); };
process.on('exit', kill);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { kill(); process.exit(130); });
child.on('exit', (code, sig) => {
  if (sig) console.log(`deno killed by ${sig}\n0 passed, 1 failed`);
  process.exit(code ?? 1);
});
