// One cold start in this (fresh) Node process, as bench/js/cold-node.mjs, with each step's CPU time
// beside its wall time: the whole process's (process.cpuUsage: the main thread plus V8's background
// compilation and GC threads; Node 20 has no precise per-thread figure: /proc's schedstat of the
// running thread lags by up to a scheduler tick). On a shared machine the wall time of a cold start
// follows the load; the CPU time much less, and it shows what V8's background compiles of a build
// cost (they compete with the main thread on a 2-core host). Prints one JSON line.
//   node bench/js/cold-cpu.mjs <file URL of the package entry> [node|webcrypto|wasm]
import { readFile } from 'node:fs/promises';
import { createSp, loadFixture, verifyOnce } from './measure.mjs';

const [entryUrl, crypto = 'node'] = process.argv.slice(2);
const repo = new URL('../../', import.meta.url);
const fixture = await loadFixture((p) => readFile(new URL(p, repo), 'utf8'));
const sample = () => ({ wall: performance.now(), cpu: (({ user, system }) => (user + system) / 1e3)(process.cpuUsage()) });

const marks = [sample()];
const saml = await import(entryUrl);
marks.push(sample());
await saml.init();
marks.push(sample());
const sp = await createSp(saml, fixture, crypto);
marks.push(sample());
const identity = await verifyOnce(sp, fixture);
marks.push(sample());
if (identity.loginName !== 'bsimon') throw new Error(`unexpected identity ${identity.loginName}`);
await verifyOnce(sp, fixture);
marks.push(sample());

const steps = ['import', 'init', 'create', 'firstVerify', 'secondVerify'];
const out = { crypto };
for (const [i, step] of steps.entries()) {
  for (const k of ['wall', 'cpu']) out[`${step}.${k}`] = marks[i + 1][k] - marks[i][k];
}
for (const k of ['wall', 'cpu']) out[`total.${k}`] = marks[4][k] - marks[0][k];
console.log(JSON.stringify(out));
