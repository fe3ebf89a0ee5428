// The one JS suite of the saml-edge package, run by small runners on Node
// (tests/js/node.mjs), Deno, workerd and Chromium (tests/js/runtimes/).
// It uses Web APIs only, so it runs wherever the package does.
//
//   import * as saml from 'saml-edge';
//   import fixtures from './fixtures.gen.mjs';          // node tests/js/make-fixtures.mjs
//   const { passed, failed, failures } = await runSuite(saml, fixtures, { log });
//
// `crypto` limits the signature paths: 'node', 'webcrypto', 'wasm', or an array (default: 'webcrypto'
// and 'wasm', and 'node' where it is the package's default, i.e. in Node).

import { spSections } from './suite-sp.mjs';

const EXPECTED_CLASS = [
  ['ERR_SAML_REPLAY', 'SamlReplayError'],
  ['ERR_SAML_', 'SamlValidationError'],
  ['ERR_LOGOUT_', 'SamlValidationError'],
  ['ERR_XML_', 'SamlXmlError'],
  ['ERR_LIMIT_', 'SamlXmlError'],
  ['ERR_INPUT_', 'SamlXmlError'],
  ['ERR_DSIG_', 'SamlSignatureError'],
  ['ERR_C14N_', 'SamlSignatureError'],
  ['ERR_STATE_', 'SamlStateError'],
  ['ERR_CERT_', 'SamlConfigError'],
  ['ERR_KEY_', 'SamlConfigError'],
  ['ERR_CONFIG_', 'SamlConfigError'],
  ['ERR_METADATA', 'SamlConfigError'],
];

/** The subclass a caller must be able to `instanceof` for a code (independent of the package's own table). */
export function expectedClassName(code) {
  for (const [prefix, name] of EXPECTED_CLASS) if (code.startsWith(prefix)) return name;
  return 'SamlError';
}

const IDENTITY_FIELDS = [
  'nameId',
  'nameIdFormat',
  'sessionIndex',
  'loginName',
  'attributes',
  'claims',
  'issuer',
  'notOnOrAfter',
  'sessionNotOnOrAfter',
  'authnContext',
  'signedElement',
  'certificateSha256',
  'assertionId',
  'warnings',
];

const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
const SSO_URL = 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2';

class Tally {
  passed = 0;
  failed = 0;
  failures = [];
  constructor(log) {
    this.log = log;
  }
  ok(condition, name, info = '') {
    if (condition) {
      this.passed++;
      return true;
    }
    this.failed++;
    const line = info ? `${name}: ${info}` : name;
    this.failures.push(line);
    this.log(`FAIL ${line}`);
    return false;
  }
  eq(found, expected, name) {
    return this.ok(Object.is(found, expected), name, `expected ${show(expected)}, found ${show(found)}`);
  }
  /** `fn` must reject with a SamlError of `code` and the right subclass. */
  async refuses(saml, fn, code, name) {
    const e = await caught(fn);
    if (!this.ok(e !== null, name, `expected ${code}, but it succeeded`)) return null;
    if (!this.ok(e instanceof saml.SamlError, name, `expected a SamlError ${code}, got ${describe(e)}`)) return e;
    this.eq(e.code, code, `${name}: code`);
    const cls = expectedClassName(code);
    this.ok(e instanceof saml[cls], `${name}: instanceof ${cls}`, `got ${e.name}`);
    return e;
  }
  /** `fn` must throw a TypeError whose message matches `pattern`. */
  async typeError(fn, pattern, name) {
    const e = await caught(fn);
    if (!this.ok(e instanceof TypeError, name, `expected a TypeError, got ${describe(e)}`)) return;
    this.ok(pattern.test(e.message), `${name}: message`, `${show(e.message)} does not match ${pattern}`);
  }
}

