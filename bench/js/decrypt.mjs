#!/usr/bin/env node
// The cost of decrypting an encrypted assertion with the npm package in Node (bench/decrypt.sh):
//   - verifyResponse of the Entra response in the clear vs the same response encrypted
//     (AES-256-CBC as Entra sends it, AES-256-GCM), crypto 'node' and 'webcrypto';
//   - the core's part after RSA (Decryption.next(): OAEP decoding, AES, the splice, the re-parse,
//     then the plaintext checks up to the signature values, which `begin` of the plaintext
//     response alone is measured for) against AES-GCM / AES-CBC of the same ciphertext alone by
//     WebCrypto and by node:crypto: what moving AES out of the core could save at most.
// Interleaved rounds; prints one JSON object per line, then a table.
import { constants, createDecipheriv, createPrivateKey, privateDecrypt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as saml from '../../pkg/src/node.js';
import * as glue from '../../pkg/dist/edge/saml_edge.js';

const root = new URL('../../', import.meta.url);
const read = (p) => readFile(new URL(p, root), 'utf8');
const manifest = JSON.parse(await read('tests/fixtures/encrypted/manifest.json'));
const d = manifest.defaults;
const spPem = await read('tests/keys/sp-enc-rsa2048.key');
const certificate = await read('tests/keys/idp-rsa2048.crt');
// A store that records nothing (consume always true): each response is verified many times.
const noReplay = { consume: async () => true };
const call = { inResponseTo: d.in_response_to, currentDate: new Date(d.now) };
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const TARGET_MS = Number(process.env.TARGET_MS ?? 300);

const inputs = {
  plaintext: await read('tests/fixtures/valid/entra_assertion_signed.xml'),
  'AES-256-CBC': await read('tests/fixtures/encrypted/valid/entra_encrypted_aes256cbc.xml'),
  'AES-256-GCM': await read('tests/fixtures/encrypted/valid/pair_aes256_gcm_mgf1p.xml'),
};

async function timeIt(fn) {
  const t0 = performance.now();
  let n = 0;
  while (n < 5 || performance.now() - t0 < 150) { await fn(); n++; }
  const iters = Math.max(5, Math.ceil(TARGET_MS / ((performance.now() - t0) / n)));
  const t = performance.now();
  for (let i = 0; i < iters; i++) await fn();
  return ((performance.now() - t) * 1000) / iters;
}

const measurements = new Map();
const add = (name, us) => measurements.set(name, [...(measurements.get(name) ?? []), us]);

const sps = {};
for (const crypto of ['node', 'webcrypto']) {
  sps[crypto] = await saml.ServiceProvider.create({
    entityId: d.sp_entity_id, acsUrl: d.acs_url, crypto, replayCache: noReplay,
    idp: { entityId: d.idp_entity_id, certificates: [certificate] }, decryptionKeys: [spPem],
  });
  for (const [name, xml] of Object.entries(inputs)) {
    const id = await sps[crypto].verifyResponse(xml, call);
    if (id.loginName !== 'bsimon') throw new Error(`${crypto} ${name}: ${id.loginName}`);
  }
}

// The core's step after RSA, and AES alone by the host, on the same ciphertexts.
const verifier = new glue.Verifier(JSON.stringify({ spEntityId: d.sp_entity_id, acsUrl: d.acs_url, idpEntityId: d.idp_entity_id, certificates: [certificate] }));
const key = createPrivateKey(spPem);
const callJson = JSON.stringify({ nowMs: Date.parse(d.now), inResponseTo: d.in_response_to, allowUnsolicited: false });
const decryptJson = JSON.stringify({ ...JSON.parse(callJson), decrypt: true });
function begin(bytes, json) {
  const received = verifier.receive(bytes, false);
  try {
    return verifier.begin(received, json);
  } finally {
    received.free();
  }
}
function coreStep(xml) {
  // Everything but finish() is set up outside the timed part.
  const bytes = new TextEncoder().encode(xml);
  return () => {
    const dec = begin(bytes, decryptJson);
    const raw = new Uint8Array(privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, dec.keyCipher(0)));
    dec.supplyKey(0, 'raw', raw);
    return { dec, raw };
  };
}
async function hostAes(xml, alg) {
  const cv = [...xml.matchAll(/<xenc:CipherValue>([^<]*)</g)].map((m) => Buffer.from(m[1], 'base64'));
  const cek = privateDecrypt({ key, oaepHash: 'sha1' }, cv[0]);
  const data = cv[1];
  const gcm = alg.endsWith('GCM');
  const webKey = await crypto.subtle.importKey('raw', cek, gcm ? 'AES-GCM' : 'AES-CBC', false, ['decrypt']);
  const webcrypto = gcm
    ? () => crypto.subtle.decrypt({ name: 'AES-GCM', iv: data.subarray(0, 12) }, webKey, data.subarray(12))
    : null; // WebCrypto's AES-CBC refuses XML Encryption's padding: not measurable as such
  const node = () => {
    if (gcm) {
      const dc = createDecipheriv('aes-256-gcm', cek, data.subarray(0, 12));
      dc.setAuthTag(data.subarray(data.length - 16));
      return Buffer.concat([dc.update(data.subarray(12, data.length - 16)), dc.final()]);
    }
    const dc = createDecipheriv('aes-256-cbc', cek, data.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([dc.update(data.subarray(16)), dc.final()]);
  };
  return { webcrypto, node };
}

const plainBytes = new TextEncoder().encode(inputs.plaintext);

for (let round = 0; round < ROUNDS; round++) {
  // What finish() does besides decrypting: the checks of a response in the clear up to its
  // signature values (begin), on the same (decrypted) document.
  add('core begin of the plaintext response (for comparison)', await timeIt(() => begin(plainBytes, callJson).free()));
  for (const crypto of ['node', 'webcrypto']) {
    for (const [name, xml] of Object.entries(inputs)) {
      add(`verifyResponse ${crypto} ${name}`, await timeIt(() => sps[crypto].verifyResponse(xml, call)));
    }
  }
  for (const name of ['AES-256-CBC', 'AES-256-GCM']) {
    const xml = inputs[name];
    const setup = coreStep(xml);
    // finish() of the round alone: set up outside, the loop times it on fresh rounds.
    let total = 0;
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < TARGET_MS) {
      const { dec } = setup();
      const t = performance.now();
      const json = dec.finish(verifier, new Int32Array(dec.taskCount()).fill(-1));
      total += performance.now() - t;
      if (json !== undefined) throw new Error('the round should hand over to the response\'s own checks');
      dec.free();
      n++;
    }
    add(`core after RSA (AES, splice, re-parse) ${name}`, (total * 1000) / n);
    const host = await hostAes(xml, name);
    if (host.webcrypto) add(`WebCrypto AES alone ${name}`, await timeIt(host.webcrypto));
    add(`node:crypto AES alone ${name}`, await timeIt(host.node));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, us] of measurements) console.log(JSON.stringify({ name, us, median_us: median(us) }));
console.log('\n| measurement (Node ' + process.version + ') | median µs | min–max |\n|---|---:|---:|');
for (const [name, us] of measurements) {
  console.log(`| ${name} | ${median(us).toFixed(1)} | ${Math.min(...us).toFixed(1)}–${Math.max(...us).toFixed(1)} |`);
}
