/**
 * saml-edge: a strict SAML 2.0 Service Provider whose checks run in one
 * WebAssembly core, for browsers, Cloudflare Workers (workerd), Deno and Node.
 *
 * ```js
 * import { ServiceProvider } from 'saml-edge';
 * const sp = await ServiceProvider.create({ entityId, acsUrl, idp: { metadataXml }, requestStateSecret });
 * const { url, setCookie } = await sp.startLogin({ relayState: '/wanted/page' });
 * const { identity, relayState } = await sp.finishLogin(request);
 * ```
 *
 * @packageDocumentation
 */

/**
 * Load the WebAssembly core. Every API calls it, so calling it yourself is
 * optional (to load early, or to give the `.wasm` when a bundler moved it).
 * Idempotent and shared: calling it twice or concurrently returns the same
 * promise and never throws for that reason; after a failure a later call retries.
 *
 * @param source A compiled `WebAssembly.Module`, the `.wasm` bytes, its URL, or a
 *   `Response` (or a promise of one). Default: the `.wasm` shipped in this package
 *   (workerd: imported as a module; Node: read from disk; elsewhere: fetched).
 *   Used only by the first call that loads.
 */
export function init(
  source?: WebAssembly.Module | BufferSource | URL | string | Response | PromiseLike<Response | BufferSource | WebAssembly.Module>,
): Promise<void>;

/** The IdP: its metadata (inline or by URL), or its entity ID, SSO URL and signing certificates. */
export interface IdpOptions {
  /**
   * The IdP's SAML metadata XML (e.g. Entra ID's federationmetadata.xml): pins its
   * signing certificates and gives its entity ID, SSO URL and logout URL. Its signature
   * is verified only with `metadataCertificates`; without them, supply metadata you trust.
   * Default: none (then `metadataUrl`, or `certificates` and `entityId`, are required).
   */
  metadataXml?: string;
  /**
   * Where to fetch the IdP metadata, with the runtime's `fetch` (https; plain http only for
   * 127.0.0.1, [::1] or localhost), instead of `metadataXml`. Fetched by `create()` (which
   * fails without a usable copy), then cached: refreshed in the background once its
   * `cacheDuration` has passed (clamped to 60 s – 24 h; 1 h without one), the last good copy
   * kept while a refresh fails (retried after 60 s), never used at or after its `validUntil`
   * (then `ERR_METADATA_EXPIRED` unless a fresh copy can be fetched first). At most 1 MiB,
   * 10 s. Fetch failures are `ERR_METADATA_FETCH`. Default: none.
   */
  metadataUrl?: string;
  /**
   * Certificates (PEM or base64 DER) that must have signed the metadata (its enveloped
   * signature on the root, checked like a response's: `ERR_METADATA_UNSIGNED`, `ERR_DSIG_*`)
   * before any of its keys is pinned. Entra signs its federation metadata with its token-signing
   * certificate. Default: none (the metadata's signature is not checked).
   */
  metadataCertificates?: string[];
  /**
   * The IdP's SingleLogoutService URL (HTTP-Redirect): where `startLogout` sends the user and
   * `handleLogoutRequest` answers. Default: the metadata's HTTP-Redirect SingleLogoutService
   * (its ResponseLocation for answers, when given).
   */
  sloUrl?: string;
  /**
   * The IdP entity ID: the required `Issuer` of the Response and the Assertion.
   * Required with `certificates`. Default: the metadata's `entityID`.
   */
  entityId?: string;
  /**
   * The IdP's SSO URL for the HTTP-Redirect binding, where `startLogin` sends the
   * user. Default: the metadata's HTTP-Redirect SingleSignOnService; without
   * either, `startLogin` throws `ERR_CONFIG_INVALID` (verification still works).
   */
  ssoUrl?: string;
  /**
   * The IdP signing certificates to pin, as PEM or base64 DER (more than one
   * during a certificate rollover). Only these keys are trusted, never KeyInfo.
   * Default: none (the metadata's signing certificates), added to the metadata's when both are given.
   */
  certificates?: string[];
}

