// The host-digest question of issue #14, measured: is a verification faster when the runtime's crypto
// hashes the Reference digests (the core hands out each Reference's canonical bytes) than when the core
// hashes them while it canonicalizes? Interleaved A/B in one Node process: for each crypto ('node',
// 'webcrypto') and fixture (bench/fixtures: 5.6 / 16 / 75 KB), blocks of the two variants alternate
// (ABBA), each block timing `iters` verifications of the same response through the core's begin/finish
// split, exactly as the package's #verifyWebCrypto drove it. One JSON line per (crypto, fixture):
// the median block time of each variant in µs per verification and their ratio.
//
// Needs a core that still has `hostDigests` (main before issue #14's lean pass, e.g. 7c94578):
//   node bench/node/host-digests.mjs [--blocks 24] [--target-ms 60] [--dist DIR]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { args, defaults, loadFixtures, repoRoot, certificatePem } from './common.mjs';

const a = args();
const BLOCKS = Number(a.blocks ?? 24);
const TARGET_MS = Number(a['target-ms'] ?? 60);
const pkg = join(repoRoot, 'pkg');
// The package's Node entry installs node:crypto (crypto 'node'); the glue and KeyRing are its own modules.
const saml = await import(pathToFileURL(join(pkg, 'src/node.js')));
await saml.init();
const glue = await import(pathToFileURL(join(pkg, 'dist/saml_edge.js')));
const { KeyRing } = await import(pathToFileURL(join(pkg, 'src/webcrypto.js')));

const verifier = new glue.Verifier(
  JSON.stringify({
    spEntityId: defaults.sp_entity_id,
    acsUrl: defaults.acs_url,
    idpEntityId: defaults.idp_entity_id,
    certificates: [certificatePem],
  }),
);
const keys = JSON.parse(verifier.keys());
const encoder = new TextEncoder();
const call = { nowMs: Date.parse(defaults.now), inResponseTo: defaults.in_response_to, allowUnsolicited: false };

async function verifyOnce(ring, bytes, hostDigests) {
  const pending = verifier.begin(bytes, JSON.stringify({ ...call, hostDigests }));
  const parts = [];
  let length = 0;
  for (let i = 0; i < pending.digestCount(); i++) {
    const hash = pending.digestHash(i);
    const canonical = pending.digestBytes(i);
    const d = ring.synchronous ? ring.digestSync(hash, canonical) : await ring.digest(hash, canonical);
    parts.push(d);
    length += d.length;
  }
  const digests = new Uint8Array(length);
  for (let i = 0, at = 0; i < parts.length; at += parts[i].length, i++) digests.set(parts[i], at);
  const count = pending.taskCount();
  const results = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const task = JSON.parse(pending.taskInfo(i));
    const [message, signature] = [pending.taskMessage(i), pending.taskSignature(i)];
    results[i] = ring.synchronous ? ring.verifySync(task, message, signature) : await ring.verify(task, message, signature);
  }
  return JSON.parse(pending.finishWithDigests(verifier, results, digests));
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

for (const crypto of ['node', 'webcrypto']) {
  const ring = new KeyRing(keys, crypto);
  for (const f of loadFixtures()) {
    const bytes = encoder.encode(f.good);
    for (const host of [true, false]) {
      const id = await verifyOnce(ring, bytes, host);
      if (id.nameId !== f.nameId) throw new Error(`${f.name}: wrong NameID`);
    }
    // Warm-up, and the block length: ~TARGET_MS per block.
    const t0 = performance.now();
    let n = 0;
    while (n < 50 || performance.now() - t0 < 300) {
      await verifyOnce(ring, bytes, n % 2 === 0);
      n++;
    }
    const iters = Math.max(5, Math.ceil(TARGET_MS / ((performance.now() - t0) / n)));
    const times = { true: [], false: [] };
    for (let b = 0; b < BLOCKS; b++) {
      const host = b % 4 === 0 || b % 4 === 3; // ABBA
      const t = performance.now();
      for (let i = 0; i < iters; i++) await verifyOnce(ring, bytes, host);
      times[host].push(((performance.now() - t) * 1000) / iters);
    }
    const hostUs = median(times.true);
    const coreUs = median(times.false);
    console.log(
      JSON.stringify({
        crypto,
        fixture: f.name,
        bytes: f.bytes,
        iters,
        blocks: BLOCKS,
        host_digests_us: +hostUs.toFixed(1),
        core_digests_us: +coreUs.toFixed(1),
        core_over_host: +(coreUs / hostUs).toFixed(3),
        loadavg: loadavg().map((l) => +l.toFixed(2)),
      }),
    );
  }
}
