// Uses the package's declarations the way an application does. Compiled (never run) by run.mjs
// under several tsconfigs: without the DOM lib or Node's types too, with skipLibCheck off.
import {
  ERROR_CODES,
  SamlError,
  SamlValidationError,
  ServiceProvider,
  errorCodes,
  init,
  type IdpMetadata,
  type Identity,
  type SamlErrorCode,
  type SamlErrorDetails,
  type VerifiedSignature,
} from 'saml-edge';
// The debugging functions are the full build's (saml-edge/inspect), which exports everything else too.
import { inspect, parseMetadata, ServiceProvider as FullServiceProvider } from 'saml-edge/inspect';
// @ts-expect-error the edge build ('saml-edge') does not export inspect
import { inspect as notInTheEdgeBuild } from 'saml-edge';
export const edgeHasNoInspect: unknown = notInTheEdgeBuild;

export async function verify(samlResponse: string, pem: string, bytes: Uint8Array): Promise<string> {
  await init(bytes);
  await init(new ArrayBuffer(8));
  await init('https://cdn.example/saml_edge_bg.wasm');
  await init(bytes, { full: 'https://cdn.example/saml_edge_full_bg.wasm' });
  const full = await FullServiceProvider.create({ entityId: 'e', acsUrl: 'https://sp/acs', idp: { entityId: 'i', certificates: [pem] }, crypto: 'wasm' });
  if (full.crypto !== 'wasm') throw new Error('unexpected');
  const sp = await ServiceProvider.create({
    entityId: 'https://sp.example',
    acsUrl: 'https://sp.example/acs',
    idp: { entityId: 'https://idp.example', certificates: [pem] },
    requestStateSecret: 'x'.repeat(64),
    clockTolerance: 60,
    decryptionKeys: [pem], // a PEM string or a CryptoKey (CryptoKeyLike: no DOM lib needed)
  });
  try {
    const identity: Identity = await sp.verifyResponse(samlResponse, { inResponseTo: 'id1', currentDate: new Date() });
    const signature: VerifiedSignature | undefined = identity.signatures[0];
    const element: 'response' | 'assertion' | undefined = signature?.element;
    const thumbprint: string | undefined = signature?.keyInfoCertificate?.sha1;
    const decrypted: string | undefined = identity.decrypted[0]?.algorithm;
    return `${identity.loginName} ${element} ${thumbprint} ${identity.claims.groups?.join(',')} ${decrypted}`;
  } catch (e) {
    if (e instanceof SamlError) {
      const code: SamlErrorCode = e.code;
      if (e.is('ERR_SAML_AUDIENCE')) {
        const found: string = e.detail.found; // typed per code
        return `${code}: ${found}`;
      }
      if (e.is('ERR_DSIG_UNTRUSTED_CERT')) return e.detail.certificateSha1;
      if (e.is('ERR_SAML_STATUS')) return (e.detail.subStatusCodes ?? []).join(' ') + (e.detail.statusMessage ?? '');
      if (e.is('ERR_SAML_EXPIRED')) return `${e.detail.element} ${e.detail.notOnOrAfter} ${e.detail.now}`;
      if (e.code === 'ERR_STATE_EXPIRED') return 'expired';
    }
    throw e;
  }
}

export async function metadata(xml: string): Promise<string> {
  const md: IdpMetadata = await parseMetadata(xml);
  const codes: SamlErrorCode[] = await errorCodes();
  const first: SamlErrorCode | undefined = ERROR_CODES[0];
  const x = await inspect(xml, { currentDate: new Date(0) });
  const stage: 'decode' | 'parse' | undefined = x.stage;
  return `${md.entityId} ${md.certificates.map((c) => c.sha1).join()} ${md.validUntil} ${codes.length} ${first} ${stage} ${x.error?.code}`;
}

// Errors can be made, typed by their code.
export const made = new SamlValidationError('the audience differs', {
  code: 'ERR_SAML_AUDIENCE',
  detail: { expected: 'a', found: 'b' },
});
export const detail: SamlErrorDetails['ERR_LIMIT_INPUT_SIZE'] = { limit: 'input bytes', max: '1' };

// A misspelt code does not compile (misspelt.ts checks that without this directive, too).
export function misspelt(e: SamlError): boolean {
  // @ts-expect-error 'ERR_SAML_AUDENCE' is not a SamlErrorCode
  return e.code === 'ERR_SAML_AUDENCE';
}

// The SP's own messages: metadata, signed requests, logout both ways, IdP metadata from a URL.
export async function logout(keyPem: string, certPem: string, request: { method: string; url: string; headers: { get(name: string): string | null } }): Promise<string> {
  const sp = await ServiceProvider.create({
    entityId: 'https://sp.example',
    acsUrl: 'https://sp.example/acs',
    sloUrl: 'https://sp.example/slo',
    idp: { metadataUrl: 'https://idp.example/metadata.xml', metadataCertificates: [certPem] },
    requestStateSecret: 'x'.repeat(64),
    signingKey: keyPem,
    signingCertificate: certPem,
    signatureAlgorithm: 'rsa-sha256',
  });
  const metadata: string = await sp.metadataXml({ validUntil: new Date(0), cacheDuration: 3600 });
  const start = await sp.startLogout({ nameId: 'b@c.example', sessionIndex: ['_s1'], relayState: '/bye' });
  const done = await sp.finishLogout(request);
  const asked = await sp.handleLogoutRequest(request);
  const url: string = asked.url;
  const ends: string[] = asked.sessionIndexes;
  const clear: string = sp.clearLogoutStateCookie();
  return `${metadata.length} ${start.url} ${start.setCookie} ${done.relayState} ${done.partial} ${url} ${ends} ${clear} ${sp.sloUrl} ${sp.idp.sloUrl} ${sp.idp.validUntil}`;
}
