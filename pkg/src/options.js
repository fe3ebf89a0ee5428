// Validation of ServiceProvider.create's options. A bad option is a TypeError
// naming it, thrown at construction, never a verification failure later.

import { checkDecryptionKeys } from './decrypt.js';
import { hasRustCrypto } from './loader.js';
import { hasNodeCrypto } from './webcrypto.js';

const encoder = new TextEncoder();

const TOP_LEVEL = new Set([
  'entityId',
  'acsUrl',
  'idp',
  'requestStateSecret',
  'clockTolerance',
  'allowSha1',
  'minRsaBits',
  'affiliations',
  'requireSignedAssertion',
  'loginNameClaim',
  'crypto',
  'replayCache',
  'requestStateMaxAge',
  'cookieName',
  'maxPendingLogins',
  'allowHttp',
  'now',
  // SP metadata, signed requests and logout (src/signer.js, src/metadata.js, src/logout.js)
  'sloUrl',
  'signingKey',
  'signingCertificate',
  'signatureAlgorithm',
  'signAuthnRequests',
  // Encrypted assertions (src/decrypt.js)
  'decryptionKeys',
]);
const IDP = new Set(['metadataXml', 'entityId', 'ssoUrl', 'certificates', 'metadataUrl', 'metadataCertificates', 'sloUrl']);
const SIGNATURE_ALGORITHMS = new Set(['rsa-sha256', 'rsa-sha384', 'rsa-sha512']);

