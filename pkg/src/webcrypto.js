// Signature values checked by the runtime's crypto: WebCrypto (crypto.subtle), or in Node its
// synchronous node:crypto (installed by src/node-host.js). The core decides everything else, before
// and after: `settle` drives the one begin -> tasks -> finish split of the core (src/wasm/pending.rs)
// for every message the SP verifies (responses, encrypted or not; logout messages).

import { core, fromCore, samlError } from './errors.js';

/** Thrown when WebCrypto cannot run a task (an algorithm or key it does not support). */
export class WebCryptoUnavailable extends Error {
  /** @param {string} algorithm e.g. 'RSASSA-PKCS1-v1_5 with SHA-1' @param {string} [reason] */
  constructor(algorithm, reason) {
    super(reason ? `${algorithm}: ${reason}` : algorithm);
    this.algorithm = algorithm;
    this.reason = reason ?? 'not supported';
  }
}

/**
 * The edge build's answer where the runtime's crypto cannot check a signature value (the full
 * build, `saml-edge/inspect`, checks it in WebAssembly instead): a SamlConfigError, never a verdict.
 */
export function cryptoUnsupported(error) {
  return samlError(
    'ERR_CRYPTO_UNSUPPORTED',
    `this runtime's crypto cannot check the signature value (${error.message}); saml-edge/inspect checks it in WebAssembly (crypto: 'wasm')`,
    { algorithm: error.algorithm, reason: error.reason },
    error,
  );
}

const HASHES = new Set(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);
const CURVES = { 'EC-P256': 'P-256', 'EC-P384': 'P-384' };

function base64Decode(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** NIST P-256 and P-384 (FIPS 186-5, SP 800-186 §3.2.1): y² = x³ − 3x + b over GF(p); cofactor 1. */
const EC = {
  'P-256': {
    bytes: 32,
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  'P-384': {
    bytes: 48,
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
};

const bigint = (bytes) => bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);

function modPow(base, exp, m) {
  let r = 1n;
  let x = base % m;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * x) % m;
    x = (x * x) % m;
  }
  return r;
}

/**
 * Whether the point of an EC SubjectPublicKeyInfo (its BIT STRING, the SPKI's last element:
 * uncompressed `04 || X || Y` or compressed `02`/`03 || X`, SEC 1 §2.3.3) lies on `curve`. With
 * cofactor 1, a point on the curve other than infinity is in the group.
 */
export function ecPointOnCurve(spki, curve) {
  const { bytes, p, b } = EC[curve];
  const rhs = (x) => (((x * x - 3n) % p) * x + b) % p; // x³ − 3x + b, x < p
  for (const [form, len] of [[4, 1 + 2 * bytes], [0, 1 + bytes]]) {
    const start = spki.length - len;
    // ... 03 <length> 00 <point>: the BIT STRING of the key, with no unused bits.
    if (start < 3 || spki[start - 1] !== 0 || spki[start - 2] !== len + 1 || spki[start - 3] !== 0x03) continue;
    const prefix = spki[start];
    const x = bigint(spki.subarray(start + 1, start + 1 + bytes));
    if (x >= p) return false;
    if (form === 4) {
      if (prefix !== 4) return false;
      const y = bigint(spki.subarray(start + 1 + bytes));
      return y < p && (y * y) % p === rhs(x);
    }
    if (prefix !== 2 && prefix !== 3) return false;
    // p ≡ 3 (mod 4) for both curves: a square root of a is a^((p+1)/4), if a is a square.
    const y = modPow(rhs(x), (p + 1n) / 4n, p);
    return (y * y) % p === rhs(x);
  }
  return false;
}

/**
 * The synchronous verifier of crypto: 'node', or null where there is none. Node's crypto.subtle
 * hands each verification to its thread pool and back (tens of µs, and an idle wait per
 * signature); node:crypto's one-shot verify runs the same OpenSSL call on the calling thread.
 * @type {null | {
 *   importSpki(der: Uint8Array): unknown,
 *   verify(scheme: string, hash: string, key: unknown, signature: Uint8Array, message: Uint8Array): boolean,
 *   importPrivate(key: unknown): unknown,
 *   isKeyObject(key: unknown): boolean,
 *   sign(hash: string, key: unknown, message: Uint8Array): Uint8Array,
 *   hmacSha256(secret: Uint8Array): { sign(data: Uint8Array): Uint8Array, verify(mac: Uint8Array, data: Uint8Array): boolean },
 * }}
 */
