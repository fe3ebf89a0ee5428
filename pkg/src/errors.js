// The error classes. Every refusal is a SamlError whose `code` is the core's
// stable ERR_... string (or one of the JS layer's ERR_STATE_*, ERR_INPUT_METHOD, ERR_INPUT_BINDING,
// ERR_REPLAY_*, ERR_STORE_FAILED, ERR_METADATA_FETCH, ERR_CRYPTO_UNSUPPORTED codes); the subclass says which family it
// belongs to, for `instanceof`.

/** Codes raised by the JavaScript layer itself (request state, the ACS request, IdP metadata from a URL). */
export const JS_ERROR_CODES = Object.freeze([
  'ERR_INPUT_METHOD',
  'ERR_STATE_MISSING',
  'ERR_STATE_INVALID',
  'ERR_STATE_EXPIRED',
  'ERR_STATE_REUSED',
  'ERR_STATE_RELAY_MISMATCH',
  'ERR_INPUT_BINDING',
  'ERR_REPLAY_CACHE_FULL',
  'ERR_STORE_FAILED',
  'ERR_METADATA_FETCH',
  'ERR_XMLENC_KEY_UNSUITABLE',
  'ERR_CRYPTO_UNSUPPORTED',
]);

/**
 * The `detail` keys of the errors this JavaScript layer raises itself, per code: one list per
 * shape. scripts/gen-error-types.mjs adds them to the core's (which come from the core) to type
 * `SamlError.detail`, and the JS suite checks every error it sees against the result.
 */
export const JS_ERROR_DETAILS = Object.freeze({
  ERR_INPUT_METHOD: [['expected', 'found']],
  ERR_INPUT_ENCODING: [['expected', 'found'], ['reason']],
  ERR_LIMIT_INPUT_SIZE: [['limit', 'max']],
  ERR_CONFIG_INVALID: [['option', 'reason']],
  ERR_SAML_REPLAY: [['id', 'issuer']],
  ERR_STATE_MISSING: [['cookie', 'secure']],
  ERR_STATE_INVALID: [['cookie']],
  ERR_STATE_EXPIRED: [['expiresAt', 'now']],
  ERR_STATE_REUSED: [['requestId']],
  ERR_STATE_RELAY_MISMATCH: [['expected', 'found'], ['expected', 'found', 'pending']],
  ERR_INPUT_BINDING: [['expected', 'found']],
  ERR_REPLAY_CACHE_FULL: [['maxEntries', 'nextExpiry']],
  ERR_STORE_FAILED: [['key', 'error'], ['key', 'found'], ['store', 'operation', 'error']],
  // The SP's signing key (src/signer.js), IdP metadata from a URL (src/metadata.js).
  ERR_KEY_INVALID: [['option', 'reason']],
  ERR_KEY_UNSUPPORTED: [['option', 'reason']],
  ERR_METADATA_FETCH: [['url'], ['url', 'max'], ['url', 'status'], ['url', 'redirectedTo']],
  ERR_METADATA_EXPIRED: [['url', 'validUntil', 'now']],
  ERR_XMLENC_KEY_UNSUITABLE: [['digest', 'mgf1', 'crypto']],
  // The edge build, where the runtime's crypto lacks an algorithm or key (src/webcrypto.js).
  ERR_CRYPTO_UNSUPPORTED: [['algorithm', 'reason']],
  // An EC key whose point the runtime's import refuses (edge build, src/webcrypto.js checkEcKeys).
  ERR_CERT_INVALID: [['reason']],
});

/**
 * Detail keys as every SamlError carries them: camelCase, and `reason` for a free-text `detail`
 * (a caller never reads `error.detail.detail`). The core's keys arrive converted (src/wasm.rs
 * `js_detail`); this holds the JavaScript layer's own to the same spelling.
 */
