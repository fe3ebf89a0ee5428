#!/usr/bin/env node
// What the SP writes, checked by reference implementations:
//   - its metadata, signed by the CLI (RustCrypto with the OS RNG) and by the npm package
//     (node:crypto KeyObject; a non-extractable WebCrypto key): `xmlsec1 --verify` accepts each and
//     refuses a tampered copy, and lxml validates each against the OASIS SAML 2.0 metadata XSD;
//   - its AuthnRequest, LogoutRequest and LogoutResponse: valid against the protocol XSD;
//   - their HTTP-Redirect signatures: `openssl dgst -verify` accepts them over the query octets as
//     sent (SAML bindings §3.4.4.1).
// The XSDs come from the python3-saml wheel (tests/interop/fetch-xsd.sh).
//
//   node tests/interop/sp-xml.mjs      (needs pkg/dist, target/debug|release saml-edge, xmlsec1, openssl, lxml)
//
// Prints one line per check and `N passed, N failed` last; exits 1 on failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as saml from '../../pkg/dist/node.js';
import { decodeRedirect } from '../../pkg/dist/inspect/node.js';

const repo = new URL('../../', import.meta.url).pathname;
const read = (p) => readFileSync(join(repo, p), 'utf8');
const KEY = 'tests/keys/sp-signing-rsa2048.key';
const CRT = 'tests/keys/sp-signing-rsa2048.crt';
const MD_ID = ['--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor'];

