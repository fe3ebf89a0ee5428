// Runs tests/entra/suite.mjs in Deno (the npm `deno` package installed in tests/js/runtimes): starts the
// directory server, links tests/entra/node_modules/saml-edge -> pkg/, then
//
//   deno run --no-prompt --no-remote --node-modules-dir=manual --allow-net=127.0.0.1 \
//     --allow-read=<repo>/pkg,<repo>/tests/entra tests/entra/runtimes/deno-main.mjs <login> <graph> <control>
//
// (no env, no write, no run; the network only on loopback). Prints `N passed, N failed` last.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDirectoryServer } from '../directory-server.mjs';
import { entraDir, linkPackage, repoRoot, runtimesDir, toolsDir } from './common.mjs';

const platformPkg = { linux: 'linux-x64-glibc', darwin: `darwin-${process.arch}` }[process.platform];
const deno = [join(toolsDir, '@deno', platformPkg ?? '', 'deno'), join(toolsDir, 'deno', 'deno')].find((p) => existsSync(p));
if (!deno) {
  console.log(`deno binary not found (run npm ci in tests/js/runtimes)\n0 passed, 1 failed`);
  process.exit(1);
}
linkPackage();
const server = await startDirectoryServer();
const denoDir = join(repoRoot, 'target', 'js-artifacts', 'deno-dir');
mkdirSync(denoDir, { recursive: true });
const child = spawn(deno, ['run', '--no-prompt', '--no-remote', '--node-modules-dir=manual', '--allow-net=127.0.0.1',
  `--allow-read=${join(repoRoot, 'pkg')},${entraDir}`, join(runtimesDir, 'deno-main.mjs'),
  server.loginUrl, server.graphUrl, server.controlUrl], {
  stdio: 'inherit',
  cwd: entraDir,
  env: { ...process.env, DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
});
const kill = () => { if (child.exitCode === null) child.kill('SIGKILL'); };
process.on('exit', kill);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { kill(); process.exit(130); });
child.on('exit', async (code, sig) => {
  await server.close();
  if (sig) console.log(`deno killed by ${sig}\n0 passed, 1 failed`);
  process.exit(code ?? 1);
});
