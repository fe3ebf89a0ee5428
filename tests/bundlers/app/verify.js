// The small app every bundler builds: verify a signed Entra-shaped response, refuse a tampered
// copy, and write the SP's metadata (which loads the package's full build on first use: the bundle
// must carry that .wasm too). Only the package's public API; fixture.gen.js is written by run.mjs
// from tests/fixtures.
import { SamlError, ServiceProvider } from 'saml-edge';
import { certificate, settings, tampered, valid } from './fixture.gen.js';

/** `{ loginName, refused, crypto, metadata }`, or `{ error }` with the message of what went wrong. */
export async function verifyBoth() {
  try {
    const sp = await ServiceProvider.create({
      entityId: settings.entityId,
      acsUrl: settings.acsUrl,
      idp: { entityId: settings.idpEntityId, certificates: [certificate] },
    });
    const call = { inResponseTo: settings.inResponseTo, currentDate: new Date(settings.now) };
    const identity = await sp.verifyResponse(valid, call);
    let refused = null;
    try {
      await sp.verifyResponse(tampered, call);
    } catch (e) {
      if (!(e instanceof SamlError)) throw e;
      refused = e.code;
    }
    const metadata = (await sp.metadataXml()).includes(`entityID="${settings.entityId}"`);
    return { loginName: identity.loginName, refused, crypto: sp.crypto, metadata };
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
}
