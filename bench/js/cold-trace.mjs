// Which WebAssembly functions a cold start in Node compiles, step by step: V8 compiles each function
// lazily (Liftoff, on the main thread) at its first call, and tiers a function up (TurboFan, on a
// background thread) once it has used its budget (about the machine code it ran: a loop's body per
// iteration, the code up to the return per call, so a large function tiers up after few calls).
// Both are deterministic for one build and input, unlike the cold start's time on a shared machine;
// this lists them per step (import, init, create, the first and second verification).
//
//   node bench/js/cold-trace.mjs <file URL of the package entry> [names.wasm] [--all]
//
// names.wasm: the same module with a name section, for function names, e.g. for the edge build:
//   wasm-opt -Oz -g <the build's flags> target/wasm-sizes/edge.names.wasm -o /tmp/edge-names.wasm
// (scripts/build-pkg.sh runs wasm-opt with the same flags, without -g, for pkg/dist). --all lists
// every function compiled, not only the largest.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const all = args.includes('--all');
const [entryUrl, namesFile] = args.filter((a) => a !== '--all');

/** Function index -> name, from the "name" custom section (function names, subsection 1). */
function functionNames(file) {
  const names = new Map();
  if (!file) return names;
  const b = readFileSync(file);
  let p = 8;
  const leb = () => {
    let r = 0;
    let s = 0;
    let x;
    do {
      x = b[p++];
      r += (x & 0x7f) * 2 ** s;
      s += 7;
    } while (x & 0x80);
    return r;
  };
  while (p < b.length) {
    const id = b[p++];
    const end = leb() + p;
    if (id === 0) {
      const l = leb();
      if (b.subarray(p, p + l).toString() === 'name') {
        p += l;
        while (p < end) {
          const sub = b[p++];
          const subEnd = leb() + p;
          if (sub === 1) {
            for (let n = leb(); n > 0; n--) {
              const idx = leb();
              const len = leb();
              names.set(idx, b.subarray(p, p + len).toString().replace(/::h[0-9a-f]{16}$/, ''));
              p += len;
            }
          }
          p = subEnd;
        }
      }
    }
    p = end;
  }
  return names;
}

// The child: the same steps as bench/js/measure.mjs coldStart, a marker on stdout (where V8's trace
// goes) between them.
const child = `
import { writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createSp, loadFixture, verifyOnce } from ${JSON.stringify(new URL('./measure.mjs', import.meta.url).href)};
const fixture = await loadFixture((p) => readFile(new URL(p, ${JSON.stringify(new URL('../../', import.meta.url).href)}), 'utf8'));
const mark = (s) => writeSync(1, '=== ' + s + '\\n');
mark('import');
const saml = await import(${JSON.stringify(entryUrl)});
mark('init');
await saml.init();
mark('create');
const sp = await createSp(saml, fixture, 'node');
mark('first verification');
await verifyOnce(sp, fixture);
mark('second verification');
await verifyOnce(sp, fixture);
mark('end');
await new Promise((r) => setTimeout(r, 300)); // background compilations still running finish
`;
const trace = execFileSync(process.execPath, ['--trace-wasm-compilation-times', '--input-type=module', '-e', child], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  maxBuffer: 64 << 20,
});
const names = functionNames(namesFile);
const steps = [];
let step = null;
for (const line of trace.split('\n')) {
  const marker = /^=== (.*)$/.exec(line);
  if (marker) {
    step = { name: marker[1], liftoff: [], turbofan: [] };
    steps.push(step);
    continue;
  }
  const m = /#(\d+) using (Liftoff|TurboFan), took (\d+) ms.*bodysize (\d+)/.exec(line);
  if (m && step) {
    const f = { index: Number(m[1]), ms: Number(m[3]), body: Number(m[4]) };
    f.name = names.get(f.index) ?? `wasm-function#${f.index}`;
    step[m[2] === 'Liftoff' ? 'liftoff' : 'turbofan'].push(f);
  }
}
const sum = (list) => list.reduce((a, f) => a + f.body, 0);
for (const s of steps.slice(0, -1).concat(steps.slice(-1).filter((s) => s.liftoff.length + s.turbofan.length > 0))) {
  const label = s.name === 'end' ? 'after the second verification' : `during ${s.name}`;
  console.log(`${label}: Liftoff ${s.liftoff.length} functions, ${sum(s.liftoff)} bytes of body; TurboFan ${s.turbofan.length} functions, ${sum(s.turbofan)} bytes, ${s.turbofan.reduce((a, f) => a + f.ms, 0)} ms`);
  for (const f of s.turbofan) console.log(`    TurboFan ${f.body} B ${f.ms} ms ${f.name}`);
  const big = [...s.liftoff].sort((a, b) => b.body - a.body);
  for (const f of all ? big : big.slice(0, 8)) console.log(`    Liftoff ${f.body} B ${f.name}`);
}
