// Signature values checked by the runtime's crypto: WebCrypto (crypto.subtle), or in Node its
// synchronous node:crypto (installed by src/node.js). The core decides everything else, before
// and after: `settle` drives the one begin -> tasks -> finish split of the core (src/wasm/pending.rs)
// for every message the SP verifies (responses, encrypted or not; logout messages).

import { core, fromCore } from './errors.js';

/** Thrown when WebCrypto cannot run a task (an algorithm or key it does not support). */
export class WebCryptoUnavailable extends Error {}

const HASHES = new Set(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);
const CURVES = { 'EC-P256': 'P-256', 'EC-P384': 'P-384' };

function base64Decode(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
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
        throw new WebCryptoUnavailable(`${scheme} with ${hash}: ${cause?.message ?? cause}`);
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
        throw new WebCryptoUnavailable(`${scheme} with ${hash}: ${cause?.message ?? cause}`);
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

/** The index of the pinned key that verified task `i` of `pending`, or -1. */
function verdict(verifier, pending, ring, i) {
  if (ring === null) return pending.taskInCore(verifier, i);
  const task = JSON.parse(pending.taskInfo(i));
  const [message, signature] = [pending.taskMessage(i), pending.taskSignature(i)];
  if (ring.synchronous) {
    try {
      return ring.verifySync(task, message, signature);
    } catch (e) {
      if (e instanceof WebCryptoUnavailable) return pending.taskInCore(verifier, i); // the core checks it
      throw e;
    }
  }
  return ring.verify(task, message, signature).catch((e) => {
    if (e instanceof WebCryptoUnavailable) return pending.taskInCore(verifier, i); // the core checks it
    throw e;
  });
}