let nodeCrypto = null;

/** Called by src/node.js only. */
export function installNodeCrypto(impl) {
  nodeCrypto = impl;
}

/** node:crypto as src/node.js installed it (null elsewhere): the SP's signing key uses it too (src/signer.js). */
export function nodeCryptoImpl() {
  return nodeCrypto;
}

/** Whether crypto: 'node' can be used here (the package's Node entry was loaded). */
export function hasNodeCrypto() {
  return nodeCrypto !== null;
}

/**
 * The pinned keys of one ServiceProvider, each imported once: as CryptoKeys (per hash for RSA)
 * for crypto 'webcrypto', as node:crypto KeyObjects for crypto 'node'.
 */
export class KeyRing {
  /** @type {Map<string, Promise<CryptoKey>>} */
  #imported = new Map();
  /** @type {Map<number, unknown>} */
  #nodeKeys = new Map();
  #keys;
  #node;

  /**
   * @param {Array<{index:number, kind:string, spki:string}>} keys from Verifier.keys()
   * @param {'webcrypto' | 'node'} mode
   */
  constructor(keys, mode) {
    this.#keys = new Map(keys.map((k) => [k.index, k]));
    this.#node = mode === 'node';
  }

  /**
   * Check every EC key's point now. The edge build's core reads an EC key's encoding (SEC 1), not
   * whether its point lies on the curve (it has no EC arithmetic); this does, so that a bad key is
   * refused when it is configured (ERR_CERT_INVALID), as the full build's core refuses it. The
   * runtime's import is not the check: Deno's WebCrypto imports a point off its curve.
   */
  checkEcKeys() {
    for (const key of this.#keys.values()) {
      const curve = CURVES[key.kind];
      if (curve === undefined) continue;
      if (!ecPointOnCurve(base64Decode(key.spki), curve)) {
        throw samlError('ERR_CERT_INVALID', `a certificate could not be read: the EC ${curve} key is not a valid curve point`, {
          reason: `the EC ${curve} key is not a valid curve point`,
        });
      }
    }
  }

  /** Whether verify() answers synchronously (crypto 'node'). */
  get synchronous() {
    return this.#node;
  }

  #cryptoKey(index, scheme, hash) {
    const key = this.#keys.get(index);
    if (key === undefined) return null;
    let cacheKey;
    let algorithm;
    if (scheme === 'RSASSA-PKCS1-v1_5') {
      if (key.kind !== 'RSA') return null;
      cacheKey = `${index}/RSA/${hash}`;
      algorithm = { name: 'RSASSA-PKCS1-v1_5', hash };
    } else if (scheme === 'ECDSA') {
      const namedCurve = CURVES[key.kind];
      if (namedCurve === undefined) return null;
      cacheKey = `${index}/EC`;
      algorithm = { name: 'ECDSA', namedCurve };
    } else {
      return null;
    }
    let promise = this.#imported.get(cacheKey);
    if (promise === undefined) {
      promise = crypto.subtle.importKey('spki', base64Decode(key.spki), algorithm, false, ['verify']);
      this.#imported.set(cacheKey, promise);
    }
    return promise;
  }

  /**
   * The index of the first candidate key whose signature over `message` verifies, or -1.
   * @param {{scheme:string, hash:string, candidates:number[]}} task
   */
  async verify(task, message, signature) {
    const { scheme, hash, candidates } = task;
    if (!HASHES.has(hash) || (scheme !== 'RSASSA-PKCS1-v1_5' && scheme !== 'ECDSA')) {
      throw new WebCryptoUnavailable(`${scheme} with ${hash}`);
    }
    if (this.#node) return this.verifySync(task, message, signature);
    for (const index of candidates) {
      const pending = this.#cryptoKey(index, scheme, hash);
      if (pending === null) continue;
      let ok;
      try {
        const key = await pending;
        ok =
          scheme === 'ECDSA'
            ? await crypto.subtle.verify({ name: 'ECDSA', hash }, key, signature, message)
            : await crypto.subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, key, signature, message);
      } catch (cause) {
        // WebCrypto refused the key or algorithm (not a "does not verify"): let the core decide.
        throw new WebCryptoUnavailable(`${scheme} with ${hash}`, String(cause?.message ?? cause));
      }
      if (ok) return index;
    }
    return -1;
  }

  /** As verify(), with node:crypto, synchronously (crypto 'node'). */
  verifySync(task, message, signature) {
    const { scheme, hash, candidates } = task;
    if (nodeCrypto === null || !HASHES.has(hash) || (scheme !== 'RSASSA-PKCS1-v1_5' && scheme !== 'ECDSA')) {
      throw new WebCryptoUnavailable(`${scheme} with ${hash}`);
    }
    for (const index of candidates) {
      const key = this.#keys.get(index);
      if (key === undefined) continue;
      if (scheme === 'RSASSA-PKCS1-v1_5' ? key.kind !== 'RSA' : CURVES[key.kind] === undefined) continue;
      let ok;
      try {
        let keyObject = this.#nodeKeys.get(index);
        if (keyObject === undefined) {
          keyObject = nodeCrypto.importSpki(base64Decode(key.spki));
          this.#nodeKeys.set(index, keyObject);
        }
        ok = nodeCrypto.verify(scheme, hash, keyObject, signature, message);
      } catch (cause) {
        // node:crypto refused the key or algorithm (not a "does not verify"): let the core decide.
        throw new WebCryptoUnavailable(`${scheme} with ${hash}`, String(cause?.message ?? cause));
      }
      if (ok) return index;
    }
    return -1;
  }
}