function show(v) {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function describe(e) {
  if (e === null) return 'success';
  if (e instanceof Error) return `${e.name}${e.code ? ` ${e.code}` : ''}: ${e.message}`;
  return String(e);
}

async function caught(fn) {
  try {
    await fn();
    return null;
  } catch (e) {
    return e ?? new Error('thrown undefined');
  }
}

function spOptionsFor(c, fixtures, cryptoMode) {
  const o = { ...fixtures.defaults, ...c.options };
  return {
    options: {
      entityId: o.sp_entity_id,
      acsUrl: o.acs_url,
      idp: {
        entityId: o.idp_entity_id ?? undefined,
        certificates: o.certs.map((path) => fixtures.certs[path]),
      },
      clockTolerance: o.clock_tolerance,
      allowSha1: o.allow_sha1,
      requireSignedAssertion: o.require_signed_assertion,
      crypto: cryptoMode,
    },
    call: {
      inResponseTo: o.in_response_to ?? undefined,
      currentDate: new Date(o.now),
      allowUnsolicited: o.allow_unsolicited,
    },
  };
}

/** What one case gives on one path: the identity, or the refusal (from create or verify). */
async function outcome(saml, c, fixtures, cryptoMode) {
  const { options, call } = spOptionsFor(c, fixtures, cryptoMode);
  let stage = 'create';
  try {
    const sp = await saml.ServiceProvider.create(options);
    stage = 'verify';
    const identity = await sp.verifyResponse(c.input, call);
    return { ok: true, identity, crypto: sp.crypto };
  } catch (e) {
    return { ok: false, stage, error: e };
  }
}

function errorShape(e) {
  return e instanceof Error ? { name: e.name, code: e.code, message: e.message, detail: e.detail } : { thrown: String(e) };
}

async function manifestCases(t, saml, fixtures, paths) {
  const results = new Map(paths.map((p) => [p, new Map()]));
  for (const path of paths) {
    const before = t.passed + t.failed;
    for (const c of fixtures.cases) {
      const name = `${path} ${c.name}`;
      const r = await outcome(saml, c, fixtures, path);
      results.get(path).set(c.name, r);
      if (c.expect.ok) {
        if (!t.ok(r.ok, name, `expected ok, got ${describe(r.error)} (${r.stage})`)) continue;
        const want = c.expect.ok;
        t.eq(r.crypto, path, `${name}: crypto path`);
        if (want.name_id !== undefined) t.eq(r.identity.nameId, want.name_id, `${name}: nameId`);
        if (want.login_name !== undefined) t.eq(r.identity.loginName, want.login_name, `${name}: loginName`);
        if (want.signed !== undefined) t.eq(r.identity.signedElement, want.signed, `${name}: signedElement`);
      } else {
        const code = c.expect.error;
        if (!t.ok(!r.ok, name, `expected ${code}, but it was ACCEPTED as ${r.identity?.nameId}`)) continue;
        const e = r.error;
        if (!t.ok(e instanceof saml.SamlError, name, `expected SamlError ${code}, got ${describe(e)}`)) continue;
        t.eq(e.code, code, `${name}: code`);
        const cls = expectedClassName(code);
        t.ok(e instanceof saml[cls], `${name}: instanceof ${cls}`, `got ${e.name}`);
        if (r.stage === 'create') {
          // A pinned certificate that cannot be configured is refused by create, as a configuration error.
          t.ok(e instanceof saml.SamlConfigError, `${name}: refused by create as a SamlConfigError`, describe(e));
        }
      }
    }
    t.log(`manifest, ${path}: ${fixtures.cases.length} cases, ${t.passed + t.failed - before} assertions`);
  }
  const [a, ...others] = paths;
  for (const b of others) {
    for (const c of fixtures.cases) {
      const ra = results.get(a).get(c.name);
      const rb = results.get(b).get(c.name);
      const sa = ra.ok ? { identity: ra.identity } : { stage: ra.stage, ...errorShape(ra.error) };
      const sb = rb.ok ? { identity: rb.identity } : { stage: rb.stage, ...errorShape(rb.error) };
      t.ok(
        JSON.stringify(sa) === JSON.stringify(sb),
        `${c.name}: ${a} and ${b} give the same outcome`,
        `${a} ${show(sa).slice(0, 300)} vs ${b} ${show(sb).slice(0, 300)}`,
      );
    }
    t.log(`manifest: ${fixtures.cases.length} outcomes compared between ${a} and ${b}`);
  }
}

function baseOptions(fixtures, extra = {}) {
  const d = fixtures.defaults;
  return {
    entityId: d.sp_entity_id,
    acsUrl: d.acs_url,
    idp: { entityId: d.idp_entity_id, ssoUrl: SSO_URL, certificates: d.certs.map((p) => fixtures.certs[p]) },
    ...extra,
  };
}

function findCase(fixtures, name) {
  const c = fixtures.cases.find((x) => x.name === name);
  if (!c) throw new Error(`fixture case ${name} is missing from the manifest`);
  return c;
}

async function exportsAndInit(t, saml) {
  for (const name of ['init', 'decodeRedirect', 'parseMetadata', 'errorCodes', 'inspect']) {
    t.eq(typeof saml[name], 'function', `export ${name}`);
  }
  for (const name of [
    'ServiceProvider',
    'MemoryReplayCache',
    'SamlError',
    'SamlXmlError',
    'SamlSignatureError',
    'SamlValidationError',
    'SamlReplayError',
    'SamlStateError',
    'SamlConfigError',
  ]) {
    t.eq(typeof saml[name], 'function', `export ${name}`);
  }
  for (const name of ['SamlXmlError', 'SamlSignatureError', 'SamlValidationError', 'SamlStateError', 'SamlConfigError']) {
    t.ok(saml[name].prototype instanceof saml.SamlError, `${name} extends SamlError`);
  }
  t.ok(saml.SamlReplayError.prototype instanceof saml.SamlValidationError, 'SamlReplayError extends SamlValidationError');
  t.ok(saml.SamlError.prototype instanceof Error, 'SamlError extends Error');

  const twice = await caught(() => Promise.all([saml.init(), saml.init()]));
  t.ok(twice === null, 'init() twice concurrently', describe(twice));
  const again = await caught(async () => {
    const v = await saml.init();
    if (v !== undefined) throw new Error(`init resolved to ${show(v)}`);
  });
  t.ok(again === null, 'init() once more after loading', describe(again));
  t.ok(saml.init() instanceof Promise, 'init() returns a promise');
}

async function errorCodeList(t, saml, fixtures) {
  const codes = await saml.errorCodes();
  t.ok(Array.isArray(codes) && codes.every((c) => typeof c === 'string' && c.startsWith('ERR_')), 'errorCodes() lists ERR_ strings');
  const expected = new Set(fixtures.cases.map((c) => c.expect.error).filter(Boolean));
  for (const code of [
    'ERR_SAML_REPLAY',
    'ERR_INPUT_METHOD',
    'ERR_STATE_MISSING',
    'ERR_STATE_INVALID',
    'ERR_STATE_EXPIRED',
    'ERR_STATE_REUSED',
    'ERR_STATE_RELAY_MISMATCH',
  ]) {
    expected.add(code);
  }
  const missing = [...expected].filter((c) => !codes.includes(c));
  t.ok(missing.length === 0, 'errorCodes() includes every code the manifest and the JS layer use', missing.join(', '));
  t.eq(new Set(codes).size, codes.length, 'errorCodes() has no duplicates');
}

async function badOptions(t, saml, fixtures) {
  const good = baseOptions(fixtures);
  const with_ = (patch) => ({ ...good, ...patch });
  const withIdp = (patch) => ({ ...good, idp: { ...good.idp, ...patch } });
  const create = (o) => () => saml.ServiceProvider.create(o);
  await t.typeError(create(undefined), /^options must be an object/, 'create() without options');
  await t.typeError(create(with_({ entityId: undefined })), /options\.entityId/, 'missing entityId');
  await t.typeError(
    create(with_({ acsUrl: 'not a url' })),
    /^options\.acsUrl must be an absolute https or http URL/,
    'acsUrl not a URL',
  );
  await t.typeError(create(with_({ acsUrl: 'ftp://example.com/acs' })), /options\.acsUrl/, 'acsUrl not http(s)');
  await t.typeError(create(with_({ idp: undefined })), /options\.idp/, 'missing idp');
  await t.typeError(create(with_({ idp: {} })), /options\.idp/, 'idp without metadata or certificates');
  await t.typeError(create(withIdp({ certificates: [] })), /options\.idp\.certificates/, 'empty certificates');
  await t.typeError(create(withIdp({ entityId: undefined })), /options\.idp\.entityId/, 'certificates without idp.entityId');
  await t.typeError(create(withIdp({ ssoUrl: 'sso' })), /options\.idp\.ssoUrl/, 'idp.ssoUrl not a URL');
  await t.typeError(create(withIdp({ cert: 'x' })), /options\.idp\.cert\b/, 'unknown idp option');
  await t.typeError(create(with_({ requestStateSecret: 'short' })), /options\.requestStateSecret/, 'short secret');
  await t.typeError(create(with_({ requestStateSecret: 42 })), /options\.requestStateSecret/, 'secret not a string');
  await t.typeError(create(with_({ clockTolerance: -1 })), /options\.clockTolerance/, 'negative clockTolerance');
  await t.typeError(create(with_({ clockTolerance: '180' })), /options\.clockTolerance/, 'clockTolerance as string');
  await t.typeError(create(with_({ allowSha1: 'yes' })), /options\.allowSha1/, 'allowSha1 not boolean');
  await t.typeError(create(with_({ requireSignedAssertion: 1 })), /options\.requireSignedAssertion/, 'requireSignedAssertion not boolean');
  await t.typeError(create(with_({ loginNameClaim: '' })), /options\.loginNameClaim/, 'empty loginNameClaim');
  await t.typeError(create(with_({ crypto: 'openssl' })), /options\.crypto/, 'unknown crypto');
  await t.typeError(create(with_({ replayCache: {} })), /options\.replayCache/, 'replayCache without methods');
  await t.typeError(create(with_({ requestStateMaxAge: 0 })), /options\.requestStateMaxAge/, 'requestStateMaxAge 0');
  await t.typeError(create(with_({ cookieName: 'a b' })), /options\.cookieName/, 'cookieName with a space');
  await t.typeError(create(with_({ now: 5 })), /options\.now/, 'now not a function');
  await t.typeError(create(with_({ clocktolerance: 10 })), /options\.clocktolerance is not a known option/, 'misspelt option');
  await t.typeError(() => new saml.ServiceProvider(), /create/, 'new ServiceProvider()');

  await t.refuses(saml, create(withIdp({ certificates: ['not a certificate'] })), 'ERR_CERT_INVALID', 'garbage certificate');
  await t.refuses(
    saml,
    create({ ...good, idp: { metadataXml: fixtures.metadata[metadataPath(fixtures)], entityId: 'https://other.example/' } }),
    'ERR_METADATA',
    'metadata for another entity ID',
  );

  const sp = await saml.ServiceProvider.create(good);
  const valid = findCase(fixtures, 'entra_assertion_signed').input;
  await t.typeError(() => sp.verifyResponse(42), /input/, 'verifyResponse(number)');
  await t.typeError(() => sp.verifyResponse(valid, { currentDate: 'now' }), /currentDate/, 'currentDate not a Date');
  await t.typeError(() => sp.verifyResponse(valid, { inResponseTo: 7 }), /inResponseTo/, 'inResponseTo not a string');
  await t.typeError(() => sp.verifyResponse(valid, { allowUnsolicited: 'yes' }), /allowUnsolicited/, 'allowUnsolicited not boolean');
  await t.typeError(() => sp.verifyResponse(valid, { audience: 'x' }), /audience is not a known option/, 'unknown verify option');
  await t.typeError(() => sp.startLogin(), /requestStateSecret/, 'startLogin without requestStateSecret');
  await t.typeError(() => sp.finishLogin(new Request(good.acsUrl, { method: 'POST', body: 'x' })), /requestStateSecret/, 'finishLogin without requestStateSecret');
  const withSecret = await saml.ServiceProvider.create({ ...good, requestStateSecret: SECRET });
  await t.typeError(() => withSecret.startLogin({ relayState: 'x'.repeat(81) }), /relayState/, 'relayState over 80 bytes');
  await t.typeError(() => withSecret.startLogin({ relay: '/' }), /relay is not a known option/, 'unknown startLogin option');
  await t.typeError(() => withSecret.finishLogin('body'), /request/, 'finishLogin(string)');
  const noSso = await saml.ServiceProvider.create({ ...good, idp: { ...good.idp, ssoUrl: undefined }, requestStateSecret: SECRET });
  await t.refuses(saml, () => noSso.startLogin(), 'ERR_CONFIG_INVALID', 'startLogin without an IdP SSO URL');
}

function metadataPath(fixtures) {
  return Object.keys(fixtures.metadata).find((p) => p.includes('entra')) ?? Object.keys(fixtures.metadata)[0];
}

async function metadataConfig(t, saml, fixtures, cryptoMode) {
  const d = fixtures.defaults;
  const xml = fixtures.metadata[metadataPath(fixtures)];
  const parsed = await saml.parseMetadata(xml);
  t.eq(parsed.entityId, d.idp_entity_id, 'parseMetadata entityId');
  const sp = await saml.ServiceProvider.create({
    entityId: d.sp_entity_id,
    acsUrl: d.acs_url,
    idp: { metadataXml: xml },
    crypto: cryptoMode,
  });
  t.eq(sp.idp.entityId, d.idp_entity_id, 'metadata: IdP entity ID');
  t.eq(sp.idp.ssoUrl, SSO_URL, 'metadata: SSO redirect URL');
  t.eq(sp.keys.length, 2, 'metadata: both signing certificates pinned');
  t.ok(sp.keys.every((k) => k.kind === 'RSA' && typeof k.spki === 'string' && /^[0-9a-f]{64}$/i.test(k.sha256)), 'metadata: key descriptions');
  const c = findCase(fixtures, 'entra_assertion_signed');
  const identity = await sp.verifyResponse(c.input, { inResponseTo: d.in_response_to, currentDate: new Date(d.now) });
  t.eq(identity.nameId, c.expect.ok.name_id, 'metadata: verifies the Entra response');
  for (const field of IDENTITY_FIELDS) t.ok(field in identity, `identity has ${field}`);
  t.eq(identity.issuer, d.idp_entity_id, 'identity.issuer');
  t.ok(identity.attributes !== null && typeof identity.attributes === 'object' && !Array.isArray(identity.attributes), 'identity.attributes is an object');
  const rollover = findCase(fixtures, 'rollover_both_pinned');
  const next = await sp.verifyResponse(rollover.input, { inResponseTo: d.in_response_to, currentDate: new Date(d.now) });
  t.eq(next.nameId, rollover.expect.ok.name_id, 'metadata: the rollover certificate verifies too');
}

async function inputForms(t, saml, fixtures, cryptoMode) {
  const d = fixtures.defaults;
  const c = findCase(fixtures, 'entra_assertion_signed');
  const sp = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: cryptoMode }));
  const call = { inResponseTo: d.in_response_to, currentDate: new Date(d.now) };
  const bytes = await sp.verifyResponse(new TextEncoder().encode(c.input), call).catch((e) => e);
  t.eq(bytes.nameId, c.expect.ok.name_id, `${cryptoMode}: Uint8Array input`);
  const strict = await t.refuses(
    saml,
    () => sp.verifyResponse(c.input, { currentDate: new Date(d.now) }),
    'ERR_SAML_IN_RESPONSE_TO',
    `${cryptoMode}: no inResponseTo is refused by default`,
  );
  t.ok(strict === null || typeof strict.detail === 'object', `${cryptoMode}: error detail is an object`);
}

