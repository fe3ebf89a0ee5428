// The SP's own signatures (signed AuthnRequests, logout messages, its metadata): RSASSA-PKCS1-v1_5
// by the runtime's crypto. The core builds the exact octets to sign and assembles the result; the
// private key never enters the WebAssembly memory.
//
// The key: in Node a node:crypto KeyObject (a PEM string is imported into one); elsewhere a
// non-extractable WebCrypto CryptoKey (a PEM string is imported as one, extractable: false).

import { deflateRaw } from './deflate.js';
import { core, samlError } from './errors.js';
import { mainCore } from './loader.js';
import { nodeCryptoImpl } from './webcrypto.js';

/** The algorithms the SP signs with (XML-DSig 1.1 §6.4.2, RFC 6931 §2.3.2): never SHA-1. */
export const SIGNATURE_ALGORITHMS = Object.freeze({
  'rsa-sha256': { uri: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', hash: 'SHA-256' },
  'rsa-sha384': { uri: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384', hash: 'SHA-384' },
  'rsa-sha512': { uri: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', hash: 'SHA-512' },
});
const BY_HASH = { 'SHA-256': 'rsa-sha256', 'SHA-384': 'rsa-sha384', 'SHA-512': 'rsa-sha512' };
const MIN_BITS = 2048;
const MAX_BITS = 8192;

function keyError(code, message, detail) {
  return samlError(code, message, { option: 'signingKey', detail });
}

function base64Decode(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The decoded body of the first PEM block labelled `label`, or null. */
function pemBody(pem, label) {
  const m = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(pem);
  if (m === null) return null;
  try {
    return base64Decode(m[1].replace(/\s+/g, ''));
  } catch {
    throw keyError('ERR_KEY_INVALID', 'the SP\'s private key could not be read: its PEM body is not base64', 'not base64');
  }
}

/** DER length octets (X.690 §8.1.3). */
function derLength(n) {
  if (n < 0x80) return [n];
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function der(tag, ...parts) {
  const body = parts.flatMap((p) => [...p]);
  return Uint8Array.from([tag, ...derLength(body.length), ...body]);
}

/** PKCS#1 RSAPrivateKey -> PKCS#8 PrivateKeyInfo (RFC 5208 §5): WebCrypto imports only the latter. */
function pkcs8FromPkcs1(pkcs1) {
  const version = Uint8Array.from([0x02, 0x01, 0x00]);
  const rsaEncryption = Uint8Array.from([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]);
  return der(0x30, version, rsaEncryption, der(0x04, pkcs1));
}

function isCryptoKey(value) {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}

function checkBits(bits) {
  if (typeof bits === 'number' && (bits < MIN_BITS || bits > MAX_BITS)) {
    throw keyError('ERR_KEY_UNSUPPORTED', `the key is not supported: RSA key of ${bits} bits; ${MIN_BITS} to ${MAX_BITS} bits are accepted`, `${bits} bits`);
  }
}

/** Signs with the SP's RSA key. Create with `await Signer.create(key, algorithm)`. */
export class Signer {
  #sign;
  /** 'rsa-sha256', 'rsa-sha384' or 'rsa-sha512'. */
  name;
  /** The XML-DSig URI (`SigAlg`, `SignatureMethod`). */
  uri;

  constructor(name, sign) {
    this.name = name;
    this.uri = SIGNATURE_ALGORITHMS[name].uri;
    this.#sign = sign;
  }

  /**
   * @param {string | CryptoKey | object} key PEM (PKCS#8 or PKCS#1), a CryptoKey (RSASSA-PKCS1-v1_5,
   *   usage sign; its hash decides the algorithm), or in Node a private KeyObject.
   * @param {string | undefined} name the algorithm; default the CryptoKey's hash, else 'rsa-sha256'.
   */
  static async create(key, name) {
    const node = nodeCryptoImpl();
    if (isCryptoKey(key)) {
      if (key.type !== 'private' || key.algorithm?.name !== 'RSASSA-PKCS1-v1_5' || !key.usages.includes('sign')) {
        throw new TypeError('options.signingKey must be an RSASSA-PKCS1-v1_5 private CryptoKey with the usage sign');
      }
      const own = BY_HASH[key.algorithm.hash?.name];
      if (own === undefined) throw new TypeError('options.signingKey must hash with SHA-256, SHA-384 or SHA-512');
      if (name !== undefined && name !== own) {
        throw new TypeError(`options.signatureAlgorithm is ${name}, but options.signingKey was imported for ${own}`);
      }
      checkBits(key.algorithm.modulusLength);
      return new Signer(own, async (m) => new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, m)));
    }
    const algorithm = name ?? 'rsa-sha256';
    const { hash } = SIGNATURE_ALGORITHMS[algorithm];
    if (node !== null && (typeof key === 'string' || node.isKeyObject(key))) {
      let keyObject = key;
      if (typeof key === 'string') {
        if (key.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
          throw keyError('ERR_KEY_INVALID', 'the SP\'s private key could not be read: it is encrypted; decrypt it first (openssl pkcs8 -topk8 -nocrypt)', 'encrypted');
        }
        try {
          keyObject = node.importPrivate(key);
        } catch (cause) {
          throw keyError('ERR_KEY_INVALID', `the SP's private key could not be read: ${cause?.message ?? cause}`, 'not a PEM private key');
        }
      }
      if (keyObject.type !== 'private') throw new TypeError('options.signingKey must be a private key');
      if (keyObject.asymmetricKeyType !== 'rsa') {
        throw keyError('ERR_KEY_UNSUPPORTED', `the key is not supported: a ${keyObject.asymmetricKeyType} key; the SP signs with RSA`, String(keyObject.asymmetricKeyType));
      }
      checkBits(keyObject.asymmetricKeyDetails?.modulusLength);
      return new Signer(algorithm, (m) => node.sign(hash, keyObject, m));
    }
    if (typeof key !== 'string') {
      throw new TypeError('options.signingKey must be a PEM string, a CryptoKey (or in Node a KeyObject)');
    }
    if (typeof crypto === 'undefined' || crypto?.subtle === undefined) {
      throw new TypeError('options.signingKey needs WebCrypto (crypto.subtle), which this runtime does not offer here');
    }
    let pkcs8 = pemBody(key, 'PRIVATE KEY');
    if (pkcs8 === null) {
      const pkcs1 = pemBody(key, 'RSA PRIVATE KEY');
      if (pkcs1 !== null) pkcs8 = pkcs8FromPkcs1(pkcs1);
    }
    if (pkcs8 === null) {
      const detail = key.includes('ENCRYPTED PRIVATE KEY') ? 'encrypted' : 'no PRIVATE KEY block';
      throw keyError('ERR_KEY_INVALID', `the SP's private key could not be read: ${detail === 'encrypted' ? 'it is encrypted; decrypt it first' : 'no -----BEGIN PRIVATE KEY----- block found'}`, detail);
    }
    // PKCS#8 names the key's algorithm first (RFC 5208 §5): anything but rsaEncryption is not ours.
    const RSA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    const head = [...pkcs8.subarray(0, 32)];
    const has = (oid) => head.some((_, i) => oid.every((b, j) => head[i + j] === b));
    if (!has(RSA_OID)) {
      // id-ecPublicKey (RFC 5480), Ed25519 / Ed448 (RFC 8410): real keys, of a type we do not sign with.
      if ([[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01], [0x06, 0x03, 0x2b, 0x65, 0x70], [0x06, 0x03, 0x2b, 0x65, 0x71]].some(has)) {
        throw keyError('ERR_KEY_UNSUPPORTED', 'the key is not supported: not an RSA private key; the SP signs with RSA', 'not RSA');
      }
      throw keyError('ERR_KEY_INVALID', 'the SP\'s private key could not be read: not a PKCS#8 RSA private key', 'not PKCS#8 RSA');
    }
    let cryptoKey;
    try {
      cryptoKey = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['sign']);
    } catch (cause) {
      throw keyError('ERR_KEY_INVALID', `the SP's private key could not be read (not an RSA PKCS#8 key?): ${cause?.message ?? cause}`, 'import failed');
    }
    checkBits(cryptoKey.algorithm.modulusLength);
    return new Signer(algorithm, async (m) => new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', cryptoKey, m)));
  }

  /** The signature over `message` (Uint8Array). */
  async sign(message) {
    return this.#sign(message);
  }
}

/**
 * An HTTP-Redirect URL signed by `signer` (SAML bindings §3.4.4.1): the runtime DEFLATEs `xml`
 * (src/deflate.js), the core builds the query octets `SAMLRequest=…&RelayState=…&SigAlg=…`, the
 * signer signs them, the core appends `&Signature=` (then `login_hint`, unsigned).
 */
export async function signedRedirect(signer, { endpoint, param, xml, relayState = null, loginHint = null }) {
  const deflated = await deflateRaw(xml);
  const glue = mainCore();
  const pending = core(() => glue.redirectToSign(JSON.stringify({ endpoint, param, relayState, loginHint, sigAlg: signer.uri }), deflated));
  try {
    const signature = await signer.sign(pending.message());
    return pending.finish(signature);
  } finally {
    pending.free();
  }
}

const PROBE = new TextEncoder().encode('saml-edge: does the signing key belong to the signing certificate?');

/** Whether `signature` over `message` verifies with the certificate key `{ spki }` (RSASSA-PKCS1-v1_5, `hash`): the runtime's crypto. */
async function hostVerifies(key, hash, message, signature) {
  const node = nodeCryptoImpl();
  const spki = base64Decode(key.spki);
  if (node !== null) return node.verify('RSASSA-PKCS1-v1_5', hash, node.importSpki(spki), signature, message);
  const cryptoKey = await crypto.subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify']);
  return crypto.subtle.verify('RSASSA-PKCS1-v1_5', cryptoKey, signature, message);
}

/**
 * Refuse a signing key that does not belong to its certificate now, not at the IdP: sign a probe
 * and check it with the certificate's key, with the runtime's crypto (the one that signs). Every
 * signed document the core then assembles is read back up to its signature value
 * (src/dsig/sign.rs `finish_checked`), so what was signed is what the IdP receives.
 */
export async function checkKeyMatchesCertificate(signer, certificatePem) {
  const key = JSON.parse(core(() => mainCore().certificateKey(certificatePem)));
  const signature = await signer.sign(PROBE);
  let ok = false;
  if (key.kind === 'RSA') {
    try {
      ok = await hostVerifies(key, SIGNATURE_ALGORITHMS[signer.name].hash, PROBE, signature);
    } catch {
      ok = false; // a key the runtime cannot import for RSA verification cannot be the signer's
    }
  }
  if (!ok) {
    throw samlError(
      'ERR_CONFIG_INVALID',
      'the option signingKey is invalid: it does not belong to signingCertificate (a signature made with it does not verify with the certificate)',
      { option: 'signingKey', detail: 'does not match signingCertificate' },
    );
  }
}
