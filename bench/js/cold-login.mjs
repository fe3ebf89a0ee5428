// One cold start in this (fresh) Node process through the login flow's ACS, as an application runs
// it: import the package, init, ServiceProvider.create with a requestStateSecret, then
// finishLogin(the IdP's POST with the request-state cookie): the request state's MAC, the
// verification, the replay records. (bench/js/cold-node.mjs measures verifyResponse, without request
// state.) The cookie for the fixture's fixed request ID is made here, by the documented format
// (pkg/src/state.js), as a test that holds the secret can. Prints one JSON line (ms; `cpu`: the
// process's CPU time, V8's background compiles included).
//   node bench/js/cold-login.mjs <file URL of the package entry> [node|webcrypto] [request|express]
// request: a Fetch Request (made before the clock starts); express: what an Express route with
// express.urlencoded() hands over ({ method, headers, body: the parsed form }), as a Node server's
// first login meets it (nothing of Node's fetch implementation loaded yet).
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { loadFixture } from './measure.mjs';

const [entryUrl, crypto = 'node', shape = 'request'] = process.argv.slice(2);
const repo = new URL('../../', import.meta.url);
const fixture = await loadFixture((p) => readFile(new URL(p, repo), 'utf8'));
const SECRET = 'a request-state secret of at least 32 bytes, for the benchmark';
const now = Date.parse(fixture.now);
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const token = b64url(new Uint8Array(16).fill(7));
const payload = b64url(JSON.stringify({ token, requestId: fixture.inResponseTo, relayState: '/home', expiresAt: now + 300_000 }));
const mac = createHmac('sha256', SECRET).update(`saml-edge state v2\n${fixture.acsUrl}\n${payload}`).digest();
const headers = { 'content-type': 'application/x-www-form-urlencoded', cookie: `__Host-saml_edge_state-0=v2.${payload}.${b64url(mac)}` };
const form = { SAMLResponse: fixture.response, RelayState: token };
const request =
  shape === 'express'
    ? { method: 'POST', headers, body: form }
    : new Request(fixture.acsUrl, { method: 'POST', headers, body: new URLSearchParams(form).toString() });

const sample = () => ({ wall: performance.now(), cpu: (({ user, system }) => (user + system) / 1e3)(process.cpuUsage()) });
const marks = [sample()];
const saml = await import(entryUrl);
marks.push(sample());
await saml.init();
marks.push(sample());
const sp = await saml.ServiceProvider.create({
  entityId: fixture.entityId,
  acsUrl: fixture.acsUrl,
  idp: { entityId: fixture.idpEntityId, certificates: [fixture.certificate] },
  crypto,
  requestStateSecret: SECRET,
  now: () => now,
});
marks.push(sample());
const { identity, relayState } = await sp.finishLogin(request);
marks.push(sample());
if (identity.loginName !== 'bsimon' || relayState !== '/home') throw new Error(`unexpected result ${identity.loginName} ${relayState}`);

const out = { crypto, shape };
for (const [i, step] of ['import', 'init', 'create', 'firstVerify'].entries()) {
  for (const k of ['wall', 'cpu']) out[`${step}.${k}`] = marks[i + 1][k] - marks[i][k];
}
for (const k of ['wall', 'cpu']) out[`total.${k}`] = marks[4][k] - marks[0][k];
console.log(JSON.stringify(out));