/**
 * `attributes` (by Name) and `claims` (by short name) are built in JS from `attributeList`: values
 * merged in document order, and an attribute named `__proto__` stays an ordinary key.
 */
async function attributeMaps(t, saml, fixtures, cryptoMode) {
  const d = fixtures.defaults;
  const c = findCase(fixtures, 'claims_merged');
  const sp = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: cryptoMode }));
  const id = await sp.verifyResponse(c.input, { inResponseTo: d.in_response_to, currentDate: new Date(d.now) });
  const role = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
  const p = `${cryptoMode}: attribute maps`;
  t.eq(id.attributeList.length, 16, `${p}: every Attribute element listed`);
  t.eq(show(id.attributeList.filter((a) => a.name === role).map((a) => a.values)), show([['Reader'], ['Proxy.Admin']]), `${p}: the list keeps both role elements`);
  t.eq(show(id.attributes[role]), show(['Reader', 'Proxy.Admin']), `${p}: one Name sent twice is merged`);
  t.eq(show(id.claims.role), show(['Reader', 'Proxy.Admin']), `${p}: and so is its claim`);
  t.eq(show(id.claims.upn), show(['B.Simon@contoso.com', 'bsimon@contoso.onmicrosoft.com']), `${p}: two Names with one short name, in document order`);
  t.eq(show(id.attributes.upn), show(['B.Simon@contoso.com']), `${p}: attributes keep the Names apart`);
  t.eq(show(id.claims.groups), show(id.attributes['http://schemas.microsoft.com/ws/2008/06/identity/claims/groups']), `${p}: groups`);
  t.ok(id.attributeList.every((a) => typeof a.claim === 'string' && Object.hasOwn(id.claims, a.claim)), `${p}: every entry names its claim`, show(id.attributeList.map((a) => a.claim)));
  for (const [name, map] of [['attributes', id.attributes], ['claims', id.claims]]) {
    t.ok(Object.hasOwn(map, '__proto__'), `${p}: ${name} has the key __proto__`);
    t.eq(show(map.__proto__), show(['not a prototype']), `${p}: ${name}.__proto__ is its values`);
    t.eq(Object.getPrototypeOf(map), Object.prototype, `${p}: ${name} keeps Object.prototype`);
  }
  t.eq({}.polluted, undefined, `${p}: nothing reached Object.prototype`);
  t.eq(show(Object.keys(id.claims)), show(id.attributeList.map((a) => a.claim).filter((x, i, all) => all.indexOf(x) === i)), `${p}: claims in first-seen order`);
}

