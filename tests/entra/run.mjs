#!/usr/bin/env node
// Runs the saml-edge/entra suite on Node, Deno, workerd and Chromium (tests/entra/runtimes/*), each
// against its own local directory server, then prints one line per runtime and `N passed, N failed`.
// Needs the npm packages of tests/js/runtimes (scripts/test-js.sh installs them) and, for Node's
// integration test, pkg/dist (scripts/build-pkg.sh). Exits 1 if any runtime failed or did not report.
//
//   node tests/entra/run.mjs [node|deno|workerd|chromium ...]
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const all = ['node', 'deno', 'workerd', 'chromium'];
const wanted = process.argv.slice(2);
for (const w of wanted) {
  if (!all.includes(w)) {
    console.error(`usage: node tests/entra/run.mjs [${all.join('|')} ...]`);
    process.exit(2);
  }
}
const runtimes = wanted.length ? wanted : all;
let totalPassed = 0;
let totalFailed = 0;
const summary = [];
for (const r of runtimes) {
  console.log(`\n== entra ${r}: node tests/entra/runtimes/${r}.mjs`);
  const started = performance.now();
  const lines = [];
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, 'runtimes', `${r}.mjs`)], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      lines.push(...d.toString().split('\n'));
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  const last = lines.map((l) => /^(\d+) passed, (\d+) failed$/.exec(l.trim())).filter(Boolean).pop();
  let passed = last ? Number(last[1]) : 0;
  let failed = last ? Number(last[2]) : 1;
  if (code !== 0 && failed === 0) failed = 1;
  if (passed === 0 && failed === 0) failed = 1;
  totalPassed += passed;
  totalFailed += failed;
  summary.push(`entra ${r.padEnd(8)} ${String(passed).padStart(4)} ok  ${String(failed).padStart(4)} failed  ` +
    `${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s  (exit ${code})`);
}
console.log('\n== entra summary');
for (const s of summary) console.log(s);
console.log(`${totalPassed} passed, ${totalFailed} failed`);
process.exitCode = totalFailed === 0 ? 0 : 1;
