// Turns the raw results of bench/run.sh (target/bench/raw/) into the tables of BENCHMARKS.md.
// Prints Markdown and writes target/bench/report.md and target/bench/results.json. With
// `--cold-size FILE` it also rewrites FILE's marked "Cold start and size" block with this run's
// cold-start and size sections and the load they were measured at (bench/run.sh --quick does it
// for BENCHMARKS.md: those figures change with every build; the rest waits for a full, idle run).
//
//   node bench/report.mjs [RAW_DIR] [--cold-size FILE] [--results FILE]
// With `--results FILE` (bench/run.sh, unless --cold-only) it also rewrites FILE's marked
// "results" block: the summary of ratios, every table but the cold start, and the callgrind profile.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const coldSizeAt = argv.indexOf('--cold-size');
const coldSizeFile = coldSizeAt === -1 ? null : resolve(argv[coldSizeAt + 1]);
const resultsAt = argv.indexOf('--results');
const resultsFile = resultsAt === -1 ? null : resolve(argv[resultsAt + 1]);
const raw = resolve(argv.find((a, i) => !a.startsWith('--') && i !== coldSizeAt + 1 && i !== resultsAt + 1) ?? join(repoRoot, 'target', 'bench', 'raw'));
const readLines = (name) =>
  existsSync(join(raw, name))
    ? readFileSync(join(raw, name), 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
    : [];
const readJson = (name, dflt = {}) => (existsSync(join(raw, name)) ? JSON.parse(readFileSync(join(raw, name), 'utf8')) : dflt);

const manifest = JSON.parse(readFileSync(join(repoRoot, 'bench', 'fixtures', 'fixtures.json'), 'utf8'));
const fixtures = manifest.fixtures;
const versions = readJson('versions.json');
const machine = readJson('machine.json');
const loads = readLines('load.jsonl');
const notes = readLines('notes.jsonl');

const VERIFIERS = [
  ['native', 'saml-edge, native Rust (release, LTO)', 'native.jsonl'],
  ['saml-edge-node', "saml-edge wasm in Node, crypto 'node' (the default there)", 'saml-edge-node.jsonl'],
  ['saml-edge-webcrypto', "saml-edge wasm in Node, crypto 'webcrypto'", 'saml-edge-webcrypto.jsonl'],
  ['saml-edge-wasm', "saml-edge wasm in Node, crypto 'wasm'", 'saml-edge-wasm.jsonl'],
  ['workerd-webcrypto', "saml-edge wasm in workerd, crypto 'webcrypto'", 'workerd.jsonl'],
  ['workerd-wasm', "saml-edge wasm in workerd, crypto 'wasm'", 'workerd.jsonl'],
  ['libxmlsec1 (C)', 'libxmlsec1 in-process from C (bench/c/xmlsec_bench.c)¹', 'libxmlsec1-c.jsonl'],
  ['libxmlsec1', 'libxmlsec1 in-process (Python xmlsec + lxml)¹', 'libxmlsec1.jsonl'],
  ['xml-crypto', 'xml-crypto 6 (+ @xmldom/xmldom) in Node¹', 'xml-crypto.jsonl'],
  ['node-saml', 'node-saml 5 in Node', 'node-saml.jsonl'],
];

// saml-edge's own rows come first in VERIFIERS; the peers after them.
const OURS = VERIFIERS.filter(([id]) => id === 'native' || id.startsWith('saml-edge') || id.startsWith('workerd'));
const PEERS = VERIFIERS.slice(OURS.length);

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, min: s[0], max: s[s.length - 1], n: s.length };
}
const ms = (us) => {
  const v = us / 1000;
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
};
const fmtMs = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) : '–');
const kb = (b) => (b / 1024).toFixed(1);