/**
 * Counts calls to crypto.subtle[name] while passing them on: `{ calls, restore() }`, or null
 * where crypto.subtle cannot be patched (frozen) or is missing.
 */
function spySubtle(name) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const original = subtle[name];
  const spy = {
    calls: 0,
    restore() {
      try {
        delete subtle[name];
      } catch {
        // ignore
      }
      if (subtle[name] !== original) subtle[name] = original;
    },
  };
  try {
    subtle[name] = function (...args) {
      spy.calls++;
      return original.apply(this, args);
    };
  } catch {
    // frozen
  }
  return subtle[name] === original ? null : spy;
}

/** `xml` as base64 with a line break and indentation every 4 characters (XML whitespace is allowed there). */
function paddedBase64(xml) {
  let binary = '';
  for (const b of new TextEncoder().encode(xml)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/(.{4})/g, '$1\n            ');
}

/**
 * crypto 'webcrypto' leaves the Reference digests to crypto.subtle.digest above 24 KB of input (a
 * few KB of XML, padded with whitespace, is enough): the verdicts are the core's either way.
 */
async function webCryptoDigests(t, saml, fixtures) {
  const d = fixtures.defaults;
  const call = { inResponseTo: d.in_response_to, currentDate: new Date(d.now) };
  const valid = findCase(fixtures, 'entra_assertion_signed');
  const tampered = findCase(fixtures, 'digest_mismatch_nameid');
  const spy = spySubtle('digest'); // null where crypto.subtle is frozen: verdicts checked, calls not counted
  const counted = spy !== null;
  try {
    const sp = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: 'webcrypto' }));
    const big = paddedBase64(valid.input);
    t.ok(big.length > 24 * 1024, 'webcrypto digests: the padded input is over 24 KB', String(big.length));
    const id = await sp.verifyResponse(big, call);
    t.eq(id.nameId, valid.expect.ok.name_id, 'webcrypto digests: the padded Entra response verifies');
    if (counted) t.eq(spy.calls, 1, 'webcrypto digests: crypto.subtle.digest computed the Reference digest');
    await t.refuses(saml, () => sp.verifyResponse(paddedBase64(tampered.input), call), 'ERR_DSIG_DIGEST_MISMATCH', 'webcrypto digests: a tampered response');
    if (counted) spy.calls = 0;
    await sp.verifyResponse(valid.input, call);
    if (counted) t.eq(spy.calls, 0, 'webcrypto digests: a small response is hashed in the core');
  } finally {
    spy?.restore();
  }
}

