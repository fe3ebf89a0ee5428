// What the store adapters share: argument checks for the key-value methods, and turning a store's
// failure (down, unreachable, too slow) into a SamlError ERR_STORE_FAILED — never an acceptance.

import { samlError } from '../errors.js';

/** A SamlError ERR_STORE_FAILED for `operation` on `store`, with the cause's message. */
export function storeFailed(store, operation, cause) {
  const message = cause instanceof Error ? cause.message : String(cause);
  return samlError('ERR_STORE_FAILED', `the ${store} store failed (${operation}): ${message}`, { store, operation, error: message }, cause);
}

/** `promise`, or ERR_STORE_FAILED when it rejects or takes longer than `ms`. */
export async function guarded(store, operation, ms, run) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([run(), deadline]);
  } catch (e) {
    if (e !== null && typeof e === 'object' && e.code === 'ERR_STORE_FAILED') throw e;
    throw storeFailed(store, operation, e);
  } finally {
    clearTimeout(timer);
  }
}

export function checkTimeout(value, fallback) {
  const ms = value ?? fallback;
  if (!Number.isSafeInteger(ms) || ms < 1) throw new TypeError('options.timeoutMs must be a positive whole number of milliseconds');
  return ms;
}

export function checkKey(key) {
  if (typeof key !== 'string' || key === '') throw new TypeError('key must be a non-empty string');
  return key;
}

export function checkValue(value) {
  if (typeof value !== 'string') throw new TypeError('value must be a string (JSON.stringify objects)');
  return value;
}

/** `{ ttlMs }` of put: a positive whole number of milliseconds, or absent (kept until deleted). */
export function checkTtl(options) {
  if (options === undefined) return null;
  if (options === null || typeof options !== 'object') throw new TypeError('put options must be an object: { ttlMs }');
  for (const k of Object.keys(options)) if (k !== 'ttlMs') throw new TypeError(`put options.${k} is not a known option`);
  const { ttlMs } = options;
  if (ttlMs === undefined) return null;
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new TypeError('put options.ttlMs must be a positive whole number of milliseconds');
  return ttlMs;
}