// ---- per-verification times
const results = {}; // verifier -> fixture -> row
for (const [id, , file] of VERIFIERS) {
  // One row per round: every round must accept and refuse; the repetitions are pooled.
  for (const r of readLines(file)) {
    if (r.verifier !== id) continue;
    const m = ((results[id] ??= {})[r.fixture] ??= { verifier: id, fixture: r.fixture, rounds: 0, accept: r.accept, refuse: r.refuse, us: [], iters: [] });
    m.rounds++;
    if (!r.accept?.ok) m.accept = r.accept;
    if (!r.refuse?.ok) m.refuse = r.refuse;
    if (r.us) m.us.push(...r.us);
    if (r.iters) m.iters.push(r.iters);
  }
}
const cell = (id, f) => {
  const r = results[id]?.[f];
  if (!r) return { text: 'not measured' };
  if (!r.accept?.ok) return { text: `**did not accept** (${r.accept?.detail})` };
  if (!r.refuse?.ok) return { text: `**did not refuse** (${r.refuse?.detail})` };
  const s = stats(r.us);
  return { s, text: `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})` };
};

const out = [];
const p = (s = '') => out.push(s);

// The ratios issue #14 sets targets for, as ranges over the fixtures (median ÷ median).
function ratioRange(id, refId) {
  const rs = fixtures.map((f) => {
    const a = cell(id, f.name).s;
    const b = cell(refId, f.name).s;
    return a && b ? a.median / b.median : NaN;
  }).filter(Number.isFinite);
  return rs.length ? [Math.min(...rs), Math.max(...rs)] : null;
}
const fmtRatio = (r) => (r >= 10 ? r.toFixed(0) : r.toFixed(2));
const summary = [];
for (const [id, label] of OURS) {
  const c = ratioRange(id, 'libxmlsec1 (C)');
  const ns = ratioRange('node-saml', id);
  if (!c && !ns) continue;
  const parts = [];
  if (c) parts.push(`${fmtRatio(c[0])}–${fmtRatio(c[1])}× libxmlsec1-from-C's time`);
  if (ns) parts.push(`${fmtRatio(ns[0])}–${fmtRatio(ns[1])}× faster than node-saml`);
  summary.push(`- **${label}**: ${parts.join('; ')}`);
}
const any = Object.values(results).flatMap((x) => Object.values(x)).find((r) => r.us.length);
const reps = any?.us.length ?? 0;
const rounds = any?.rounds ?? 0;

p(`Per verification, in ms: median (min–max) of ${reps} repetition means: ${rounds} rounds, each running every verifier`);
p(`once in a fresh process with ${rounds ? reps / rounds : 0} repetitions; a repetition is the mean of N verifications of the same valid`);
p('response (N sized so it lasts ~0.3 s), after warm-up. In every round each verifier first accepted the valid');
p('fixture (NameID `B.Simon@contoso.com`) and refused the tampered one (one NameID byte changed after signing).');
p();
p(`| verifier | ${fixtures.map((f) => `${f.name} (${kb(f.bytes)} KB, ${f.signed} signed)`).join(' | ')} |`);
p(`|---|${fixtures.map(() => '---:').join('|')}|`);
for (const [id, label] of VERIFIERS) p(`| ${label} | ${fixtures.map((f) => cell(id, f.name).text).join(' | ')} |`);
p();
p('¹ Signature verification and reading the NameID only: no SAML checks (times, audience, recipient, InResponseTo, issuer, status).');
p();

const ratioTable = (refId, refLabel) => {
  p(`Ratio to ${refLabel} (median ÷ median; below 1 = faster than ${refLabel}):`);
  p();
  p(`| verifier | ${fixtures.map((f) => f.name).join(' | ')} |`);
  p(`|---|${fixtures.map(() => '---:').join('|')}|`);
  for (const [id, label] of OURS) {
    p(`| ${label} | ${fixtures.map((f) => {
      const a = cell(id, f.name).s;
      const b = cell(refId, f.name).s;
      if (!a || !b) return '–';
      const r = a.median / b.median;
      return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
    }).join(' | ')} |`);
  }
  p();
};
ratioTable('libxmlsec1 (C)', 'libxmlsec1 from C');
ratioTable('libxmlsec1', 'libxmlsec1 from Python');
ratioTable('node-saml', 'node-saml');

// ---- where saml-edge is slower than a peer
const slower = [];
for (const f of fixtures) {
  for (const [id, label] of OURS) {
    const a = cell(id, f.name).s;
    if (!a) continue;
    for (const [peer, peerLabel] of PEERS) {
      const b = cell(peer, f.name).s;
      if (b && a.median > b.median) slower.push(`${label} on ${f.name}: ${ms(a.median)} ms vs ${peerLabel.replace(/¹$/, '')} ${ms(b.median)} ms (${(a.median / b.median).toFixed(2)}×)`);
    }
  }
}
p('Where saml-edge is slower than a peer (medians):');
p();
for (const s of slower.length ? slower : ['nowhere in this run']) p(`- ${s}`);
p();

