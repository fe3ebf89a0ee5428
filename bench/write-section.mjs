// Writes a generated section into BENCHMARKS.md: stdin is the section's body (markdown), argv[2] its
// name, argv[3] its heading, argv[4] the command that reproduces it. The section sits between
// `<!-- NAME:start -->` and `<!-- NAME:end -->` markers, replaced on every run (appended the first
// time), so the figures the docs cite are always the last run's, never typed by hand.
//
//   some-bench | node bench/write-section.mjs sp-bench "SP steps" "bench/sp.sh"
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const [name, heading, command] = process.argv.slice(2);
if (!name || !heading || !command) throw new Error('usage: node bench/write-section.mjs NAME HEADING COMMAND < body.md');
const body = readFileSync(0, 'utf8').trim();
const file = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
const section = [
  `<!-- ${name}:start (written by ${command}; do not edit) -->`,
  `## ${heading}`,
  '',
  `${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}, ` +
    `load average ${loadavg()[0].toFixed(1)} at the end. Reproduce: \`${command}\`.`,
  '',
  body,
  `<!-- ${name}:end -->`,
].join('\n');
const text = readFileSync(file, 'utf8');
const re = new RegExp(`<!-- ${name}:start[\\s\\S]*?<!-- ${name}:end -->`);
writeFileSync(file, re.test(text) ? text.replace(re, () => section) : `${text.trimEnd()}\n\n${section}\n`);
