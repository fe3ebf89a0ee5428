// Encrypted assertions (XML Encryption; the core's src/xmlenc): the SP's RSA keys stay with the
// runtime's crypto, everything else happens in the core.
//
// RSA-OAEP key transport, by runtime:
// - Node (node:crypto, the package's Node entry): privateDecrypt with RSA_NO_PADDING gives the RSA
//   output and the core decodes OAEP. One route for every digest/MGF1 pair, SHA-256 with
//   MGF1-SHA1 included, which node:crypto's own OAEP (oaepHash) cannot express: it ties MGF1's hash
//   to the digest.
// - WebCrypto (Deno, workerd, browsers): RSA-OAEP decrypt, the key imported once per hash as a
//   non-extractable CryptoKey. WebCrypto too ties MGF1's hash to the digest and has no raw RSA,
//   so SHA-256 with MGF1-SHA1 is refused there (ERR_XMLENC_KEY_UNSUITABLE); running RSA in the
//   wasm instead would add 27 KB gzipped to every download (measured: docs/design.md).
//   When WebCrypto's OAEP fails, random bytes stand in for the content key, so the core's
//   decryption fails the way a tampered ciphertext does (implicit rejection: no OAEP oracle).
// AES-GCM/CBC run in the core: WebCrypto's AES-CBC wants PKCS #7 padding, XML Encryption's is not.

import { core, samlError } from './errors.js';
import { mainCore } from './loader.js';

/** Keys the runtime can use for RSA private operations, by crypto mode. */
const MIN_BITS = 2048;
const MAX_BITS = 8192;

/**
 * node:crypto's RSA for decryption, installed by src/node.js.
 * @type {null | { importPrivateKey(key: string | CryptoKey): { key: unknown, bits: number },
 *                 rsaRaw(key: unknown, cipher: Uint8Array): Uint8Array }}
 */
let nodeRsa = null;

/** Called by src/node.js only. */
export function installNodeRsa(impl) {
  nodeRsa = impl;
}

function configError(code, message, detail) {
  return samlError(code, message, detail);
}

