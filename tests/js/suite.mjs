// The one JS suite of the saml-edge package, run by small runners on Node
// (tests/js/node.mjs), Deno, workerd and Chromium (tests/js/runtimes/).
// It uses Web APIs only, so it runs wherever the package does.
//
//   import * as saml from 'saml-edge';
//   import fixtures from './fixtures.gen.mjs';          // node tests/js/make-fixtures.mjs
//   const { passed, failed, failures } = await runSuite(saml, fixtures, { log });
//
// `crypto` limits the signature paths: 'node', 'webcrypto', 'wasm', or an array (default: 'webcrypto'
// and, in the full build, 'wasm', and 'node' where it is the package's default, i.e. in Node).
//
// The package has two builds (pkg/README.md, "Runtimes"): each runner runs the suite on `saml-edge`
// (the edge build: no crypto 'wasm', no inspect/decodeRedirect/parseMetadata, logout and the SP's
// metadata through the full build loaded on first use) and on `saml-edge/inspect` (the full build).
// `tools` is `saml-edge/inspect` in both runs: the suite decodes redirect URLs and inspects signed
// documents with it as a test's tools.
//
//   await runSuite(saml, fixtures, { log, tools, build: 'edge' | 'full' });

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
  ['ERR_CRYPTO_', 'SamlConfigError'],
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

/**
 * Whether `error.detail` has one of the shapes its code is typed with (`SamlErrorDetails` in
 * pkg/dist/error-codes.d.ts, generated with the build): camelCase keys, never a nested `detail`,
 * string values (arrays for the list keys). Returns '' or what is wrong.
 */
export function detailProblem(error, fixtures) {
  const detail = error?.detail;
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return `detail is ${show(detail)}`;
  const keys = Object.keys(detail).sort();
  const bad = keys.filter((k) => !/^[a-z][A-Za-z0-9]*$/.test(k) || k === 'detail');
  if (bad.length) return `keys ${bad.join(', ')} are not camelCase detail keys`;
  for (const k of keys) {
    const v = detail[k];
    if (!(typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))) return `${k} is ${show(v)}`;
  }
  const shapes = fixtures.errorDetails?.[error.code];
  if (!shapes) return `no detail type is generated for ${error.code}`;
  const optional = new Set(['subStatusCodes', 'statusMessage']);
  const fits = shapes.some((s) => keys.every((k) => s.includes(k)) && s.every((k) => optional.has(k) || keys.includes(k)));
  return fits ? '' : `keys [${keys.join(', ')}] fit none of ${show(shapes)}`;
}

class Tally {
  passed = 0;
  failed = 0;
  failures = [];
  constructor(log, fixtures) {
    this.log = log;
    this.fixtures = fixtures;
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
    const problem = detailProblem(e, this.fixtures);
    this.ok(problem === '', `${name}: detail as typed`, problem);
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
        certificates: o.certs.length > 0 ? o.certs.map((path) => fixtures.certs[path]) : undefined,
        metadataXml: o.metadata === undefined ? undefined : fixtures.metadata[o.metadata],
      },
      clockTolerance: o.clock_tolerance,
      allowSha1: o.allow_sha1,
      minRsaBits: o.min_rsa_bits,
      affiliations: o.affiliations,
      requireSignedAssertion: o.require_signed_assertion,
      crypto: cryptoMode,
      // The case's instant, also for create()'s check of the metadata's validUntil.
      now: () => Date.parse(o.now),
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
        if ('in_response_to' in want) t.eq(r.identity.inResponseTo, want.in_response_to, `${name}: inResponseTo`);
        if ('response_id' in want) t.eq(r.identity.responseId, want.response_id, `${name}: responseId`);
        if (want.warning !== undefined) {
          t.ok(r.identity.warnings.some((w) => w.includes(want.warning)), `${name}: a warning says ${want.warning}`, r.identity.warnings);
        }
      } else {
        const code = c.expect.error;
        if (!t.ok(!r.ok, name, `expected ${code}, but it was ACCEPTED as ${r.identity?.nameId}`)) continue;
        const e = r.error;
        if (!t.ok(e instanceof saml.SamlError, name, `expected SamlError ${code}, got ${describe(e)}`)) continue;
        t.eq(e.code, code, `${name}: code`);
        const cls = expectedClassName(code);
        t.ok(e instanceof saml[cls], `${name}: instanceof ${cls}`, `got ${e.name}`);
        const problem = detailProblem(e, fixtures);
        t.ok(problem === '', `${name}: detail as typed`, problem);
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

async function exportsAndInit(t, saml, build) {
  for (const name of ['init', 'errorCodes']) t.eq(typeof saml[name], 'function', `export ${name}`);
  // The debugging functions are the full build's (saml-edge/inspect).
  for (const name of ['decodeRedirect', 'parseMetadata', 'inspect']) {
    t.eq(typeof saml[name], build === 'full' ? 'function' : 'undefined', `${build} build: export ${name}`);
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
    'ERR_INPUT_BINDING',
    'ERR_REPLAY_CACHE_FULL',
    'ERR_STORE_FAILED',
  ]) {
    expected.add(code);
  }
  const missing = [...expected].filter((c) => !codes.includes(c));
  t.ok(missing.length === 0, 'errorCodes() includes every code the manifest and the JS layer use', missing.join(', '));
  t.eq(new Set(codes).size, codes.length, 'errorCodes() has no duplicates');
  t.ok(Array.isArray(saml.ERROR_CODES) && Object.isFrozen(saml.ERROR_CODES), 'ERROR_CODES is a frozen array');
  t.eq(show(saml.ERROR_CODES), show(codes), 'ERROR_CODES (synchronous) is what errorCodes() resolves to');
  t.eq(show(Object.keys(fixtures.errorDetails ?? {})), show(codes), 'every code has a generated detail type');
  const audience = new saml.SamlValidationError('x', { code: 'ERR_SAML_AUDIENCE', detail: { expected: 'a', found: 'b' } });
  t.ok(audience.is('ERR_SAML_AUDIENCE') && !audience.is('ERR_SAML_ISSUER'), 'SamlError.is(code)');
  const snake = new saml.SamlStateError('x', { code: 'ERR_STATE_EXPIRED', detail: { expires_at: 'e', now: 'n', detail: 'd' } });
  t.eq(show(snake.detail), show({ expiresAt: 'e', now: 'n', reason: 'd' }), 'a SamlError holds its detail keys camelCase, a free-text one as reason');
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
  await t.typeError(
    create(with_({ replayCache: { has: async () => false, put: async () => {} } })),
    /consume.*not accepted/,
    'replayCache { has, put } is refused (check-then-act)',
  );
  await t.typeError(create(with_({ maxPendingLogins: 0 })), /options\.maxPendingLogins/, 'maxPendingLogins 0');
  await t.typeError(create(with_({ maxPendingLogins: 17 })), /options\.maxPendingLogins/, 'maxPendingLogins 17');
  await t.typeError(create(with_({ allowHttp: 'yes' })), /options\.allowHttp/, 'allowHttp not boolean');
  await t.typeError(create(with_({ cookieName: '__Host-x' })), /options\.cookieName/, 'cookieName with the __Host- prefix');
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
  await t.typeError(() => withSecret.startLogin({ relayState: 'x'.repeat(1025) }), /relayState/, 'relayState over 1024 bytes');
  await t.typeError(() => withSecret.startLogin({ relayState: '\u0001'.repeat(200) }), /relayState/, 'relayState over 1024 bytes as JSON');
  await t.typeError(() => withSecret.startLogin({ request: 'cookie' }), /request/, 'startLogin request not a Request');
  await t.typeError(() => withSecret.startLogin({ relay: '/' }), /relay is not a known option/, 'unknown startLogin option');
  await t.typeError(() => withSecret.finishLogin('body'), /request/, 'finishLogin(string)');
  const noSso = await saml.ServiceProvider.create({ ...good, idp: { ...good.idp, ssoUrl: undefined }, requestStateSecret: SECRET });
  await t.refuses(saml, () => noSso.startLogin(), 'ERR_CONFIG_INVALID', 'startLogin without an IdP SSO URL');
}

