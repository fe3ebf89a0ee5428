// One verifier in this (fresh) Node process, every fixture of bench/fixtures/fixtures.json: accept
// the valid response, refuse the tampered one, then time the valid one. One JSON line per fixture.
//
//   node bench/node/verifier.mjs saml-edge-node|saml-edge-webcrypto|saml-edge-wasm|xml-crypto|node-saml [--reps 5] [--target-ms 400] [--only a,b]
//
// Every verifier gets the base64 SAMLResponse field and the pinned IdP certificate (PEM) and
// returns the NameID:
//   saml-edge-*  the npm package (pkg/, "node" export): ServiceProvider.verifyResponse with
//                crypto 'node', 'webcrypto' or 'wasm' (bench/js/measure.mjs createSp/verifyOnce: expected
//                InResponseTo, fixed currentDate, a replay cache that never remembers)
//   xml-crypto   v6 as its README says to use it: @xmldom/xmldom parse, every ds:Signature child of
//                the Response and of its Assertion checked with the pinned cert only
//                (getCertFromKeyInfo off), the NameID read from what was signed
//                (getSignedReferences()). Signatures only: no SAML checks (times, audience, ...).
//   node-saml    v5 SAML.validatePostResponseAsync({ SAMLResponse }): idpCert, issuer, audience,
//                idpIssuer, wantAssertionsSigned, wantAuthnResponseSigned false (Entra signs the
//                Assertion only), acceptedClockSkewMs 180 s, validateInResponseTo 'ifPresent' with
//                the request ID saved in its cache before each call; `new Date()` is pinned to the
//                fixtures' instant in this process (node-saml reads the clock itself).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { args, certificatePem, defaults, measureFixture, repoRoot, runTable } from './common.mjs';

const a = args();
const verifier = a._[0];
const opts = { reps: Number(a.reps ?? 5), targetMs: Number(a['target-ms'] ?? 400), only: a.only?.split(',') };
const require = createRequire(import.meta.url);

async function samlEdge(crypto) {
  const { resolveExport } = await import(pathToFileURL(join(repoRoot, 'tests/js/runtimes/lib.mjs')));
  const { createSp, verifyOnce } = await import(pathToFileURL(join(repoRoot, 'bench/js/measure.mjs')));
  const pkgDir = join(repoRoot, 'pkg');
  // crypto 'wasm' is the full build's (saml-edge/inspect); the others run on the edge build.
  const subpath = crypto === 'wasm' ? './inspect' : '.';
  const saml = await import(pathToFileURL(join(pkgDir, resolveExport(pkgDir, ['node', 'import'], subpath).path)));
  const sp = await createSp(saml, measureFixture(''), crypto);
  if (sp.crypto !== crypto) throw new Error(`asked for crypto ${crypto}, got ${sp.crypto}`);
  const base = measureFixture('');
  await runTable(`saml-edge-${crypto}`, async () => async (b64) => (await verifyOnce(sp, { ...base, response: b64 })).nameId, { ...opts, checkCode: true });
}

async function xmlCrypto() {
  const { SignedXml } = require('xml-crypto');
  const { DOMParser } = require('@xmldom/xmldom');
  const xpath = require('xpath');
  const DS = "namespace-uri()='http://www.w3.org/2000/09/xmldsig#'";
  const SIGS = `/*[local-name()='Response']/*[local-name()='Signature' and ${DS}] | /*[local-name()='Response']/*[local-name()='Assertion']/*[local-name()='Signature' and ${DS}]`;
  const verify = (b64) => {
    const xml = Buffer.from(b64, 'base64').toString('utf8');
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const sigs = xpath.select(SIGS, doc);
    if (sigs.length === 0) throw new Error('unsigned');
    let signed = null;
    for (const node of sigs) {
      const sig = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null });
      sig.loadSignature(node);
      if (!sig.checkSignature(xml)) throw new Error('invalid signature');
      const refs = sig.getSignedReferences();
      if (refs.length !== 1) throw new Error('expected one signed reference');
      // The Assertion's own signature when present (it comes last), else the Response's.
      signed = refs[0];
    }
    const signedDoc = new DOMParser().parseFromString(signed, 'text/xml');
    const nameId = xpath.select1("//*[local-name()='Assertion']/*[local-name()='Subject']/*[local-name()='NameID']", signedDoc);
    if (!nameId) throw new Error('no NameID in the signed content');
    return nameId.textContent;
  };
  await runTable('xml-crypto', async () => verify, opts);
}

async function nodeSaml() {
  const RealDate = Date;
  const fixed = RealDate.parse(defaults.now);
  globalThis.Date = class extends RealDate {
    constructor(...x) {
      if (x.length === 0) super(fixed);
      else super(...x);
    }
    static now() {
      return fixed;
    }
  };
  const { SAML } = require('@node-saml/node-saml');
  const saml = new SAML({
    callbackUrl: defaults.acs_url,
    issuer: defaults.sp_entity_id,
    audience: defaults.sp_entity_id,
    idpIssuer: defaults.idp_entity_id,
    idpCert: certificatePem,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: defaults.clock_tolerance * 1000,
    validateInResponseTo: 'ifPresent',
  });
  const verify = async (b64) => {
    await saml.cacheProvider.saveAsync(defaults.in_response_to, new Date().toISOString());
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: b64 });
    return profile.nameID;
  };
  await runTable('node-saml', async () => verify, opts);
}

const run = {
  'saml-edge-node': () => samlEdge('node'),
  'saml-edge-webcrypto': () => samlEdge('webcrypto'),
  'saml-edge-wasm': () => samlEdge('wasm'),
  'xml-crypto': xmlCrypto,
  'node-saml': nodeSaml,
}[verifier];
if (!run) throw new Error(`unknown verifier ${verifier}`);
await run();
