#!/usr/bin/env node
// Interoperability with a real IdP: SimpleSAMLphp (Debian's 1.19) served by `php -S` on a free
// 127.0.0.1 port, configured ONLY from this SP's metadata (`sp.metadataXml()`, read by
// SimpleSAMLphp's XML metadata source: no hand-written SP entry). Its metadata says
// AuthnRequestsSigned="true", so SimpleSAMLphp requires signed AuthnRequests; the IdP is set to
// validate and sign logout messages (validate.logout, sign.logout) and to sign its own metadata.
// The SP is the npm package in Node (the user agent is this script: it follows the IdP's redirects
// and stops at the SP's URLs, which no server needs to answer).
//
//   node tests/interop/simplesamlphp.mjs     (needs pkg/dist, php, simplesamlphp, openssl)
//
// Checks, each against SimpleSAMLphp's own code:
//   - our package verifies SimpleSAMLphp's signed metadata (idp.metadataUrl + metadataCertificates);
//   - SimpleSAMLphp accepts our signed AuthnRequest, refuses it tampered or unsigned;
//   - SP-initiated logout: SimpleSAMLphp accepts our signed LogoutRequest (refuses it tampered), and
//     we accept its signed LogoutResponse;
//   - IdP-initiated logout: we accept SimpleSAMLphp's signed LogoutRequest, and SimpleSAMLphp accepts
//     our signed LogoutResponse (refuses it tampered).
// Prints one line per check and `N passed, N failed` last; exits 1 on failure.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import * as saml from '../../pkg/dist/node.js';
import { decodeRedirect } from '../../pkg/dist/inspect/node.js';

const SSP_ROOT = '/usr/share/simplesamlphp';
const repo = new URL('../../', import.meta.url).pathname;
const read = (p) => readFileSync(join(repo, p), 'utf8');