let passed = 0;
let failed = 0;
function ok(cond, name, info = '') {
  if (cond) passed++;
  else failed++;
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${name}${cond || !info ? '' : `: ${String(info).slice(0, 800)}`}`);
}

const work = mkdtempSync(join(tmpdir(), 'saml-edge-sp-xml-'));
const file = (name, text) => {
  const p = join(work, name);
  writeFileSync(p, text);
  return p;
};
const run = (cmd, args, input) => spawnSync(cmd, args, { input, encoding: 'utf8', cwd: repo });

function cli() {
  for (const p of ['target/release/saml-edge', 'target/debug/saml-edge']) if (existsSync(join(repo, p))) return join(repo, p);
  execFileSync('cargo', ['build', '--quiet', '--bin', 'saml-edge'], { cwd: repo, stdio: 'inherit' });
  return join(repo, 'target/debug/saml-edge');
}

function xmlsecVerifies(path) {
  const r = run('xmlsec1', ['--verify', '--enabled-key-data', 'rsa', '--pubkey-cert-pem', join(repo, CRT), ...MD_ID, path]);
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

function xsd(kind, paths) {
  const r = run('python3', [join(repo, 'tests/interop/xsd.py'), xsdDir, kind, ...paths]);
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

function opensslVerifies(signedOctets, signatureB64) {
  const pub = file('sp.pub.pem', execFileSync('openssl', ['x509', '-in', join(repo, CRT), '-pubkey', '-noout'], { encoding: 'utf8' }));
  const sig = join(work, 'sig.bin');
  writeFileSync(sig, Buffer.from(signatureB64, 'base64'));
  const r = spawnSync('openssl', ['dgst', '-sha256', '-verify', pub, '-signature', sig], { input: signedOctets });
  return r.status === 0;
}

/** The signed octets and the Signature of a redirect URL, exactly as sent. */
function splitSigned(url) {
  const query = url.slice(url.indexOf('?') + 1);
  const at = query.indexOf('&Signature=');
  return { octets: query.slice(0, at), signature: decodeURIComponent(query.slice(at + 11).split('&')[0]) };
}

const xsdDir = execFileSync('bash', [join(repo, 'tests/interop/fetch-xsd.sh')], { encoding: 'utf8' }).trim();

try {
  const entityId = 'https://auth.iws-hybrid.trendmicro.com/0123456789abcdef';
  const acsUrl = 'https://auth.iws-hybrid.trendmicro.com/saml/acs';
  const sloUrl = 'https://auth.iws-hybrid.trendmicro.com/saml/slo';
  const enc = read('tests/keys/sp-encryption-rsa2048.crt');

  // The metadata, three signers.
  const fromCli = execFileSync(cli(), ['sp-metadata', '--entity-id', entityId, '--acs-url', acsUrl, '--slo-url', sloUrl,
    '--signing-cert', CRT, '--encryption-cert', 'tests/keys/sp-encryption-rsa2048.crt', '--authn-requests-signed',
    '--name-id-format', 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', '--valid-until', '2030-01-01T00:00:00Z',
    '--cache-duration', '86400', '--sign-key', KEY], { cwd: repo, encoding: 'utf8' });
  const options = {
    entityId,
    acsUrl,
    sloUrl,
    idp: { metadataXml: read('tests/fixtures/metadata/entra-federationmetadata.xml') },
    signingKey: read(KEY),
    signingCertificate: read(CRT),
    requestStateSecret: 'sp-xml-interop-secret-0123456789abcdef',
    crypto: 'node',
  };
  const mdOptions = {
    validUntil: new Date('2030-01-01T00:00:00Z'),
    cacheDuration: 86400,
    encryptionCertificates: [enc],
    nameIdFormats: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
  };
  const nodeSp = await saml.ServiceProvider.create(options);
  const fromNode = await nodeSp.metadataXml(mdOptions);
  const der = Buffer.from(read(KEY).replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const cryptoKey = await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const webSp = await saml.ServiceProvider.create({ ...options, signingKey: cryptoKey, crypto: 'webcrypto' });
  const fromWebCrypto = await webSp.metadataXml(mdOptions);
  ok(fromNode === fromCli && fromWebCrypto === fromCli, 'the CLI, node:crypto and WebCrypto sign the same metadata byte for byte (PKCS#1 v1.5, same ID)');

  for (const [who, xml] of [['CLI', fromCli], ['npm (node:crypto)', fromNode], ['npm (WebCrypto)', fromWebCrypto]]) {
    const p = file(`sp-${who.replace(/\W+/g, '-')}.xml`, xml);
    const v = xmlsecVerifies(p);
    ok(v.ok, `xmlsec1 --verify accepts the SP metadata signed by ${who}`, v.out);
    const x = xsd('metadata', [p]);
    ok(x.ok, `the SP metadata signed by ${who} is valid against saml-schema-metadata-2.0.xsd`, x.out);
  }
  const tampered = file('sp-tampered.xml', fromCli.replace(acsUrl, 'https://evil.example/acs'));
  ok(!xmlsecVerifies(tampered).ok, 'xmlsec1 --verify refuses the metadata with a changed ACS URL');
  const unsigned = file('sp-unsigned.xml', await nodeSp.metadataXml({ sign: false }));
  ok(xsd('metadata', [unsigned]).ok, 'the unsigned SP metadata is valid against the metadata XSD');
  const minimal = file('sp-minimal.xml', execFileSync(cli(), ['sp-metadata', '--entity-id', entityId, '--acs-url', acsUrl], { cwd: repo, encoding: 'utf8' }));
  ok(xsd('metadata', [minimal]).ok, 'the minimal SP metadata (no keys, no logout) is valid against the metadata XSD');

  // The protocol messages and their redirect signatures.
  const login = await nodeSp.startLogin({ relayState: '/wanted', loginHint: 'bsimon@contoso.com' });
  const logout = await nodeSp.startLogout({ nameId: 'B.Simon@contoso.com', nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', sessionIndex: '_s1', relayState: '/bye' });
  const respond = JSON.parse(execFileSync(cli(), ['logout-response', '--idp-slo-url', 'https://idp.example/slo', '--sp-entity-id', entityId,
    '--in-response-to', '_idp1', '--relay-state', 'r s', '--sign-key', KEY], { cwd: repo, encoding: 'utf8' }));
  const cliLogin = JSON.parse(execFileSync(cli(), ['authn-request', '--idp-sso-url', 'https://idp.example/sso', '--sp-entity-id', entityId,
    '--acs-url', acsUrl, '--relay-state', '/x', '--sign-key', KEY], { cwd: repo, encoding: 'utf8' }));
  const messages = [];
  for (const [what, url] of [
    ['AuthnRequest (npm)', login.url],
    ['LogoutRequest (npm)', logout.url],
    ['LogoutResponse (CLI)', respond.url],
    ['AuthnRequest (CLI)', cliLogin.url],
  ]) {
    const { octets, signature } = splitSigned(url);
    ok(opensslVerifies(octets, signature), `openssl dgst -verify accepts the ${what} redirect signature over the query as sent`);
    ok(!opensslVerifies(octets.replace('RelayState=', 'RelayState=x'), signature), `openssl dgst -verify refuses the ${what} octets changed`);
    const m = await decodeRedirect(url);
    messages.push(file(`${what.replace(/\W+/g, '-')}.xml`, m.xml));
  }
  const x = xsd('protocol', messages);
  ok(x.ok, 'AuthnRequest, LogoutRequest and LogoutResponse are valid against saml-schema-protocol-2.0.xsd', x.out);
} catch (e) {
  ok(false, 'the interop test ran to the end', e?.stack ?? String(e));
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