/** Where replayed assertions and consumed request IDs are remembered. */
export interface ReplayCache {
  /** Whether `id` was put before and has not expired (keys: `assertion:`, `request:`, `logout:`, `logout-request:` + ID). */
  has(id: string): Promise<boolean>;
  /** Remember `id` until `expiresAtMs` (milliseconds since the epoch). */
  put(id: string, expiresAtMs: number): Promise<void>;
}

export interface ServiceProviderOptions {
  /** The SP entity ID: the required `Audience`, and the AuthnRequest `Issuer`. Required. */
  entityId: string;
  /**
   * The Assertion Consumer Service URL (absolute https or http): the required
   * `Destination` and `Recipient`; the request-state cookie's `Path` is its path. Required.
   */
  acsUrl: string;
  /** The IdP. Required. */
  idp: IdpOptions;
  /**
   * The HMAC-SHA-256 key that seals the request-state cookie: a string of at
   * least 32 bytes (e.g. 64 random hex digits) or an HMAC `CryptoKey` with
   * usages `sign` and `verify`. Required for `startLogin` and `finishLogin`;
   * default: none (only `verifyResponse` is usable).
   */
  requestStateSecret?: string | CryptoKey;
  /** Seconds of clock skew allowed on every time window. Default: `180`. */
  clockTolerance?: number;
  /** Accept SHA-1 signatures and digests (only for an IdP that cannot do better). Default: `false`. */
  allowSha1?: boolean;
  /** Require the Assertion's own signature (a signed Response alone is refused). Default: `false`. */
  requireSignedAssertion?: boolean;
  /**
   * The attribute that gives `identity.loginName` (matched by Name or by the short
   * name of a claim URI), else `upn`, else the NameID. Default: `'sAMAccountName'`.
   */
  loginNameClaim?: string;
  /**
   * Who computes signature checks and Reference digests: `'node'` (node:crypto,
   * synchronous; Node entry only), `'webcrypto'` (the runtime's `crypto.subtle`)
   * or `'wasm'` (pure Rust in the core). The core compares the digests and makes
   * every other check; all three give the same verdicts and codes. Default: `'node'` in Node,
   * else `'webcrypto'` where `crypto.subtle` exists, else `'wasm'`.
   */
  crypto?: 'node' | 'webcrypto' | 'wasm';
  /**
   * Remembers used assertion IDs (keys `assertion:<ID>`) and completed request
   * IDs (keys `request:<ID>`). Default: a `MemoryReplayCache` (10,000 entries,
   * one process): give a shared store when several instances serve the ACS.
   */
  replayCache?: ReplayCache;
  /** Seconds a started login stays valid (the cookie's `Max-Age`). Default: `300`. */
  requestStateMaxAge?: number;
  /** The request-state cookie's name. Default: `'saml_edge_state'`. */
  cookieName?: string;
  /** The clock, in milliseconds since the epoch (inject one in tests). Default: `() => Date.now()`. */
  now?: () => number;
  /**
   * This SP's SingleLogoutService URL (absolute https or http): in the metadata, the expected
   * `Destination` of logout messages, the logout-state cookie's `Path`. Required for logout.
   * Default: none.
   */
  sloUrl?: string;
  /**
   * The SP's RSA private key (2048–8192 bits), which signs AuthnRequests, logout messages and the
   * metadata: a PEM string (PKCS#8 `PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY`, unencrypted), a
   * WebCrypto `CryptoKey` (RSASSA-PKCS1-v1_5, usage `sign`; make it non-extractable), or in Node a
   * private `KeyObject`. A PEM becomes a node:crypto KeyObject in Node and a non-extractable
   * CryptoKey elsewhere; the key never enters the WebAssembly core. Default: none (nothing is
   * signed; logout needs it).
   */
  signingKey?: string | CryptoKey | object;
  /**
   * The certificate of `signingKey` (PEM): the metadata's `KeyDescriptor use="signing"`. When
   * given, `create()` checks that the key belongs to it (`ERR_CONFIG_INVALID`). Default: none.
   */
  signingCertificate?: string;
  /** The SP's signature algorithm. Default: the CryptoKey's hash, else `'rsa-sha256'`. */
  signatureAlgorithm?: 'rsa-sha256' | 'rsa-sha384' | 'rsa-sha512';
  /**
   * Sign AuthnRequests on the HTTP-Redirect binding (and say `AuthnRequestsSigned="true"` in
   * the metadata). Default: `true` when `signingKey` is given.
   */
  signAuthnRequests?: boolean;
}