let passed = 0;
let failed = 0;
function ok(cond, name, info = '') {
  if (cond) passed++;
  else failed++;
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${name}${cond || !info ? '' : `: ${String(info).slice(0, 600)}`}`);
  return cond;
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

const php = (s) => `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A SimpleSAMLphp IdP whose only SP comes from `spMetadataFile` (written later, read per request). */
function configure(dir, port, spMetadataFile, password) {
  const base = `http://127.0.0.1:${port}/`;
  rmSync(dir, { recursive: true, force: true });
  const d = (name) => {
    const p = join(dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const [config, metadata, cert, log, data, tmp, sessions] = ['config', 'metadata', 'cert', 'log', 'data', 'tmp', 'sessions'].map(d);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-days', '2', '-subj', '/CN=saml-edge interop IdP (SimpleSAMLphp)',
    '-keyout', join(cert, 'idp.key'), '-out', join(cert, 'idp.crt')], { stdio: ['ignore', 'ignore', 'pipe'] });
  chmodSync(join(cert, 'idp.key'), 0o600);
  writeFileSync(join(config, 'config.php'), `<?php
$config = [
    'baseurlpath' => ${php(base)},
    'certdir' => ${php(`${cert}/`)},
    'loggingdir' => ${php(`${log}/`)},
    'datadir' => ${php(`${data}/`)},
    'tempdir' => ${php(tmp)},
    'metadatadir' => ${php(`${metadata}/`)},
    // The IdP from a flat file; the SP ONLY from the metadata the SP published.
    'metadata.sources' => [
        ['type' => 'flatfile', 'directory' => ${php(metadata)}],
        ['type' => 'xml', 'file' => ${php(spMetadataFile)}],
    ],
    // SimpleSAMLphp signs its own metadata: the SP verifies it with the IdP certificate.
    'metadata.sign.enable' => true,
    'metadata.sign.privatekey' => 'idp.key',
    'metadata.sign.certificate' => 'idp.crt',
    'metadata.sign.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    'technicalcontact_name' => 'saml-edge interop',
    'technicalcontact_email' => 'interop@example.test',
    'timezone' => 'UTC',
    'secretsalt' => ${php(randomBytes(24).toString('hex'))},
    'auth.adminpassword' => ${php(randomBytes(24).toString('hex'))},
    'admin.protectindexpage' => true,
    'admin.protectmetadata' => false,
    'admin.checkforupdates' => false,
    'enable.saml20-idp' => true,
    'module.enable' => ['exampleauth' => true, 'core' => true, 'saml' => true],
    'logging.level' => SimpleSAML\\Logger::INFO,
    'logging.handler' => 'file',
    'logging.logfile' => 'simplesamlphp.log',
    'showerrors' => true,
    'errorreporting' => false,
    'store.type' => 'phpsession',
    'session.phpsession.savepath' => ${php(sessions)},
    'session.cookie.secure' => false,
    'session.cookie.samesite' => 'Lax',
    'language.default' => 'en',
    'production' => true,
];
`);
  writeFileSync(join(config, 'authsources.php'), `<?php
$config = [
    'admin' => ['core:AdminPassword'],
    'users' => ['exampleauth:UserPass', ${php(`alice:${password}`)} => ['uid' => ['alice'], 'mail' => ['alice@example.test']]],
];
`);
  writeFileSync(join(metadata, 'saml20-idp-hosted.php'), `<?php
$metadata[${php(`${base}saml2/idp/metadata.php`)}] = [
    'host' => '__DEFAULT__',
    'auth' => 'users',
    'privatekey' => 'idp.key',
    'certificate' => 'idp.crt',
    'signature.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    // Logout messages: require the SP's signatures, sign our own (redirect binding).
    'validate.logout' => true,
    'sign.logout' => true,
];
`);
  return { base, config, cert: join(cert, 'idp.crt'), log: join(log, 'simplesamlphp.log'), sessions };
}

/** The user agent: one cookie jar for the IdP; stops (without fetching) at the SP's URLs. */
class Browser {
  jar = new Map();
  constructor(idpBase, spBase) {
    this.idpBase = idpBase;
    this.spBase = spBase;
  }
  #cookie() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async request(url, init = {}) {
    const headers = { ...(init.headers ?? {}), cookie: this.#cookie() };
    const res = await fetch(url, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
    return { status: res.status, location: res.headers.get('location'), body: await res.text(), url };
  }
  /** Follows the IdP's redirects; returns its last answer, or `{ sp: url }` at an SP URL. */
  async go(url, init) {
    let r = { location: url };
    let first = true;
    for (let i = 0; i < 15 && r.location; i++) {
      const next = new URL(r.location, r.url ?? this.idpBase).href;
      if (next.startsWith(this.spBase)) return { sp: next };
      r = await this.request(next, first ? init : undefined);
      first = false;
    }
    return r;
  }
}

function hidden(html, name) {
  const m = new RegExp(`name="${name}"\\s+value="([^"]*)"`).exec(html) ?? new RegExp(`value="([^"]*)"\\s+name="${name}"`).exec(html);
  return m ? m[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#0?39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>') : null;
}

/** Flip one base64 character of the Signature parameter (a valid-looking but wrong signature). */
function tamper(url) {
  const i = url.indexOf('&Signature=') + 11 + 20;
  return url.slice(0, i) + (url[i] === 'A' ? 'B' : 'A') + url.slice(i + 1);
}

/** SimpleSAMLphp's error page (HTTP 200 with showerrors) naming why it refused. */
const refusedFor = (r, reason) => r.sp === undefined && typeof r.body === 'string' && r.body.includes(reason);
const BAD_SIGNATURE = 'Unable to validate signature on query string';
const NO_SIGNATURE = 'Validation of received messages enabled, but no signature found on message';

async function main() {
  if (!existsSync(join(SSP_ROOT, 'www', 'module.php'))) throw new Error(`SimpleSAMLphp is not installed at ${SSP_ROOT}`);
  const dir = join(repo, 'target', 'interop', `ssp-${process.pid}`);
  const [idpPort, spPort] = [await freePort(), await freePort()];
  const spBase = `http://127.0.0.1:${spPort}/`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const spMetadataFile = join(dir, 'sp-metadata.xml');
  const idp = configure(dir, idpPort, spMetadataFile, password);
  writeFileSync(spMetadataFile, '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>');
  const logFile = join(dir, 'php.log');
  const child = spawn('php', ['-d', `session.save_path=${idp.sessions}`, '-d', 'display_errors=stderr', '-S', `127.0.0.1:${idpPort}`, '-t', join(SSP_ROOT, 'www')], {
    env: { ...process.env, SIMPLESAMLPHP_CONFIG_DIR: idp.config, PHP_CLI_SERVER_WORKERS: '2' },
    stdio: ['ignore', openSync(logFile, 'w'), openSync(logFile, 'a')],
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  process.once('exit', stop);
  try {
    const metadataUrl = `${idp.base}saml2/idp/metadata.php`;
    for (let i = 0; ; i++) {
      try {
        const r = await fetch(metadataUrl);
        if (r.status === 200 && (await r.text()).includes('IDPSSODescriptor')) break;
      } catch {}
      if (i > 200) throw new Error(`SimpleSAMLphp did not start; ${readFileSync(logFile, 'utf8').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    // The SP, with the IdP from SimpleSAMLphp's signed metadata.
    const idpCert = readFileSync(idp.cert, 'utf8');
    const options = {
      entityId: `https://sp.example.test/saml-edge-${randomBytes(4).toString('hex')}`,
      acsUrl: `${spBase}saml/acs`,
      sloUrl: `${spBase}saml/slo`,
      idp: { metadataUrl, metadataCertificates: [idpCert] },
      requestStateSecret: randomBytes(32).toString('hex'),
      signingKey: read('tests/keys/sp-signing-rsa2048.key'),
      signingCertificate: read('tests/keys/sp-signing-rsa2048.crt'),
      requireSignedAssertion: true,
      allowHttp: true, // the SP's URLs are plain http on 127.0.0.1 (no __Host- cookies)
    };
    const sp = await saml.ServiceProvider.create(options);
    ok(sp.idp.sloUrl?.endsWith('SingleLogoutService.php'), 'the SP read SimpleSAMLphp\'s signed metadata (verified with its certificate)', JSON.stringify(sp.idp));
    const wrongPin = await saml.ServiceProvider.create({ ...options, idp: { metadataUrl, metadataCertificates: [read('tests/keys/idp-rsa2048.crt')] } }).then(() => null, (e) => e);
    ok(wrongPin?.code === 'ERR_DSIG_UNTRUSTED_CERT', 'its metadata with another certificate pinned: refused', wrongPin?.code);

    // SimpleSAMLphp's only knowledge of the SP: the metadata the SP published.
    const metadata = await sp.metadataXml();
    writeFileSync(spMetadataFile, metadata);
    ok(metadata.includes('AuthnRequestsSigned="true"') && metadata.includes('<ds:SignatureValue>'), 'SP metadata: signed, AuthnRequestsSigned="true"');

    const browser = new Browser(idp.base, spBase);
    const login = async (what) => {
      const start = await sp.startLogin({ relayState: '/after' });
      const page = await browser.go(start.url);
      const authState = page.url ? new URL(page.url).searchParams.get('AuthState') : null;
      if (!ok(page.status === 200 && authState, `${what}: SimpleSAMLphp accepts the signed AuthnRequest (login form)`, `${page.status} ${page.body?.slice(0, 400)}`)) return null;
      const form = await browser.request(page.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: 'alice', password, AuthState: authState }).toString(),
      });
      const samlResponse = hidden(form.body, 'SAMLResponse');
      if (!ok(samlResponse !== null, `${what}: the IdP posts a SAMLResponse`, form.body.slice(0, 400))) return null;
      const body = new URLSearchParams({ SAMLResponse: samlResponse, RelayState: hidden(form.body, 'RelayState') ?? '' }).toString();
      const { identity } = await sp.finishLogin(new Request(options.acsUrl, {
        method: 'POST',
        headers: { cookie: start.setCookie.split(';')[0], 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }));
      ok(identity.attributes.uid?.[0] === 'alice' && identity.sessionIndex, `${what}: the SP accepts the login (uid alice, signed ${identity.signedElement})`, JSON.stringify(identity.attributes));
      return identity;
    };

    // Signed AuthnRequests: a tampered signature and an unsigned request are refused by SimpleSAMLphp.
    const tampered = await browser.go(tamper((await sp.startLogin()).url));
    ok(refusedFor(tampered, BAD_SIGNATURE), `SimpleSAMLphp refuses an AuthnRequest whose signature was changed ("${BAD_SIGNATURE}")`, tampered.body?.slice(0, 300));
    const unsignedSp = await saml.ServiceProvider.create({ ...options, signAuthnRequests: false });
    const unsigned = await browser.go((await unsignedSp.startLogin()).url);
    ok(refusedFor(unsigned, NO_SIGNATURE), `SimpleSAMLphp refuses an unsigned AuthnRequest, as the SP metadata's AuthnRequestsSigned says ("${NO_SIGNATURE}")`, unsigned.body?.slice(0, 300));

    // SP-initiated logout.
    const first = await login('login 1');
    if (first) {
      const logoutOptions = {
        nameId: first.nameId,
        nameIdFormat: first.nameIdFormat ?? undefined,
        nameQualifier: first.nameQualifier ?? undefined,
        spNameQualifier: first.spNameQualifier ?? undefined,
        sessionIndex: first.sessionIndex,
        relayState: '/bye',
      };
      const bad = await browser.go(tamper((await sp.startLogout(logoutOptions)).url));
      ok(refusedFor(bad, BAD_SIGNATURE), 'SimpleSAMLphp refuses a LogoutRequest whose signature was changed', bad.body?.slice(0, 300));
      const start = await sp.startLogout(logoutOptions);
      const back = await browser.go(start.url);
      if (ok(back.sp?.startsWith(options.sloUrl) && back.sp.includes('SAMLResponse='), 'SimpleSAMLphp accepts the signed LogoutRequest and answers at the SP\'s logout URL', JSON.stringify(back).slice(0, 400))) {
        const m = await decodeRedirect(back.sp);
        ok(m.sigAlg === 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'its LogoutResponse is signed on the redirect binding', m.sigAlg);
        const done = await sp.finishLogout({ method: 'GET', url: back.sp, headers: new Headers({ cookie: start.setCookie.split(';')[0] }) }).then((v) => v, (e) => e);
        ok(done?.relayState === '/bye', 'the SP accepts SimpleSAMLphp\'s LogoutResponse (finishLogout)', done?.code ? `${done.code}: ${done.message}` : JSON.stringify(done));
      }
    }

    // IdP-initiated logout.
    const second = await login('login 2');
    if (second) {
      const returnTo = `${idp.base}module.php/core/welcome`;
      const req = await browser.go(`${idp.base}saml2/idp/SingleLogoutService.php?ReturnTo=${encodeURIComponent(returnTo)}`);
      if (ok(req.sp?.startsWith(options.sloUrl) && req.sp.includes('SAMLRequest='), 'SimpleSAMLphp sends its LogoutRequest to the SP\'s logout URL', JSON.stringify(req).slice(0, 400))) {
        const handled = await sp.handleLogoutRequest({ method: 'GET', url: req.sp, headers: new Headers() }).then((v) => v, (e) => e);
        if (ok(handled?.nameId === second.nameId && handled.sessionIndexes.includes(second.sessionIndex), 'the SP accepts SimpleSAMLphp\'s signed LogoutRequest (handleLogoutRequest): NameID and SessionIndex of login 2', handled?.code ? `${handled.code}: ${handled.message}` : JSON.stringify(handled))) {
          const refused = await browser.go(tamper(handled.url));
          ok(refusedFor(refused, BAD_SIGNATURE), 'SimpleSAMLphp refuses our LogoutResponse with a changed signature', refused.body?.slice(0, 300));
          const end = await browser.go(handled.url);
          ok(end.url?.startsWith(returnTo) && !end.body.includes(BAD_SIGNATURE), 'SimpleSAMLphp accepts the SP\'s signed LogoutResponse and finishes the logout at ReturnTo', `${end.status} ${end.url}`);
        }
      }
    }
  } finally {
    stop();
    process.off('exit', stop);
    if (failed === 0) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir} (SimpleSAMLphp log: ${idp.log}, php: ${logFile})`);
  }
}

try {
  await main();
} catch (e) {
  ok(false, 'the interop test ran to the end', e?.stack ?? String(e));
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
