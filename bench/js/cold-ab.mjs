// Interleaved A/B cold starts in Node: for each round, one fresh process per build (in turn), each
// running bench/js/cold-node.mjs once; prints the median (min–max) of every step per build and the
// load average before and after. For comparing two builds of the package under the same drift.
//   node bench/js/cold-ab.mjs [--runs N] [--crypto node] [--cpu] LABEL=PATH_TO_PKG_DIR ...
//   e.g. node bench/js/cold-ab.mjs --runs 12 before=/tmp/pkg-before after=pkg
// --cpu: run bench/js/cold-cpu.mjs instead (each step's process CPU time too); --login:
// bench/js/cold-login.mjs (create with request state, then finishLogin; --express: the request as
// an Express route hands it over).
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stats } from './measure.mjs';

const args = process.argv.slice(2);
let runs = 12;
let crypto = 'node';
let entry = 'dist/node.js';
let cpu = false;
let login = false;
let express = false;
const builds = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--crypto') crypto = args[++i];
  else if (args[i] === '--entry') entry = args[++i];
  else if (args[i] === '--cpu') cpu = true;
  else if (args[i] === '--login') login = true;
  else if (args[i] === '--express') express = true;
  else {
    const [label, dir] = args[i].split('=');
    builds.push({ label, url: pathToFileURL(resolve(dir, entry)).href, samples: [] });
  }
}
const script = new URL(login ? './cold-login.mjs' : cpu ? './cold-cpu.mjs' : './cold-node.mjs', import.meta.url).pathname;
if (login) cpu = true;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' / ');
const loadBefore = load();
for (let r = 0; r < runs; r++) {
  for (const b of builds) {
    const out = execFileSync(process.execPath, [script, b.url, crypto, ...(express ? ['express'] : [])], { encoding: 'utf8' });
    b.samples.push(JSON.parse(out.trim().split('\n').pop()));
  }
}
const STEPS = cpu
  ? ['import', 'init', 'create', 'firstVerify', 'total'].flatMap((s) => [`${s}.wall`, `${s}.cpu`])
  : ['import', 'init', 'create', 'firstVerify', 'total', 'secondVerify'];
const f = (x) => (x >= 10 ? x.toFixed(1) : x.toFixed(2));
console.log(`${runs} fresh processes per build, interleaved; crypto ${crypto}; load ${loadBefore} -> ${load()}`);
console.log('median (min–max) ms');
for (const s of STEPS) {
  const cells = builds.map((b) => {
    const st = stats(b.samples.map((x) => x[s]));
    return `${b.label} ${f(st.median)} (${f(st.min)}–${f(st.max)})`;
  });
  console.log([s.padEnd(20), ...cells.map((c) => c.padEnd(28))].join(' '));
}