/** Options of `metadataXml()`. */
export interface SpMetadataOptions {
  /** Sign it (enveloped signature, exclusive C14N). Default: `true` when the SP has a signing key. */
  sign?: boolean;
  /** `validUntil` of the EntityDescriptor. Default: none. */
  validUntil?: Date;
  /** `cacheDuration` of the EntityDescriptor, in seconds. Default: none. */
  cacheDuration?: number;
  /** `NameIDFormat` values. Default: none. */
  nameIdFormats?: string[];
  /** Certificates (PEM) for `KeyDescriptor use="encryption"`. Default: none. */
  encryptionCertificates?: string[];
  /** `WantAssertionsSigned`. Default: `requireSignedAssertion`. */
  wantAssertionsSigned?: boolean;
  /** The EntityDescriptor's `ID` (an NCName). Default: `_` + 40 hex digits of SHA-256(entityId) when signed. */
  id?: string;
}

export interface StartLogoutOptions {
  /** The `NameID` the login gave (`identity.nameId`). Required. */
  nameId: string;
  /** `identity.nameIdFormat`. Default: none. */
  nameIdFormat?: string;
  /** `identity.nameQualifier`. Default: none. */
  nameQualifier?: string;
  /** `identity.spNameQualifier`. Default: none. */
  spNameQualifier?: string;
  /** `identity.sessionIndex` (one, or several). Default: none. */
  sessionIndex?: string | string[];
  /** Where to send the user after logout (at most 80 bytes); sealed in the cookie. Default: none. */
  relayState?: string;
  /** `Reason`. Default: `urn:oasis:names:tc:SAML:2.0:logout:user`. */
  reason?: string;
}

export interface StartLogoutResult {
  /** The IdP URL to redirect the browser to: the signed LogoutRequest (HTTP-Redirect binding). */
  url: string;
  /** The LogoutRequest ID. */
  requestId: string;
  /** The `Set-Cookie` header value of the sealed logout state (`<cookieName>_logout`, `Path=<logout path>`). */
  setCookie: string;
}

/** How a received logout message was signed. */
export interface LogoutSignature {
  binding: 'redirect' | 'xml';
  algorithm: string;
  keyIndex: number;
  keySha256: string;
}

export interface FinishLogoutResult {
  /** The RelayState stored at `startLogout`, or `null`. */
  relayState: string | null;
  /** The IdP says not every session participant could be logged out (`PartialLogout`). */
  partial: boolean;
  issuer: string;
  signature: LogoutSignature;
  /** A `Set-Cookie` header value that deletes the logout-state cookie. */
  setCookie: string;
}

export interface LogoutRequestResult {
  /** The LogoutRequest's ID. */
  id: string;
  issuer: string;
  /** Whose sessions to end. */
  nameId: string;
  nameIdFormat: string | null;
  nameQualifier: string | null;
  spNameQualifier: string | null;
  /** The sessions to end; empty means every session of `nameId`. */
  sessionIndexes: string[];
  reason: string | null;
  relayState: string | null;
  signature: LogoutSignature;
  /** The signed LogoutResponse (Success) to redirect the browser to once the sessions are ended. */
  url: string;
}

export interface StartLoginOptions {
  /** Where to send the user after login (at most 80 bytes); sealed in the cookie and sent as RelayState. Default: none. */
  relayState?: string;
  /** Pre-fills the user name at the IdP (Entra's `login_hint` parameter). Default: none. */
  loginHint?: string;
  /** Ask the IdP to authenticate the user afresh (`ForceAuthn="true"`). Default: `false`. */
  forceAuthn?: boolean;
  /** The requested `NameIDPolicy/@Format`. Default: none (the IdP chooses). */
  nameIdFormat?: string;
}