function metadataPath(fixtures) {
  return Object.keys(fixtures.metadata).find((p) => p.includes('entra')) ?? Object.keys(fixtures.metadata)[0];
}

async function metadataConfig(t, saml, fixtures, cryptoMode, tools) {
  const d = fixtures.defaults;
  const xml = fixtures.metadata[metadataPath(fixtures)];
  const parsed = await tools.parseMetadata(xml);
  t.eq(parsed.entityId, d.idp_entity_id, 'parseMetadata entityId');
  t.eq(parsed.ssoRedirectUrl, SSO_URL, 'parseMetadata ssoRedirectUrl');
  t.eq(parsed.certificates?.length, 2, 'parseMetadata: both signing certificates');
  const mc = parsed.certificates?.[0] ?? {};
  t.ok(/^[0-9a-f]{40}$/.test(mc.sha1) && /^[0-9a-f]{64}$/.test(mc.sha256) && typeof mc.subject === 'string' && typeof mc.notAfter === 'string', 'parseMetadata: certificates with both thumbprints (IdpMetadata type)', show(mc));
  t.ok(typeof parsed.wantAuthnRequestsSigned === 'boolean' && Array.isArray(parsed.nameIdFormats) && 'validUntil' in parsed, 'parseMetadata: the IdpMetadata fields', show(Object.keys(parsed)));
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
  const vs = identity.signatures?.[0] ?? {};
  t.ok(vs.element === 'assertion' && vs.reference === `#${identity.assertionId}` && vs.keyIndex === 0 && /^[0-9a-f]{64}$/.test(vs.keySha256), 'identity.signatures: a VerifiedSignature', show(vs));
  t.ok(vs.keyInfoCertificate?.matchesPinned === true && /^[0-9a-f]{40}$/.test(vs.keyInfoCertificate?.sha1 ?? ''), 'VerifiedSignature.keyInfoCertificate with its SHA-1 thumbprint', show(vs.keyInfoCertificate));
  t.eq(identity.issuer, d.idp_entity_id, 'identity.issuer');
  t.ok(identity.attributes !== null && typeof identity.attributes === 'object' && !Array.isArray(identity.attributes), 'identity.attributes is an object');
  const rollover = findCase(fixtures, 'rollover_both_pinned');
  const next = await sp.verifyResponse(rollover.input, { inResponseTo: d.in_response_to, currentDate: new Date(d.now) });
  t.eq(next.nameId, rollover.expect.ok.name_id, 'metadata: the rollover certificate verifies too');
  t.eq(sp.idp.validUntil, null, 'metadata without validUntil');

  // Metadata valid until 10:05 (its EntitiesDescriptor's bound): reported, and enforced at each verification's instant.
  const bounded = fixtures.metadata['tests/fixtures/metadata/entities-valid-until.xml'];
  if (bounded !== undefined) {
    const at = (iso) => () => Date.parse(iso);
    const spUntil = await saml.ServiceProvider.create({
      entityId: d.sp_entity_id,
      acsUrl: d.acs_url,
      idp: { metadataXml: bounded },
      crypto: cryptoMode,
      now: at(d.now),
    });
    t.eq(spUntil.idp.validUntil, '2026-01-15T10:05:00Z', 'metadata: validUntil reported');
    t.eq(spUntil.idp.cacheDuration, 'PT1H', 'metadata: the shortest cacheDuration reported');
    const call = (iso) => ({ inResponseTo: d.in_response_to, currentDate: new Date(iso) });
    t.eq((await spUntil.verifyResponse(c.input, call('2026-01-15T10:04:59Z'))).nameId, c.expect.ok.name_id, 'metadata: valid before validUntil');
    await t.refuses(saml, () => spUntil.verifyResponse(c.input, call('2026-01-15T10:05:00Z')), 'ERR_METADATA_EXPIRED', 'metadata: expired at validUntil, after create');
    await t.refuses(
      saml,
      () => saml.ServiceProvider.create({ entityId: d.sp_entity_id, acsUrl: d.acs_url, idp: { metadataXml: bounded }, now: at('2026-01-15T10:05:00Z') }),
      'ERR_METADATA_EXPIRED',
      'metadata: create refuses expired metadata',
    );
  }
}

/**
 * IdP metadata that must be signed by `idp.metadataCertificates` (SAML metadata §3, docs/security.md
 * §24): the signature is checked before any of its keys is pinned, by the runtime's crypto (edge
 * build) or the core's (crypto 'wasm'); only a verified signature lets the metadata in.
 */
async function signedMetadata(t, saml, fixtures, cryptoMode) {
  const d = fixtures.defaults;
  const xml = fixtures.metadata[metadataPath(fixtures)];
  const idpCert = fixtures.certs['tests/keys/idp-rsa2048.crt'];
  const nextCert = fixtures.certs['tests/keys/idp-rsa2048-next.crt'];
  const create = (metadataXml, metadataCertificates) =>
    saml.ServiceProvider.create({ entityId: d.sp_entity_id, acsUrl: d.acs_url, idp: { metadataXml, metadataCertificates }, crypto: cryptoMode });
  const p = `signed metadata (${cryptoMode})`;
  const sp = await create(xml, [idpCert]);
  t.eq(sp.keys.length, 2, `${p}: signed by the pinned certificate, its keys pinned`);
  const c = findCase(fixtures, 'entra_assertion_signed');
  t.eq((await sp.verifyResponse(c.input, { inResponseTo: d.in_response_to, currentDate: new Date(d.now) })).nameId, c.expect.ok.name_id, `${p}: verifies with its keys`);
  await t.refuses(saml, () => create(xml, [nextCert]), 'ERR_DSIG_UNTRUSTED_CERT', `${p}: signed by another certificate`);
  const tampered = xml.replace('Location="https://login.microsoftonline.com/', 'Location="https://login.example.com/');
  t.ok(tampered !== xml, `${p}: the tampered copy differs`);
  await t.refuses(saml, () => create(tampered, [idpCert]), 'ERR_DSIG_DIGEST_MISMATCH', `${p}: changed after signing`);
  const unsigned = fixtures.metadata['tests/fixtures/metadata/simplesamlphp-idp.xml'];
  if (unsigned !== undefined) await t.refuses(saml, () => create(unsigned, [idpCert]), 'ERR_METADATA_UNSIGNED', `${p}: unsigned`);
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
 * Reference digests are the core's in every crypto mode and at every size (it hashes while it
 * canonicalizes, so no canonical bytes are ever held in wasm memory): crypto 'webcrypto' never calls
 * crypto.subtle.digest, for a small response or one padded over 24 KB (where the runtime's digests
 * were once used).
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
    if (counted) t.eq(spy.calls, 0, 'webcrypto digests: the core computed the Reference digest of a large response');
    await t.refuses(saml, () => sp.verifyResponse(paddedBase64(tampered.input), call), 'ERR_DSIG_DIGEST_MISMATCH', 'webcrypto digests: a tampered response');
    if (counted) spy.calls = 0;
    // A second ServiceProvider (its own replay cache): the first recorded this assertion.
    const small = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: 'webcrypto' }));
    await small.verifyResponse(valid.input, call);
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
    if (paths.includes('wasm')) {
      const w = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: 'wasm' }));
      await w.verifyResponse(c.input, { inResponseTo: d.in_response_to, currentDate: new Date(d.now) });
      t.eq(spy.calls, 0, 'wasm: crypto.subtle.verify is not used');
    }
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

/**
 * What each build does with signature values the runtime's crypto cannot check (pkg/README.md,
 * "Runtimes"): the edge build has no crypto 'wasm' and refuses with ERR_CRYPTO_UNSUPPORTED (never a
 * verdict without the check); the full build checks them in WebAssembly. Made here by a crypto.subtle
 * whose verify() refuses the algorithm, as a runtime without it would (NotSupportedError).
 */