async function usesWebCrypto(t, saml, fixtures, paths) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return;
  const spy = spySubtle('verify');
  if (spy === null) return; // a frozen crypto.subtle: nothing to observe
  try {
    const d = fixtures.defaults;
    const c = findCase(fixtures, 'both_signed');
    const sp = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: 'webcrypto' }));
    const id = await sp.verifyResponse(c.input, { inResponseTo: d.in_response_to, currentDate: new Date(d.now) });
    t.eq(id.signedElement, 'both', 'webcrypto: both signatures verified');
    t.eq(spy.calls, 2, 'webcrypto: crypto.subtle.verify checked the two signature values');
    spy.calls = 0;
    const w = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: 'wasm' }));
    await w.verifyResponse(c.input, { inResponseTo: d.in_response_to, currentDate: new Date(d.now) });
    t.eq(spy.calls, 0, 'wasm: crypto.subtle.verify is not used');
    if (paths.includes('node')) {
      const n = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: 'node' }));
      const nid = await n.verifyResponse(c.input, { inResponseTo: d.in_response_to, currentDate: new Date(d.now) });
      t.eq(nid.signedElement, 'both', 'node: both signatures verified');
      t.eq(spy.calls, 0, 'node: crypto.subtle.verify is not used');
    }
  } finally {
    spy.restore();
  }
}

async function replay(t, saml, fixtures, paths) {
  const d = fixtures.defaults;
  const now = Date.parse(d.now);
  const c = findCase(fixtures, 'entra_assertion_signed');
  const call = { inResponseTo: d.in_response_to };
  const sp = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: paths[0], now: () => now }));
  await t.refuses(
    saml,
    () => sp.verifyResponse(c.input, { inResponseTo: '_0000000000000000000000000000000000000000' }),
    'ERR_SAML_IN_RESPONSE_TO',
    'replay: a refused response first',
  );
  const first = await caught(() => sp.verifyResponse(c.input, call));
  t.ok(first === null, 'replay: a refused response is not recorded; the first valid use passes', describe(first));
  const second = await t.refuses(saml, () => sp.verifyResponse(c.input, call), 'ERR_SAML_REPLAY', 'replay: second use');
  if (second) {
    t.ok(second instanceof saml.SamlValidationError, 'replay: SamlReplayError is a SamlValidationError');
    t.ok(typeof second.detail?.id === 'string' && second.detail.id !== '', 'replay: detail.id names the assertion');
  }

  // One cache shared by two service providers (e.g. two instances, or both crypto paths).
  const shared = new saml.MemoryReplayCache({ now: () => now });
  const a = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: paths[0], replayCache: shared }));
  const b = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: paths.at(-1), replayCache: shared }));
  const at = { ...call, currentDate: new Date(now) };
  const ok = await caught(() => a.verifyResponse(c.input, at));
  t.ok(ok === null, 'replay: shared cache, first use', describe(ok));
  await t.refuses(saml, () => b.verifyResponse(c.input, at), 'ERR_SAML_REPLAY', 'replay: shared cache, second SP');

  // Two concurrent uses of one assertion, with a slow (remote-like) cache: exactly one passes.
  const slowStore = new saml.MemoryReplayCache({ now: () => now });
  const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
  const slow = {
    has: async (id) => (await pause(), slowStore.has(id)),
    put: async (id, expiresAtMs) => (await pause(), slowStore.put(id, expiresAtMs)),
  };
  const racing = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: paths[0], now: () => now, replayCache: slow }));
  const settled = await Promise.allSettled([racing.verifyResponse(c.input, call), racing.verifyResponse(c.input, call)]);
  t.eq(settled.filter((s) => s.status === 'fulfilled').length, 1, 'replay: concurrent uses, one accepted');
  t.ok(settled.some((s) => s.status === 'rejected' && s.reason?.code === 'ERR_SAML_REPLAY'), 'replay: concurrent uses, the other is ERR_SAML_REPLAY');

  // A caller's cache sees namespaced keys and an expiry after the assertion's end of validity.
  const puts = [];
  const custom = {
    async has(id) {
      return puts.some((p) => p.id === id);
    },
    async put(id, expiresAtMs) {
      puts.push({ id, expiresAtMs });
    },
  };
  const withCustom = await saml.ServiceProvider.create(baseOptions(fixtures, { replayCache: custom, now: () => now }));
  const identity = await withCustom.verifyResponse(c.input, call);
  t.eq(puts.length, 1, 'replay: custom cache gets one put');
  t.eq(puts[0]?.id, `assertion:${identity.assertionId}`, 'replay: key is assertion:<ID>');
  t.ok(puts[0]?.expiresAtMs > now, 'replay: expiry after now', show(puts[0]));
  await t.refuses(saml, () => withCustom.verifyResponse(c.input, call), 'ERR_SAML_REPLAY', 'replay: custom cache');

  // The bounded default cache forgets expired entries and keeps at most maxEntries.
  let clock = 1000;
  const small = new saml.MemoryReplayCache({ maxEntries: 2, now: () => clock });
  await small.put('a', 2000);
  await small.put('b', 5000);
  await small.put('c', 5000);
  t.ok(small.size <= 2, 'MemoryReplayCache: bounded', `size ${small.size}`);
  t.ok((await small.has('b')) && (await small.has('c')), 'MemoryReplayCache: keeps the newest');
  clock = 6000;
  t.ok(!(await small.has('c')), 'MemoryReplayCache: forgets after expiry');
}

