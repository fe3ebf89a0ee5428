#!/usr/bin/env node
// Bounded wasm memory (docs/security.md §25): 32 hostile responses verified at once, in
// every crypto mode, leave the core's linear memory at most 16 MiB. WebAssembly memory only grows
// (it is never given back), and its growth is deterministic for a given sequence of allocations,
// so the test asserts on memory.buffer.byteLength, never on time.
//
// The hostile shape amplifies canonicalization: a namespace with a 2,000-character URI declared
// once on an element whose 2,000 children each use it, which exclusive C14N renders as one
// declaration per child: ~30 KB of input, ~4 MB of canonical bytes per Reference, two References
// (the Response's and the Assertion's). Its DigestValues are right (computed here: the document is
// written in canonical form except for that subtree), so each verification gets past the digests
// to its signature values (garbage: ERR_DSIG_SIGNATURE_INVALID) and, with crypto 'webcrypto', waits
// for crypto.subtle with its Pending in wasm memory. When the runtime's crypto hashed the
// References, each of the 32 held its canonical bytes there: 338 MiB, in an isolate of 128 MB.
//
// Node only (the cores' memories are reached by wrapping WebAssembly.Instance before the package
// loads). The last line is `N passed, N failed`.
//
//   node tests/js/memory.mjs
import { createHash } from 'node:crypto';

const MAX_BYTES = 16 * 1024 * 1024;
const CONCURRENT = 32;

const instances = [];
const Instance = WebAssembly.Instance;
WebAssembly.Instance = function (...args) {
  const i = new Instance(...args);
  instances.push(i);
  return i;
};
WebAssembly.Instance.prototype = Instance.prototype;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (...args) {
  const r = await instantiate.apply(this, args);
  instances.push(r instanceof WebAssembly.Instance ? r : r.instance);
  return r;
};

// Both builds: 'saml-edge' (crypto 'node' and 'webcrypto') and 'saml-edge/inspect' (crypto 'wasm'; also
// the core an edge ServiceProvider with decryptionKeys verifies with). Each has its own linear memory.
const saml = await import('saml-edge');
const full = await import('saml-edge/inspect');
const { default: fixtures } = await import('./fixtures.gen.mjs');
await saml.init();
await full.init();
const cores = instances.filter((i) => i.exports.memory instanceof WebAssembly.Memory && '__wbg_verifier_free' in i.exports);
const edgeCore = cores.filter((i) => !('inspect' in i.exports));
const fullCore = cores.filter((i) => 'inspect' in i.exports);
if (edgeCore.length !== 1 || fullCore.length !== 1) {
  throw new Error(`could not reach the cores' wasm memories (${instances.length} instances, ${edgeCore.length} edge, ${fullCore.length} full)`);
}
const memories = { edge: edgeCore[0].exports.memory, full: fullCore[0].exports.memory };

let passed = 0;
let failed = 0;
function check(name, ok, info) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || info === undefined ? '' : `: ${info}`}`);
}

const d = fixtures.defaults;
const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const sha256 = (text) => createHash('sha256').update(text).digest('base64');
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A ds:Signature written in its canonical form (so that it canonicalizes to itself). */
function signature(id, digest) {
  const alg = (uri) => `Algorithm="${uri}"`;
  return (
    `<ds:Signature xmlns:ds="${DS}"><ds:SignedInfo><ds:CanonicalizationMethod ${alg(EXC)}></ds:CanonicalizationMethod>` +
    `<ds:SignatureMethod ${alg('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256')}></ds:SignatureMethod>` +
    `<ds:Reference URI="#${id}"><ds:Transforms><ds:Transform ${alg(`${DS}enveloped-signature`)}></ds:Transform>` +
    `<ds:Transform ${alg(EXC)}></ds:Transform></ds:Transforms><ds:DigestMethod ${alg('http://www.w3.org/2001/04/xmlenc#sha256')}>` +
    `</ds:DigestMethod><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>` +
    `<ds:SignatureValue>${Buffer.alloc(256, 0x5a).toString('base64')}</ds:SignatureValue></ds:Signature>`
  );
}

/** The hostile response (XML), with right digests and garbage signature values. */
function hostile() {
  const uri = `urn:x:${'a'.repeat(1994)}`;
  const children = 2000;
  const pad = 'z'.repeat(12 * 1024);
  const amplifier = (canonical) =>
    canonical
      ? `<c>${pad}${`<x:b xmlns:x="${uri}"></x:b>`.repeat(children)}</c>`
      : `<c xmlns:x="${uri}">${pad}${'<x:b/>'.repeat(children)}</c>`;
  const instant = d.now.replace(/\.\d+Z$/, 'Z');
  const assertion = (canonical, sig) =>
    `<saml:Assertion xmlns:saml="${SAML}" ID="_hostile-a" IssueInstant="${instant}" Version="2.0">` +
    `<saml:Issuer>${escape(d.idp_entity_id)}</saml:Issuer>${sig}${amplifier(canonical)}</saml:Assertion>`;
  const assertionDigest = sha256(assertion(true, ''));
  const signedAssertion = (canonical) => assertion(canonical, signature('_hostile-a', assertionDigest));
  const response = (canonical, sig) =>
    `<samlp:Response xmlns:samlp="${SAMLP}" Destination="${escape(d.acs_url)}" ID="_hostile-r" ` +
    `InResponseTo="${d.in_response_to}" IssueInstant="${instant}" Version="2.0">${sig}` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"></samlp:StatusCode></samlp:Status>` +
    `${signedAssertion(canonical)}</samlp:Response>`;
  return response(false, signature('_hostile-r', sha256(response(true, ''))));
}

