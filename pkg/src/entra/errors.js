// The errors of saml-edge/entra. Every failure of the Graph client is a GraphError (a SamlError, so
// `instanceof SamlError` and `code`/`message`/`detail` work as everywhere in the package) whose code
// starts with ERR_GRAPH_; the unsynchronized-user policy refuses with an EntraPolicyError. Errors
// that an administrator fixes in the Entra admin center carry `detail.fix`, in the admin center's words.
import { SamlError } from '../errors.js';

/** Every code this module raises. */
export const ENTRA_ERROR_CODES = Object.freeze([
  'ERR_GRAPH_TENANT_NOT_FOUND',
  'ERR_GRAPH_CLIENT_NOT_FOUND',
  'ERR_GRAPH_CLIENT_SECRET_INVALID',
  'ERR_GRAPH_CLIENT_SECRET_EXPIRED',
  'ERR_GRAPH_CLIENT_DISABLED',
  'ERR_GRAPH_TOKEN_FAILED',
  'ERR_GRAPH_CONSENT_MISSING',
  'ERR_GRAPH_PERMISSION_MISSING',
  'ERR_GRAPH_FORBIDDEN',
  'ERR_GRAPH_UNAUTHORIZED',
  'ERR_GRAPH_THROTTLED',
  'ERR_GRAPH_UNAVAILABLE',
  'ERR_GRAPH_NETWORK',
  'ERR_GRAPH_RESPONSE_INVALID',
  'ERR_GRAPH_REQUEST_FAILED',
  'ERR_GRAPH_USER_NOT_FOUND',
  'ERR_GRAPH_TOO_MANY_GROUPS',
  'ERR_GRAPH_IDENTITY_INVALID',
  'ERR_GRAPH_TENANT_MISMATCH',
  'ERR_GRAPH_OVERAGE_LINK_MISMATCH',
  'ERR_GRAPH_SYNC_IN_PROGRESS',
  'ERR_GRAPH_STORE',
  'ERR_ENTRA_USER_NOT_SYNCHRONIZED',
]);

/** A call to the token endpoint or Microsoft Graph failed, or what it returned cannot be used: ERR_GRAPH_*. */
export class GraphError extends SamlError {}

/** The ACS policy refused the login (ERR_ENTRA_USER_NOT_SYNCHRONIZED): not a failure of Graph. */
export class EntraPolicyError extends SamlError {}

for (const [Class, name] of [
  [GraphError, 'GraphError'],
  [EntraPolicyError, 'EntraPolicyError'],
]) {
  Object.defineProperty(Class.prototype, 'name', { value: name, writable: true, configurable: true });
}

/** A GraphError. `detail` keys are camelCase. */
export function graphError(code, message, detail = {}) {
  return new GraphError(message, { code, detail });
}

/**
 * Removes every occurrence of `secret` from a string (defence in depth: nothing this module builds
 * contains the secret, but a message taken from a runtime's network error is not ours).
 */
export function redact(text, secret) {
  const s = String(text);
  return secret ? s.split(secret).join('[redacted]') : s;
}