export interface StartLoginResult {
  /** The IdP URL to redirect the browser to (HTTP-Redirect binding, deflated AuthnRequest). */
  url: string;
  /** The AuthnRequest ID (`id` + 32 hex digits, 128 random bits). */
  requestId: string;
  /** The `Set-Cookie` header value of the sealed request state (`HttpOnly; Secure; SameSite=None; Path=<ACS path>`). */
  setCookie: string;
}

/** The parts of a Request that `finishLogin` reads; a Fetch API `Request` has them. */
export interface RequestLike {
  method: string;
  headers: { get(name: string): string | null };
  body?: ReadableStream<Uint8Array> | null;
  arrayBuffer?(): Promise<ArrayBuffer>;
  text?(): Promise<string>;
}

export interface FinishLoginResult {
  /** The verified identity. */
  identity: Identity;
  /** The RelayState stored at `startLogin` (never the POSTed one), or `null`. */
  relayState: string | null;
  /** A `Set-Cookie` header value that deletes the request-state cookie. */
  setCookie: string;
}

export interface VerifyResponseOptions {
  /**
   * The ID of the AuthnRequest this response must answer. Default: none, and
   * then the response is refused unless `allowUnsolicited` is `true`.
   */
  inResponseTo?: string | null;
  /** The instant to check time windows against. Default: `options.now()` of the ServiceProvider. */
  currentDate?: Date;
  /** Accept a response without `inResponseTo` (IdP-initiated login). Default: `false`. */
  allowUnsolicited?: boolean;
}

/** A signature that was verified. */
export interface VerifiedSignature {
  [field: string]: unknown;
}

/** What a verified Assertion says; only content covered by a verified signature. */
export interface Identity {
  /** `Subject/NameID` (its full text). */
  nameId: string;
  nameIdFormat: string | null;
  nameQualifier: string | null;
  spNameQualifier: string | null;
  /** `AuthnStatement/@SessionIndex` (for logout). */
  sessionIndex: string | null;
  /** The `loginNameClaim` attribute, else `upn`, else the NameID. */
  loginName: string;
  /** Every attribute by its Name, with all its values. */
  attributes: Record<string, string[]>;
  /** The attributes in document order, with their details. */
  attributeList: Array<{
    name: string;
    nameFormat: string | null;
    friendlyName: string | null;
    /** The short name it is listed under in `claims`. */
    claim: string;
    values: string[];
  }>;
  /** Entra claim URIs by short name (`upn`, `tenantid`, `objectidentifier`, `groups`, `emailaddress`, ...). */
  claims: Record<string, string[]>;
  /** The Assertion's Issuer. */
  issuer: string;
  /** The Assertion ID (the replay-cache key). */
  assertionId: string;
  responseId: string;
  /** The request this response answers, if it says. */
  inResponseTo: string | null;
  /** Time windows, as xs:dateTime strings (UTC). */
  notBefore: string | null;
  notOnOrAfter: string | null;
  subjectNotOnOrAfter: string | null;
  /** When the IdP session ends (`AuthnStatement/@SessionNotOnOrAfter`). */
  sessionNotOnOrAfter: string | null;
  authnInstant: string | null;
  /** `AuthnContextClassRef`, e.g. `urn:oasis:names:tc:SAML:2.0:ac:classes:Password`. */
  authnContext: string | null;
  /** Which elements carried a verified signature. */
  signedElement: 'response' | 'assertion' | 'both';
  /** SHA-256 (hex) of the pinned certificate that verified the covering signature. */
  certificateSha256: string | null;
  signatures: VerifiedSignature[];
  /** Entra's group-overage link (too many groups for the token), if present. */
  groupsOverageLink: string | null;
  /** Things worth knowing that did not refuse the login (e.g. an unchecked InResponseTo). */
  warnings: string[];
  /** Until when a replay cache must remember this assertion (ms since the epoch): the last instant any of its
   * bearer confirmations could still be accepted (capped by Conditions NotOnOrAfter), clock tolerance included. */
  replayExpiresMs: number | null;
}