// ---- cold start
const coldFrom = out.length;
p('### Cold start (5.6 KB fixture)');
p();
p('| runtime | crypto | step | median ms (min–max) |');
p('|---|---|---|---:|');
const coldNode = {};
for (const r of readLines('cold-node.jsonl')) (coldNode[`${r.build ?? 'edge'} ${r.crypto}`] ??= []).push(r);
const BUILD = { edge: "edge build (`import 'saml-edge'`)", full: 'full build (`saml-edge/inspect`)' };
for (const [key, rows] of Object.entries(coldNode)) {
  const [build, crypto] = key.split(' ');
  const col = (k) => stats(rows.map((r) => r[k]));
  const line = (what, s) => p(`| Node (${rows.length} fresh processes), ${BUILD[build] ?? build} | ${crypto} | ${what} | ${fmtMs(s.median)} (${fmtMs(s.min)}–${fmtMs(s.max)}) |`);
  if (rows.every((r) => Number.isFinite(r.import))) {
    line('import (the bundled entry, its glue, errors.js, Node built-ins)', col('import'));
    line('init() (read, compile, instantiate the .wasm)', col('init'));
  } else {
    line('import + init() (read, compile, instantiate the .wasm)', col('loadInit'));
  }
  line('ServiceProvider.create', col('create'));
  line('first verifyResponse', col('firstVerify'));
  line('**import → first verification**', col('total'));
  line('second verifyResponse (warm, for comparison)', col('secondVerify'));
  line('process start → first verification', col('firstVerifiedAt'));
}
for (const r of readLines('cold-workerd.jsonl')) {
  const line = (what, xs) => {
    const s = stats(xs);
    p(`| workerd (${xs.length} fresh processes) | ${r.crypto} | ${what} | ${fmtMs(s.median)} (${fmtMs(s.min)}–${fmtMs(s.max)}) |`);
  };
  line('spawn → listening (loads the worker, compiles the .wasm)', r.listening);
  line('first request: instantiate + create + first verification, minus an empty round trip', r.first.map((x, i) => x - r.rtt[i]));
  line('second request: create + verification, minus an empty round trip', r.second.map((x, i) => x - r.rtt[i]));
  line('empty request round trip', r.rtt);
}
p();

// ---- size (scripts/sizes.mjs --json, the build this run measured)
const sizes = readJson('sizes.json', null);
if (sizes) {
  p('### Size');
  p();
  p('`scripts/sizes.mjs` (the same figures as docs/design.md\'s, from the `pkg/dist` this run measured); gzip is `gzip -9 -n`.');
  p();
  p('| build | `.wasm` bytes | gzip | JS the Node entry loads (bundle, glue, errors.js) | gzip |');
  p('|---|---:|---:|---:|---:|');
  for (const [build, label] of [['edge', "edge (`import 'saml-edge'`)"], ['full', 'full (`saml-edge/inspect`)']]) {
    const s = sizes[build];
    p(`| ${label} | ${s.wasm.raw.toLocaleString('en')} | ${s.wasm.gzip.toLocaleString('en')} | ${s.js.raw.toLocaleString('en')} | ${s.js.gzip.toLocaleString('en')} |`);
  }
  p();
}

const coldTo = out.length;

