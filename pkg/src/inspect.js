// What only the full build (`saml-edge/inspect`) exports: explaining a message without trusting it,
// for the debugger (www/) and anyone debugging an IdP. Its entries (src/inspect/) load the full core.

import { toBytes } from './bytes.js';
import { SamlConfigError, SamlError, core, fromCore } from './errors.js';
import { checkDecryptionKeys, decryptForInspection } from './decrypt.js';
import { init, mainCore } from './loader.js';

const encoder = new TextEncoder();

/**
 * Decode an HTTP-Redirect binding message (a URL or its query string):
 * `{ param: 'SAMLRequest' | 'SAMLResponse', xml, relayState, sigAlg }`.
 * For debugging; nothing in it is verified.
 */
export async function decodeRedirect(urlOrQuery) {
  if (typeof urlOrQuery !== 'string') throw new TypeError('decodeRedirect takes a URL or query string');
  await init();
  return JSON.parse(core(() => mainCore().decodeRedirect(urlOrQuery)));
}

/** Read IdP metadata (not its signature): entity ID, SSO URLs and signing certificates. */
export async function parseMetadata(xml) {
  if (typeof xml !== 'string') throw new TypeError('parseMetadata takes the metadata XML as a string');
  await init();
  return JSON.parse(core(() => mainCore().parseMetadata(xml)));
}

const INSPECT_OPTIONS = new Set(['entityId', 'acsUrl', 'idp', 'inResponseTo', 'currentDate', 'clockTolerance', 'canonical', 'decryptionKeys']);
const INSPECT_IDP = new Set(['entityId', 'certificates', 'metadataXml']);

/**
 * Explain a SAML message without trusting it, for debugging: each signature (digest declared vs
 * computed, whether its value verifies with each given certificate, the KeyInfo certificate),
 * each condition expected vs found, the time windows, the claims under Entra's short names, and
 * the pretty-printed XML with the signed regions marked. It never accepts or refuses a login:
 * the verdict is `verifyResponse`'s. Input that cannot be decoded or parsed is reported in the
 * result (`stage`, `error`), not thrown; a bad option is a TypeError, an unusable certificate or
 * metadata a SamlConfigError.
 */
export async function inspect(input, options = {}) {
  let bytes = toBytes(input, 'input');
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError('inspect options must be an object');
  for (const key of Object.keys(options)) {
    if (!INSPECT_OPTIONS.has(key)) throw new TypeError(`inspect options.${key} is not a known option`);
  }
  const idp = options.idp ?? {};
  if (idp === null || typeof idp !== 'object' || Array.isArray(idp)) throw new TypeError('inspect options.idp must be an object');
  for (const key of Object.keys(idp)) {
    if (!INSPECT_IDP.has(key)) throw new TypeError(`inspect options.idp.${key} is not a known option`);
  }
  const { currentDate } = options;
  if (currentDate !== undefined && !(currentDate instanceof Date && Number.isFinite(currentDate.getTime()))) {
    throw new TypeError('currentDate must be a valid Date');
  }
  if (idp.certificates !== undefined && !(Array.isArray(idp.certificates) && idp.certificates.every((c) => typeof c === 'string'))) {
    throw new TypeError('inspect options.idp.certificates must be an array of PEM strings');
  }
  await init();
  // Encrypted content (src/decrypt.js): decrypted with the given keys, then explained like the rest.
  let decryption = null;
  if (options.decryptionKeys !== undefined) {
    const keys = checkDecryptionKeys(options.decryptionKeys);
    try {
      const d = await decryptForInspection(bytes, keys);
      bytes = encoder.encode(d.xml);
      decryption = { decrypted: d.decrypted, error: d.error === null ? null : fromCore(d.error) };
    } catch (error) {
      if (!(error instanceof SamlError) || error instanceof SamlConfigError) throw error;
      decryption = { decrypted: [], error };
    }
  }
  const json = JSON.stringify({
    spEntityId: options.entityId ?? null,
    acsUrl: options.acsUrl ?? null,
    idpEntityId: idp.entityId ?? null,
    certificates: idp.certificates ?? [],
    metadataXml: idp.metadataXml ?? null,
    inResponseTo: options.inResponseTo ?? null,
    nowMs: currentDate ? currentDate.getTime() : Date.now(),
    clockTolerance: options.clockTolerance ?? 180,
    canonical: options.canonical ?? false,
  });
  const result = JSON.parse(core(() => mainCore().inspect(bytes, json)));
  if (decryption !== null) {
    const { error } = decryption;
    result.decryption = {
      decrypted: decryption.decrypted,
      error: error === null ? null : { code: error.code, message: error.message, detail: error.detail },
    };
  }
  return result;
}
