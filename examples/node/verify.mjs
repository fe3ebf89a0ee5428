// Verify a SAMLResponse in Node, as an Assertion Consumer Service receives it (base64), then
// show one refusal. Uses the repository's Entra-shaped test fixture and its test IdP certificate.
//
//   cd examples && npm install && node node/verify.mjs
//
// Exits 0 only if the fixture verifies as bsimon and the tampered one is refused.
import { readFile } from 'node:fs/promises';
import { ServiceProvider, SamlError } from 'saml-edge';

const repo = new URL('../../', import.meta.url);
const read = (path) => readFile(new URL(path, repo), 'utf8');

const sp = await ServiceProvider.create({
  entityId: 'https://auth.iws-hybrid.trendmicro.com/0123456789abcdef',
  acsUrl: 'https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp',
  idp: {
    entityId: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/',
    certificates: [await read('tests/keys/idp-rsa2048.crt')], // pin the IdP signing certificate (PEM)
  },
});

// What the IdP POSTed as SAMLResponse, answering our AuthnRequest; the fixture was made at this instant.
const samlResponse = await read('tests/fixtures/valid/entra_assertion_signed.b64');
const expected = {
  inResponseTo: '_4fee3b046395c4e751011e97f8900b5273d56685',
  currentDate: new Date('2026-01-15T10:01:00Z'),
};

let ok = true;
const identity = await sp.verifyResponse(samlResponse, expected);
console.log(`signed in: ${identity.loginName} (NameID ${identity.nameId}, signed ${identity.signedElement})`);
ok &&= identity.loginName === 'bsimon';

// The same response with NameID and sAMAccountName changed to "admin" after it was signed.
const tampered = await read('tests/fixtures/attacks/digest_mismatch_nameid.xml');
try {
  const forged = await sp.verifyResponse(tampered, expected);
  console.log(`accepted a tampered response for ${forged.nameId}!`);
  ok = false;
} catch (e) {
  if (!(e instanceof SamlError)) throw e;
  console.log(`refused: ${e.code} (${e.message})`);
  ok &&= e.code === 'ERR_DSIG_DIGEST_MISMATCH';
}

process.exitCode = ok ? 0 : 1;