/**
 * Finish a Pending of the core (`verifier.begin` or `verifier.beginLogout`): each signature value
 * by `ring` (null: crypto 'wasm'; a key or algorithm the runtime's crypto lacks: the core's own),
 * each key of encrypted content by `keys` (src/decrypt.js), the verdict by the core. Returns the
 * result JSON, parsed; frees the Pending whatever happens.
 * @param {any} verifier the core's Verifier that began it
 * @param {any} pending
 * @param {KeyRing | null} ring
 * @param {null | { supply(pending: any): Promise<void> }} keys
 */
export async function settle(verifier, pending, ring, keys = null) {
  try {
    for (;;) {
      const results = new Int32Array(pending.taskCount());
      for (let i = 0; i < results.length; i++) results[i] = await verdict(verifier, pending, ring, i);
      if (keys !== null && pending.keyCount() > 0) await keys.supply(pending);
      const json = core(() => pending.finish(verifier, results));
      if (json !== undefined) return JSON.parse(json);
    }
  } catch (error) {
    throw fromCore(error);
  } finally {
    pending.free();
  }
}

/**
 * Task `i` where the runtime's crypto cannot check it (or crypto 'wasm'): the core's own crypto in
 * the full build; the edge build has none (taskInCore is not in its core) and says so.
 */
function inCore(verifier, pending, i, unavailable) {
  if (typeof pending.taskInCore !== 'function') throw cryptoUnsupported(unavailable);
  return pending.taskInCore(verifier, i);
}

/** The index of the pinned key that verified task `i` of `pending`, or -1. */
function verdict(verifier, pending, ring, i) {
  if (ring === null) return inCore(verifier, pending, i, new WebCryptoUnavailable("crypto 'wasm'"));
  const task = JSON.parse(pending.taskInfo(i));
  const [message, signature] = [pending.taskMessage(i), pending.taskSignature(i)];
  if (ring.synchronous) {
    try {
      return ring.verifySync(task, message, signature);
    } catch (e) {
      if (e instanceof WebCryptoUnavailable) return inCore(verifier, pending, i, e); // the core checks it
      throw e;
    }
  }
  return ring.verify(task, message, signature).catch((e) => {
    if (e instanceof WebCryptoUnavailable) return inCore(verifier, pending, i, e); // the core checks it
    throw e;
  });
}

/**
 * The index of the pinned key (in `ring`) that verifies the one signature task of `pending` (an
 * object of the core with taskInfo(), taskMessage(), taskSignature()), or -1.
 */
export async function verifyTask(ring, pending) {
  const task = JSON.parse(pending.taskInfo());
  const [message, signature] = [pending.taskMessage(), pending.taskSignature()];
  return ring.synchronous ? ring.verifySync(task, message, signature) : ring.verify(task, message, signature);
}