// ---- memory growth
const mem = readLines('memory.jsonl');
const init = mem.find((r) => r.atInit)?.atInit;
if (mem.length) {
  p('### wasm linear memory over repeated verifications (Node)');
  p();
  if (init) p(`After init(), before any verification: linear memory ${init.wasmBytes.toLocaleString('en')} bytes.`);
  p();
  p('| crypto | fixture | verifications | linear memory before → after | process arrayBuffers before → after | RSS before → after (MB) |');
  p('|---|---|---:|---|---|---|');
  for (const r of mem.filter((x) => x.crypto)) {
    const grow = r.after.wasmBytes === r.before.wasmBytes ? 'flat' : `**grew ${(r.after.wasmBytes - r.before.wasmBytes).toLocaleString('en')}**`;
    p(`| ${r.crypto} | ${r.fixture} | ${r.n.toLocaleString('en')} | ${r.before.wasmBytes.toLocaleString('en')} → ${r.after.wasmBytes.toLocaleString('en')} (${grow}) | ${r.before.arrayBuffers.toLocaleString('en')} → ${r.after.arrayBuffers.toLocaleString('en')} | ${(r.before.rss / 2 ** 20).toFixed(1)} → ${(r.after.rss / 2 ** 20).toFixed(1)} |`);
  }
  p();
}

// ---- native memory
const nm = readLines('mem-native.jsonl');
const timeV = existsSync(join(raw, 'time-v.txt')) ? readFileSync(join(raw, 'time-v.txt'), 'utf8') : '';
const maxRss = timeV.match(/Maximum resident set size \(kbytes\): (\d+)/)?.[1];
if (nm.length) {
  p('### Native memory');
  p();
  p('| fixture | XML bytes | heap peak during one verification | allocations | peak RSS before → after first → after all (KB) | heap live before → after |');
  p('|---|---:|---:|---:|---|---|');
  for (const r of nm) {
    p(`| ${r.file} | ${r.xml_bytes.toLocaleString('en')} | ${r.heap_peak_bytes.toLocaleString('en')} B | ${r.allocations.toLocaleString('en')} | ${r.vmhwm_kb_before.toLocaleString('en')} → ${r.vmhwm_kb_after_first.toLocaleString('en')} → ${r.vmhwm_kb_after.toLocaleString('en')} (${r.iterations} verifications) | ${r.heap_live_before.toLocaleString('en')} → ${r.heap_live_after.toLocaleString('en')} |`);
  }
  if (maxRss) p(`\n\`/usr/bin/time -v\` of the 75 KB run: maximum resident set size ${Number(maxRss).toLocaleString('en')} KB (whole process: binary, std, fixtures, keys).`);
  p();
}

// ---- scaling
const sc = readLines('scaling.jsonl').filter((r) => r.us);
if (sc.length) {
  p('### Time vs size (native)');
  p();
  const pts = sc.map((r) => ({ name: r.fixture, bytes: r.bytes, s: stats(r.us) }));
  // least squares t = a + b * KB
  const xs = pts.map((q) => q.bytes / 1024);
  const ys = pts.map((q) => q.s.median);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const b = xs.reduce((acc, x, i) => acc + (x - mx) * (ys[i] - my), 0) / xs.reduce((acc, x) => acc + (x - mx) ** 2, 0);
  const a = my - b * mx;
  const ssr = ys.reduce((acc, y, i) => acc + (y - (a + b * xs[i])) ** 2, 0);
  const sst = ys.reduce((acc, y) => acc + (y - my) ** 2, 0);
  p('| fixture | XML KB | median µs (min–max) | µs/KB (total) | µs/KB (marginal, from the previous point) |');
  p('|---|---:|---:|---:|---:|');
  pts.forEach((q, i) => {
    const k = q.bytes / 1024;
    const marg = i ? ((q.s.median - pts[i - 1].s.median) / (k - pts[i - 1].bytes / 1024)).toFixed(2) : '–';
    p(`| ${q.name} | ${k.toFixed(1)} | ${q.s.median.toFixed(0)} (${q.s.min.toFixed(0)}–${q.s.max.toFixed(0)}) | ${(q.s.median / k).toFixed(2)} | ${marg} |`);
  });
  p();
  p(`Least-squares fit over the points: ${a.toFixed(0)} µs + ${b.toFixed(2)} µs/KB × size, R² = ${(1 - ssr / sst).toFixed(5)}.`);
  p();
}