/** RFC 6265 §4.1.1 cookie-name (an RFC 7230 token). */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function fail(message) {
  return new TypeError(message);
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function rejectUnknown(object, allowed, prefix) {
  for (const key of Object.keys(object)) {
    if (!allowed.has(key)) throw fail(`${prefix}.${key} is not a known option`);
  }
}

function nonEmptyString(value, name) {
  if (typeof value !== 'string' || value.trim() === '') throw fail(`${name} must be a non-empty string`);
  return value;
}

function optionalBoolean(value, name, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw fail(`${name} must be a boolean`);
  return value;
}

function webUrl(value, name) {
  let url;
  try {
    url = typeof value === 'string' ? new URL(value) : null;
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw fail(`${name} must be an absolute https or http URL`);
  }
  return url;
}

function isCryptoKey(value) {
  return typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;
}

/** The options with defaults applied, or a TypeError. */
export function normalizeOptions(options) {
  if (!isPlainObject(options)) throw fail('options must be an object');
  rejectUnknown(options, TOP_LEVEL, 'options');

  const entityId = nonEmptyString(options.entityId, 'options.entityId');
  const acs = webUrl(options.acsUrl, 'options.acsUrl');

  const idp = options.idp;
  if (!isPlainObject(idp)) throw fail('options.idp must be an object: { metadataXml } or { entityId, ssoUrl, certificates }');
  rejectUnknown(idp, IDP, 'options.idp');
  if (idp.metadataXml !== undefined) nonEmptyString(idp.metadataXml, 'options.idp.metadataXml');
  if (idp.certificates !== undefined) {
    if (
      !Array.isArray(idp.certificates) ||
      idp.certificates.length === 0 ||
      idp.certificates.some((c) => typeof c !== 'string' || c.trim() === '')
    ) {
      throw fail('options.idp.certificates must be a non-empty array of PEM or base64 DER strings');
    }
  }
  const idpMetadata = checkIdpMetadata(idp);
  if (!idpMetadata && idp.certificates === undefined) {
    throw fail('options.idp needs metadataXml, metadataUrl or certificates (the IdP signing certificates to pin)');
  }
  if (!idpMetadata && idp.entityId === undefined) {
    throw fail('options.idp.entityId is required with certificates (the expected Issuer)');
  }
  if (idp.entityId !== undefined) nonEmptyString(idp.entityId, 'options.idp.entityId');
  if (idp.ssoUrl !== undefined) webUrl(idp.ssoUrl, 'options.idp.ssoUrl');
  if (idp.sloUrl !== undefined) webUrl(idp.sloUrl, 'options.idp.sloUrl');
  const sp = checkSigning(options);

  const secret = options.requestStateSecret;
  if (secret !== undefined) {
    if (typeof secret === 'string') {
      if (encoder.encode(secret).length < 32) {
        throw fail('options.requestStateSecret must be at least 32 bytes (use 32 random bytes, e.g. 64 hex digits)');
      }
    } else if (isCryptoKey(secret)) {
      if (secret.algorithm?.name !== 'HMAC' || !secret.usages.includes('sign') || !secret.usages.includes('verify')) {
        throw fail('options.requestStateSecret must be an HMAC CryptoKey with the usages sign and verify');
      }
    } else {
      throw fail('options.requestStateSecret must be a string of at least 32 bytes or an HMAC CryptoKey');
    }
  }

  const clockTolerance = options.clockTolerance ?? 180;
  if (!Number.isSafeInteger(clockTolerance) || clockTolerance < 0 || clockTolerance > 86_400) {
    throw fail('options.clockTolerance must be a whole number of seconds from 0 to 86400');
  }
  const allowSha1 = optionalBoolean(options.allowSha1, 'options.allowSha1', false);
  // The legacy opt-in for an IdP that still signs with RSA-1024: default 2048, lowest 1024.
  const minRsaBits = options.minRsaBits ?? 2048;
  if (!Number.isSafeInteger(minRsaBits) || minRsaBits < 1024 || minRsaBits > 8192) {
    throw fail('options.minRsaBits must be a whole number of bits from 1024 to 8192 (default 2048)');
  }
  const affiliations = options.affiliations ?? [];
  if (!Array.isArray(affiliations) || affiliations.some((a) => typeof a !== 'string' || a.trim() === '')) {
    throw fail('options.affiliations must be an array of non-empty strings (affiliation IDs this SP belongs to)');
  }
  const requireSignedAssertion = optionalBoolean(options.requireSignedAssertion, 'options.requireSignedAssertion', false);
  const loginNameClaim =
    options.loginNameClaim === undefined ? undefined : nonEmptyString(options.loginNameClaim, 'options.loginNameClaim');

  // The edge build ('saml-edge') checks signature values with the runtime's crypto only; the full
  // build ('saml-edge/inspect') also in WebAssembly (crypto: 'wasm'), its default without WebCrypto.
  // Only when it decides something: in Node the first read of globalThis.crypto loads WebCrypto
  // (~2 ms of a cold start that crypto 'node' does not need).
  const hasSubtle = () => typeof crypto !== 'undefined' && crypto !== null && crypto.subtle !== undefined;
  const rust = hasRustCrypto();
  const cryptoMode = options.crypto ?? (hasNodeCrypto() ? 'node' : hasSubtle() || !rust ? 'webcrypto' : 'wasm');
  if (cryptoMode !== 'webcrypto' && cryptoMode !== 'wasm' && cryptoMode !== 'node') {
    throw fail('options.crypto must be "node", "webcrypto" or "wasm"');
  }
  if (cryptoMode === 'wasm' && !rust) {
    throw fail('options.crypto "wasm" (signature values checked in WebAssembly) is in the full build: import from \'saml-edge/inspect\'');
  }
  if (cryptoMode === 'webcrypto' && !hasSubtle()) {
    throw fail(
      rust
        ? 'options.crypto is "webcrypto" but crypto.subtle is not available here (use "wasm")'
        : 'this runtime has no WebCrypto (crypto.subtle; a browser offers it only in secure contexts: https or localhost), which \'saml-edge\' checks signatures with: use \'saml-edge/inspect\', which checks them in WebAssembly (crypto: "wasm")',
    );
  }
  if (cryptoMode === 'node' && !hasNodeCrypto()) {
    throw fail('options.crypto is "node" but this is not the package\'s Node entry (use "webcrypto" or "wasm")');
  }

  const replayCache = options.replayCache;
  if (replayCache !== undefined && (replayCache === null || typeof replayCache.consume !== 'function')) {
    const old = replayCache !== null && typeof replayCache?.has === 'function';
    throw fail(
      `options.replayCache must have the method consume(key, expiresAtMs, nowMs), an atomic insert-if-absent${
        old ? ' ({ has, put } is not accepted: between has and put another isolate can accept the same assertion)' : ''
      }`,
    );
  }

  const requestStateMaxAge = options.requestStateMaxAge ?? 300;
  if (!Number.isSafeInteger(requestStateMaxAge) || requestStateMaxAge < 1 || requestStateMaxAge > 86_400) {
    throw fail('options.requestStateMaxAge must be a whole number of seconds from 1 to 86400');
  }
  const cookieName = options.cookieName ?? 'saml_edge_state';
  if (typeof cookieName !== 'string' || !COOKIE_NAME.test(cookieName)) {
    throw fail('options.cookieName must be a cookie name (letters, digits and !#$%&\'*+-.^_`|~)');
  }
  if (/^__(host|secure)-/i.test(cookieName)) {
    throw fail('options.cookieName must not start with __Host- or __Secure- (the prefix is added for an https ACS)');
  }
  const maxPendingLogins = options.maxPendingLogins ?? 4;
  if (!Number.isSafeInteger(maxPendingLogins) || maxPendingLogins < 1 || maxPendingLogins > 16) {
    throw fail('options.maxPendingLogins must be a whole number from 1 to 16');
  }
  const allowHttp = optionalBoolean(options.allowHttp, 'options.allowHttp', false);
  if (acs.protocol === 'http:' && secret !== undefined && !allowHttp) {
    throw fail(
      'options.acsUrl is plain http: set options.allowHttp to true for development (the request-state cookies then have no Secure attribute and no __Host- prefix), or use https',
    );
  }
  // The logout-state cookie (src/logout.js) follows the same rules, by the logout URL's scheme.
  if (sp.sloProtocol === 'http:' && secret !== undefined && !allowHttp) {
    throw fail(
      'options.sloUrl is plain http: set options.allowHttp to true for development (the logout-state cookie then has no Secure attribute and no __Host- prefix), or use https',
    );
  }
  const now = options.now ?? (() => Date.now());
  if (typeof now !== 'function') throw fail('options.now must be a function returning milliseconds since the epoch');

  return {
    entityId,
    acsUrl: options.acsUrl,
    idp: {
      metadataXml: idp.metadataXml,
      entityId: idp.entityId,
      ssoUrl: idp.ssoUrl,
      certificates: idp.certificates,
      metadataUrl: idp.metadataUrl,
      metadataCertificates: idp.metadataCertificates,
      sloUrl: idp.sloUrl,
    },
    sloUrl: sp.sloUrl,
    signingKey: sp.signingKey,
    signingCertificate: sp.signingCertificate,
    signatureAlgorithm: sp.signatureAlgorithm,
    signAuthnRequests: sp.signAuthnRequests,
    requestStateSecret: secret,
    clockTolerance,
    allowSha1,
    minRsaBits,
    affiliations,
    requireSignedAssertion,
    loginNameClaim,
    crypto: cryptoMode,
    replayCache,
    requestStateMaxAge,
    cookie: { name: cookieName, secure: acs.protocol === 'https:', slots: maxPendingLogins },
    logoutCookie: sp.sloUrl === undefined ? undefined : { name: cookieName, secure: sp.sloProtocol === 'https:', slots: 1 },
    now,
    decryptionKeys: checkDecryptionKeys(options.decryptionKeys),
  };
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** IdP metadata given inline or by URL, and the certificates that verify its signature. */
function checkIdpMetadata(idp) {
  if (idp.metadataXml !== undefined && idp.metadataUrl !== undefined) {
    throw fail('options.idp takes metadataXml or metadataUrl, not both');
  }
  if (idp.metadataUrl !== undefined) {
    const url = webUrl(idp.metadataUrl, 'options.idp.metadataUrl');
    // Metadata pins the keys every login is checked with: plain http only on this machine.
    if (url.protocol !== 'https:' && !LOOPBACK.has(url.hostname)) {
      throw fail('options.idp.metadataUrl must be https (http only for 127.0.0.1, [::1] or localhost)');
    }
  }
  if (idp.metadataCertificates !== undefined) {
    if (
      !Array.isArray(idp.metadataCertificates) ||
      idp.metadataCertificates.length === 0 ||
      idp.metadataCertificates.some((c) => typeof c !== 'string' || c.trim() === '')
    ) {
      throw fail('options.idp.metadataCertificates must be a non-empty array of PEM or base64 DER strings');
    }
    if (idp.metadataXml === undefined && idp.metadataUrl === undefined) {
      throw fail('options.idp.metadataCertificates verify metadata: give metadataXml or metadataUrl');
    }
  }
  return idp.metadataXml !== undefined || idp.metadataUrl !== undefined;
}

/** The SP's logout URL and signing key (the key itself is checked by src/signer.js). */
function checkSigning(options) {
  const sloProtocol = options.sloUrl === undefined ? undefined : webUrl(options.sloUrl, 'options.sloUrl').protocol;
  const key = options.signingKey;
  if (key !== undefined && (key === null || (typeof key !== 'string' && typeof key !== 'object'))) {
    throw fail('options.signingKey must be a PEM string, a CryptoKey or (in Node) a KeyObject');
  }
  if (typeof key === 'string' && key.trim() === '') throw fail('options.signingKey must not be empty');
  if (options.signingCertificate !== undefined) nonEmptyString(options.signingCertificate, 'options.signingCertificate');
  const alg = options.signatureAlgorithm;
  if (alg !== undefined && !SIGNATURE_ALGORITHMS.has(alg)) {
    throw fail('options.signatureAlgorithm must be "rsa-sha256", "rsa-sha384" or "rsa-sha512"');
  }
  if (alg !== undefined && key === undefined) throw fail('options.signatureAlgorithm needs options.signingKey');
  const signAuthnRequests = optionalBoolean(options.signAuthnRequests, 'options.signAuthnRequests', key !== undefined);
  if (signAuthnRequests && key === undefined) throw fail('options.signAuthnRequests needs options.signingKey');
  return {
    sloUrl: options.sloUrl,
    sloProtocol,
    signingKey: key,
    signingCertificate: options.signingCertificate,
    signatureAlgorithm: alg,
    signAuthnRequests,
  };
}

/** Reject keys not in `allowed` for a method's options object. */
export function checkCallOptions(value, allowed, name) {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw fail(`${name} must be an object`);
  rejectUnknown(value, new Set(allowed), name);
  return value;
}
