#!/usr/bin/env node
// What each of the SP's own steps costs in the npm package on Node (bench/sp.sh), per crypto path:
// metadataXml() (unsigned; signed by node:crypto, by a non-extractable WebCrypto key), startLogin()
// unsigned and signed, startLogout(), handleLogoutRequest() (verify a signed LogoutRequest from
// tests/fixtures/sp/ and sign the answer) and finishLogout() (verify a signed LogoutResponse).
// Prints one JSON object per step: `{ "runtime": "node", "crypto", "step", "us": [per repetition] }`.
//
//   node bench/js/sp-steps.mjs [--reps 5] [--target-ms 300]     (needs pkg/dist)
import { readFileSync } from 'node:fs';
// The full build: crypto 'wasm' too (the edge build's SP steps are the same code, loaded lazily).
import * as saml from '../../pkg/dist/inspect/node.js';

const root = new URL('../../', import.meta.url);
const read = (p) => readFileSync(new URL(p, root), 'utf8');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
};
const REPS = arg('--reps', 5);
const TARGET_MS = arg('--target-ms', 300);

/** Per-operation µs for each repetition, after a warm-up that sizes a repetition to ~TARGET_MS. */
async function measure(fn) {
  let n = 0;
  const t0 = performance.now();
  while (n < 3 || performance.now() - t0 < 150) {
    await fn();
    n++;
  }
  const iters = Math.max(5, Math.ceil(TARGET_MS / ((performance.now() - t0) / n)));
  const us = [];
  for (let r = 0; r < REPS; r++) {
    const t = performance.now();
    for (let i = 0; i < iters; i++) await fn();
    us.push(((performance.now() - t) * 1000) / iters);
  }
  return { iters, us };
}

const m = JSON.parse(read('tests/fixtures/sp/manifest.json'));
const d = m.defaults;
const now = Date.parse(d.now);
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
const noReplay = { consume: async () => true }; // the same messages again and again
const keyPem = read('tests/keys/sp-signing-rsa2048.key');
const der = Buffer.from(keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
const cryptoKey = await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
const options = (cryptoMode, extra = {}) => ({
  entityId: d.sp_entity_id,
  acsUrl: 'https://auth.iws-hybrid.trendmicro.com/saml/acs',
  sloUrl: d.slo_url,
  idp: {
    entityId: d.idp_entity_id,
    ssoUrl: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2',
    sloUrl: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2',
    certificates: [read('tests/keys/idp-rsa2048.crt')],
  },
  requestStateSecret: SECRET,
  signingKey: keyPem,
  signingCertificate: read('tests/keys/sp-signing-rsa2048.crt'),
  replayCache: noReplay,
  crypto: cryptoMode,
  now: () => now,
  ...extra,
});
const requestUrl = read('tests/fixtures/sp/redirect/request_lower.url').trim();
const responseUrl = read('tests/fixtures/sp/redirect/response.url').trim();
const get = (url, cookie) => ({ method: 'GET', url, headers: new Headers(cookie ? { cookie } : {}) });
const report = (cryptoMode, step, r) => console.log(JSON.stringify({ runtime: 'node', crypto: cryptoMode, step, ...r }));

// The logout-state cookie of the fixtures' request, as the SP would have set it (pkg/src/state.js's
// format; the fixture's RelayState is the token it sent).
async function sealedLogoutCookie() {
  const enc = new TextEncoder();
  const b64u = (b) => Buffer.from(b).toString('base64url');
  const key = await crypto.subtle.importKey('raw', enc.encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const payload = b64u(enc.encode(JSON.stringify({ token: '/bye', requestId: d.in_response_to, relayState: '/signed-out', expiresAt: now + 300_000 })));
  const mac = await crypto.subtle.sign('HMAC', key, enc.encode(`saml-edge state v2\n${d.slo_url} logout\n${payload}`));
  return `__Host-saml_edge_state-logout=v2.${payload}.${b64u(new Uint8Array(mac))}`;
}
const cookie = await sealedLogoutCookie();

const nodeSp = await saml.ServiceProvider.create(options('node'));
const webSp = await saml.ServiceProvider.create(options('webcrypto', { signingKey: cryptoKey }));
const unsignedSp = await saml.ServiceProvider.create(options('node', { signAuthnRequests: false }));
if ((await nodeSp.metadataXml()) !== (await webSp.metadataXml())) throw new Error('the two signers disagree');
report('node', 'sp metadata, unsigned', await measure(() => nodeSp.metadataXml({ sign: false })));
report('node', 'sp metadata, signed RSA-2048 (node:crypto KeyObject) + self-check', await measure(() => nodeSp.metadataXml()));
report('webcrypto', 'sp metadata, signed RSA-2048 (non-extractable CryptoKey) + self-check', await measure(() => webSp.metadataXml()));
report('node', 'startLogin, unsigned', await measure(() => unsignedSp.startLogin({ relayState: '/wanted' })));
report('node', 'startLogin, signed (node:crypto)', await measure(() => nodeSp.startLogin({ relayState: '/wanted' })));
report('webcrypto', 'startLogin, signed (WebCrypto)', await measure(() => webSp.startLogin({ relayState: '/wanted' })));
report('node', 'startLogout, signed (node:crypto)', await measure(() => nodeSp.startLogout({ nameId: 'B.Simon@contoso.com', sessionIndex: '_s1', relayState: '/bye' })));
for (const cryptoMode of ['node', 'webcrypto', 'wasm']) {
  const sp = await saml.ServiceProvider.create(options(cryptoMode, cryptoMode === 'webcrypto' ? { signingKey: cryptoKey } : {}));
  report(cryptoMode, 'handleLogoutRequest: verify (redirect) + signed answer', await measure(() => sp.handleLogoutRequest(get(requestUrl))));
  report(cryptoMode, 'finishLogout: verify LogoutResponse (redirect)', await measure(() => sp.finishLogout(get(responseUrl, cookie))));
}
