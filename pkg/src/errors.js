// The error classes. Every refusal is a SamlError whose `code` is the core's
// stable ERR_... string (or one of the JS layer's ERR_STATE_* / ERR_INPUT_METHOD
// codes); the subclass says which family it belongs to, for `instanceof`.

/** Codes raised by the JavaScript layer itself (request state, the ACS request, IdP metadata from a URL). */
export const JS_ERROR_CODES = Object.freeze([
  'ERR_INPUT_METHOD',
  'ERR_STATE_MISSING',
  'ERR_STATE_INVALID',
  'ERR_STATE_EXPIRED',
  'ERR_STATE_REUSED',
  'ERR_STATE_RELAY_MISMATCH',
  'ERR_METADATA_FETCH',
  'ERR_METADATA_EXPIRED',
]);

export class SamlError extends Error {
  /**
   * @param {string} message
   * @param {{ code: string, detail?: Record<string, unknown>, cause?: unknown }} fields
   */
  constructor(message, { code, detail = {}, cause } = /** @type {any} */ ({})) {
    super(message, cause === undefined ? undefined : { cause });
    /** The stable ERR_... code. */
    this.code = code;
    /** The facts behind the refusal (expected vs found, ...). */
    this.detail = detail;
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
/** The IdP certificates, keys, metadata or another setting are unusable: ERR_CERT_*, ERR_KEY_*, ERR_CONFIG_*, ERR_METADATA*. */
export class SamlConfigError extends SamlError {}

for (const [Class, name] of [
  [SamlError, 'SamlError'],
  [SamlXmlError, 'SamlXmlError'],
  [SamlSignatureError, 'SamlSignatureError'],
  [SamlValidationError, 'SamlValidationError'],
  [SamlReplayError, 'SamlReplayError'],
  [SamlStateError, 'SamlStateError'],
  [SamlConfigError, 'SamlConfigError'],
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
  if (
    code.startsWith('ERR_CERT_') ||
    code.startsWith('ERR_KEY_') ||
    code.startsWith('ERR_CONFIG_') ||
    code.startsWith('ERR_METADATA')
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
      detail = { detail };
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