const xml = hostile();
const input = Buffer.from(xml).toString('base64');
console.log(`hostile response: ${xml.length} bytes of XML, ${input.length} of base64; wasm memory at start ${memories.edge.buffer.byteLength} bytes (edge), ${memories.full.buffer.byteLength} (full)`);
const call = { inResponseTo: d.in_response_to, currentDate: new Date(d.now) };
const certificates = d.certs.map((p) => fixtures.certs[p]);

for (const [crypto, build] of [['webcrypto', 'edge'], ['node', 'edge'], ['wasm', 'full']]) {
  const pkg = build === 'edge' ? saml : full;
  const memory = memories[build];
  const sp = await pkg.ServiceProvider.create({
    entityId: d.sp_entity_id,
    acsUrl: d.acs_url,
    idp: { entityId: d.idp_entity_id, certificates },
    crypto,
  });
  const outcomes = await Promise.allSettled(Array.from({ length: CONCURRENT }, () => sp.verifyResponse(input, call)));
  const codes = new Set(outcomes.map((o) => (o.status === 'rejected' ? o.reason?.code : 'accepted')));
  check(
    `${crypto} (${build} build): the ${CONCURRENT} hostile responses got past their digests to the signature values (ERR_DSIG_SIGNATURE_INVALID)`,
    codes.size === 1 && codes.has('ERR_DSIG_SIGNATURE_INVALID'),
    [...codes].join(', '),
  );
  const bytes = memory.buffer.byteLength;
  check(`${crypto} (${build} build): wasm memory ${bytes} bytes after ${CONCURRENT} at once, at most ${MAX_BYTES}`, bytes <= MAX_BYTES, `${(bytes / 2 ** 20).toFixed(1)} MiB`);
}

// Encrypted responses wait for the runtime's RSA between rounds: 32 at once, with the SP key in WebCrypto.
const encrypted = fixtures.encrypted;
if (encrypted) {
  // One whose Response is signed too: its round waits for a signature value and an RSA decryption.
  const usable = encrypted.cases.filter((x) => x.expect.ok && x.expect.webcrypto_error === undefined);
  const c = usable.find((x) => /response/.test(x.name)) ?? usable[0];
  const o = { ...encrypted.defaults, ...c.options };
  const sp = await saml.ServiceProvider.create({
    entityId: o.sp_entity_id,
    acsUrl: o.acs_url,
    idp: { entityId: o.idp_entity_id, certificates: o.certs.map((p) => fixtures.certs[p]) },
    crypto: 'webcrypto',
    decryptionKeys: o.sp_keys.map((p) => encrypted.spKeys[p]),
    replayCache: { consume: async () => true },
  });
  const callEnc = { inResponseTo: o.in_response_to, allowUnsolicited: o.allow_unsolicited, currentDate: new Date(o.now) };
  const runs = await Promise.allSettled(Array.from({ length: CONCURRENT }, () => sp.verifyResponse(c.input, callEnc)));
  const ok = runs.filter((r) => r.status === 'fulfilled').length;
  check(`webcrypto, encrypted (${c.name}): ${CONCURRENT} at once all verify`, ok === CONCURRENT, runs.find((r) => r.status === 'rejected')?.reason?.code);
  // Decryption is the full build's: the edge ServiceProvider verified them with its core.
  const bytes = memories.full.buffer.byteLength;
  check(`webcrypto, encrypted (full build's core): wasm memory ${bytes} bytes, at most ${MAX_BYTES}`, bytes <= MAX_BYTES, `${(bytes / 2 ** 20).toFixed(1)} MiB`);
} else {
  check('the encrypted fixtures are in fixtures.gen.mjs', false, 'node tests/js/make-fixtures.mjs');
}

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