function base64Decode(text) {
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** DER length octets (X.690 §8.1.3). */
function derLength(n) {
  if (n < 0x80) return [n];
  const out = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

/** A PKCS #1 RSAPrivateKey inside a PKCS #8 PrivateKeyInfo (RFC 5208 §5), which WebCrypto imports. */
function pkcs1ToPkcs8(pkcs1) {
  const version = [0x02, 0x01, 0x00];
  const rsaEncryption = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
  const octets = [0x04, ...derLength(pkcs1.length)];
  const bodyLength = version.length + rsaEncryption.length + octets.length + pkcs1.length;
  const head = [0x30, ...derLength(bodyLength), ...version, ...rsaEncryption, ...octets];
  const out = new Uint8Array(head.length + pkcs1.length);
  out.set(head);
  out.set(pkcs1, head.length);
  return out;
}

/** The PKCS #8 DER of the first private-key block of a PEM text. */
function pemToPkcs8(pem, option) {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(pem)) {
    throw configError('ERR_KEY_INVALID', `${option} is an encrypted private key; give it unencrypted`, {
      option,
      detail: 'ENCRYPTED PRIVATE KEY',
    });
  }
  const m = /-----BEGIN (RSA )?PRIVATE KEY-----([\s\S]*?)-----END \1?PRIVATE KEY-----/.exec(pem);
  if (m === null) {
    throw configError('ERR_KEY_INVALID', `${option} has no -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY----- block`, {
      option,
      detail: 'no private key block',
    });
  }
  let der;
  try {
    der = base64Decode(m[2]);
  } catch {
    throw configError('ERR_KEY_INVALID', `${option}: the PEM body is not base64`, { option, detail: 'not base64' });
  }
  return m[1] ? pkcs1ToPkcs8(der) : der;
}

function checkBits(bits, option) {
  if (!(bits >= MIN_BITS && bits <= MAX_BITS)) {
    throw configError('ERR_KEY_UNSUPPORTED', `${option}: RSA key of ${bits} bits; ${MIN_BITS} to ${MAX_BITS} bits are accepted`, {
      option,
      detail: `RSA key of ${bits} bits`,
    });
  }
}

/**
 * The SP's decryption keys, imported once: node:crypto KeyObjects (mode 'node') or
 * non-extractable RSA-OAEP CryptoKeys, one per OAEP hash (mode 'webcrypto').
 */
export class DecryptionKeys {
  #mode;
  /** @type {Array<{ node?: unknown, bytes: number, byHash: Map<string, CryptoKey> }>} */
  #keys;

  constructor(mode, keys) {
    this.#mode = mode;
    this.#keys = keys;
  }

  /** Which crypto unwraps the keys: 'node' or 'webcrypto'. */
  get mode() {
    return this.#mode;
  }

  /**
   * @param {Array<string | CryptoKey>} list PEM (PKCS #8 or PKCS #1) or RSA-OAEP private CryptoKeys
   * @param {'node' | 'webcrypto' | 'wasm'} cryptoMode the ServiceProvider's crypto option
   */
  static async create(list, cryptoMode) {
    const mode = nodeRsa !== null && cryptoMode !== 'webcrypto' ? 'node' : 'webcrypto';
    if (mode === 'webcrypto' && globalThis.crypto?.subtle === undefined) {
      throw new TypeError('options.decryptionKeys need the runtime\'s RSA: crypto.subtle is not available here');
    }
    const keys = [];
    for (const [i, item] of list.entries()) {
      const option = `decryptionKeys[${i}]`;
      if (mode === 'node') {
        let imported;
        try {
          imported = nodeRsa.importPrivateKey(item);
        } catch (cause) {
          throw configError('ERR_KEY_INVALID', `${option} could not be read: ${cause?.message ?? cause}`, {
            option,
            detail: String(cause?.message ?? cause),
          });
        }
        checkBits(imported.bits, option);
        keys.push({ node: imported.key, bytes: imported.bits / 8, byHash: new Map() });
        continue;
      }
      const byHash = new Map();
      let bits;
      if (typeof item === 'string') {
        const der = pemToPkcs8(item, option);
        for (const hash of ['SHA-1', 'SHA-256']) {
          let key;
          try {
            key = await crypto.subtle.importKey('pkcs8', der, { name: 'RSA-OAEP', hash }, false, ['decrypt']);
          } catch (cause) {
            throw configError('ERR_KEY_INVALID', `${option} is not an RSA private key WebCrypto can import: ${cause?.message ?? cause}`, {
              option,
              detail: String(cause?.message ?? cause),
            });
          }
          byHash.set(hash, key);
          bits = key.algorithm.modulusLength;
        }
      } else {
        byHash.set(item.algorithm.hash.name, item);
        bits = item.algorithm.modulusLength;
      }
      checkBits(bits, option);
      keys.push({ bytes: bits / 8, byHash });
    }
    return new DecryptionKeys(mode, keys);
  }

  /**
   * Answer the key tasks of a round of the core (a Pending being decrypted, or an inspection):
   * what each SP key makes of each EncryptedKey, in the keys' order. With `strict` (verification),
   * a round that no key can unwrap here for a reason of this runtime's crypto is
   * ERR_XMLENC_KEY_UNSUITABLE rather than a failed decryption.
   */
  async supply(round, strict = true) {
    let unsuitable = null;
    let usable = false;
    for (let i = 0; i < round.keyCount(); i++) {
      const info = JSON.parse(round.keyInfo(i));
      for (const r of await this.unwrap(info, round.keyCipher(i), round.keyLabel(i))) {
        if (r.kind === 'unsuitable') {
          unsuitable = info;
          round.supplyKey(i, 'unusable', new Uint8Array(0));
        } else {
          usable ||= r.kind !== 'unusable';
          round.supplyKey(i, r.kind, r.bytes ?? new Uint8Array(0));
        }
      }
    }
    if (strict && !usable && unsuitable !== null) {
      throw samlError(
        'ERR_XMLENC_KEY_UNSUITABLE',
        `no configured SP key can unwrap RSA-OAEP with ${unsuitable.digest} and MGF1-${unsuitable.mgf1} here: ` +
          (unsuitable.digest === unsuitable.mgf1
            ? `give the key as PEM (a CryptoKey is bound to one hash) or imported for ${unsuitable.digest}`
            : 'WebCrypto ties the MGF1 hash to the digest (Node decrypts it with node:crypto); ' +
              'have the IdP use the same hash for both (e.g. xmlenc11#mgf1sha256 with SHA-256, or rsa-oaep-mgf1p)'),
        { digest: unsuitable.digest, mgf1: unsuitable.mgf1, crypto: this.#mode },
      );
    }
  }

  /**
   * What each key makes of one EncryptedKey: `{ kind: 'raw' | 'key' | 'unusable', bytes }`.
   * @param {{ digest: string, mgf1: string, keyLength: number }} info from Decryption.keyInfo
   */
  async unwrap(info, cipher, label) {
    const out = [];
    for (const k of this.#keys) {
      if (cipher.length !== k.bytes) {
        out.push({ kind: 'unusable' });
      } else if (this.#mode === 'node') {
        try {
          out.push({ kind: 'raw', bytes: nodeRsa.rsaRaw(k.node, cipher) });
        } catch {
          out.push({ kind: 'unusable' }); // c >= n: visible from the message and the public key
        }
      } else {
        const key = info.digest === info.mgf1 ? k.byHash.get(info.digest) : undefined;
        if (key === undefined) {
          out.push({ kind: 'unsuitable' });
          continue;
        }
        const params = label.length > 0 ? { name: 'RSA-OAEP', label } : { name: 'RSA-OAEP' };
        try {
          out.push({ kind: 'key', bytes: new Uint8Array(await crypto.subtle.decrypt(params, key, cipher)) });
        } catch {
          out.push({ kind: 'key', bytes: crypto.getRandomValues(new Uint8Array(info.keyLength)) });
        }
      }
    }
    return out;
  }
}

/**
 * For `inspect(input, { decryptionKeys })` (the debugger): the document with everything the keys open
 * decrypted in place, without checking any signature first. Never a verdict.
 * @returns {Promise<{ xml: string, decrypted: object[], error: unknown }>}
 */
export async function decryptForInspection(bytes, list) {
  const keys = await DecryptionKeys.create(list, nodeRsa !== null ? 'node' : 'webcrypto');
  const d = core(() => mainCore().beginInspection(bytes)); // the full build's (saml-edge/inspect)
  try {
    let xml = d.xml();
    let decrypted = JSON.parse(d.decrypted());
    let error = null;
    while (!d.done()) {
      await keys.supply(d, false);
      try {
        core(() => d.nextUnchecked());
      } catch (e) {
        error = e;
        break;
      }
      xml = d.xml();
      decrypted = JSON.parse(d.decrypted());
    }
    return { xml, decrypted, error };
  } finally {
    d.free();
  }
}

/** Validation of options.decryptionKeys (a TypeError names what is wrong). */
export function checkDecryptionKeys(value) {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError('options.decryptionKeys must be a non-empty array of PEM private keys or RSA-OAEP CryptoKeys');
  }
  for (const [i, k] of value.entries()) {
    if (typeof k === 'string') {
      if (k.trim() === '') throw new TypeError(`options.decryptionKeys[${i}] must not be empty`);
    } else if (typeof CryptoKey !== 'undefined' && k instanceof CryptoKey) {
      if (k.type !== 'private' || k.algorithm?.name !== 'RSA-OAEP' || !k.usages.includes('decrypt')) {
        throw new TypeError(`options.decryptionKeys[${i}] must be a private RSA-OAEP CryptoKey with the usage decrypt`);
      }
    } else {
      throw new TypeError(`options.decryptionKeys[${i}] must be a PEM string or an RSA-OAEP CryptoKey`);
    }
  }
  return value;
}
