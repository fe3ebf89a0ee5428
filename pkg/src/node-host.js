// What the package takes from Node itself (both Node entries, node.js and inspect/node.js): reading
// the .wasm from disk, node:crypto for crypto: 'node', the SP's signing key and its decryption keys,
// node:zlib's DEFLATE. (Reference digests are the core's in every runtime: it hashes while it
// canonicalizes, so no canonical bytes are held.)
// node:zlib is loaded when a redirect is first built, not at import: measured in Node 20, importing
// it took ~3 ms of the cold start, and verification never needs it.
import {
  KeyObject,
  constants,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  privateDecrypt,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { installNodeRsa } from './decrypt.js';
import { installDeflate } from './deflate.js';
import { installNodeCrypto } from './webcrypto.js';

/** The loader's settings for Node: init(url) reads a file: URL or a path from disk too (Node's fetch takes no file: URLs). */
export const NODE_LOADER = { readFile: (location) => readFileSync(location), compileSync: true };

const HASH = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

export function installNode() {
  installNodeCrypto({
    importSpki: (der) => createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }),
    // RSASSA-PKCS1-v1_5 is node:crypto's default RSA padding; XML-DSig's ECDSA value is r || s
    // (IEEE P1363), not DER.
    verify: (scheme, hash, key, signature, message) =>
      verify(HASH[hash], message, scheme === 'ECDSA' ? { key, dsaEncoding: 'ieee-p1363' } : key, signature),
    // The SP's signing key (src/signer.js): a PEM becomes a KeyObject, which never leaves node:crypto.
    importPrivate: (pem) => createPrivateKey({ key: pem, format: 'pem' }),
    isKeyObject: (key) => key instanceof KeyObject,
    sign: (hash, key, message) => new Uint8Array(sign(HASH[hash], message, key)),
    // The request-state cookies' MAC (src/state.js) with a string secret.
    hmacSha256(secret) {
      const key = createSecretKey(secret);
      const mac = (data) => createHmac('sha256', key).update(data).digest();
      return {
        sign: (data) => new Uint8Array(mac(data)),
        verify: (expected, data) => expected.length === 32 && timingSafeEqual(mac(data), expected),
      };
    },
  });
  // SP decryption keys (options.decryptionKeys): the raw RSA operation (blinded by OpenSSL); the core
  // decodes OAEP, so every digest/MGF1 pair works (node:crypto's oaepHash ties MGF1 to the digest).
  installNodeRsa({
    importPrivateKey(item) {
      const key = typeof item === 'string' ? createPrivateKey(item) : KeyObject.from(item);
      if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType} key, not RSA`);
      return { key, bits: key.asymmetricKeyDetails.modulusLength };
    },
    rsaRaw: (key, cipher) => new Uint8Array(privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, cipher)),
  });
  // process.getBuiltinModule: Node 20.16+ and 22.3+ (engines ^20.19.0 || >=22.12.0). Without it
  // (another runtime taking the "node" condition) src/deflate.js uses CompressionStream.
  if (typeof process?.getBuiltinModule === 'function') {
    let zlib = null;
    installDeflate((bytes) => new Uint8Array((zlib ??= process.getBuiltinModule('node:zlib')).deflateRawSync(bytes)));
  }
}