/** A Service Provider for one IdP. */
export class ServiceProvider {
  private constructor();
  /**
   * Check the options (a `TypeError` names a bad one), load the core, and pin the
   * IdP keys (a `SamlConfigError` — `ERR_CERT_INVALID`, `ERR_KEY_UNSUPPORTED`,
   * `ERR_CONFIG_NO_KEYS`, `ERR_METADATA` — if they are unusable).
   */
  static create(options: ServiceProviderOptions): Promise<ServiceProvider>;
  /** The SP entity ID. */
  readonly entityId: string;
  /** The ACS URL. */
  readonly acsUrl: string;
  /** The IdP as configured or read from its metadata. */
  readonly idp: {
    readonly entityId: string | null;
    readonly ssoUrl: string | null;
    readonly sloUrl: string | null;
    readonly sloResponseUrl: string | null;
  };
  /** This SP's logout URL, or `null`. */
  readonly sloUrl: string | null;
  /** The pinned IdP keys. */
  readonly keys: Array<{ index: number; kind: 'RSA' | 'EC-P256' | 'EC-P384'; bits: number; spki: string; sha256: string }>;
  /** Which implementation checks signature values. */
  readonly crypto: 'node' | 'webcrypto' | 'wasm';
  /**
   * Start a login: redirect the browser to `url` and send `setCookie`. Needs
   * `requestStateSecret` and an IdP SSO URL.
   */
  startLogin(options?: StartLoginOptions): Promise<StartLoginResult>;
  /**
   * Finish a login at the ACS from the IdP's POST: checks the request-state
   * cookie (`ERR_STATE_MISSING`, `ERR_STATE_INVALID`, `ERR_STATE_EXPIRED`,
   * `ERR_STATE_REUSED`), that the posted RelayState is the stored one
   * (`ERR_STATE_RELAY_MISMATCH`), verifies the response as an answer to that
   * request, and refuses a replayed assertion (`ERR_SAML_REPLAY`). Send
   * `setCookie` (or `clearStateCookie()` on failure) with your reply.
   */
  finishLogin(request: Request | RequestLike): Promise<FinishLoginResult>;
  /**
   * Verify a SAMLResponse — raw XML, its base64 as POSTed, or the whole form
   * body — and refuse a replayed assertion. Throws a `SamlError`.
   */
  verifyResponse(input: string | Uint8Array | ArrayBuffer, options?: VerifyResponseOptions): Promise<Identity>;
  /** A `Set-Cookie` header value that deletes the request-state cookie. */
  clearStateCookie(): string;
  /** The SP's metadata XML for the IdP; signed when the SP has a signing key. */
  metadataXml(options?: SpMetadataOptions): Promise<string>;
  /**
   * Start a logout at the IdP (needs `sloUrl`, `signingKey`, `requestStateSecret` and the IdP's
   * logout URL): redirect to `url`, send `setCookie`. End the local session first.
   */
  startLogout(options: StartLogoutOptions): Promise<StartLogoutResult>;
  /**
   * The IdP's LogoutResponse at the logout URL (a GET on the redirect binding, or a POST):
   * checks the logout-state cookie (`ERR_STATE_*`), verifies the signed response as the answer to
   * that request (`ERR_LOGOUT_*`, `ERR_SAML_IN_RESPONSE_TO`, `ERR_SAML_ISSUER`, `ERR_DSIG_*`; a
   * non-Success status is `ERR_LOGOUT_STATUS`), refuses a second use (`ERR_STATE_REUSED`).
   */
  finishLogout(request: Request | (RequestLike & { url?: string })): Promise<FinishLogoutResult>;
  /**
   * A LogoutRequest from the IdP at the logout URL: verified (signed by a pinned IdP key, Issuer,
   * Destination, IssueInstant, NotOnOrAfter), a replay refused (`ERR_SAML_REPLAY`); returns whose
   * sessions to end and the signed LogoutResponse URL to send the browser to afterwards.
   */
  handleLogoutRequest(request: Request | (RequestLike & { url?: string })): Promise<LogoutRequestResult>;
  /** A `Set-Cookie` header value that deletes the logout-state cookie. */
  clearLogoutStateCookie(): string;
}