// ---- machine, load, versions
p('### Machine, load, versions');
p();
if (machine.cpu) p(`- Machine: ${machine.nproc} × ${machine.cpu}; ${machine.mem ?? ''}; ${machine.kernel ?? ''}`);
if (loads.length) {
  p(`- Load average (1/5/15 min) when each measurement started (after waiting for the 1-minute load < ${machine.max_load ?? '0.5'}), and the CPU other processes used during it (machine busy time minus the measurement's own):`);
  for (const l of loads) {
    const extra = [
      l.waited_s ? `waited ${l.waited_s} s` : '',
      l.idle === false ? '**never idle: measured anyway**' : '',
      l.foreign_cores !== undefined ? `other processes meanwhile: ${l.foreign_cores} cores` : '',
      l.attempt > 1 ? `attempt ${l.attempt}` : '',
    ].filter(Boolean);
    p(`  - ${l.step}: ${l.loadavg.join(' / ')}${extra.length ? ` (${extra.join('; ')})` : ''}`);
  }
}
if (Object.keys(versions).length) p(`- Versions: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join('; ')}`);
for (const n of notes) p(`- Note: ${n.note}`);
p();

const md = out.join('\n');
console.log(md);
if (coldSizeFile) {
  const START = '<!-- cold-size:start (written by bench/report.mjs --cold-size; do not edit) -->';
  const END = '<!-- cold-size:end -->';
  const when = loads.filter((l) => /^cold start/.test(l.step)).map((l) => `${l.step}: load ${l.loadavg.join(' / ')}${l.idle === false ? ' (never idle: measured anyway)' : ''}`);
  const head = [
    '## Cold start and size',
    '',
    `From \`bench/run.sh${machine.max_load && Number(machine.max_load) >= 100 ? ' --quick' : ''}${machine.cold_only ? ' --cold-only' : ''}\` at saml-edge ${versions['saml-edge'] ?? '?'}, ${new Date().toISOString().slice(0, 10)}, ${machine.nproc ?? '?'} × ${machine.cpu ?? '?'}, ${versions.node ?? ''}${versions.workerd ? `, workerd ${versions.workerd}` : ''}. Load during the cold starts (other processes share this machine; a busy one slows a cold start more than a warm verification):`,
    '',
    ...when.map((w) => `- ${w}`),
    '',
  ];
  const body = [...head, ...out.slice(coldFrom, coldTo).map((l) => l.replace(/^### /, '### '))].join('\n').trimEnd();
  const text = readFileSync(coldSizeFile, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a === -1 || b < a) throw new Error(`${coldSizeFile} has no cold-size block (${START} ... ${END})`);
  writeFileSync(coldSizeFile, `${text.slice(0, a + START.length)}\n${body}\n${text.slice(b)}`);
  console.error(`${coldSizeFile}: cold-size block rewritten`);
}
if (resultsFile) {
  const START = '<!-- results:start (written by bench/report.mjs --results; do not edit) -->';
  const END = '<!-- results:end -->';
  const profile = existsSync(join(raw, 'profile.txt')) ? readFileSync(join(raw, 'profile.txt'), 'utf8').trim() : '';
  const body = [
    '## Summary',
    '',
    `From \`bench/run.sh${rounds === 1 ? ' --quick' : ''}\` at saml-edge ${versions['saml-edge'] ?? '?'}, ${new Date().toISOString().slice(0, 10)}, ${machine.nproc ?? '?'} × ${machine.cpu ?? '?'} (every row in one run; ratios are median ÷ median per fixture, the range over the ${fixtures.length} fixtures):`,
    '',
    ...summary,
    '',
    '## Results',
    '',
    ...out.slice(0, coldFrom),
    ...out.slice(coldTo),
    ...(profile ? ['## Where the time goes (native, callgrind)', '', '```', profile, '```', ''] : []),
  ].join('\n').trimEnd();
  const text = readFileSync(resultsFile, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a === -1 || b < a) throw new Error(`${resultsFile} has no results block (${START} ... ${END})`);
  writeFileSync(resultsFile, `${text.slice(0, a + START.length)}\n${body}\n${text.slice(b)}`);
  console.error(`${resultsFile}: results block rewritten`);
}
writeFileSync(join(raw, '..', 'report.md'), md + '\n');
writeFileSync(join(raw, '..', 'results.json'), JSON.stringify({ machine, versions, loads, results, sizes, cold: { node: readLines('cold-node.jsonl'), workerd: readLines('cold-workerd.jsonl') }, memory: mem, native_memory: nm, scaling: readLines('scaling.jsonl') }, null, 2));