async function buildCrypto(t, saml, fixtures, build, paths) {
  const d = fixtures.defaults;
  const call = { inResponseTo: d.in_response_to, currentDate: new Date(d.now) };
  const valid = findCase(fixtures, 'entra_assertion_signed');
  if (build === 'edge') {
    await t.typeError(
      () => saml.ServiceProvider.create(baseOptions(fixtures, { crypto: 'wasm' })),
      /crypto "wasm".*saml-edge\/inspect/,
      'edge build: crypto "wasm" is a TypeError naming saml-edge/inspect',
    );
  }
  if (!paths.includes('webcrypto')) return;
  const subtle = globalThis.crypto.subtle;
  const original = subtle.verify;
  try {
    subtle.verify = async () => {
      throw new DOMException('Algorithm: Unrecognized name', 'NotSupportedError');
    };
  } catch {
    // a frozen crypto.subtle
  }
  if (subtle.verify === original) return;
  try {
    const sp = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: 'webcrypto' }));
    if (build === 'edge') {
      const e = await t.refuses(saml, () => sp.verifyResponse(valid.input, call), 'ERR_CRYPTO_UNSUPPORTED', 'edge build: WebCrypto refuses the algorithm');
      t.ok(/saml-edge\/inspect/.test(e?.message ?? ''), 'edge build: ERR_CRYPTO_UNSUPPORTED names saml-edge/inspect', e?.message);
      t.eq(e?.detail?.algorithm, 'RSASSA-PKCS1-v1_5 with SHA-256', 'edge build: ERR_CRYPTO_UNSUPPORTED names the algorithm');
      // A tampered response is still refused for what is wrong with it, before the signature value.
      await t.refuses(saml, () => sp.verifyResponse(findCase(fixtures, 'digest_mismatch_nameid').input, call), 'ERR_DSIG_DIGEST_MISMATCH', 'edge build: the digest is checked before the crypto is asked');
    } else {
      const id = await sp.verifyResponse(valid.input, call);
      t.eq(id.loginName, valid.expect.ok.login_name, 'full build: what WebCrypto refuses, the core checks');
      await t.refuses(saml, () => sp.verifyResponse(findCase(fixtures, 'signature_value_bit_flip').input, call), 'ERR_DSIG_SIGNATURE_INVALID', 'full build: and refuses a bad signature value');
    }
  } finally {
    try {
      delete subtle.verify;
    } catch {
      // ignore
    }
    if (subtle.verify !== original) subtle.verify = original;
  }
}

/**
 * A pinned EC key whose point is not on its curve is refused when it is configured, on every crypto
 * path of both builds: by the core in the full build, by the runtime's import in the edge build
 * (its core reads the point's encoding only: src/crypto/key.rs, src/webcrypto.js checkEcKeys).
 */
async function ecKeyPoint(t, saml, fixtures, paths) {
  const d = fixtures.defaults;
  const goodPem = fixtures.certs['tests/keys/idp-ec-p256.crt'];
  if (goodPem === undefined) return;
  const b64 = (pem) => pem.replace(/-----[^-]+-----|\s/g, '');
  const bytes = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const base = { entityId: d.sp_entity_id, acsUrl: d.acs_url };
  const good = await saml.ServiceProvider.create({ ...base, idp: { entityId: d.idp_entity_id, certificates: [goodPem] }, crypto: paths[0] });
  const der = bytes(b64(goodPem));
  const spki = bytes(good.keys[0].spki);
  let at = -1;
  for (let i = 0; i + spki.length <= der.length && at < 0; i++) if (spki.every((b, j) => der[i + j] === b)) at = i;
  if (!t.ok(at >= 0, 'EC key: the SPKI is found in the certificate')) return;
  const bad = Uint8Array.from(der);
  bad[at + spki.length - 1] ^= 1; // the last byte of Y: the point leaves the curve
  let binary = '';
  for (const b of bad) binary += String.fromCharCode(b);
  const badPem = `-----BEGIN CERTIFICATE-----\n${btoa(binary)}\n-----END CERTIFICATE-----\n`;
  for (const crypto of paths) {
    await t.refuses(
      saml,
      () => saml.ServiceProvider.create({ ...base, idp: { entityId: d.idp_entity_id, certificates: [badPem] }, crypto }),
      'ERR_CERT_INVALID',
      `EC key off its curve (${crypto}): refused at create`,
    );
  }
}

// --- replay: consume(key, expiresAtMs, nowMs), docs/security.md §19 ---------------------------

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A store that records every consume call and delegates to `inner`. */
function spyStore(inner) {
  const calls = [];
  return {
    calls,
    async consume(key, expiresAtMs, nowMs) {
      calls.push({ key, expiresAtMs, nowMs });
      return inner.consume(key, expiresAtMs, nowMs);
    },
  };
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

  // One store shared by two service providers (two instances, or both crypto paths).
  const shared = new saml.MemoryReplayCache({ now: () => now });
  const a = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: paths[0], replayCache: shared }));
  const b = await saml.ServiceProvider.create(baseOptions(fixtures, { crypto: paths.at(-1), replayCache: shared }));
  const at = { ...call, currentDate: new Date(now) };
  const ok = await caught(() => a.verifyResponse(c.input, at));
  t.ok(ok === null, 'replay: shared store, first use', describe(ok));
  await t.refuses(saml, () => b.verifyResponse(c.input, at), 'ERR_SAML_REPLAY', 'replay: shared store, second SP');

  // The key, the expiry and the clock a caller's store is given; only verified responses reach it.
  const spy = spyStore(new saml.MemoryReplayCache());
  const withSpy = await saml.ServiceProvider.create(baseOptions(fixtures, { replayCache: spy }));
  await t.refuses(saml, () => withSpy.verifyResponse(findCase(fixtures, 'digest_mismatch_nameid').input, at), 'ERR_DSIG_DIGEST_MISMATCH', 'replay: a tampered response');
  t.eq(spy.calls.length, 0, 'replay: a refused response never reaches the store (burns no ID)');
  const identity = await withSpy.verifyResponse(c.input, at);
  t.eq(spy.calls.length, 1, 'replay: one consume per accepted response');
  t.eq(spy.calls[0]?.key, `saml-edge:assertion:${identity.issuer}#${identity.assertionId}`, 'replay: key is saml-edge:assertion:<issuer>#<ID>');
  t.eq(spy.calls[0]?.expiresAtMs, identity.replayExpiresMs, 'replay: expiresAtMs is the core\'s replayExpiresMs (tolerance not added twice)');
  t.eq(spy.calls[0]?.nowMs, now, 'replay: nowMs is the verification\'s instant (currentDate)');

  // A store that fails or answers nonsense refuses the login: never an acceptance.
  const failing = [
    ['rejects', { consume: async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:6379'); } }],
    ['resolves undefined', { consume: async () => undefined }],
    ['resolves "true"', { consume: async () => 'true' }],
  ];
  for (const [what, store] of failing) {
    const s = await saml.ServiceProvider.create(baseOptions(fixtures, { replayCache: store }));
    const e = await t.refuses(saml, () => s.verifyResponse(c.input, at), 'ERR_STORE_FAILED', `replay: a store that ${what}`);
    if (what === 'rejects') t.ok(/ECONNREFUSED/.test(e?.message ?? ''), 'replay: the store error is in the message', e?.message);
  }

  // Attack: check-then-act. Two SPs share a store 20 ms away; eight uses of one assertion reach them
  // at the same moment. consume is one atomic step in the store: exactly one is accepted.
  const remote = new saml.MemoryReplayCache({ now: () => now });
  const slow = {
    async consume(key, expiresAtMs, nowMs) {
      await sleep(20);
      const fresh = await remote.consume(key, expiresAtMs, nowMs);
      await sleep(20);
      return fresh;
    },
  };
  const isolates = await Promise.all([0, 1].map(() => saml.ServiceProvider.create(baseOptions(fixtures, { crypto: paths[0], replayCache: slow }))));
  const racing = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => isolates[i % 2].verifyResponse(c.input, at)));
  t.eq(racing.filter((s) => s.status === 'fulfilled').length, 1, 'attack check-then-act: 8 concurrent uses over two SPs, exactly one accepted');
  t.ok(racing.every((s) => s.status === 'fulfilled' || s.reason?.code === 'ERR_SAML_REPLAY'), 'attack check-then-act: the others are ERR_SAML_REPLAY', show(racing.map((s) => s.reason?.code)));

  // Attack: eviction. A captured assertion, then 10,000 logins with one's own account: the cache is
  // full of live entries and refuses the 10,000th login instead of forgetting the captured one.
  const bounded = new saml.MemoryReplayCache({ maxEntries: 10_000, now: () => now });
  const victim = await saml.ServiceProvider.create(baseOptions(fixtures, { replayCache: bounded }));
  await victim.verifyResponse(c.input, at);
  const end = identity.replayExpiresMs;
  let own = 0;
  let full = null;
  for (let i = 0; i < 10_000; i++) {
    try {
      if (await bounded.consume(`saml-edge:assertion:${d.idp_entity_id}#own-${i}`, end, now)) own++;
    } catch (e) {
      full = e;
      break;
    }
  }
  t.eq(own, 9_999, 'attack eviction: 9,999 own logins fit beside the captured assertion');
  t.eq(full?.code, 'ERR_REPLAY_CACHE_FULL', 'attack eviction: the 10,000th own login is refused (ERR_REPLAY_CACHE_FULL)');
  t.ok(full instanceof saml.SamlError, 'attack eviction: ERR_REPLAY_CACHE_FULL is a SamlError', describe(full));
  await t.refuses(saml, () => victim.verifyResponse(c.input, at), 'ERR_SAML_REPLAY', 'attack eviction: the captured assertion is still refused');
  await t.refuses(saml, () => victim.verifyResponse(findCase(fixtures, 'both_signed').input, at), 'ERR_REPLAY_CACHE_FULL', 'attack eviction: a new login while full is refused');
  t.eq(bounded.size, 10_000, 'attack eviction: the cache holds exactly maxEntries');

  // Attack: wrong expiry. Two bearer confirmations end 10:05 and 10:30; the assertion is acceptable
  // until 10:33:00 (10:30 + 180 s tolerance), so its entry must live that long.
  const two = findCase(fixtures, 'two_bearer_confirmations');
  let clock = now;
  const spTwo = await saml.ServiceProvider.create(baseOptions(fixtures, { now: () => clock }));
  const twoId = await spTwo.verifyResponse(two.input, call);
  t.eq(twoId.replayExpiresMs, Date.parse('2026-01-15T10:33:00Z'), 'attack wrong expiry: replayExpiresMs is 10:33:00Z');
  clock = Date.parse('2026-01-15T10:32:59.999Z');
  await t.refuses(saml, () => spTwo.verifyResponse(two.input, call), 'ERR_SAML_REPLAY', 'attack wrong expiry: replayed at 10:32:59.999 (second bearer still open)');
  clock = Date.parse('2026-01-15T10:33:00Z');
  await t.refuses(saml, () => spTwo.verifyResponse(two.input, call), 'ERR_SAML_EXPIRED', 'attack wrong expiry: at 10:33:00 the assertion itself has expired');

  // Attack: wrong clock. Verification at currentDate (the fixtures' instant), the store's own clock
  // years later: the entry lives replayExpiresMs - currentDate from the store's now.
  const later = Date.parse('2030-06-01T00:00:00Z');
  const realClock = new saml.MemoryReplayCache({ now: () => later });
  const spClock = await saml.ServiceProvider.create(baseOptions(fixtures, { replayCache: realClock, now: () => later }));
  const atFixture = { ...call, currentDate: new Date(now) };
  const firstClock = await caught(() => spClock.verifyResponse(c.input, atFixture));
  t.ok(firstClock === null, 'attack wrong clock: first use at currentDate', describe(firstClock));
  await t.refuses(saml, () => spClock.verifyResponse(c.input, atFixture), 'ERR_SAML_REPLAY', 'attack wrong clock: second use at currentDate, store clock in 2030');
}

