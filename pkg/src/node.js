/* @ts-self-types="../index.d.ts" */
// Entry for Node (and runtimes that take the "node" condition): read the .wasm
// from disk. The only file of the package that uses Node built-ins.
//
// Compiled synchronously (`new WebAssembly.Module`): measured on Node 20, that is
// ~7 ms for this module, while the asynchronous `WebAssembly.instantiate(bytes)`
// takes 30–60 ms before its promise settles. A one-time block of a few ms at
// start-up is the cheaper cold start.
//
// It also installs crypto: 'node' (the default here): signature values by node:crypto,
// synchronously, instead of crypto.subtle's round trip through the thread pool. (Reference digests
// are the core's in every runtime: it hashes while it canonicalizes, so no canonical bytes are held.)
import { KeyObject, constants, createPrivateKey, createPublicKey, privateDecrypt, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { configureLoader } from './loader.js';
import { installNodeRsa } from './decrypt.js';
import { installNodeCrypto } from './webcrypto.js';

// init(url) reads a file: URL or a path from disk too (Node's fetch takes no file: URLs).
configureLoader({
  source: () => new URL('../dist/saml_edge_bg.wasm', import.meta.url),
  readFile: (location) => readFileSync(location),
  compileSync: true,
});

const HASH = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
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

export * from './api.js';
