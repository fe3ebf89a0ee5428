#!/usr/bin/env node
// IdP metadata from a URL (options.idp.metadataUrl), against a real HTTP server this test starts on
// a free 127.0.0.1 port, serving the Entra-shaped metadata signed by xmlsec1
// (tests/fixtures/sp/metadata/, tests/fixtures/metadata/) and copies that are tampered, signed by
// another key, unsigned, expired, missing or too large. The clock is injected, so the cache's
// decisions (refresh after cacheDuration, last good copy kept, never an expired one) are checked by
// counting what the server was asked, never by timing.
//
//   node tests/interop/metadata-url.mjs        (needs pkg/dist: scripts/build-pkg.sh)
//
// Prints one line per check and `N passed, N failed` last; exits 1 on failure.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import * as saml from '../../pkg/dist/node.js';

const root = new URL('../../', import.meta.url);
const read = (p) => readFileSync(new URL(p, root), 'utf8');
const IDP_CERT = read('tests/keys/idp-rsa2048.crt');
const DOCS = {
  cache: read('tests/fixtures/sp/metadata/entra-cache-1h.xml'),
  expired: read('tests/fixtures/sp/metadata/entra-expired.xml'),
  swapped: read('tests/fixtures/sp/metadata/entra-cert-swapped.xml'),
  attacker: read('tests/fixtures/sp/metadata/entra-attacker-signed.xml'),
  plain: read('tests/fixtures/metadata/entra-federationmetadata.xml'),
  unsigned: read('tests/fixtures/metadata/simplesamlphp-idp.xml'),
};
const manifest = JSON.parse(read('tests/fixtures/manifest.json'));
const d = manifest.defaults;
const RESPONSE = read('tests/fixtures/valid/entra_assertion_signed.xml');