/** The default replay cache: in memory, bounded, expiring. */
export class MemoryReplayCache implements ReplayCache {
  /**
   * @param options.maxEntries Entries kept at most; when full, expired ones go first, then the oldest. Default: `10000`.
   * @param options.now The clock in milliseconds. Default: `() => Date.now()`.
   */
  constructor(options?: { maxEntries?: number; now?: () => number });
  has(id: string): Promise<boolean>;
  put(id: string, expiresAtMs: number): Promise<void>;
  /** Entries held (expired ones included until swept). */
  readonly size: number;
}

/** Every refusal. `code` is stable (`ERR_...`); `detail` holds the facts (expected vs found, ...). */
export class SamlError extends Error {
  constructor(message: string, fields: { code: string; detail?: Record<string, unknown>; cause?: unknown });
  readonly code: string;
  readonly detail: Record<string, unknown>;
  toJSON(): { name: string; code: string; message: string; detail: Record<string, unknown> };
}
/** The input could not be decoded or parsed: `ERR_INPUT_*`, `ERR_XML_*`, `ERR_LIMIT_*`. */
export class SamlXmlError extends SamlError {}
/** A signature is malformed, uses a refused algorithm, or does not verify: `ERR_DSIG_*`, `ERR_C14N_*`. */
export class SamlSignatureError extends SamlError {}
/** A SAML protocol check failed: `ERR_SAML_*` (audience, time, issuer, InResponseTo, ...), `ERR_LOGOUT_*`. */
export class SamlValidationError extends SamlError {}
/** The assertion was already used: `ERR_SAML_REPLAY`. */
export class SamlReplayError extends SamlValidationError {}
/** The request-state cookie or RelayState: `ERR_STATE_*`. */
export class SamlStateError extends SamlError {}
/** Unusable certificates, keys, metadata or settings: `ERR_CERT_*`, `ERR_KEY_*`, `ERR_CONFIG_*`, `ERR_METADATA*`. */
export class SamlConfigError extends SamlError {}

/** A decoded HTTP-Redirect binding message. Nothing in it is verified. */
export interface RedirectMessage {
  param: 'SAMLRequest' | 'SAMLResponse';
  xml: string;
  relayState: string | null;
  sigAlg: string | null;
}

/** Decode an HTTP-Redirect binding URL or query string (for debugging). */
export function decodeRedirect(urlOrQuery: string): Promise<RedirectMessage>;

/** Read IdP metadata (its signature is not verified): entity ID, SSO URLs, signing certificates. */
export function parseMetadata(xml: string): Promise<Record<string, unknown>>;

/** Every error code the package can throw: the core's, then `ERR_INPUT_METHOD`, `ERR_STATE_*`, `ERR_METADATA_FETCH`, `ERR_METADATA_EXPIRED`. */
export function errorCodes(): Promise<string[]>;

/** Options of `inspect`; every expectation is optional (an absent one is reported, not compared). */
export interface InspectOptions {
  /** The SP entity ID, compared with each `Audience`. */
  entityId?: string;
  /** The ACS URL, compared with `Destination` and `Recipient`. */
  acsUrl?: string;
  /** The IdP: its entity ID (compared with each `Issuer`), and the certificates (PEM) or metadata to try the signatures with. */
  idp?: { entityId?: string; certificates?: string[]; metadataXml?: string };
  /** The request ID, compared with each `InResponseTo`. */
  inResponseTo?: string;
  /** The instant the time windows are evaluated at. Default: now. */
  currentDate?: Date;
  /** Seconds of clock skew allowed on each window, as in `ServiceProviderOptions`. Default: `180`. */
  clockTolerance?: number;
  /** Include the canonical bytes of each SignedInfo and referenced element. Default: `false`. */
  canonical?: boolean;
}

/** An error as data: the same `code`, `message` and `detail` a `SamlError` carries. */
export interface InspectError {
  code: string;
  message: string;
  detail: Record<string, string | string[]>;
}

/** An xs:dateTime attribute as sent, and its instant (`ms` null when malformed). */
export interface InspectInstant {
  value: string;
  ms: number | null;
}

