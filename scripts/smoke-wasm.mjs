// Smoke test of the two built wasm layers (pkg/dist/edge and pkg/dist/full, from scripts/build-pkg.sh)
// in Node, without the JS shim: every case of tests/fixtures/manifest.json through receive() +
// begin() + finish() of the full build with the signature values checked by the core (taskInCore)
// and by WebCrypto, and of the edge build with WebCrypto, which must all agree with each other and
// with the manifest; what each build exports (the edge build has no taskInCore, inspect, logout,
// ...); plus the thrown-error shape, keys(), idp(), IdP metadata with its signature checked by the
// host, the redirect binding, the helper functions and argument checking.
//
//   node scripts/smoke-wasm.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { webcrypto } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'pkg', 'dist');
async function load(build) {
  const m = await import(path.join(dist, build, 'saml_edge.js'));
  m.initSync({ module: fs.readFileSync(path.join(dist, build, 'saml_edge_bg.wasm')) });
  return m;
}
const wasm = await load('full');
const edge = await load('edge');
const { Verifier } = wasm;
const subtle = webcrypto.subtle;

let passed = 0;
let failed = 0;
function check(name, ok, info) {
  if (ok) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL ${name}${info === undefined ? '' : `: ${typeof info === 'string' ? info : JSON.stringify(info)}`}`);
  }
}
function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
}
async function thrownAsync(f) {
  try {
    await f();
  } catch (e) {
    return e;
  }
  return null;
}
const read = (p) => fs.readFileSync(path.join(root, p));

// --- verify() and begin()/WebCrypto/finish() on every manifest case -------------------------

const manifest = JSON.parse(read('tests/fixtures/manifest.json'));
const verifiers = new Map();

function verifierFor(o, build = wasm) {
  const config = {
    spEntityId: o.sp_entity_id,
    acsUrl: o.acs_url,
    idpEntityId: o.idp_entity_id ?? null,
    certificates: o.certs.map((c) => read(c).toString('utf8')),
    clockTolerance: o.clock_tolerance,
    allowSha1: o.allow_sha1,
    requireSignedAssertion: o.require_signed_assertion,
  };
  if (o.min_rsa_bits !== undefined) config.minRsaBits = o.min_rsa_bits;
  if (o.affiliations !== undefined) config.affiliations = o.affiliations;
  // Metadata validity is checked by each verification at its instant (no nowMs at construction here).
  if (o.metadata !== undefined) config.metadataXml = read(o.metadata).toString('utf8');
  const key = JSON.stringify(config);
  const id = `${build === wasm ? 'full' : 'edge'} ${key}`;
  if (!verifiers.has(id)) verifiers.set(id, { verifier: new build.Verifier(key), cryptoKeys: new Map() });
  return verifiers.get(id);
}

// WebCrypto binds the hash to an RSA key at import, the curve to an EC key: import per (key, hash).
async function importKey(entry, index, info) {
  const id = `${index}/${info.hash}`;
  if (!entry.cryptoKeys.has(id)) {
    const k = JSON.parse(entry.verifier.keys())[index];
    const der = Buffer.from(k.spki, 'base64');
    const alg =
      k.kind === 'RSA'
        ? { name: 'RSASSA-PKCS1-v1_5', hash: info.hash }
        : { name: 'ECDSA', namedCurve: k.kind === 'EC-P256' ? 'P-256' : 'P-384' };
    entry.cryptoKeys.set(id, await subtle.importKey('spki', der, alg, false, ['verify']));
  }
  return entry.cryptoKeys.get(id);
}

/** receive() + begin() + each task by the core's own crypto + finish(): the identity JSON or a throw. */
function verifyInCore(entry, input, call) {
  const v = entry.verifier;
  const received = v.receive(input, false);
  let pending;
  try {
    pending = v.begin(received, call);
  } finally {
    received.free();
  }
  try {
    const results = new Int32Array(pending.taskCount());
    for (let i = 0; i < results.length; i++) results[i] = pending.taskInCore(v, i);
    return pending.finish(v, results);
  } finally {
    pending.free();
  }
}

/** receive() + begin() + WebCrypto + finish(). */
async function verifyWithWebCrypto(entry, input, call) {
  const received = entry.verifier.receive(input, false);
  let pending;
  try {
    pending = entry.verifier.begin(received, call);
  } finally {
    received.free();
  }
  const results = new Int32Array(pending.taskCount());
  for (let i = 0; i < results.length; i++) {
    const info = JSON.parse(pending.taskInfo(i));
    const message = pending.taskMessage(i);
    const signature = pending.taskSignature(i);
    results[i] = -1;
    for (const k of info.candidates) {
      const key = await importKey(entry, k, info);
      const params = info.scheme === 'ECDSA' ? { name: 'ECDSA', hash: info.hash } : { name: info.scheme };
      let ok = false;
      try {
        ok = await subtle.verify(params, key, signature, message);
      } catch {
        ok = false;
      }
      if (ok) {
        results[i] = k;
        break;
      }
    }
  }
  try {
    return pending.finish(entry.verifier, results);
  } finally {
    pending.free();
  }
}

for (const c of manifest.cases) {
  const o = { ...manifest.defaults, ...c.options };
  let entry;
  let edgeEntry;
  try {
    entry = verifierFor(o);
  } catch (e) {
    check(c.name, c.expect.error === e.code, { constructor: e.code, expected: c.expect });
    const e2 = thrown(() => verifierFor(o, edge));
    check(`${c.name} (edge build)`, e2?.code === e.code, { constructor: e2?.code, full: e.code });
    continue;
  }
  edgeEntry = verifierFor(o, edge);
  const input = read(c.file);
  const call = JSON.stringify({
    nowMs: Date.parse(o.now),
    inResponseTo: o.in_response_to ?? null,
    allowUnsolicited: o.allow_unsolicited,
  });
  let viaRust;
  const e1 = thrown(() => (viaRust = verifyInCore(entry, input, call)));
  let viaWebCrypto;
  const e2 = await thrownAsync(async () => (viaWebCrypto = await verifyWithWebCrypto(entry, input, call)));
  let viaEdge;
  const e4 = await thrownAsync(async () => (viaEdge = await verifyWithWebCrypto(edgeEntry, input, call)));
  const paths = [
    ['core crypto', viaRust, e1],
    ['WebCrypto', viaWebCrypto, e2],
    ['edge build, WebCrypto', viaEdge, e4],
  ];
  if (c.expect.ok) {
    const want = c.expect.ok;
    for (const [how, json, err] of paths) {
      if (err) {
        check(`${c.name} (${how})`, false, { code: err.code, message: err.message });
        continue;
      }
      const id = JSON.parse(json);
      check(
        `${c.name} (${how})`,
        id.nameId === want.name_id &&
          id.loginName === want.login_name &&
          id.signedElement === want.signed &&
          (!('in_response_to' in want) || id.inResponseTo === want.in_response_to) &&
          (!('response_id' in want) || id.responseId === want.response_id) &&
          (want.warning === undefined || id.warnings.some((w) => w.includes(want.warning))),
        { nameId: id.nameId, loginName: id.loginName, signedElement: id.signedElement, inResponseTo: id.inResponseTo, responseId: id.responseId, warnings: id.warnings },
      );
    }
    check(`${c.name}: all paths of both builds give the same identity`, paths.every(([, json]) => json === viaRust));
  } else {
    for (const [how, , err] of paths) {
      check(
        `${c.name} (${how}) throws ${c.expect.error}`,
        err instanceof Error && err.code === c.expect.error && typeof err.detail === 'object',
        err ? { code: err.code, message: err.message } : 'accepted',
      );
    }
    check(`${c.name}: both builds give the same message`, paths.every(([, , err]) => err?.message === e1?.message), paths.map(([, , err]) => err?.message));
  }
}

// --- what each build exports -------------------------------------------------------------------
{
  const fullOnly = ['inspect', 'decodeRedirect', 'parseMetadata', 'errorDetailKeys', 'spMetadata', 'spMetadataToSign', 'buildLogoutRequest', 'buildLogoutResponse'];
  const both = ['Verifier', 'buildAuthnRequest', 'redirectUrl', 'redirectToSign', 'beginMetadataSignature', 'certificateKey', 'errorCodes'];
  for (const name of fullOnly) {
    check(`full build exports ${name}`, typeof wasm[name] === 'function');
    check(`edge build leaves out ${name}`, !(name in edge));
  }
  for (const name of both) check(`both builds export ${name}`, typeof wasm[name] === 'function' && typeof edge[name] === 'function');
  check('full Verifier.beginLogout', typeof wasm.Verifier.prototype.beginLogout === 'function');
  check('edge Verifier has no beginLogout', !('beginLogout' in edge.Verifier.prototype));
  check('full Pending.taskInCore', typeof wasm.Pending.prototype.taskInCore === 'function');
  check('edge Pending has no taskInCore (no RSA/ECDSA in its core)', !('taskInCore' in edge.Pending.prototype));
  check('full build exports beginInspection (decryption for inspect)', typeof wasm.beginInspection === 'function');
  check('edge build leaves out beginInspection', !('beginInspection' in edge));
  check('edge PendingMetadata has no finishWithRustCrypto', !('finishWithRustCrypto' in edge.PendingMetadata.prototype));
  check('full PendingMetadata.finishWithRustCrypto', typeof wasm.PendingMetadata.prototype.finishWithRustCrypto === 'function');
  check('both builds have the same codes', edge.errorCodes() === wasm.errorCodes());
}

// --- the identity JSON of the Entra sample -----------------------------------------------

const d = manifest.defaults;
const config = {
  spEntityId: d.sp_entity_id,
  acsUrl: d.acs_url,
  idpEntityId: d.idp_entity_id,
  certificates: d.certs.map((c) => read(c).toString('utf8')),
  clockTolerance: d.clock_tolerance,
  allowSha1: d.allow_sha1,
  requireSignedAssertion: d.require_signed_assertion,
};
const v = new Verifier(JSON.stringify(config));
const call = JSON.stringify({ nowMs: Date.parse(d.now), inResponseTo: d.in_response_to });
const entra = read('tests/fixtures/valid/entra_assertion_signed.xml');
const inCore = (input, c = call) => verifyInCore({ verifier: v }, input, c);
const begin = (input, c = call) => {
  const received = v.receive(input, false);
  try {
    return v.begin(received, c);
  } finally {
    received.free();
  }
};
const id = JSON.parse(inCore(entra));
check('loginName bsimon', id.loginName === 'bsimon', id.loginName);
check('signedElement assertion', id.signedElement === 'assertion');
check('inResponseTo', id.inResponseTo === d.in_response_to);
check('issuer', id.issuer === d.idp_entity_id);
check('times are RFC 3339', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/.test(id.notOnOrAfter), id.notOnOrAfter);
check('replayExpiresMs is a number', Number.isInteger(id.replayExpiresMs) && id.replayExpiresMs > Date.parse(d.now));
// The raw identity lists each attribute once, with its short name; the JS shim builds the two maps.
check('attributes listed once, with short names', id.attributeList.some((a) => a.claim === 'objectidentifier'), id.attributeList.map((a) => a.claim));
check('the maps are left to the shim', id.attributes === null && id.claims === null, [id.attributes, id.claims]);
check('one signature, key 0', id.signatures.length === 1 && id.signatures[0].keyIndex === 0 && id.signatures[0].element === 'assertion', id.signatures);
check('keyInfoCertificate matches the pin', id.signatures[0].keyInfoCertificate?.matchesPinned === true, id.signatures[0].keyInfoCertificate);
const keys = JSON.parse(v.keys());
check('keys()', keys.length === 1 && keys[0].index === 0 && keys[0].kind === 'RSA' && keys[0].bits === 2048 && keys[0].sha256 === id.certificateSha256, keys);
check(
  'idp()',
  v.idp() === JSON.stringify({ entityId: d.idp_entity_id, ssoRedirectUrl: null, ssoPostUrl: null, validUntil: null, cacheDuration: null }),
  v.idp(),
);
check('warnings empty with inResponseTo', Array.isArray(id.warnings) && id.warnings.length === 0, id.warnings);

// --- a host that reports failure is believed; one that reports success for an unknown key is not ---
{
  const p = begin(entra);
  const e = thrown(() => p.finish(v, new Int32Array([-1])));
  check('finish with -1 refuses', e?.code === 'ERR_DSIG_SIGNATURE_INVALID', e?.code);
  check('the Pending is consumed', thrown(() => p.taskCount()) instanceof Error);
  const p2 = begin(entra);
  const e2 = thrown(() => p2.finish(v, new Int32Array([7])));
  check('finish with a non-candidate key refuses', e2?.code === 'ERR_DSIG_SIGNATURE_INVALID', e2?.code);
  const p3 = begin(entra);
  const e3 = thrown(() => p3.finish(v, new Int32Array([0, 0])));
  check('finish with too many results refuses', e3?.code === 'ERR_CONFIG_INVALID', e3?.code);
  const other = new Verifier(JSON.stringify(config));
  const p4 = begin(entra);
  const e4 = thrown(() => p4.finish(other, new Int32Array([0])));
  check('finish with another Verifier refuses', e4 instanceof TypeError && e4.code === 'ERR_CONFIG_INVALID', e4?.code);
  const h5 = thrown(() => begin(entra, JSON.stringify({ ...JSON.parse(call), hostDigests: true })));
  check('begin() takes no hostDigests (digests are the core\'s)', h5 instanceof TypeError, h5?.message);
  const p6 = begin(entra);
  check('nothing to decrypt: no key tasks', p6.keyCount() === 0 && p6.decrypting() === undefined);
  check('supplyKey without a key task throws', thrown(() => p6.supplyKey(0, 'raw', new Uint8Array(256)))?.code === 'ERR_CONFIG_INVALID');
  check('the core checks the task', p6.taskInCore(v, 0) === 0);
  const done = p6.finish(v, new Int32Array([0]));
  check('finish gives the identity JSON', JSON.parse(done).loginName === 'bsimon');
  // Decryption is the full build's: the edge build refuses to be asked for it, and an encrypted
  // response without it is ERR_SAML_ENCRYPTED_UNSUPPORTED (the JS layer uses the full build then).
  const edgeV = new edge.Verifier(JSON.stringify(config));
  const edgeReceived = edgeV.receive(entra, false);
  const d7 = thrown(() => edgeV.begin(edgeReceived, JSON.stringify({ ...JSON.parse(call), decrypt: true })));
  check('edge begin() refuses decrypt: true', d7 instanceof TypeError && /full build/.test(d7.message), d7?.message);
  edgeReceived.free();
  const encrypted = edgeV.receive(read('tests/fixtures/encrypted/valid/entra_encrypted_aes256cbc.xml'), false);
  const d8 = thrown(() => edgeV.begin(encrypted, call));
  check('edge build: an encrypted response is ERR_SAML_ENCRYPTED_UNSUPPORTED', d8?.code === 'ERR_SAML_ENCRYPTED_UNSUPPORTED', d8?.code);
  encrypted.free();
  check('finish twice throws', thrown(() => p6.finish(v, new Int32Array([0]))) instanceof TypeError);
  p6.free();
  const r = v.receive(read('tests/fixtures/valid/entra_assertion_signed.form'), true);
  check('receive() at the ACS: the RelayState', typeof r.relayState() === 'string' && r.relayState().length > 0, r.relayState());
  r.free();
  const raw = v.receive(entra, true);
  check('receive() at the ACS refuses raw XML when read', thrown(() => raw.relayState())?.code === 'ERR_INPUT_BINDING');
  check('... and when begun', thrown(() => v.begin(raw, call))?.code === 'ERR_INPUT_BINDING');
  raw.free();
  const p5 = begin(entra);
  check('taskInfo', JSON.stringify(JSON.parse(p5.taskInfo(0))) === '{"algorithm":"RSA-SHA256","scheme":"RSASSA-PKCS1-v1_5","hash":"SHA-256","candidates":[0]}', p5.taskInfo(0));
  check('taskSignature is modulus-sized', p5.taskSignature(0).length === 256);
  check('taskInfo out of range throws with a code', thrown(() => p5.taskInfo(1))?.code === 'ERR_CONFIG_INVALID');
  p5.free();
  other.free();
}

// --- the thrown value ------------------------------------------------------------------------
{
  const e = thrown(() => inCore(read('tests/fixtures/attacks/signature_value_bit_flip.xml'), call));
  check('attack throws an Error', e instanceof Error && !(e instanceof TypeError));
  check('code', e?.code === 'ERR_DSIG_SIGNATURE_INVALID', e?.code);
  check('message is the core sentence', /does not verify with any of the 1 configured/.test(e?.message), e?.message);
  check('detail', e?.detail?.triedKeys === '1', e?.detail);
  const x = thrown(() => inCore(read('tests/fixtures/attacks/xsw1_response_inside_signature.xml'), call));
  check('xsw1', x?.code === 'ERR_SAML_ASSERTION_COUNT', x?.code);
  const dm = thrown(() => inCore(read('tests/fixtures/attacks/digest_mismatch_nameid.xml'), call));
  check('digest detail', dm?.code === 'ERR_DSIG_DIGEST_MISMATCH' && typeof dm.detail.computed === 'string', dm?.detail);
  // Detail keys cross camelCased, a free-text one as `reason` (never detail.detail).
  const rolled = thrown(() => inCore(read('tests/fixtures/valid/rollover_next_key.xml'), call));
  const d = rolled?.detail ?? {};
  check('untrusted certificate: both thumbprints', rolled?.code === 'ERR_DSIG_UNTRUSTED_CERT' && /^[0-9a-f]{40}$/.test(d.certificateSha1) && /^[0-9a-f]{64}$/.test(d.certificateSha256) && typeof d.notAfter === 'string', d);
  check('untrusted certificate: the SHA-1 thumbprint in the message', rolled?.message.includes(`SHA-1 thumbprint ${String(d.certificateSha1).toUpperCase()}`), rolled?.message);
  const syntax = thrown(() => inCore(new TextEncoder().encode('<a><b></a>'), call));
  check('free-text detail is `reason`', syntax?.code === 'ERR_XML_SYNTAX' && typeof syntax.detail.reason === 'string' && !('detail' in syntax.detail), syntax?.detail);
}

// --- argument checking -----------------------------------------------------------------------
const typeErr = (name, f, option) => {
  const e = thrown(f);
  check(name, e instanceof TypeError && e.code === 'ERR_CONFIG_INVALID' && (option === undefined || e.detail.option === option), e ? { name: e.name, code: e.code, detail: e.detail, message: e.message } : 'no throw');
};
typeErr('config not JSON', () => new Verifier('{'));
typeErr('config not an object', () => new Verifier('[]'));
typeErr('unknown config key', () => new Verifier(JSON.stringify({ ...config, idpEntityID: 'x' })), 'idpEntityID');
typeErr('missing spEntityId', () => new Verifier(JSON.stringify({ ...config, spEntityId: undefined })), 'spEntityId');
typeErr('clockTolerance negative', () => new Verifier(JSON.stringify({ ...config, clockTolerance: -1 })), 'clockTolerance');
typeErr('allowSha1 not a bool', () => new Verifier(JSON.stringify({ ...config, allowSha1: 'yes' })), 'allowSha1');
typeErr('nowMs required', () => inCore(entra, '{}'), 'nowMs');
typeErr('inResponseTo empty', () => inCore(entra, JSON.stringify({ nowMs: 0, inResponseTo: '' })), 'inResponseTo');
{
  const e = thrown(() => new Verifier(JSON.stringify({ ...config, certificates: [] })));
  check('no keys', e?.code === 'ERR_CONFIG_NO_KEYS', e?.code);
  const w = thrown(() => new Verifier(JSON.stringify({ ...config, certificates: [read('tests/keys/weak-rsa1024.crt').toString()] })));
  check('weak key', w?.code === 'ERR_KEY_UNSUPPORTED' && w.detail.option === 'certificates[0]', w && { code: w.code, detail: w.detail });
  const g = thrown(() => new Verifier(JSON.stringify({ ...config, certificates: ['garbage'] })));
  check('garbage certificate', g?.code === 'ERR_CERT_INVALID', g?.code);
  const big = new Uint8Array(2 * 1024 * 1024 + 1);
  const l = thrown(() => inCore(big, call));
  check('oversized input refused before the copy', l?.code === 'ERR_LIMIT_INPUT_SIZE' && l.detail.limit === 'input bytes', l && { code: l.code, detail: l.detail });
  // Bare base64 DER is accepted as a certificate.
  const b64 = read('tests/keys/idp-rsa2048.crt').toString().replace(/-----[^-]+-----|\s/g, '');
  check('base64 DER certificate', JSON.parse(new Verifier(JSON.stringify({ ...config, certificates: [b64] })).keys()).length === 1);
}

// --- keys read without the core's crypto (the edge build) -------------------------------------------
// The edge build reads a key without RustCrypto's key types: the checks it makes instead (RSA: odd
// modulus, exponent; EC: SEC 1 encoding) must refuse what the full build refuses; an EC point off
// its curve is the one thing it leaves to the host's import (src/webcrypto.js checkEcKeys, tested
// by the JS suite).
{
  const der = (pem) => Buffer.from(pem.toString().replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const pem = (bytes) => `-----BEGIN CERTIFICATE-----\n${bytes.toString('base64')}\n-----END CERTIFICATE-----\n`;
  /** The certificate with one byte of its SubjectPublicKeyInfo changed: `at` counted from the SPKI's end. */
  const patched = (file, at, change) => {
    const cert = der(read(file));
    const spki = Buffer.from(JSON.parse(new Verifier(JSON.stringify({ ...config, certificates: [read(file).toString()], minRsaBits: 2048 })).keys())[0].spki, 'base64');
    const start = cert.indexOf(spki);
    if (start < 0) throw new Error(`no SPKI in ${file}`);
    const out = Buffer.from(cert);
    out[start + spki.length - at] = change(out[start + spki.length - at]);
    return pem(out);
  };
  const refusal = (build, certPem) => thrown(() => new build.Verifier(JSON.stringify({ ...config, certificates: [certPem] })))?.code ?? 'accepted';
  // RSA: the modulus is followed by the exponent `02 03 01 00 01` at the SPKI's end; its last byte even.
  const evenModulus = patched('tests/keys/idp-rsa2048.crt', 6, (b) => b & 0xfe);
  for (const [name, build] of [['full', wasm], ['edge', edge]]) check(`${name}: an even RSA modulus is refused`, refusal(build, evenModulus) === 'ERR_KEY_UNSUPPORTED', refusal(build, evenModulus));
  // EC P-256: the point is the SPKI's last 65 bytes, 04 || X || Y.
  const badForm = patched('tests/keys/idp-ec-p256.crt', 65, () => 0x05);
  for (const [name, build] of [['full', wasm], ['edge', edge]]) check(`${name}: an EC point in no SEC 1 form is refused`, refusal(build, badForm) === 'ERR_CERT_INVALID', refusal(build, badForm));
  const offCurve = patched('tests/keys/idp-ec-p256.crt', 1, (b) => b ^ 1);
  check('full: an EC point off its curve is refused by the core', refusal(wasm, offCurve) === 'ERR_CERT_INVALID', refusal(wasm, offCurve));
  check('edge: an EC point off its curve is left to the host (read as P-256)', refusal(edge, offCurve) === 'accepted', refusal(edge, offCurve));
  const ecGood = refusal(edge, read('tests/keys/idp-ec-p256.crt').toString());
  check('edge: a valid EC key is read', ecGood === 'accepted', ecGood);
}

// --- metadata ----------------------------------------------------------------------------------
{
  const mdDir = path.join(root, 'tests/fixtures/metadata');
  const files = fs.existsSync(mdDir) ? fs.readdirSync(mdDir).filter((f) => f.endsWith('.xml')) : [];
  let parsedOne = false;
  for (const f of files) {
    const xml = fs.readFileSync(path.join(mdDir, f), 'utf8');
    let md;
    try {
      md = JSON.parse(wasm.parseMetadata(xml));
    } catch (e) {
      check(`parseMetadata ${f} throws with a code`, typeof e.code === 'string' && e.code.startsWith('ERR_'), e?.message);
      continue;
    }
    parsedOne = true;
    check(`parseMetadata ${f}`, typeof md.entityId === 'string' && md.certificates.length > 0 && /^[0-9a-f]{64}$/.test(md.certificates[0].sha256), md);
    const mv = new Verifier(JSON.stringify({ spEntityId: d.sp_entity_id, acsUrl: d.acs_url, metadataXml: xml }));
    const idp = JSON.parse(mv.idp());
    check(
      `Verifier from metadata ${f}`,
      idp.entityId === md.entityId &&
        idp.ssoRedirectUrl === md.ssoRedirectUrl &&
        idp.validUntil === md.validUntil &&
        idp.cacheDuration === md.cacheDuration &&
        JSON.parse(mv.keys()).length === md.certificates.length,
      idp,
    );
    // Given the instant, the constructor refuses metadata already past its validUntil.
    if (md.validUntil !== null) {
      const at = (ms) => thrown(() => new Verifier(JSON.stringify({ spEntityId: d.sp_entity_id, acsUrl: d.acs_url, metadataXml: xml, nowMs: ms })));
      const until = Date.parse(md.validUntil);
      check(`Verifier from metadata ${f} before validUntil`, at(until - 1) === null);
      check(`Verifier from metadata ${f} at validUntil`, at(until)?.code === 'ERR_METADATA_EXPIRED', at(until));
    }
  }
  check('at least one metadata fixture parsed', parsedOne || files.length === 0, files);
}

// --- AuthnRequest and redirect binding (the host DEFLATEs: here node:zlib) ------------------------
for (const [name, build] of [['full', wasm], ['edge', edge]]) {
  const req = JSON.parse(
    build.buildAuthnRequest(
      JSON.stringify({
        id: '_abc123',
        issueInstantMs: Date.parse('2026-01-15T10:00:00Z'),
        destination: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2',
        acsUrl: d.acs_url,
        spEntityId: d.sp_entity_id,
      }),
    ),
  );
  check(`${name}: buildAuthnRequest`, req.id === '_abc123' && req.xml.includes('IssueInstant="2026-01-15T10:00:00Z"') && !('url' in req), req);
  const redirect = { endpoint: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2', param: 'SAMLRequest', relayState: '/after', loginHint: 'bsimon@contoso.com' };
  const url = build.redirectUrl(JSON.stringify(redirect), deflateRawSync(req.xml));
  check(`${name}: redirectUrl`, url.includes('?SAMLRequest=') && url.endsWith('&RelayState=%2Fafter&login_hint=bsimon%40contoso.com'), url);
  const dec = JSON.parse(wasm.decodeRedirect(url));
  check(`${name}: decodeRedirect round trip`, dec.param === 'SAMLRequest' && dec.xml === req.xml && dec.relayState === '/after' && dec.sigAlg === null, dec);
  // Stored blocks (RFC 1951 §3.2.4), where a runtime has no DEFLATE: as valid to the inflater.
  const xmlBytes = new TextEncoder().encode(req.xml);
  const stored = Uint8Array.from([1, xmlBytes.length & 0xff, xmlBytes.length >> 8, ~xmlBytes.length & 0xff, (~xmlBytes.length >> 8) & 0xff, ...xmlBytes]);
  check(`${name}: stored blocks round trip`, JSON.parse(wasm.decodeRedirect(build.redirectUrl(JSON.stringify(redirect), stored))).xml === req.xml);
  const signing = build.redirectToSign(JSON.stringify({ ...redirect, sigAlg: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' }), deflateRawSync(req.xml));
  const message = new TextDecoder().decode(signing.message());
  check(`${name}: redirectToSign message`, message.startsWith('SAMLRequest=') && message.endsWith('&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256') && !message.includes('login_hint'), message);
  const signed = signing.finish(new Uint8Array([1, 2, 3]));
  check(`${name}: redirectToSign finish`, signed.includes('&Signature=AQID&login_hint='), signed);
  signing.free();
  const noSigAlg = thrown(() => build.redirectUrl(JSON.stringify({ ...redirect, sigAlg: 'x' }), new Uint8Array(0)));
  check(`${name}: redirectUrl takes no sigAlg`, noSigAlg instanceof TypeError && noSigAlg.detail.option === 'sigAlg', noSigAlg?.detail);
  const bad = thrown(() => build.buildAuthnRequest(JSON.stringify({ id: '1bad', issueInstantMs: 0, destination: 'x', acsUrl: 'y', spEntityId: 'z' })));
  check(`${name}: buildAuthnRequest bad id`, bad?.code === 'ERR_CONFIG_INVALID' && bad.detail.option === 'id', bad?.detail);
  const key = JSON.parse(build.certificateKey(read('tests/keys/idp-rsa2048.crt').toString()));
  check(`${name}: certificateKey`, key.kind === 'RSA' && key.bits === 2048 && key.spki === keys[0].spki, key);
  check(`${name}: certificateKey of garbage`, thrown(() => build.certificateKey('garbage'))?.code === 'ERR_CERT_INVALID');
}
{
  const r = thrown(() => wasm.decodeRedirect('https://idp.example/?SAMLRequest=%%%'));
  check('decodeRedirect garbage', typeof r?.code === 'string', r?.message);
}

// --- IdP metadata whose signature the host checks (beginMetadataSignature) ---------------------------
{
  const xml = read('tests/fixtures/metadata/entra-federationmetadata.xml').toString();
  const idpCert = read('tests/keys/idp-rsa2048.crt').toString();
  const nextCert = read('tests/keys/idp-rsa2048-next.crt').toString();
  const base = { spEntityId: d.sp_entity_id, acsUrl: d.acs_url };
  for (const [name, build] of [['full', wasm], ['edge', edge]]) {
    const hostCheck = async (pending) => {
      const info = JSON.parse(pending.taskInfo());
      const k = JSON.parse(pending.keys());
      for (const index of info.candidates) {
        const key = await subtle.importKey('spki', Buffer.from(k[index].spki, 'base64'), { name: 'RSASSA-PKCS1-v1_5', hash: info.hash }, false, ['verify']);
        if (await subtle.verify('RSASSA-PKCS1-v1_5', key, pending.taskSignature(), pending.taskMessage())) return index;
      }
      return -1;
    };
    const begin = (x, cert) => build.beginMetadataSignature(x, JSON.stringify({ metadataCertificates: [cert] }));
    const p = begin(xml, idpCert);
    const mv = p.finish(JSON.stringify(base), await hostCheck(p));
    const info = JSON.parse(mv.spInfo());
    check(`${name}: metadata signed by the pinned certificate`, /^[0-9a-f]{64}$/.test(info.metadataSignedBy) && JSON.parse(mv.keys()).length > 0, info);
    const wrong = begin(xml, nextCert);
    const e = thrown(() => wrong.finish(JSON.stringify(base), -1));
    check(`${name}: metadata not signed by the pinned certificate`, e?.code === 'ERR_DSIG_SIGNATURE_INVALID' || e?.code === 'ERR_DSIG_UNTRUSTED_CERT', e?.code);
    const tampered = thrown(() => begin(xml.replace('Location="https://login.microsoftonline.com/', 'Location="https://login.example.com/'), idpCert));
    check(`${name}: tampered metadata`, tampered?.code === 'ERR_DSIG_DIGEST_MISMATCH', tampered?.code);
    const unsigned = thrown(() => begin(read('tests/fixtures/metadata/simplesamlphp-idp.xml').toString(), idpCert));
    check(`${name}: unsigned metadata`, unsigned?.code === 'ERR_METADATA_UNSIGNED', unsigned?.code);
    const twice = begin(xml, idpCert);
    const t = thrown(() => twice.finish(JSON.stringify({ ...base, metadataXml: xml }), 0));
    check(`${name}: metadata given twice`, t instanceof TypeError && t.detail.option === 'metadataXml', t?.detail);
    const old = thrown(() => new build.Verifier(JSON.stringify({ ...base, metadataXml: xml, metadataCertificates: [idpCert] })));
    check(`${name}: the Verifier takes no metadataCertificates (the signature is checked first)`, old instanceof TypeError, old?.message);
  }
  const rust = wasm.beginMetadataSignature(xml, JSON.stringify({ metadataCertificates: [idpCert] }));
  check('full: metadata signature with the core\'s crypto', /^[0-9a-f]{64}$/.test(JSON.parse(rust.finishWithRustCrypto(JSON.stringify(base)).spInfo()).metadataSignedBy));
}

// --- errorCodes ------------------------------------------------------------------------------
{
  const codes = JSON.parse(wasm.errorCodes());
  check('errorCodes', codes.length >= 50 && new Set(codes).size === codes.length && codes.every((c) => /^ERR_[A-Z0-9_]+$/.test(c)));
  // The core's codes are docs/verification.md's "## Errors" table (other sections also name the shim's ERR_STATE_*).
  const readme = fs.readFileSync(path.join(root, 'docs', 'verification.md'), 'utf8');
  const table = readme.split(/^## /m).find((section) => section.startsWith('Errors')) ?? '';
  const documented = new Set(table.match(/ERR_[A-Z0-9_]+/g));
  check('errorCodes are the docs/verification.md Errors table', codes.every((c) => documented.has(c)) && [...documented].every((c) => codes.includes(c)), [
    codes.filter((c) => !documented.has(c)),
    [...documented].filter((c) => !codes.includes(c)),
  ]);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
