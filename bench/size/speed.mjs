// Verification time of one build of the core (wasm-bindgen glue + .wasm in DIR), as the npm package's
// Node entry runs it (receive, begin, node:crypto for the signature values, finish; the Reference
// digests are the core's),
// for scripts/size-choices.sh: what an opt-level costs in time. Prints one JSON line per fixture:
// the median of 7 repetitions, each the mean of N verifications after warm-up.
//
//   node bench/size/speed.mjs DIR
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.argv[2];
const root = new URL('../../', import.meta.url);
const read = (p) => readFileSync(new URL(p, root), 'utf8');
const glue = await import(pathToFileURL(join(dir, 'saml_edge.js')).href);
glue.initSync({ module: new WebAssembly.Module(readFileSync(join(dir, 'saml_edge_bg.wasm'))) });

const { defaults } = JSON.parse(read('tests/fixtures/manifest.json'));
const v = new glue.Verifier(
  JSON.stringify({ spEntityId: defaults.sp_entity_id, acsUrl: defaults.acs_url, idpEntityId: defaults.idp_entity_id, certificates: [read('tests/keys/idp-rsa2048.crt')] }),
);
const key = createPublicKey({ key: Buffer.from(JSON.parse(v.keys())[0].spki, 'base64'), format: 'der', type: 'spki' });
const call = JSON.stringify({ nowMs: Date.parse(defaults.now), inResponseTo: defaults.in_response_to });

function once(bytes) {
  const received = v.receive(bytes, false);
  let p;
  try {
    p = v.begin(received, call);
  } finally {
    received.free();
  }
  try {
    const results = new Int32Array(p.taskCount());
    for (let i = 0; i < results.length; i++) results[i] = verify('sha256', p.taskMessage(i), key, p.taskSignature(i)) ? 0 : -1;
    return p.finish(v, results);
  } finally {
    p.free();
  }
}

for (const [name, file, n] of [
  ['entra_5k', 'tests/fixtures/valid/entra_assertion_signed.b64', 700],
  ['entra_75k', 'bench/fixtures/entra_75k.xml', 70],
]) {
  const bytes = new TextEncoder().encode(read(file).trim());
  for (let i = 0; i < n; i++) once(bytes); // warm-up, optimized code in place
  const reps = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) once(bytes);
    reps.push((performance.now() - t0) / n);
  }
  reps.sort((a, b) => a - b);
  console.log(JSON.stringify({ fixture: name, medianMs: reps[3] }));
}
