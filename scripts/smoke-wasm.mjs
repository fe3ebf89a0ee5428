// Smoke test of the built wasm layer (pkg/dist, from scripts/build-pkg.sh) in Node, without the JS shim:
// every case of tests/fixtures/manifest.json through receive() + begin() + finish() with the
// signature values checked by the core (taskInCore) and by WebCrypto, which must agree with each
// other and with the manifest;
// plus the thrown-error shape, keys(), idp(), the helper functions and argument checking.
//
//   node scripts/smoke-wasm.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { webcrypto } from 'node:crypto';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'pkg', 'dist');
const wasm = await import(path.join(dist, 'saml_edge.js'));
wasm.initSync({ module: fs.readFileSync(path.join(dist, 'saml_edge_bg.wasm')) });
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

function verifierFor(o) {
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
  if (!verifiers.has(key)) verifiers.set(key, { verifier: new Verifier(key), cryptoKeys: new Map() });
  return verifiers.get(key);
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
  try {
    entry = verifierFor(o);
  } catch (e) {
    check(c.name, c.expect.error === e.code, { constructor: e.code, expected: c.expect });
    continue;
  }
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
  if (c.expect.ok) {
    const want = c.expect.ok;
    for (const [how, json, err] of [['core crypto', viaRust, e1], ['WebCrypto', viaWebCrypto, e2]]) {
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
    check(`${c.name}: both paths give the same identity`, viaRust === viaWebCrypto);
  } else {
    for (const [how, err] of [['core crypto', e1], ['WebCrypto', e2]]) {
      check(
        `${c.name} (${how}) throws ${c.expect.error}`,
        err instanceof Error && err.code === c.expect.error && typeof err.detail === 'object',
        err ? { code: err.code, message: err.message } : 'accepted',
      );
    }
  }
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

// --- AuthnRequest and redirect binding -------------------------------------------------------
{
  const req = JSON.parse(
    wasm.buildAuthnRequest(
      JSON.stringify({
        id: '_abc123',
        issueInstantMs: Date.parse('2026-01-15T10:00:00Z'),
        destination: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2',
        acsUrl: d.acs_url,
        spEntityId: d.sp_entity_id,
        relayState: '/after',
        loginHint: 'bsimon@contoso.com',
      }),
    ),
  );
  check('buildAuthnRequest', req.id === '_abc123' && req.url.includes('SAMLRequest=') && req.xml.includes('IssueInstant="2026-01-15T10:00:00Z"'), req);
  const dec = JSON.parse(wasm.decodeRedirect(req.url));
  check('decodeRedirect round trip', dec.param === 'SAMLRequest' && dec.xml === req.xml && dec.relayState === '/after' && dec.sigAlg === null, dec);
  const bad = thrown(() => wasm.buildAuthnRequest(JSON.stringify({ id: '1bad', issueInstantMs: 0, destination: 'x', acsUrl: 'y', spEntityId: 'z' })));
  check('buildAuthnRequest bad id', bad?.code === 'ERR_CONFIG_INVALID' && bad.detail.option === 'id', bad?.detail);
  const r = thrown(() => wasm.decodeRedirect('https://idp.example/?SAMLRequest=%%%'));
  check('decodeRedirect garbage', typeof r?.code === 'string', r?.message);
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