// --- request state: startLogin -> finishLogin ------------------------------------------------

const encoder = new TextEncoder();

function base64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The documented cookie format (pkg/src/state.js), implemented again here: what a test that
 * holds the secret can make, which is how it completes a login for the fixtures' fixed request ID.
 */
async function sealState(secret, acsUrl, state) {
  const key = await globalThis.crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const payload = base64url(encoder.encode(JSON.stringify(state)));
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(`saml-edge state v1\n${acsUrl}\n${payload}`));
  return `v1.${payload}.${base64url(new Uint8Array(mac))}`;
}

const cookieSurvivesRequest = (() => {
  try {
    return new Request('https://example.com/', { headers: { cookie: 'a=b' } }).headers.get('cookie') === 'a=b';
  } catch {
    return false;
  }
})();

/** The IdP's POST to the ACS, as the runtime would hand it over. */
function acsRequest(url, { method = 'POST', cookie, body, contentType = 'application/x-www-form-urlencoded' } = {}) {
  const headers = new Headers();
  if (contentType) headers.set('content-type', contentType);
  if (cookie !== undefined) headers.set('cookie', cookie);
  const init = { method, headers };
  if (method !== 'GET' && method !== 'HEAD' && body !== undefined) init.body = body;
  if (cookie === undefined || cookieSurvivesRequest) return new Request(url, init);
  // Browsers drop Cookie from a Request they construct (a forbidden header name);
  // a Request-like object carries the same fields.
  const r = new Request(url, { method, body: init.body, headers: contentType ? { 'content-type': contentType } : {} });
  return { method, headers, body: r.body };
}

function cookiePair(setCookie) {
  return setCookie.split(';')[0].trim();
}