async function memoryReplayCache(t, saml) {
  let clock = 1_000_000;
  const m = new saml.MemoryReplayCache({ maxEntries: 3, now: () => clock });
  t.eq(await m.consume('k1', 5_000, 0), true, 'MemoryReplayCache: first consume is true');
  t.eq(await m.consume('k1', 5_000, 0), false, 'MemoryReplayCache: second consume is false');
  // The key lives expiresAtMs - nowMs (5 s) from the cache's own clock, whatever the caller's clock says.
  clock += 4_999;
  t.eq(await m.consume('k1', 99_999_999, 99_000_000), false, 'MemoryReplayCache: live until its time to live has passed on its own clock');
  clock += 1;
  t.eq(await m.consume('k1', 10, 0), true, 'MemoryReplayCache: free again once expired');
  t.eq(m.size, 1, 'MemoryReplayCache: the expired entry was swept');
  t.eq(await m.consume('k2', 1_000, 0), true, 'MemoryReplayCache: k2');
  t.eq(await m.consume('k3', 60_000, 0), true, 'MemoryReplayCache: k3');
  const e = await caught(() => m.consume('k4', 60_000, 0));
  t.eq(e?.code, 'ERR_REPLAY_CACHE_FULL', 'MemoryReplayCache: full of live entries refuses');
  t.eq(m.size, 3, 'MemoryReplayCache: nothing evicted');
  clock += 1_000; // k1 (10 ms) and k2 (1 s) have expired
  t.eq(await m.consume('k4', 60_000, 0), true, 'MemoryReplayCache: room again once entries expire');
  t.eq(m.size, 2, 'MemoryReplayCache: expired entries swept, earliest first');
  t.eq(await m.consume('k3', 60_000, 0), false, 'MemoryReplayCache: the live entry stayed');
  t.eq(await m.consume('k0', 0, 0), true, 'MemoryReplayCache: an expiry at now still records the key (1 ms)');
  for (const [args, what] of [
    [['', 1, 0], 'an empty key'],
    [['k', Number.NaN, 0], 'a NaN expiry'],
    [['k', 1, undefined], 'no nowMs'],
  ]) {
    const err = await caught(() => m.consume(...args));
    t.ok(err instanceof TypeError, `MemoryReplayCache: ${what} is a TypeError`, describe(err));
  }
  await t.typeError(() => new saml.MemoryReplayCache({ maxEntries: 0 }), /maxEntries/, 'MemoryReplayCache: maxEntries 0');
  // Many keys with random expiries: the heap keeps expiry order.
  let rnd = 7;
  const big = new saml.MemoryReplayCache({ maxEntries: 2_000, now: () => clock });
  const ends = [];
  for (let i = 0; i < 2_000; i++) {
    rnd = (rnd * 1103515245 + 12345) % 2 ** 31;
    const ttl = 1 + (rnd % 10_000);
    ends.push(ttl);
    await big.consume(`r${i}`, ttl, 0);
  }
  const start = clock;
  let consistent = true;
  for (const step of [1, 100, 2_500, 5_000, 9_999, 10_000]) {
    clock = start + step;
    await big.consume(`probe${step}`, 1, 0).catch(() => {});
    const live = ends.filter((x) => x > step).length;
    // The probe itself may have been recorded (it expires 1 ms later).
    if (big.size !== live && big.size !== live + 1) consistent = false;
  }
  t.ok(consistent, 'MemoryReplayCache: after random expiries exactly the live entries remain');
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
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(`saml-edge state v2\n${acsUrl}\n${payload}`));
  return `v2.${payload}.${base64url(new Uint8Array(mac))}`;
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

const STATE = '__Host-saml_edge_state';