/** One comparison; `ok` is null when no expectation was given. */
export interface InspectCheck {
  name: string;
  expected: string | null;
  found: string | null;
  ok: boolean | null;
}

/** A certificate as reported (never trusted because of this report). */
export interface InspectCertificate {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER, hex. */
  sha256: string;
  /** SHA-1 of the DER, hex (the thumbprint Entra's portal shows). */
  sha1: string;
  key: string;
}

/** One `ds:Signature`; `error` when its shape is refused (then only `element*` are set). */
export interface InspectSignature {
  element: string;
  elementNamespace: string | null;
  elementId: string | null;
  error?: InspectError;
  signatureMethod?: string;
  canonicalization?: string;
  referenceUri?: string;
  transforms?: string[];
  digestMethod?: string;
  /** SHA-1 is used for the digest or the signature (refused unless `allowSha1`). */
  usesSha1?: boolean;
  /** Whether the Reference URI is `#` + the ID of the element the Signature sits in. */
  referencesParent?: boolean;
  /** How many elements carry the referenced ID (verification needs exactly one). */
  elementsWithReferencedId?: number | null;
  digestDeclared?: string;
  digestComputed?: string;
  digestMatches?: boolean;
  digestError?: InspectError;
  /** The SignatureValue against each given key (`index` into `pinnedKeys`). */
  keys?: Array<{ index: number; supported: boolean; verifies: boolean }>;
  signedInfoError?: InspectError;
  /** The certificates in KeyInfo; `pinned` tells whether one of the given certificates is the same. */
  keyInfoCertificates?: Array<(InspectCertificate & { pinned: boolean }) | { error: InspectError }>;
  canonicalSignedInfo?: string | { error: InspectError };
  canonicalReference?: string | { error: InspectError };
}

/** One `saml:Assertion` anywhere in the document (a wrapped copy shows up as a second one). */
export interface InspectAssertion {
  id: string | null;
  parent: string;
  childOfResponse: boolean;
  signed: boolean;
  issuer: string | null;
  nameId: string | null;
  nameIdFormat: string | null;
  audiences: string[];
  checks: InspectCheck[];
  windows: Array<{ name: string; notBefore: InspectInstant | null; notOnOrAfter: InspectInstant | null; ok: boolean | null }>;
  authnInstant: InspectInstant | null;
  sessionNotOnOrAfter: InspectInstant | null;
  sessionIndex: string | null;
  /** Every attribute, with the short name `Identity.claims` would use. */
  attributes: Array<{ name: string; shortName: string; friendlyName: string | null; values: string[] }>;
}

/** What `inspect` found. `stage` and `error` are set when the input could not be decoded or parsed. */
export interface Inspection {
  now: string | null;
  nowMs: number | null;
  clockToleranceMs: number;
  pinnedKeys: Array<Partial<InspectCertificate> & { index: number; sha256: string; key: string }>;
  stage?: 'decode' | 'parse';
  error?: InspectError;
  relayState?: string | null;
  root?: {
    name: string;
    qname: string;
    namespace: string | null;
    id: string | null;
    version: string | null;
    issueInstant: InspectInstant | null;
    destination: string | null;
    inResponseTo: string | null;
    assertionConsumerServiceUrl: string | null;
    issuer: string | null;
    status: string | null;
    statusMessage: string | null;
    checks: InspectCheck[];
  };
  /** Signatures in the document (at most the signature limit are described in `signatures`). */
  signatureCount?: number;
  signatures?: InspectSignature[];
  assertions?: InspectAssertion[];
  /** The XML re-indented for reading (never the signed bytes). */
  xml?: string;
  /** Per signature: the lines of `xml` (0-based, inclusive) of the element it covers and of the Signature itself. */
  signedRegions?: Array<{ signed: [number, number] | null; signature: [number, number] | null }>;
}

/**
 * Explain a SAML message (a Response, or any message: an AuthnRequest too) without trusting it.
 * Never a verdict: use `ServiceProvider.verifyResponse` for that. Bounded by the same limits.
 */
export function inspect(input: string | Uint8Array | ArrayBuffer, options?: InspectOptions): Promise<Inspection>;