function normalizeDetail(detail) {
  const out = {};
  for (const [key, value] of Object.entries(detail)) {
    const name = key === 'detail' ? 'reason' : key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export class SamlError extends Error {
  /**
   * @param {string} message
   * @param {{ code: string, detail?: Record<string, unknown>, cause?: unknown }} fields
   */
  constructor(message, { code, detail = {}, cause } = /** @type {any} */ ({})) {
    super(message, cause === undefined ? undefined : { cause });
    /** The stable ERR_... code. */
    this.code = code;
    /** The facts behind the refusal (expected vs found, ...): camelCase keys, string values. */
    this.detail = normalizeDetail(detail ?? {});
  }

  /** Whether this error has `code` (in TypeScript, narrows `code` and `detail` to that code's). */
  is(code) {
    return this.code === code;
  }

  toJSON() {
    return { name: this.name, code: this.code, message: this.message, detail: this.detail };
  }
}

/** The input could not be decoded or parsed: ERR_INPUT_*, ERR_XML_*, ERR_LIMIT_*. */
export class SamlXmlError extends SamlError {}
/** A signature is malformed, uses a refused algorithm or does not verify: ERR_DSIG_*, ERR_C14N_*. */
export class SamlSignatureError extends SamlError {}
/** A SAML protocol check failed (audience, time, issuer, ...): ERR_SAML_* except ERR_SAML_REPLAY, and ERR_LOGOUT_*. */
export class SamlValidationError extends SamlError {}
/** The assertion was already used: ERR_SAML_REPLAY. */
export class SamlReplayError extends SamlValidationError {}
/** The request-state cookie is missing, tampered, expired, reused, or the RelayState differs: ERR_STATE_*. */
export class SamlStateError extends SamlError {}
/** An encrypted assertion could not be decrypted, or uses a refused algorithm or shape: ERR_XMLENC_*. */
export class SamlDecryptionError extends SamlError {}
/** The IdP certificates, keys, metadata or another setting are unusable: ERR_CERT_*, ERR_KEY_*, ERR_CONFIG_*, ERR_METADATA*, ERR_CRYPTO_*. */
export class SamlConfigError extends SamlError {}

for (const [Class, name] of [
  [SamlError, 'SamlError'],
  [SamlXmlError, 'SamlXmlError'],
  [SamlSignatureError, 'SamlSignatureError'],
  [SamlValidationError, 'SamlValidationError'],
  [SamlReplayError, 'SamlReplayError'],
  [SamlStateError, 'SamlStateError'],
  [SamlConfigError, 'SamlConfigError'],
  [SamlDecryptionError, 'SamlDecryptionError'],
]) {
  // Literal names, so that a minifier's class names never leak into `error.name`.
  Object.defineProperty(Class.prototype, 'name', { value: name, writable: true, configurable: true });
}

/** The class for a code. */
export function errorClassFor(code) {
  if (code === 'ERR_SAML_REPLAY') return SamlReplayError;
  if (code.startsWith('ERR_SAML_') || code.startsWith('ERR_LOGOUT_')) return SamlValidationError;
  if (code.startsWith('ERR_XML_') || code.startsWith('ERR_LIMIT_') || code.startsWith('ERR_INPUT_')) return SamlXmlError;
  if (code.startsWith('ERR_DSIG_') || code.startsWith('ERR_C14N_')) return SamlSignatureError;
  if (code.startsWith('ERR_STATE_')) return SamlStateError;
  if (code.startsWith('ERR_XMLENC_')) return SamlDecryptionError;
  if (
    code.startsWith('ERR_CERT_') ||
    code.startsWith('ERR_KEY_') ||
    code.startsWith('ERR_CONFIG_') ||
    code.startsWith('ERR_METADATA') ||
    code.startsWith('ERR_CRYPTO_')
  ) {
    return SamlConfigError;
  }
  return SamlError;
}

/** A SamlError of the right class. */
export function samlError(code, message, detail = {}, cause) {
  const Class = errorClassFor(code);
  return new Class(message, { code, detail, cause });
}

/**
 * Turn what the WebAssembly core threw (an Error with own `code` and `detail`)
 * into a SamlError of the right class. Anything else is returned unchanged.
 */
export function fromCore(error) {
  if (error instanceof SamlError) return error;
  let code;
  let message;
  let detail;
  if (error !== null && typeof error === 'object' && typeof error.code === 'string') {
    ({ code, message, detail } = error);
  } else if (typeof error === 'string' && error.startsWith('{')) {
    try {
      ({ code, message, detail } = JSON.parse(error));
    } catch {
      return error;
    }
  }
  if (typeof code !== 'string' || !code.startsWith('ERR_')) return error;
  if (typeof detail === 'string') {
    try {
      detail = JSON.parse(detail);
    } catch {
      detail = { reason: detail };
    }
  }
  if (detail === null || typeof detail !== 'object') detail = {};
  return samlError(code, typeof message === 'string' && message ? message : code, detail, error);
}

/** Run a call into the core, converting what it throws. */
export function core(fn) {
  try {
    return fn();
  } catch (error) {
    throw fromCore(error);
  }
}