async function loginFlow(t, saml, fixtures, cryptoMode, tools) {
  const d = fixtures.defaults;
  let clock = Date.parse(d.now);
  const options = baseOptions(fixtures, { requestStateSecret: SECRET, crypto: cryptoMode, now: () => clock });
  const sp = await saml.ServiceProvider.create(options);
  const p = `login (${cryptoMode})`;

  // startLogin: the redirect URL carries the AuthnRequest we expect and a random token as RelayState.
  const hint = 'bsimon@contoso.com';
  const start = await sp.startLogin({ relayState: '/wanted/page', loginHint: hint });
  t.ok(/^id[0-9a-f]{32}$/.test(start.requestId), `${p}: request ID is id + 32 hex digits`, start.requestId);
  const url = new URL(start.url);
  t.eq(`${url.origin}${url.pathname}`, SSO_URL, `${p}: URL goes to the IdP SSO URL`);
  t.eq(url.searchParams.get('login_hint'), hint, `${p}: login_hint parameter`);
  const decoded = await tools.decodeRedirect(start.url);
  t.eq(decoded.param, 'SAMLRequest', `${p}: URL carries a SAMLRequest`);
  t.ok(/^[A-Za-z0-9_-]{22}$/.test(decoded.relayState ?? ''), `${p}: RelayState is a 128-bit token, not the application's relayState`, decoded.relayState);
  const xml = decoded.xml ?? '';
  t.ok(xml.includes(`ID="${start.requestId}"`), `${p}: AuthnRequest ID`, xml.slice(0, 200));
  t.ok(xml.includes(`AssertionConsumerServiceURL="${d.acs_url}"`), `${p}: AuthnRequest ACS URL`);
  t.ok(xml.includes(`Destination="${SSO_URL}"`), `${p}: AuthnRequest Destination`);
  t.ok(/<(\w+:)?Issuer[^>]*>([^<]*)<\//.exec(xml)?.[2] === d.sp_entity_id, `${p}: AuthnRequest Issuer is the SP entity ID`);
  t.ok(xml.includes(`IssueInstant="${new Date(clock).toISOString().replace(/\.\d+Z$/, '')}`), `${p}: IssueInstant is now`, xml.slice(0, 300));
  for (const attr of ['HttpOnly', 'Secure', 'SameSite=None', 'Path=/', 'Max-Age=300']) {
    t.ok(start.setCookie.split(/;\s*/).includes(attr), `${p}: cookie has ${attr}`, start.setCookie);
  }
  t.ok(!/;\s*Domain=/i.test(start.setCookie), `${p}: no Domain attribute (__Host-)`, start.setCookie);
  t.ok(new RegExp(`^${STATE}-[0-3]=v2\\.`).test(start.setCookie), `${p}: cookie __Host-saml_edge_state-<slot>`, start.setCookie);
  const other = await sp.startLogin();
  t.ok(other.requestId !== start.requestId, `${p}: a new request ID each time`);
  t.ok((await tools.decodeRedirect(other.url)).relayState !== decoded.relayState, `${p}: a new token each time`);

  // Slots: with the browser's cookies, a new login takes a free slot, then replaces the one expiring first.
  const jar = new Map();
  const keep = (setCookie) => {
    const pair = cookiePair(setCookie);
    jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
  };
  const jarHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const slots = [];
  for (let i = 0; i < 4; i++) {
    const s = await sp.startLogin({ request: { headers: new Headers({ cookie: jarHeader() }) } });
    keep(s.setCookie);
    slots.push(cookiePair(s.setCookie).split('=')[0]);
    clock += 1000;
  }
  t.eq(show(slots), show([0, 1, 2, 3].map((i) => `${STATE}-${i}`)), `${p}: four pending logins take the four slots`);
  const fifth = await sp.startLogin({ request: { headers: new Headers({ cookie: jarHeader() }) } });
  t.eq(cookiePair(fifth.setCookie).split('=')[0], `${STATE}-0`, `${p}: a fifth replaces the one that expires first`);
  clock = Date.parse(d.now);

  const form = findCase(fixtures, 'entra_assertion_signed_form').input;
  const postedRelay = new URLSearchParams(form).get('RelayState');
  const response64 = new URLSearchParams(form).get('SAMLResponse');
  const post = (cookie, extra = {}) => sp.finishLogin(acsRequest(d.acs_url, { cookie, body: form, ...extra }));
  /** The test holds the secret: it seals the state of the fixtures' request, as startLogin would have. */
  const sealed = async (extra = {}, slot = 0) =>
    `${STATE}-${slot}=${await sealState(SECRET, d.acs_url, { token: postedRelay, requestId: d.in_response_to, relayState: '/wanted/page', expiresAt: clock + 300_000, ...extra })}`;

  // The state checks, each with its own code.
  const missing = await t.refuses(saml, () => post(undefined), 'ERR_STATE_MISSING', `${p}: no cookie`);
  t.ok(!/https/i.test(missing?.message ?? 'https'), `${p}: ERR_STATE_MISSING does not blame https on an https site`, missing?.message);
  await t.refuses(saml, () => post('other=1; theme=dark'), 'ERR_STATE_MISSING', `${p}: other cookies only`);
  // Login CSRF by cookie tossing: a sibling subdomain can set `saml_edge_state-0` (Domain=.parent) but
  // never a __Host- cookie. The attacker's own valid state, tossed under the unprefixed name, is not read.
  const tossed = (await sealed()).replace(`${STATE}-0=`, 'saml_edge_state-0=');
  await t.refuses(saml, () => post(tossed), 'ERR_STATE_MISSING', `${p}: attack cookie tossing: an unprefixed state cookie is ignored`);
  const mine = await sp.startLogin({ relayState: '/wanted/page' });
  const e = await t.refuses(saml, () => post(cookiePair(mine.setCookie)), 'ERR_STATE_RELAY_MISMATCH', `${p}: the posted RelayState names no pending login`);
  t.eq(e?.detail?.found, postedRelay, `${p}: relay mismatch names the posted value`);
  const pair = cookiePair(mine.setCookie);
  const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
  const [v, payload, mac] = value.split('.');
  const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  await t.refuses(saml, () => post(`${name}=${v}.${flip(payload, 5)}.${mac}`), 'ERR_STATE_INVALID', `${p}: payload changed`);
  await t.refuses(saml, () => post(`${name}=${v}.${payload}.${flip(mac, 3)}`), 'ERR_STATE_INVALID', `${p}: MAC changed`);
  await t.refuses(saml, () => post(`${name}=garbage`), 'ERR_STATE_INVALID', `${p}: not a state cookie`);
  const v1 = await sealed();
  await t.refuses(saml, () => post(v1.replace('=v2.', '=v1.')), 'ERR_STATE_INVALID', `${p}: another format version`);
  const otherSecret = await saml.ServiceProvider.create({ ...options, requestStateSecret: `${SECRET}-other` });
  await t.refuses(saml, () => otherSecret.finishLogin(acsRequest(d.acs_url, { cookie: v1, body: form })), 'ERR_STATE_INVALID', `${p}: cookie sealed with another secret`);
  const otherAcs = await saml.ServiceProvider.create({ ...options, acsUrl: `${d.acs_url}-2` });
  await t.refuses(saml, () => otherAcs.finishLogin(acsRequest(`${d.acs_url}-2`, { cookie: v1, body: form })), 'ERR_STATE_INVALID', `${p}: cookie made for another ACS URL`);
  await t.refuses(saml, () => post(v1, { method: 'GET' }), 'ERR_INPUT_METHOD', `${p}: GET`);
  await t.refuses(saml, () => post(v1, { contentType: 'text/plain' }), 'ERR_INPUT_ENCODING', `${p}: not a form body`);
  await t.refuses(saml, () => post(v1, { body: `RelayState=${encodeURIComponent(postedRelay)}` }), 'ERR_INPUT_ENCODING', `${p}: no SAMLResponse`);

  // Only the HTTP-POST binding: raw XML is refused, also when it smuggles form fields in a comment.
  const rawXml = findCase(fixtures, 'entra_assertion_signed').input;
  const smuggled = `${rawXml}<!--&SAMLResponse=PHg%2B&RelayState=${encodeURIComponent(postedRelay)}&x=-->`;
  await t.refuses(saml, () => post(v1, { body: smuggled }), 'ERR_INPUT_BINDING', `${p}: a raw XML body (form fields in a comment)`);
  await t.refuses(saml, () => post(v1, { body: `\r\n ${rawXml}` }), 'ERR_INPUT_BINDING', `${p}: a raw XML body after whitespace`);
  await t.refuses(
    saml,
    () => post(v1, { body: `SAMLResponse=${encodeURIComponent(rawXml)}&RelayState=${encodeURIComponent(postedRelay)}` }),
    'ERR_INPUT_BINDING',
    `${p}: raw XML in the SAMLResponse field`,
  );

  // The response answers the fixtures' request, not the one this cookie started.
  const theirs = await sealed({ requestId: mine.requestId });
  const irt = await t.refuses(saml, () => post(theirs), 'ERR_SAML_IN_RESPONSE_TO', `${p}: response to another request`);
  t.eq(irt?.detail?.expected, mine.requestId, `${p}: InResponseTo checked against the selected cookie's request ID`);

  // Expiry, on the injected clock.
  const expiring = await sealed({ expiresAt: clock + 1 });
  clock += 1;
  await t.refuses(saml, () => post(expiring), 'ERR_STATE_EXPIRED', `${p}: state expired`);
  clock = Date.parse(d.now);

  // Several pending logins: the ACS picks the one whose token was posted. The other two are this
  // browser's own logins for other pages; the long deep link never went through the IdP.
  const deepLink = `/reports/quarterly?${'region=emea&'.repeat(12)}sort=desc`;
  const jar2 = `theme=dark; ${cookiePair(mine.setCookie).replace(/-\d=/, '-0=')}; ${await sealed({ relayState: deepLink }, 2)}; ${cookiePair(other.setCookie).replace(/-\d=/, '-3=')}`;
  const done = await caught(async () => {
    const r = await post(jar2);
    t.eq(r.identity?.nameId, 'B.Simon@contoso.com', `${p}: identity nameId`);
    t.eq(r.identity?.loginName, 'bsimon', `${p}: identity loginName`);
    t.eq(r.identity?.inResponseTo, d.in_response_to, `${p}: identity answers the request`);
    t.eq(r.relayState, deepLink, `${p}: the stored relayState (${deepLink.length} bytes, over RelayState's 80)`);
    t.ok(r.setCookie.startsWith(`${STATE}-2=;`) && r.setCookie.includes('Max-Age=0') && r.setCookie.includes('Path=/'), `${p}: clears that login's cookie`, r.setCookie);
  });
  t.ok(done === null, `${p}: a complete login among three pending ones`, describe(done));
  await t.refuses(saml, () => post(jar2), 'ERR_STATE_REUSED', `${p}: the same login state again`);
  await t.refuses(saml, () => sp.verifyResponse(form, { inResponseTo: d.in_response_to }), 'ERR_SAML_REPLAY', `${p}: its assertion is recorded for replay`);
  t.eq(sp.clearStateCookies().length, 4, `${p}: clearStateCookies() deletes every slot`);
  t.ok(sp.clearStateCookies().every((c, i) => c.startsWith(`${STATE}-${i}=;`) && c.includes('Max-Age=0')), `${p}: clearStateCookies() values`, show(sp.clearStateCookies()));

  // The IdP dropped RelayState: the only pending login is used; with several, none is guessed.
  const fresh = await saml.ServiceProvider.create(options);
  const withoutRelay = `SAMLResponse=${encodeURIComponent(response64)}`;
  const onlyOne = await sealed({ relayState: '' }, 1);
  const one = await caught(async () => {
    const r = await fresh.finishLogin(acsRequest(d.acs_url, { cookie: onlyOne, body: withoutRelay }));
    t.eq(r.relayState, '', `${p}: an empty relayState comes back as ''`);
  });
  t.ok(one === null, `${p}: no RelayState posted, one pending login: it is the one`, describe(one));
  const two = `${await sealed({}, 1)}; ${cookiePair(mine.setCookie).replace(/-\d=/, '-0=')}`;
  await t.refuses(saml, () => post(two, { body: withoutRelay }), 'ERR_STATE_RELAY_MISMATCH', `${p}: no RelayState posted, two pending logins`);

  // startLogin({ relayState: '' }) reaches verification (the token comes back, whatever the relayState).
  const empty = await sp.startLogin({ relayState: '' });
  const emptyToken = (await tools.decodeRedirect(empty.url)).relayState;
  const emptyBody = `SAMLResponse=${encodeURIComponent(response64)}&RelayState=${encodeURIComponent(emptyToken)}`;
  await t.refuses(saml, () => post(cookiePair(empty.setCookie), { body: emptyBody }), 'ERR_SAML_IN_RESPONSE_TO', `${p}: startLogin({ relayState: '' }) selects its state and verifies`);

  // A CryptoKey works as the secret.
  const key = await globalThis.crypto.subtle.importKey('raw', encoder.encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const withKey = await saml.ServiceProvider.create({ ...options, requestStateSecret: key });
  const viaKey = await caught(() => withKey.finishLogin(acsRequest(d.acs_url, { cookie: v1, body: form })));
  t.ok(viaKey === null, `${p}: a CryptoKey secret opens a string secret's cookie`, describe(viaKey));

  // Plain-http development: only with allowHttp; no __Host-, no Secure, SameSite=Lax; the hint says why.
  const httpAcs = 'http://127.0.0.1:8787/saml/acs';
  await t.typeError(() => saml.ServiceProvider.create({ ...options, acsUrl: httpAcs }), /allowHttp/, `${p}: an http ACS needs allowHttp`);
  const dev = await saml.ServiceProvider.create({ ...options, acsUrl: httpAcs, allowHttp: true });
  const devStart = await dev.startLogin();
  t.ok(/^saml_edge_state-[0-3]=v2\./.test(devStart.setCookie), `${p}: http: no __Host- prefix`, devStart.setCookie);
  t.ok(devStart.setCookie.includes('SameSite=Lax') && !/;\s*Secure/.test(devStart.setCookie), `${p}: http: SameSite=Lax, no Secure`, devStart.setCookie);
  const devMissing = await t.refuses(saml, () => dev.finishLogin(acsRequest(httpAcs, { body: form })), 'ERR_STATE_MISSING', `${p}: http: no cookie`);
  t.ok(/same site/.test(devMissing?.message ?? '') && !/needs HTTPS/i.test(devMissing?.message ?? ''), `${p}: http: the hint explains SameSite=Lax, not https`, devMissing?.message);
  const httpsAllow = await saml.ServiceProvider.create({ ...options, allowHttp: true });
  t.ok((await httpsAllow.startLogin()).setCookie.startsWith(`${STATE}-`), `${p}: allowHttp never weakens an https ACS`);
  const single = await saml.ServiceProvider.create({ ...options, maxPendingLogins: 1 });
  t.ok((await single.startLogin()).setCookie.startsWith(`${STATE}-0=`), `${p}: maxPendingLogins 1: one slot`);
}

/**
 * Node servers' requests as plain objects (pkg/src/node-request.js): `{ method, headers, body }` with
 * Node's header object and a body a parser left (string, bytes, parsed form). The streams of real
 * node:http, Express and Fastify servers are examples/{node,express,fastify}/run.mjs's.
 */
async function nodeShapes(t, saml, fixtures) {
  const d = fixtures.defaults;
  const clock = Date.parse(d.now);
  const sp = await saml.ServiceProvider.create(baseOptions(fixtures, { requestStateSecret: SECRET, now: () => clock }));
  const p = 'node request shapes';
  const form = findCase(fixtures, 'entra_assertion_signed_form').input;
  const fields = Object.fromEntries(new URLSearchParams(form));
  const state = async (slot, extra = {}) =>
    `${STATE}-${slot}=${await sealState(SECRET, d.acs_url, { token: fields.RelayState, requestId: d.in_response_to, relayState: '/r', expiresAt: clock + 300_000, ...extra })}`;
  const node = (cookie, body, headers = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
    body,
  });

  // startLogin reads the Cookie of Node's header object (a string, or several fields as an array).
  const first = await sp.startLogin({ request: { headers: { cookie: await state(0) } } });
  t.ok(first.setCookie.startsWith(`${STATE}-1=`), `${p}: startLogin({ request: { headers } }) takes a free slot`, first.setCookie.slice(0, 40));
  const split = await sp.startLogin({ request: { headers: { cookie: ['theme=dark', await state(0), await state(1)] } } });
  t.ok(split.setCookie.startsWith(`${STATE}-2=`), `${p}: several Cookie fields are one list`, split.setCookie.slice(0, 40));

  // A form body as text: the login completes.
  const asText = await caught(async () => {
    const r = await sp.finishLogin(node(await state(0, { requestId: d.in_response_to }), form));
    t.eq(r.identity?.loginName, 'bsimon', `${p}: body as text: loginName`);
  });
  t.ok(asText === null, `${p}: { method, headers, body: text } completes a login`, describe(asText));
  await t.refuses(saml, () => sp.finishLogin(node(`${STATE}-1=x`, form)), 'ERR_STATE_INVALID', `${p}: Cookie read from Node's header object`);

  // A parsed form (express.urlencoded, @fastify/formbody), serialized again; each SP has its own replay cache.
  const fresh = () => saml.ServiceProvider.create(baseOptions(fixtures, { requestStateSecret: SECRET, now: () => clock }));
  const parsed = Object.assign(Object.create(null), fields);
  const asForm = await caught(async () => {
    const r = await (await fresh()).finishLogin(node(await state(3), parsed));
    t.eq(r.relayState, '/r', `${p}: parsed form: the sealed relayState`);
  });
  t.ok(asForm === null, `${p}: a parsed form (null prototype) completes a login`, describe(asForm));
  const asBytes = await caught(() => fresh().then(async (x) => x.finishLogin(node(await state(0), new TextEncoder().encode(form)))));
  t.ok(asBytes === null, `${p}: a body as bytes completes a login`, describe(asBytes));
  // What a parser made of other input.
  const other = await fresh();
  await t.refuses(saml, async () => other.finishLogin(node(await state(0), { [findCase(fixtures, 'entra_assertion_signed').input.slice(0, 40)]: 'x' })),
    'ERR_INPUT_BINDING', `${p}: a raw XML body read as a form (its text became a field name)`);
  await t.refuses(saml, async () => other.finishLogin(node(await state(0), { '\r\n <samlp:Response xmlns:samlp': '"x"' })),
    'ERR_INPUT_BINDING', `${p}: raw XML after whitespace, read as a form`);
  await t.refuses(saml, async () => other.finishLogin(node(await state(0), { ...fields, SAMLResponse: { a: fields.SAMLResponse } })),
    'ERR_INPUT_ENCODING', `${p}: a nested value (qs: SAMLResponse[a]=...)`);
  await t.refuses(saml, async () => other.finishLogin(node(await state(0), { ...fields, SAMLResponse: [fields.SAMLResponse, fields.SAMLResponse] })),
    'ERR_INPUT_ENCODING', `${p}: a repeated field (an array) stays repeated`);
  await t.refuses(saml, async () => other.finishLogin(node(await state(0), { SAMLResponse: findCase(fixtures, 'entra_assertion_signed').input, RelayState: fields.RelayState })),
    'ERR_INPUT_BINDING', `${p}: raw XML in a parsed SAMLResponse field`);
  // The same input limit as a Request: by Content-Length, and by the size of what a parser kept.
  const big = { SAMLResponse: 'A'.repeat(2 << 20), RelayState: fields.RelayState };
  await t.refuses(saml, async () => other.finishLogin(node(await state(0), big)), 'ERR_LIMIT_INPUT_SIZE', `${p}: a parsed form over 2 MiB`);
  await t.refuses(saml, async () => other.finishLogin(node(await state(0), form, { 'content-length': String((2 << 20) + 1) })),
    'ERR_LIMIT_INPUT_SIZE', `${p}: Content-Length over 2 MiB`);
  await t.refuses(saml, async () => other.finishLogin({ ...node(await state(0), form), method: 'GET' }), 'ERR_INPUT_METHOD', `${p}: the method is read`);
  await t.refuses(saml, async () => other.finishLogin(node(await state(0), undefined)), 'ERR_INPUT_ENCODING', `${p}: no body is an empty form`);
  await t.typeError(async () => other.finishLogin(node(await state(0), 42)), /request\.body must be/, `${p}: a body of another type`);
  await t.typeError(() => other.finishLogin({ method: 'POST', headers: null }), /Node request/, `${p}: headers null`);
  await t.typeError(() => other.startLogin({ request: { headers: 'cookie' } }), /Node request/, `${p}: startLogin: headers not an object`);
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
  const syntax = await saml.inspect('<a><b></a>', options());
  t.ok(syntax.error?.code === 'ERR_XML_SYNTAX' && detailProblem(syntax.error, fixtures) === '' && typeof syntax.error.detail.reason === 'string', 'inspect: an error as data has the typed detail', show(syntax.error));
  const wrapped = await saml.inspect(findCase(fixtures, 'xsw3_evil_assertion_before').input, options());
  t.eq(wrapped.assertions?.length, 2, 'inspect XSW3: both assertions listed');
  await t.typeError(() => saml.inspect(valid.input, { audience: 'x' }), /audience/, 'inspect: unknown option is a TypeError');
}

/**
 * Run the suite. `saml` is the package's module namespace (import * as saml from 'saml-edge').
 * @returns {Promise<{ passed: number, failed: number, failures: string[] }>}
 */
// ---------------------------------------------------------------------------------------------
// Encrypted assertions (options.decryptionKeys; the core's src/xmlenc, the package's src/decrypt.js):
// every case of tests/fixtures/encrypted/ on every signature path, the SP keys as PEM and as
// CryptoKeys, and the options. Self-contained: it reads only `fixtures.encrypted`.

function pemToDer(pem) {
  const m = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(pem);
  const binary = atob(m[1].replace(/\s+/g, ''));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function encryptedAssertions(t, saml, fixtures, paths) {
  const enc = fixtures.encrypted;
  // Where the package has node:crypto (Node), every path unwraps keys with it; elsewhere WebCrypto does.
  const inNode = paths.includes('node');
  const setup = (c, cryptoMode, decryptionKeys) => {
    const o = { ...enc.defaults, ...c.options };
    const keys = decryptionKeys ?? o.sp_keys.map((p) => enc.spKeys[p]);
    return {
      options: {
        entityId: o.sp_entity_id,
        acsUrl: o.acs_url,
        idp: { entityId: o.idp_entity_id, certificates: o.certs.map((p) => fixtures.certs[p]) },
        crypto: cryptoMode,
        ...(keys.length > 0 ? { decryptionKeys: keys } : {}),
      },
      call: { inResponseTo: o.in_response_to, allowUnsolicited: o.allow_unsolicited, currentDate: new Date(o.now) },
    };
  };
  const run = async (c, cryptoMode, decryptionKeys) => {
    const { options, call } = setup(c, cryptoMode, decryptionKeys);
    try {
      const sp = await saml.ServiceProvider.create(options);
      return { ok: true, identity: await sp.verifyResponse(c.input, call) };
    } catch (error) {
      return { ok: false, error };
    }
  };

  for (const path of paths) {
    const webcryptoKeys = path === 'webcrypto' || !inNode;
    let accepted = 0;
    for (const c of enc.cases) {
      const name = `encrypted ${path} ${c.name}`;
      const r = await run(c, path);
      const want = c.expect.ok;
      const code = want && webcryptoKeys ? c.expect.webcrypto_error : c.expect.error;
      if (code === undefined) {
        if (!t.ok(r.ok, name, `expected ok, got ${describe(r.error)}`)) continue;
        accepted++;
        t.eq(r.identity.loginName, want.login_name, `${name}: loginName`);
        t.eq(r.identity.nameId, want.name_id, `${name}: nameId`);
        t.eq(r.identity.signedElement, want.signed, `${name}: signedElement`);
        t.ok(r.identity.decrypted.length > 0, `${name}: something was decrypted`);
        if (want.algorithm !== undefined) t.eq(r.identity.decrypted[0]?.algorithm, want.algorithm, `${name}: decrypted[0].algorithm`);
        const warned = r.identity.warnings.some((w) => w.includes('AES-GCM is preferred'));
        if (want.cbc_warning !== undefined) t.eq(warned, want.cbc_warning, `${name}: CBC warning`);
        // Only signed content is reported, decrypted or not.
        if (want.in_response_to !== undefined) t.eq(r.identity.inResponseTo, want.in_response_to, `${name}: inResponseTo`);
        if (want.response_id !== undefined) t.eq(typeof r.identity.responseId === 'string', want.response_id, `${name}: responseId`);
      } else {
        if (!t.ok(!r.ok, name, `expected ${code}, ACCEPTED as ${r.identity?.nameId}`)) continue;
        t.eq(r.error?.code, code, `${name}: code`);
        const cls = code.startsWith('ERR_XMLENC_') ? 'SamlDecryptionError' : expectedClassName(code);
        t.ok(r.error instanceof saml[cls], `${name}: instanceof ${cls}`, describe(r.error));
      }
    }
    t.ok(accepted >= 30, `encrypted ${path}: accepted cases`, `${accepted}`);
  }

  // Every decryption failure is one code and one sentence, whatever failed (no oracle).
  const failures = enc.cases.filter((c) => c.expect.error === 'ERR_XMLENC_DECRYPTION_FAILED');
  const messages = new Set();
  for (const c of failures) {
    const r = await run(c, paths[0]);
    messages.add(`${r.error?.code}: ${r.error?.message} ${JSON.stringify(r.error?.detail)}`);
  }
  t.ok(failures.length >= 10 && messages.size === 1, 'every decryption failure has one code, message and detail',
    `${failures.length} cases, ${[...messages].join(' | ')}`);

  // The report and the class.
  const entra = enc.cases.find((c) => c.name === 'entra_encrypted_aes256cbc');
  const r = await run(entra, paths[0]);
  const d = r.identity?.decrypted?.[0];
  t.ok(d?.element === 'EncryptedAssertion' && d?.keyIndex === 0 && d?.oaepDigest === 'SHA-1' && d?.oaepMgf1 === 'SHA-1' &&
      d?.keyTransport === 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p' && d?.signatureCheckedFirst === false,
    'identity.decrypted reports what was decrypted', show(d));
  t.ok(typeof saml.SamlDecryptionError === 'function' && saml.SamlDecryptionError.prototype instanceof saml.SamlError,
    'SamlDecryptionError extends SamlError');
  const codes = await saml.errorCodes();
  for (const code of ['ERR_XMLENC_STRUCTURE', 'ERR_XMLENC_ALGORITHM', 'ERR_XMLENC_RSA1_5_FORBIDDEN', 'ERR_XMLENC_DECRYPTION_FAILED',
    'ERR_XMLENC_KEY_UNSUITABLE', 'ERR_LIMIT_CIPHERTEXT_SIZE', 'ERR_LIMIT_PLAINTEXT_SIZE', 'ERR_LIMIT_ENCRYPTED_KEYS']) {
    t.ok(codes.includes(code), `errorCodes() lists ${code}`);
  }

  // The SP key as a non-extractable CryptoKey (imported for SHA-1, the OAEP hash of rsa-oaep-mgf1p).
  if (globalThis.crypto?.subtle !== undefined) {
    const pem = enc.spKeys[enc.defaults.sp_keys[0]];
    const importFor = (hash) => crypto.subtle.importKey('pkcs8', pemToDer(pem), { name: 'RSA-OAEP', hash }, false, ['decrypt']);
    const sha1Key = await importFor('SHA-1');
    for (const path of paths) {
      const ok = await run(entra, path, [sha1Key]);
      t.ok(ok.ok && ok.identity.loginName === 'bsimon', `encrypted ${path}: a non-extractable CryptoKey decrypts`, describe(ok.error));
    }
    const gcm256 = enc.cases.find((c) => c.name === 'pair_aes256_gcm_oaep_sha256_mgf1sha256');
    const sha1Only = await run(gcm256, inNode ? 'node' : 'webcrypto', [sha1Key]);
    if (inNode) {
      t.ok(sha1Only.ok, 'encrypted: in Node a CryptoKey is used through node:crypto, whatever its hash', describe(sha1Only.error));
    } else {
      t.eq(sha1Only.error?.code, 'ERR_XMLENC_KEY_UNSUITABLE', 'encrypted: a SHA-1 CryptoKey cannot open SHA-256 OAEP with WebCrypto');
    }
  }

  // Options.
  const base = setup(entra, paths[0]).options;
  for (const [bad, pattern] of [
    [[], /non-empty array/],
    ['pem', /non-empty array/],
    [[42], /PEM string or an RSA-OAEP CryptoKey/],
    [[' '], /must not be empty/],
  ]) {
    await t.typeError(() => saml.ServiceProvider.create({ ...base, decryptionKeys: bad }), pattern, `decryptionKeys ${show(bad)}`);
  }
  for (const path of paths) {
    const e = await caught(() => saml.ServiceProvider.create({ ...base, crypto: path, decryptionKeys: ['-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'] }));
    t.ok(e instanceof saml.SamlConfigError && e.code === 'ERR_KEY_INVALID', `encrypted ${path}: an unreadable key is refused by create`, describe(e));
    const cert = await caught(() => saml.ServiceProvider.create({ ...base, crypto: path, decryptionKeys: [fixtures.certs['tests/keys/idp-rsa2048.crt']] }));
    t.ok(cert instanceof saml.SamlConfigError, `encrypted ${path}: a certificate is not a decryption key`, describe(cert));
  }
}

export async function runSuite(saml, fixtures, { log = console.log, crypto: only, tools = saml, build = 'full' } = {}) {
  const t = new Tally(log, fixtures);
  t.build = build;
  const hasSubtle = globalThis.crypto?.subtle !== undefined;
  // crypto 'wasm' (signature values checked in WebAssembly) is the full build's.
  let paths = only === undefined ? (build === 'full' ? ['webcrypto', 'wasm'] : ['webcrypto']) : [only].flat();
  if (only === undefined) {
    const probe = await saml.ServiceProvider.create(baseOptions(fixtures));
    if (probe.crypto === 'node') paths = ['node', ...paths];
  }
  if (!hasSubtle && paths.includes('webcrypto')) {
    log('crypto.subtle is missing here: the webcrypto path and the login flow are skipped');
    paths = paths.filter((p) => p !== 'webcrypto');
  }
  const sections = [
    ['exports and init', () => exportsAndInit(t, saml, build)],
    ['errorCodes', () => errorCodeList(t, saml, fixtures)],
    ['manifest', () => manifestCases(t, saml, fixtures, paths)],
    ['bad options', () => badOptions(t, saml, fixtures)],
    [`crypto of the ${build} build`, () => buildCrypto(t, saml, fixtures, build, paths)],
    ['EC key off its curve', () => ecKeyPoint(t, saml, fixtures, paths)],
    ...paths.map((p) => [`metadata (${p})`, () => metadataConfig(t, saml, fixtures, p, tools)]),
    ...paths.map((p) => [`signed metadata (${p})`, () => signedMetadata(t, saml, fixtures, p)]),
    ...paths.map((p) => [`input forms (${p})`, () => inputForms(t, saml, fixtures, p)]),
    ...paths.map((p) => [`attribute maps (${p})`, () => attributeMaps(t, saml, fixtures, p)]),
    ['webcrypto is used', () => (paths.includes('webcrypto') ? usesWebCrypto(t, saml, fixtures, paths) : undefined)],
    ['webcrypto digests', () => (paths.includes('webcrypto') ? webCryptoDigests(t, saml, fixtures) : undefined)],
    ['replay', () => replay(t, saml, fixtures, paths)],
    ['MemoryReplayCache', () => memoryReplayCache(t, saml)],
    ...(build === 'full' ? [['inspect', () => inspection(t, saml, fixtures)]] : []),
    ['encrypted assertions', () => (fixtures.encrypted ? encryptedAssertions(t, saml, fixtures, paths) : undefined)],
    ...(hasSubtle ? paths.map((p) => [`login flow (${p})`, () => loginFlow(t, saml, fixtures, p, tools)]) : []),
    ...(hasSubtle ? [['node request shapes', () => nodeShapes(t, saml, fixtures)]] : []),
    // The SP's metadata, signed requests and Single Logout (tests/js/suite-sp.mjs).
    ...(hasSubtle ? spSections(t, saml, fixtures, paths, { acsRequest, cookiePair, sealState, expectedClassName, tools }) : []),
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