let passed = 0;
let failed = 0;
function ok(cond, name, info = '') {
  if (cond) passed++;
  else failed++;
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${name}${cond || !info ? '' : `: ${info}`}`);
}
async function refuses(fn, code, name) {
  try {
    await fn();
    ok(false, name, `expected ${code}, it succeeded`);
  } catch (e) {
    ok(e?.code === code && e instanceof saml.SamlConfigError === code.startsWith('ERR_METADATA'), name, `${e?.code} ${e?.name}: ${e?.message}`);
    return e;
  }
}

// The server: GET /<name> answers with what `routes[name]` holds; `hits` counts the requests.
const routes = new Map();
const hits = new Map();
const server = createServer((req, res) => {
  const name = req.url.slice(1);
  hits.set(name, (hits.get(name) ?? 0) + 1);
  const r = routes.get(name);
  if (r === undefined) {
    res.writeHead(404).end('not found');
  } else if (r.redirect) {
    res.writeHead(302, { location: r.redirect }).end();
  } else {
    res.writeHead(r.status ?? 200, { 'content-type': 'application/samlmetadata+xml' }).end(r.body);
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

/** Wait (up to 10 s) until the server has seen `n` requests for `name`: counts, never timings. */
async function hitsReach(name, n) {
  for (let i = 0; i < 200 && (hits.get(name) ?? 0) < n; i++) await new Promise((r) => setTimeout(r, 50));
  return hits.get(name) ?? 0;
}

let clock = Date.parse('2026-01-15T10:01:00Z');
const never = { consume: async () => true }; // verify the same response repeatedly
const options = (name, extra = {}) => ({
  entityId: d.sp_entity_id,
  acsUrl: d.acs_url,
  idp: { metadataUrl: `${base}${name}`, metadataCertificates: [IDP_CERT], ...extra },
  replayCache: never,
  requestStateSecret: 'metadata-url-test-secret-0123456789abcdef',
  now: () => clock,
});
const verify = (sp) =>
  sp.verifyResponse(RESPONSE, { inResponseTo: d.in_response_to, currentDate: new Date('2026-01-15T10:01:00Z') });

try {
  // A signed copy: verified, then its keys verify a response; endpoints come from it.
  routes.set('entra', { body: DOCS.cache });
  const sp = await saml.ServiceProvider.create(options('entra'));
  ok(hits.get('entra') === 1, 'create fetches the metadata once', `${hits.get('entra')} requests`);
  ok(sp.idp.entityId === d.idp_entity_id && sp.idp.ssoUrl?.endsWith('/saml2') && sp.idp.sloUrl?.endsWith('/saml2'), 'issuer, SSO and logout URL from the metadata', JSON.stringify(sp.idp));
  ok((await verify(sp)).loginName === 'bsimon', 'a response verifies with the fetched keys');

  // Refused copies at create.
  for (const [name, body, code] of [
    ['swapped', DOCS.swapped, 'ERR_DSIG_DIGEST_MISMATCH'],
    ['attacker', DOCS.attacker, 'ERR_DSIG_UNTRUSTED_CERT'],
    ['unsigned', DOCS.unsigned, 'ERR_METADATA_UNSIGNED'],
    ['expired', DOCS.expired, 'ERR_METADATA_EXPIRED'],
  ]) {
    routes.set(name, { body });
    await refuses(() => saml.ServiceProvider.create(options(name)), code, `create refuses the ${name} copy (${code})`);
  }
  routes.set('gone', { status: 404, body: 'no' });
  const e404 = await refuses(() => saml.ServiceProvider.create(options('gone')), 'ERR_METADATA_FETCH', 'create: HTTP 404 is ERR_METADATA_FETCH');
  ok(e404?.detail?.status === '404', 'ERR_METADATA_FETCH names the status', JSON.stringify(e404?.detail));
  routes.set('huge', { body: `${DOCS.cache}${' '.repeat(1 << 20)}` });
  await refuses(() => saml.ServiceProvider.create(options('huge')), 'ERR_METADATA_FETCH', 'create: over 1 MiB');
  routes.set('latin1', { body: Buffer.from([0x3c, 0x61, 0xe9, 0x3e]) });
  await refuses(() => saml.ServiceProvider.create(options('latin1')), 'ERR_METADATA_FETCH', 'create: not UTF-8');
  await refuses(() => saml.ServiceProvider.create({ ...options('x'), idp: { metadataUrl: 'http://127.0.0.1:9/x' } }), 'ERR_METADATA_FETCH', 'create: connection refused');
  // Without metadataCertificates the signature is not required (and not checked).
  routes.set('plain-unsigned', { body: DOCS.unsigned });
  const trusting = await saml.ServiceProvider.create({ ...options('plain-unsigned'), idp: { metadataUrl: `${base}plain-unsigned` } });
  ok(trusting.idp.entityId === 'https://idp.example.org/simplesaml/saml2/idp/metadata.php', 'without metadataCertificates: unsigned metadata is taken as given');

  // The cache (cacheDuration PT1H): no fetch within the hour.
  clock += 30 * 60_000;
  await verify(sp);
  ok(hits.get('entra') === 1, 'within cacheDuration: no fetch', `${hits.get('entra')} requests`);
  // After the hour: the call is answered from the cache at once, one refresh runs behind it.
  clock += 31 * 60_000;
  routes.set('entra', { body: DOCS.swapped });
  ok((await verify(sp)).loginName === 'bsimon', 'after cacheDuration: still answered from the cache');
  ok((await hitsReach('entra', 2)) === 2, 'after cacheDuration: one background refresh', `${hits.get('entra')} requests`);
  // That refresh got a tampered copy: refused, the last good copy stays; retried after 60 s.
  ok((await verify(sp)).loginName === 'bsimon', 'a tampered refresh replaces nothing');
  await new Promise((r) => setTimeout(r, 100));
  ok(hits.get('entra') === 2, 'no new attempt within the retry interval', `${hits.get('entra')} requests`);
  clock += 61_000;
  routes.set('entra', { body: DOCS.cache });
  await verify(sp);
  ok((await hitsReach('entra', 3)) === 3, 'retried after 60 s', `${hits.get('entra')} requests`);

  // Concurrent calls share one refresh.
  clock += 2 * 3600_000;
  await Promise.all([verify(sp), sp.startLogin(), sp.startLogin(), sp.startLogin()]);
  await hitsReach('entra', 4);
  await new Promise((r) => setTimeout(r, 100)); // room for a (wrong) second refresh to show up
  ok(hits.get('entra') === 4, 'concurrent calls start one refresh', `${hits.get('entra')} requests`);

  // validUntil (2036-01-01): never used at or after it. The server now has only an expired copy.
  clock = Date.parse('2036-01-01T00:00:00Z');
  routes.set('entra', { body: DOCS.expired });
  await refuses(() => verify(sp), 'ERR_METADATA_EXPIRED', 'at validUntil, with no valid copy to fetch: ERR_METADATA_EXPIRED');
  routes.set('entra', { status: 500, body: 'down' });
  const down = await refuses(() => verify(sp), 'ERR_METADATA_EXPIRED', 'at validUntil, the server failing: ERR_METADATA_EXPIRED');
  ok(down?.cause?.code === 'ERR_METADATA_FETCH', 'the cause is the failed fetch', down?.cause?.code);
  // A valid copy (no validUntil) makes it work again, fetched before the call is answered.
  routes.set('entra', { body: DOCS.plain });
  ok((await verify(sp)).loginName === 'bsimon', 'after validUntil: a fresh copy is fetched first, then used');

  // A redirect to plain http elsewhere is refused when the signature is not checked (127.0.0.2 is
  // a loopback address, but not a name the loopback exception covers: it stands in for a remote host).
  const other = createServer((req, res) => res.writeHead(200).end(DOCS.unsigned));
  await new Promise((r) => other.listen(0, '127.0.0.2', r));
  routes.set('redirect', { redirect: `http://127.0.0.2:${other.address().port}/md.xml` });
  await refuses(
    () => saml.ServiceProvider.create({ ...options('redirect'), idp: { metadataUrl: `${base}redirect` } }),
    'ERR_METADATA_FETCH',
    'a redirect to a non-https URL (unsigned metadata)',
  );
  other.close();
} catch (e) {
  ok(false, 'the test ran to the end', e?.stack ?? String(e));
} finally {
  server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
