// Does the wasm core's linear memory stay flat over many verifications? In this Node process:
// WebAssembly.instantiate and the WebAssembly.Instance constructor (the package's Node entry compiles and
// instantiates synchronously) are wrapped before the package is imported, so the instance's exported
// `memory` (which the package does not expose) can be read. For each crypto mode and fixture:
// memory.buffer.byteLength and process.memoryUsage() (arrayBuffers, rss, heapUsed) after 100
// warm-up verifications and after N more. One JSON line per (crypto, fixture).
//
//   node --expose-gc bench/node/memory.mjs [--n 10000] [--only entra_5k,entra_75k]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { args, loadFixtures, measureFixture, repoRoot } from './common.mjs';

const a = args();
const N = Number(a.n ?? 10000);
const only = (a.only ?? 'entra_5k,entra_75k').split(',');

const instances = [];
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (...x) {
  const r = await instantiate.apply(this, x);
  instances.push(r instanceof WebAssembly.Instance ? r : r.instance);
  return r;
};
const Instance = WebAssembly.Instance;
WebAssembly.Instance = function (...x) {
  const i = new Instance(...x);
  instances.push(i);
  return i;
};
WebAssembly.Instance.prototype = Instance.prototype;

const { resolveExport } = await import(pathToFileURL(join(repoRoot, 'tests/js/runtimes/lib.mjs')));
const { createSp, verifyOnce } = await import(pathToFileURL(join(repoRoot, 'bench/js/measure.mjs')));
const pkgDir = join(repoRoot, 'pkg');
// crypto 'webcrypto' on the edge build ('saml-edge'), 'wasm' on the full build ('saml-edge/inspect'):
// two cores, each with its own memory.
const builds = {};
for (const [crypto, subpath] of [['webcrypto', '.'], ['wasm', './inspect']]) {
  const before = instances.length;
  const saml = await import(pathToFileURL(join(pkgDir, resolveExport(pkgDir, ['node', 'import'], subpath).path)));
  await saml.init();
  // Node may instantiate modules of its own (e.g. undici's); the core is the one with wasm-bindgen's exports.
  const core = instances.slice(before).filter((i) => i.exports.memory instanceof WebAssembly.Memory && '__wbg_verifier_free' in i.exports);
  if (core.length !== 1) throw new Error(`could not reach the wasm memory of ${subpath} (${instances.length} instances, ${core.length} like the core)`);
  builds[crypto] = { saml, memory: core[0].exports.memory };
}
let memory = builds.webcrypto.memory;

const snapshot = () => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { wasmBytes: memory.buffer.byteLength, arrayBuffers: m.arrayBuffers, rss: m.rss, heapUsed: m.heapUsed };
};

const atInit = snapshot();
console.log(JSON.stringify({ atInit }));
const base = measureFixture('');
for (const crypto of ['webcrypto', 'wasm']) {
  const { saml } = builds[crypto];
  memory = builds[crypto].memory;
  const sp = await createSp(saml, base, crypto);
  for (const f of loadFixtures(only)) {
    const fixture = { ...base, response: f.good };
    for (let i = 0; i < 100; i++) await verifyOnce(sp, fixture);
    const before = snapshot();
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const id = await verifyOnce(sp, fixture);
      if (id.nameId !== f.nameId) throw new Error('wrong NameID');
    }
    const ms = performance.now() - t0;
    const after = snapshot();
    console.log(JSON.stringify({ crypto, fixture: f.name, n: N, ms, before, after }));
  }
}