async function loginFlow(t, saml, fixtures, cryptoMode) {
  const d = fixtures.defaults;
  let clock = Date.parse(d.now);
  const options = baseOptions(fixtures, { requestStateSecret: SECRET, crypto: cryptoMode, now: () => clock });
  const sp = await saml.ServiceProvider.create(options);
  const acsPath = new URL(d.acs_url).pathname;

  // startLogin: the redirect URL carries the AuthnRequest we expect.
  const hint = 'bsimon@contoso.com';
  const start = await sp.startLogin({ relayState: '/wanted/page', loginHint: hint });
  t.ok(/^id[0-9a-f]{32}$/.test(start.requestId), 'startLogin: request ID is id + 32 hex digits', start.requestId);
  const url = new URL(start.url);
  t.eq(`${url.origin}${url.pathname}`, SSO_URL, 'startLogin: URL goes to the IdP SSO URL');
  t.eq(url.searchParams.get('login_hint'), hint, 'startLogin: login_hint parameter');
  const decoded = await saml.decodeRedirect(start.url);
  t.eq(decoded.param, 'SAMLRequest', 'startLogin: URL carries a SAMLRequest');
  t.eq(decoded.relayState, '/wanted/page', 'startLogin: URL carries the RelayState');
  const xml = decoded.xml ?? '';
  t.ok(xml.includes(`ID="${start.requestId}"`), 'startLogin: AuthnRequest ID', xml.slice(0, 200));
  t.ok(xml.includes(`AssertionConsumerServiceURL="${d.acs_url}"`), 'startLogin: AuthnRequest ACS URL');
  t.ok(xml.includes(`Destination="${SSO_URL}"`), 'startLogin: AuthnRequest Destination');
  t.ok(/<(\w+:)?Issuer[^>]*>([^<]*)<\//.exec(xml)?.[2] === d.sp_entity_id, 'startLogin: AuthnRequest Issuer is the SP entity ID');
  t.ok(xml.includes(`IssueInstant="${new Date(clock).toISOString().replace(/\.\d+Z$/, '')}`), 'startLogin: IssueInstant is now', xml.slice(0, 300));
  for (const attr of ['HttpOnly', 'Secure', 'SameSite=None', `Path=${acsPath}`, 'Max-Age=300']) {
    t.ok(start.setCookie.split(/;\s*/).includes(attr), `startLogin: cookie has ${attr}`, start.setCookie);
  }
  t.ok(start.setCookie.startsWith('saml_edge_state='), 'startLogin: cookie name');
  const other = await sp.startLogin();
  t.ok(other.requestId !== start.requestId, 'startLogin: a new request ID each time');
  const noRelay = await saml.decodeRedirect(other.url);
  t.eq(noRelay.relayState ?? null, null, 'startLogin: no RelayState unless given');

  const form = findCase(fixtures, 'entra_assertion_signed_form').input;
  const postedRelay = new URLSearchParams(form).get('RelayState');
  const post = (cookie, extra = {}) => sp.finishLogin(acsRequest(d.acs_url, { cookie, body: form, ...extra }));

  // The state checks, each with its own code.
  await t.refuses(saml, () => post(undefined), 'ERR_STATE_MISSING', 'finishLogin: no cookie');
  await t.refuses(saml, () => post('other=1; theme=dark'), 'ERR_STATE_MISSING', 'finishLogin: other cookies only');
  const mismatch = await sp.startLogin({ relayState: '/wanted/page' });
  const e = await t.refuses(saml, () => post(cookiePair(mismatch.setCookie)), 'ERR_STATE_RELAY_MISMATCH', 'finishLogin: different RelayState posted');
  t.eq(e?.detail?.expected, '/wanted/page', 'finishLogin: relay mismatch names the stored value');
  const matching = await sp.startLogin({ relayState: postedRelay });
  const pair = cookiePair(matching.setCookie);
  const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
  const [v, payload, mac] = value.split('.');
  const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  await t.refuses(saml, () => post(`${name}=${v}.${flip(payload, 5)}.${mac}`), 'ERR_STATE_INVALID', 'finishLogin: payload changed');
  await t.refuses(saml, () => post(`${name}=${v}.${payload}.${flip(mac, 3)}`), 'ERR_STATE_INVALID', 'finishLogin: MAC changed');
  await t.refuses(saml, () => post(`${name}=garbage`), 'ERR_STATE_INVALID', 'finishLogin: not a state cookie');
  const otherSecret = await saml.ServiceProvider.create({ ...options, requestStateSecret: `${SECRET}-other` });
  await t.refuses(saml, () => otherSecret.finishLogin(acsRequest(d.acs_url, { cookie: pair, body: form })), 'ERR_STATE_INVALID', 'finishLogin: cookie sealed with another secret');
  const otherAcs = await saml.ServiceProvider.create({ ...options, acsUrl: `${d.acs_url}-2` });
  await t.refuses(saml, () => otherAcs.finishLogin(acsRequest(`${d.acs_url}-2`, { cookie: pair, body: form })), 'ERR_STATE_INVALID', 'finishLogin: cookie made for another ACS URL');
  await t.refuses(saml, () => post(pair, { method: 'GET' }), 'ERR_INPUT_METHOD', 'finishLogin: GET');
  await t.refuses(saml, () => post(pair, { contentType: 'text/plain' }), 'ERR_INPUT_ENCODING', 'finishLogin: not a form body');
  await t.refuses(saml, () => post(pair, { body: `RelayState=${encodeURIComponent(postedRelay)}` }), 'ERR_INPUT_ENCODING', 'finishLogin: no SAMLResponse');

  // The response answers the fixtures' request, not the one this cookie started.
  const irt = await t.refuses(saml, () => post(pair), 'ERR_SAML_IN_RESPONSE_TO', 'finishLogin: response to another request');
  t.eq(irt?.detail?.expected, matching.requestId, 'finishLogin: InResponseTo checked against the cookie request ID');

  // Expiry, on the injected clock.
  const expiring = await sp.startLogin({ relayState: postedRelay });
  clock += 300_000;
  await t.refuses(saml, () => post(cookiePair(expiring.setCookie)), 'ERR_STATE_EXPIRED', 'finishLogin: state expired (at Max-Age)');
  clock = Date.parse(d.now);

  // A complete login: the test holds the secret, so it seals the state of the fixtures' request.
  const state = { requestId: d.in_response_to, relayState: postedRelay, expiresAt: clock + 300_000 };
  const sealed = `saml_edge_state=${await sealState(SECRET, d.acs_url, state)}`;
  const done = await caught(async () => {
    const r = await post(`theme=dark; ${sealed}`);
    t.eq(r.identity?.nameId, 'B.Simon@contoso.com', 'finishLogin: identity nameId');
    t.eq(r.identity?.loginName, 'bsimon', 'finishLogin: identity loginName');
    t.eq(r.identity?.inResponseTo, d.in_response_to, 'finishLogin: identity answers the request');
    t.eq(r.relayState, postedRelay, 'finishLogin: the stored RelayState');
    t.ok(/^saml_edge_state=;/.test(r.setCookie) && r.setCookie.includes('Max-Age=0') && r.setCookie.includes(`Path=${acsPath}`), 'finishLogin: clears the cookie', r.setCookie);
  });
  t.ok(done === null, 'finishLogin: a complete login succeeds', describe(done));
  await t.refuses(saml, () => post(sealed), 'ERR_STATE_REUSED', 'finishLogin: the same login state again');
  await t.refuses(saml, () => sp.verifyResponse(form, { inResponseTo: d.in_response_to }), 'ERR_SAML_REPLAY', 'finishLogin: its assertion is recorded for replay');
  t.ok(sp.clearStateCookie().includes('Max-Age=0'), 'clearStateCookie()');

  // Relay mismatch when the IdP drops or adds RelayState.
  const dropped = await sp.startLogin({ relayState: postedRelay });
  const withoutRelay = `SAMLResponse=${encodeURIComponent(new URLSearchParams(form).get('SAMLResponse'))}`;
  await t.refuses(saml, () => post(cookiePair(dropped.setCookie), { body: withoutRelay }), 'ERR_STATE_RELAY_MISMATCH', 'finishLogin: RelayState dropped by the IdP');
  const none = await sp.startLogin();
  await t.refuses(saml, () => post(cookiePair(none.setCookie)), 'ERR_STATE_RELAY_MISMATCH', 'finishLogin: RelayState added by the IdP');

  // A CryptoKey works as the secret.
  const key = await globalThis.crypto.subtle.importKey('raw', encoder.encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const withKey = await saml.ServiceProvider.create({ ...options, requestStateSecret: key });
  const viaKey = await caught(() => withKey.finishLogin(acsRequest(d.acs_url, { cookie: sealed, body: form })));
  t.ok(viaKey === null, 'finishLogin: a CryptoKey secret opens a string secret\'s cookie', describe(viaKey));
}

/** inspect(): explains without deciding; reports the steps the debugger page shows. */
async function inspection(t, saml, fixtures) {
  const d = fixtures.defaults;
  const pem = fixtures.certs['tests/keys/idp-rsa2048.crt'];
  const options = (extra = {}) => ({
    entityId: d.sp_entity_id,
    acsUrl: d.acs_url,
    idp: { entityId: d.idp_entity_id, certificates: [pem] },
    inResponseTo: d.in_response_to,
    currentDate: new Date(d.now),
    clockTolerance: d.clock_tolerance,
    ...extra,
  });
  const valid = findCase(fixtures, 'entra_assertion_signed');
  const r = await saml.inspect(valid.input, options({ canonical: true }));
  t.eq(r.stage, undefined, 'inspect: the valid sample parses');
  t.eq(r.signatures?.length, 1, 'inspect: one signature');
  const sig = r.signatures?.[0] ?? {};
  t.eq(sig.element, 'Assertion', 'inspect: the signature is on the Assertion');
  t.eq(sig.digestMatches, true, 'inspect: digest computed equals declared');
  t.eq(sig.digestComputed, sig.digestDeclared, 'inspect: digest values shown');
  t.eq(sig.keys?.[0]?.verifies, true, 'inspect: signature value verifies with the pinned certificate');
  t.eq(sig.keyInfoCertificates?.[0]?.pinned, true, 'inspect: KeyInfo certificate is the pinned one');
  t.ok(/^[0-9a-f]{40}$/.test(sig.keyInfoCertificates?.[0]?.sha1 ?? ''), 'inspect: SHA-1 thumbprint', show(sig.keyInfoCertificates));
  t.ok(/^<(ds:)?SignedInfo/.test(String(sig.canonicalSignedInfo)), 'inspect: canonical SignedInfo', show(sig.canonicalSignedInfo));
  const a = r.assertions?.[0] ?? {};
  t.eq(a.nameId, 'B.Simon@contoso.com', 'inspect: NameID');
  t.ok(a.checks?.every((c) => c.ok === true), 'inspect: every condition as expected', show(a.checks));
  t.ok(a.windows?.every((w) => w.ok === true), 'inspect: every window open at the instant', show(a.windows));
  const email = a.attributes?.find((x) => x.shortName === 'emailaddress');
  t.ok(email?.name === 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'inspect: Entra short name beside the URI', show(email));
  t.ok(a.attributes?.some((x) => x.values.includes('bsimon')), 'inspect: the sAMAccountName value', show(a.attributes));
  const region = r.signedRegions?.[0]?.signed;
  const lines = (r.xml ?? '').split('\n');
  t.ok(Array.isArray(region) && lines[region[0]].trim().startsWith('<Assertion') && lines[region[1]].trim() === '</Assertion>', 'inspect: signed region is the Assertion', show(region));

  // Rollover: signed by a certificate that was not given; the digest still matches.
  const rolled = await saml.inspect(findCase(fixtures, 'rollover_only_old_pinned').input, options());
  const rs = rolled.signatures?.[0] ?? {};
  t.eq(rs.digestMatches, true, 'inspect rollover: digest matches');
  t.eq(rs.keys?.[0]?.verifies, false, 'inspect rollover: the pinned key does not verify');
  t.eq(rs.keyInfoCertificates?.[0]?.pinned, false, 'inspect rollover: KeyInfo certificate not pinned');

  // Wrong audience and expiry show as failed comparisons; a refused input is data, not a throw.
  const aud = await saml.inspect(valid.input, options({ entityId: 'https://other.example/sp' }));
  t.eq(aud.assertions?.[0]?.checks?.find((c) => c.name === 'Audience')?.ok, false, 'inspect: audience mismatch shown');
  const late = await saml.inspect(valid.input, options({ currentDate: new Date('2026-01-15T10:08:00Z') }));
  t.ok(late.assertions?.[0]?.windows?.some((w) => w.ok === false), 'inspect: expired window shown', show(late.assertions?.[0]?.windows));
  const dtd = await saml.inspect(findCase(fixtures, 'dtd_doctype').input, options());
  t.eq(dtd.error?.code, 'ERR_XML_DTD_FORBIDDEN', 'inspect: refused XML reported with its code');
  t.eq(dtd.stage, 'parse', 'inspect: refused at the parse stage');
  const wrapped = await saml.inspect(findCase(fixtures, 'xsw3_evil_assertion_before').input, options());
  t.eq(wrapped.assertions?.length, 2, 'inspect XSW3: both assertions listed');
  await t.typeError(() => saml.inspect(valid.input, { audience: 'x' }), /audience/, 'inspect: unknown option is a TypeError');
}

/**
 * Run the suite. `saml` is the package's module namespace (import * as saml from 'saml-edge').
 * @returns {Promise<{ passed: number, failed: number, failures: string[] }>}
 */
export async function runSuite(saml, fixtures, { log = console.log, crypto: only } = {}) {
  const t = new Tally(log);
  const hasSubtle = globalThis.crypto?.subtle !== undefined;
  let paths = only === undefined ? ['webcrypto', 'wasm'] : [only].flat();
  if (only === undefined) {
    const probe = await saml.ServiceProvider.create(baseOptions(fixtures));
    if (probe.crypto === 'node') paths = ['node', ...paths];
  }
  if (!hasSubtle && paths.includes('webcrypto')) {
    log('crypto.subtle is missing here: the webcrypto path and the login flow are skipped');
    paths = paths.filter((p) => p !== 'webcrypto');
  }
  const sections = [
    ['exports and init', () => exportsAndInit(t, saml)],
    ['errorCodes', () => errorCodeList(t, saml, fixtures)],
    ['manifest', () => manifestCases(t, saml, fixtures, paths)],
    ['bad options', () => badOptions(t, saml, fixtures)],
    ...paths.map((p) => [`metadata (${p})`, () => metadataConfig(t, saml, fixtures, p)]),
    ...paths.map((p) => [`input forms (${p})`, () => inputForms(t, saml, fixtures, p)]),
    ...paths.map((p) => [`attribute maps (${p})`, () => attributeMaps(t, saml, fixtures, p)]),
    ['webcrypto is used', () => (paths.includes('webcrypto') ? usesWebCrypto(t, saml, fixtures, paths) : undefined)],
    ['webcrypto digests', () => (paths.includes('webcrypto') ? webCryptoDigests(t, saml, fixtures) : undefined)],
    ['replay', () => replay(t, saml, fixtures, paths)],
    ['inspect', () => inspection(t, saml, fixtures)],
    ...(hasSubtle ? paths.map((p) => [`login flow (${p})`, () => loginFlow(t, saml, fixtures, p)]) : []),
    // The SP's metadata, signed requests and Single Logout (tests/js/suite-sp.mjs).
    ...(hasSubtle ? spSections(t, saml, fixtures, paths, { acsRequest, cookiePair, sealState, expectedClassName }) : []),
  ];
  for (const [name, run] of sections) {
    const before = { passed: t.passed, failed: t.failed };
    try {
      await run();
    } catch (e) {
      t.ok(false, `${name}: section threw`, `${describe(e)}${e?.stack ? `\n${e.stack}` : ''}`);
    }
    log(`  ${name}: ${t.passed - before.passed} ok, ${t.failed - before.failed} failed`);
  }
  return { passed: t.passed, failed: t.failed, failures: t.failures };
}
