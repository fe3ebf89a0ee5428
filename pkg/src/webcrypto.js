// Signature values checked with the runtime's WebCrypto (crypto.subtle): the
// core decides everything else, before and after (begin -> these tasks -> finish).

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

/** The pinned keys of one ServiceProvider as CryptoKeys, each imported once (per hash for RSA). */
export class KeyRing {
  /** @type {Map<string, Promise<CryptoKey>>} */
  #imported = new Map();
  #keys;

  /** @param {Array<{index:number, kind:string, spki:string}>} keys from Verifier.keys() */
  constructor(keys) {
    this.#keys = new Map(keys.map((k) => [k.index, k]));
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
}
