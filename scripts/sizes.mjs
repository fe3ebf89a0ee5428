#!/usr/bin/env node
// The npm package's sizes, measured from pkg/dist, never typed by hand: scripts/build-pkg.sh runs
// `--write` after each build (it fails when a .wasm is over its budget and rewrites the marked
// blocks of docs/design.md and pkg/README.md); scripts/test.sh runs `--check` (fails when a block no
// longer states what the build produced: commit the files the build wrote).
//
//   node scripts/sizes.mjs --write [--no-budget] [--tools TEXT]
//   node scripts/sizes.mjs --check
//   node scripts/sizes.mjs --json          (the figures, for bench/report.mjs)
//
// Sizes are bytes; gzip is `gzip -9 -n` (GNU gzip, as the issue's and BENCHMARKS.md's earlier
// figures; Node's zlib at level 9 gives about 1% more). Budgets are checked on the .wasm files: the edge build is what `import 'saml-edge'`
// loads for a ServiceProvider (verification and the login flow); the full build is what
// `saml-edge/inspect` loads, and what the edge build loads on first use for Single Logout and the
// SP's metadata.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Budgets, gzip -9 bytes of each .wasm: the measured size plus about 2%. Issue #14's goal for the
 * edge build is 120 KB, not met (141,305 bytes when the budgets were last set, after the twiggy
 * pass); what it reaches and what stands in the way are in docs/design.md ("Size").
 * SAML_EDGE_EDGE_BUDGET / SAML_EDGE_FULL_BUDGET override them for an experiment.
 */
const BUDGETS = {
  edge: Number(process.env.SAML_EDGE_EDGE_BUDGET ?? 144_000),
  full: Number(process.env.SAML_EDGE_FULL_BUDGET ?? 261_000),
};
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};

const read = (path) => readFileSync(join(root, path));
const gz = (bytes) => execFileSync('gzip', ['-9', '-n', '-c'], { input: bytes, maxBuffer: 64 << 20 }).length;
const n = (x) => x.toLocaleString('en-US');

/** Raw and gzip sizes of the files `import` reads for an entry: its bundle, the glue, errors.js, the .wasm. */
function measure() {
  const wasm = (build) => {
    const bytes = read(`pkg/dist/${build}/saml_edge_bg.wasm`);
    return { raw: bytes.length, gzip: gz(bytes) };
  };
  const js = (files) => {
    const bytes = files.map(read);
    return { raw: bytes.reduce((a, b) => a + b.length, 0), gzip: bytes.reduce((a, b) => a + gz(b), 0), files };
  };
  return {
    edge: { wasm: wasm('edge'), js: js(['pkg/dist/node.js', 'pkg/dist/edge/saml_edge.js', 'pkg/src/errors.js']) },
    full: { wasm: wasm('full'), js: js(['pkg/dist/inspect/node.js', 'pkg/dist/full/saml_edge.js', 'pkg/src/errors.js']) },
  };
}

/** The size of `npm pack pkg` (the tarball as published). */
function tarball() {
  const dir = mkdtempSync(join(tmpdir(), 'saml-edge-pack-'));
  try {
    const out = execFileSync('npm', ['pack', join(root, 'pkg'), '--pack-destination', dir, '--json', '--silent'], { encoding: 'utf8' });
    const [info] = JSON.parse(out);
    const file = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    return { size: readFileSync(join(dir, file)).length, unpacked: info.unpackedSize, files: info.entryCount };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const START = '<!-- sizes: written by scripts/build-pkg.sh (scripts/sizes.mjs), checked by scripts/test.sh; do not edit -->';
const END = '<!-- /sizes -->';

function table(m, budgets) {
  const row = (what, s, budget) =>
    `| ${what} | ${n(s.wasm.raw)} | ${n(s.wasm.gzip)} | ${budget === undefined ? '–' : n(budget)} | ${n(s.js.raw)} | ${n(s.js.gzip)} |`;
  return [
    '| build | `.wasm` bytes | gzip -9 | budget (gzip, the build fails above it) | JS bytes (Node entry, glue, errors.js) | gzip -9 |',
    '|---|---:|---:|---:|---:|---:|',
    row("edge: `import 'saml-edge'` (verification, login flow)", m.edge, budgets.edge),
    row("full: `saml-edge/inspect`, and loaded by the edge build for logout, decryption and the SP's metadata", m.full, budgets.full),
  ].join('\n');
}

function blocks(m, budgets, pack) {
  const t = table(m, budgets);
  return {
    'docs/design.md': `${t}\n\nThe packed tarball (\`npm pack\`) is ${n(pack.size)} bytes, ${n(pack.files)} files.`,
    'pkg/README.md': t,
  };
}

function replaceBlock(text, body, file) {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a === -1 || b === -1 || b < a) throw new Error(`${file} has no sizes block (${START} ... ${END})`);
  return `${text.slice(0, a + START.length)}\n${body}\n${text.slice(b)}`;
}

const m = measure();
if (flag('--json')) {
  console.log(JSON.stringify(m));
} else if (flag('--write')) {
  const budgets = BUDGETS;
  for (const [build, budget] of Object.entries(budgets)) {
    const s = m[build].wasm;
    console.log(`pkg/dist/${build}/saml_edge_bg.wasm: ${n(s.raw)} bytes, ${n(s.gzip)} gzip -9 (budget ${n(budget)})${value('--tools') ? ` (${value('--tools')})` : ''}`);
  }
  const over = flag('--no-budget') ? [] : Object.entries(budgets).filter(([build, budget]) => m[build].wasm.gzip > budget);
  for (const [build, budget] of over) {
    console.error(`the ${build} build is over its budget: ${n(m[build].wasm.gzip)} bytes gzipped > ${n(budget)} (scripts/build-pkg.sh)`);
  }
  if (over.length) process.exit(1);
  if (!flag('--no-budget')) {
    // Without wasm-opt the figures are not the package's: the docs keep the last real ones.
    for (const [file, body] of Object.entries(blocks(m, budgets, tarball()))) {
      const text = read(file).toString();
      const next = replaceBlock(text, body, file);
      if (next !== text) {
        writeFileSync(join(root, file), next);
        console.log(`${file}: sizes block rewritten`);
      }
    }
  }
} else if (flag('--check')) {
  let stale = false;
  for (const [file, body] of Object.entries(blocks(m, BUDGETS, tarball()))) {
    const text = read(file).toString();
    if (replaceBlock(text, body, file) !== text) {
      console.error(`${file}: the sizes block does not state what pkg/dist holds; scripts/build-pkg.sh rewrote it: commit it`);
      stale = true;
    }
  }
  if (stale) process.exit(1);
  console.log('docs/design.md and pkg/README.md state the sizes of pkg/dist');
} else {
  console.error('usage: node scripts/sizes.mjs --write [--no-budget] | --check | --json');
  process.exit(2);
}
