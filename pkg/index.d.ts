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
 * Module format: ES modules only (`"type": "module"`); Node 20.19+ can also `require()` it.
 * These types need no DOM lib: they compile with `"lib": ["ES2022"]` and `skipLibCheck: false`.
 *
 * @packageDocumentation
 */

import type { SamlErrorCode, SamlErrorDetails } from './dist/error-codes.js';

export type { SamlErrorCode, SamlErrorDetails } from './dist/error-codes.js';
/** Every error code, synchronously: the core's, then the JavaScript layer's (generated from them). */
export { ERROR_CODES } from './dist/error-codes.js';

/**
 * A compiled `WebAssembly.Module` where the environment's types declare one (DOM lib, @types/node,
 * Deno); typed through `globalThis` so that these declarations need no DOM lib themselves.
 */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer M } } } ? M : never;

/** A URL object (`URL` where the environment declares it). */
export interface UrlLike {
  readonly href: string;
}

/** A fetch `Response` (what `fetch()` resolves to), as far as `init` reads it. */
export interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** What `init` loads the core from. */
export type WasmSource = WasmModule | ArrayBuffer | ArrayBufferView | UrlLike | string | ResponseLike;

/** A WebCrypto `CryptoKey` as far as this package reads it: an HMAC key (`requestStateSecret`), a private
 * RSA-OAEP key (`decryptionKeys`). Declared here so that no DOM lib is needed; a `CryptoKey` fits. */
export interface CryptoKeyLike {
  readonly type: string;
  readonly extractable: boolean;
  readonly algorithm: { readonly name: string };
  readonly usages: readonly string[];
}

/**
 * Load the WebAssembly core. Every API calls it, so calling it yourself is
 * optional (to load early, or to give the `.wasm` when a bundler moved it).
 * Idempotent and shared: calling it twice or concurrently returns the same
 * promise and never throws for that reason; after a failure a later call retries.
 * A failure names the URL or path it tried and how to give the file instead.
 *
 * @param source The package's `.wasm` (its `saml-edge/wasm` export) as one of:
 *   - a URL (`URL` or string): fetched; in Node a `file:` URL or a path is read from disk;
 *   - its bytes (`ArrayBuffer`, `Uint8Array`, any `ArrayBufferView`);
 *   - a fetch `Response` for it;
 *   - a compiled `WebAssembly.Module` (what Cloudflare Workers' bundlers import a `.wasm` as);
 *   - or a promise of any of these.
 *   Default: the `.wasm` shipped in this package (workerd: imported as a module; Node: read from
 *   disk; elsewhere: fetched from beside the package's `src/`). Used only by the first call that loads.
 */
export function init(source?: WasmSource | PromiseLike<WasmSource>, options?: InitOptions): Promise<void>;

/** The second argument of {@link init}. */
export interface InitOptions {
  /**
   * The full build's `.wasm` (the `saml-edge/inspect/wasm` export), in any form `source` takes,
   * for a bundler that moved it: the edge build (`saml-edge`) loads it on the first call of
   * `startLogout`, `finishLogout`, `handleLogoutRequest` or `metadataXml` (Single Logout and the
   * SP's metadata live there). Kept, not loaded, by `init`. Default: the package's own file.
   * Ignored by `saml-edge/inspect`, whose core is that build.
   */
  full?: WasmSource | PromiseLike<WasmSource>;
}

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

/**
 * Where used assertion IDs and completed request IDs are recorded: one atomic primitive.
 *
 * `consume(key, expiresAtMs, nowMs)` records `key` and resolves `true` only if it was not recorded
 * (and live) before: insert-if-absent, atomic in the store, so that of any number of isolates or
 * processes consuming one key at the same moment exactly one gets `true`. The ServiceProvider calls it
 * only after a response passed every check (a refused response never burns an ID): first
 * `saml-edge:request:<request ID>` (finishLogin; `false` is `ERR_STATE_REUSED`), then
 * `saml-edge:assertion:<Issuer>#<Assertion ID>` (`false` is `ERR_SAML_REPLAY`). Logout consumes
 * `saml-edge:logout:<LogoutRequest ID>` (finishLogout; `ERR_STATE_REUSED`) and
 * `saml-edge:logout-request:<Issuer>#<LogoutRequest ID>` (handleLogoutRequest; `ERR_SAML_REPLAY`).
 *
 * `expiresAtMs` and `nowMs` are both on the verification's clock (`options.now()`, or `currentDate`):
 * the store keeps the key for `expiresAtMs - nowMs` milliseconds from its OWN now (Redis `PX`, the
 * Durable Object's or Deno process's `Date.now()`), so a verification run at another instant cannot
 * expire an entry early. `expiresAtMs` is the last instant the assertion could still be accepted
 * (every bearer confirmation's and the Conditions' NotOnOrAfter, clock tolerance included).
 *
 * A store that cannot answer must reject: the login is then refused with `ERR_STORE_FAILED` (any
 * rejection, or a value other than `true` or `false`), never accepted.
 *
 * `{ has, put }` cannot implement this: between `has` and `put` another isolate passes the same `has`.
 * Neither can an eventually consistent store such as Workers KV: a write is seen elsewhere up to about
 * a minute later and KV has no compare-and-set, so two isolates can both find a key absent and both
 * record it. Use `MemoryReplayCache` (one process), or a store with an atomic insert-if-absent:
 * `saml-edge/durable-object`, `saml-edge/redis`, `saml-edge/deno-kv`.
 */
export interface ReplayStore {
  consume(key: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
}
/** @deprecated The old name of {@link ReplayStore}. */
export type ReplayCache = ReplayStore;

/**
 * The adapters' small server-side key-value store, beside `consume` (sessions, directory data). Values
 * are strings (`JSON.stringify` objects); keys starting with `saml-edge:` are the ServiceProvider's.
 * A failure rejects with a `SamlError` `ERR_STORE_FAILED`; a bad argument is a `TypeError`.
 */
export interface KeyValueStore extends ReplayStore {
  /** The value stored under `key`, or `null` (never stored, deleted, or its ttlMs has passed). */
  get(key: string): Promise<string | null>;
  /** Store `value` under `key`, for `ttlMs` milliseconds of the store's clock when given, else until deleted. */
  put(key: string, value: string, options?: { ttlMs?: number }): Promise<void>;
  /** Forget `key` (no error if absent). */
  delete(key: string): Promise<void>;
}

export interface ServiceProviderOptions {
  /** The SP entity ID: the required `Audience`, and the AuthnRequest `Issuer`. Required. */
  entityId: string;
  /**
   * The Assertion Consumer Service URL (absolute https or http): the required
   * `Destination` and `Recipient`. An http URL with `requestStateSecret` needs `allowHttp`. Required.
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
  requestStateSecret?: string | CryptoKeyLike;
  /** Seconds of clock skew allowed on every time window. Default: `180`. */
  clockTolerance?: number;
  /** Accept SHA-1 signatures and digests (only for an IdP that cannot do better). Default: `false`. */
  allowSha1?: boolean;
  /**
   * The smallest RSA key (bits) that may be pinned: lower it to `1024` only for an IdP that
   * still signs with RSA-1024 (every identity it verifies then carries a warning). From 1024 to 8192.
   * Default: `2048`.
   */
  minRsaBits?: number;
  /**
   * Affiliation IDs this SP belongs to: a NameID's `SPNameQualifier` may name one of them
   * instead of `entityId` (anything else is refused). Default: `[]`.
   */
  affiliations?: string[];
  /** Require the Assertion's own signature (a signed Response alone is refused). Default: `false`. */
  requireSignedAssertion?: boolean;
  /**
   * The attribute that gives `identity.loginName` (matched by Name or by the short
   * name of a claim URI), else `upn`, else the NameID. Default: `'sAMAccountName'`.
   */
  loginNameClaim?: string;
  /**
   * Who checks signature values: `'node'` (node:crypto, synchronous; Node entries only),
   * `'webcrypto'` (the runtime's `crypto.subtle`) or `'wasm'` (pure Rust in the core:
   * `saml-edge/inspect` only, a TypeError in `saml-edge`). The core hashes the References and
   * makes every other check; all three give the same verdicts and codes. Where the runtime's
   * crypto lacks an algorithm or key, `saml-edge` refuses with `ERR_CRYPTO_UNSUPPORTED` and
   * `saml-edge/inspect` checks it in the core. Default: `'node'` in Node, else `'webcrypto'`
   * where `crypto.subtle` exists, else `'wasm'` in `saml-edge/inspect` (and a TypeError in `saml-edge`).
   */
  crypto?: 'node' | 'webcrypto' | 'wasm';
  /**
   * Records used assertion IDs and completed request IDs ({@link ReplayStore}). Default: a
   * `MemoryReplayCache` on `options.now` — enough when one process serves the ACS; with several
   * isolates or processes (any Cloudflare Worker, a Node cluster, several servers) give a shared store
   * from `saml-edge/durable-object`, `saml-edge/redis` or `saml-edge/deno-kv`.
   */
  replayCache?: ReplayStore;
  /** Seconds a started login stays valid (the cookie's `Max-Age`). Default: `300`. */
  requestStateMaxAge?: number;
  /**
   * The request-state cookies' name: `__Host-<cookieName>-<slot>` for an https ACS (`Secure`, `Path=/`,
   * no Domain: a sibling subdomain cannot set it), `<cookieName>-<slot>` with `allowHttp`. Must not start
   * with `__Host-` or `__Secure-`. Default: `'saml_edge_state'`.
   */
  cookieName?: string;
  /**
   * How many logins a browser may have pending at once (one cookie each, e.g. several tabs); a new
   * login beyond that replaces the one that expires first. From 1 to 16. Default: `4`.
   */
  maxPendingLogins?: number;
  /**
   * Allow an http `acsUrl` with `requestStateSecret` (development only). The request-state cookies then
   * have no `__Host-` prefix and no `Secure`, and are `SameSite=Lax`: a browser sends them with the
   * IdP's POST only when the IdP is on the same site (e.g. both on 127.0.0.1). Without it an http
   * `acsUrl` with `requestStateSecret` is a TypeError; it changes nothing for an https `acsUrl`.
   * Default: `false`.
   */
  allowHttp?: boolean;
  /** The clock, in milliseconds since the epoch (inject one in tests). Default: `() => Date.now()`. */
  now?: () => number;
  /**
   * This SP's SingleLogoutService URL (absolute https, or http with `allowHttp`): in the metadata,
   * and the expected `Destination` of logout messages. Required for logout. Default: none.
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
  signingKey?: string | CryptoKeyLike | object;
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
  /**
   * The SP's RSA private keys for encrypted assertions (`EncryptedAssertion`, the Subject's `EncryptedID`):
   * PEM (`BEGIN PRIVATE KEY` or `BEGIN RSA PRIVATE KEY`, 2048 to 8192 bits) or private RSA-OAEP `CryptoKey`s
   * with the usage `decrypt` (a non-extractable one works). Each is tried; several serve a key rollover.
   * Imported once: node:crypto `KeyObject`s in Node (crypto `'node'` or `'wasm'`), else non-extractable WebCrypto
   * keys (per OAEP hash). Default: none (an encrypted response is `ERR_SAML_ENCRYPTED_UNSUPPORTED`).
   * Decryption is in the full build: with this option `saml-edge` verifies every response with the core of
   * `saml-edge/inspect`, loaded on the first verification (see `InitOptions.full`).
   */
  decryptionKeys?: Array<string | CryptoKeyLike>;
}

/** What was decrypted to reach a verified identity (one entry per encrypted element). */
export interface Decrypted {
  element: 'EncryptedAssertion' | 'EncryptedID';
  /** The content encryption, e.g. `'AES-256-GCM'`, `'AES-256-CBC'` (CBC also adds a warning). */
  algorithm: string;
  /** The key transport URI (`...xmlenc#rsa-oaep-mgf1p` or `...xmlenc11#rsa-oaep`). */
  keyTransport: string;
  /** RSA-OAEP's digest and MGF1 hash, `'SHA-1'` or `'SHA-256'`. */
  oaepDigest: string;
  oaepMgf1: string;
  /** The index in `decryptionKeys` of the key that opened it. */
  keyIndex: number;
  /** A signature over the ciphertext was verified before decrypting (e.g. a signed Response). */
  signatureCheckedFirst: boolean;
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
  /**
   * Where to send the user after logout (at most 1024 bytes as JSON text): sealed in the logout-state
   * cookie, never sent to the IdP (the RelayState it gets is a random token). Default: none.
   */
  relayState?: string;
  /** `Reason`. Default: `urn:oasis:names:tc:SAML:2.0:logout:user`. */
  reason?: string;
}

export interface StartLogoutResult {
  /** The IdP URL to redirect the browser to: the signed LogoutRequest (HTTP-Redirect binding). */
  url: string;
  /** The LogoutRequest ID. */
  requestId: string;
  /**
   * The `Set-Cookie` header value of the sealed logout state: `__Host-<cookieName>-logout` (`Secure`,
   * `Path=/`) for an https `sloUrl`, `<cookieName>-logout` with `allowHttp`.
   */
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
  /**
   * Where to send the user after login, returned by `finishLogin` (at most 1024 bytes as JSON text).
   * It stays sealed in the request-state cookie: the IdP gets a random 22-character token as RelayState
   * instead, which names this login among the browser's pending ones. `''` works. Default: none (`null`).
   */
  relayState?: string;
  /**
   * The request that starts the login: its cookies show this browser's pending logins, so the new one
   * takes a free cookie slot (or replaces the one that expires first). Without it a slot is picked at
   * random, and may replace another pending login of the same browser. Default: none.
   */
  request?: Pick<RequestLike, 'headers'> | NodeRequestLike;
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
  /**
   * The `Set-Cookie` header value of the sealed request state: `__Host-saml_edge_state-<slot>=v2...;
   * Path=/; Max-Age=<requestStateMaxAge>; HttpOnly; Secure; SameSite=None` (with `allowHttp` on an http
   * ACS: no prefix, `SameSite=Lax`, no `Secure`).
   */
  setCookie: string;
}

/** The parts of a Request that `finishLogin` reads; a Fetch API `Request` has them. */
export interface RequestLike {
  method: string;
  headers: { get(name: string): string | null };
  /** A body stream (a `ReadableStream<Uint8Array>`). */
  body?: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(reason?: unknown): Promise<void> } } | null;
  arrayBuffer?(): Promise<ArrayBuffer>;
  text?(): Promise<string>;
}

/**
 * A Node server's request, as node:http (`IncomingMessage`), Express (`req`) and Fastify (`request`)
 * hand it over, or a plain object of that shape. `startLogin` reads its Cookie header; `finishLogin`
 * reads the body from the request stream (itself, or Fastify's `request.raw`) when nothing has read it,
 * else from `body` as a body parser left it: a string, bytes, or a parsed form (an object of string or
 * string[] values, serialized again). Either way at most 2 MiB (`ERR_LIMIT_INPUT_SIZE`).
 */
export interface NodeRequestLike {
  method?: string;
  /** Node's header object: lower-case names, a string or an array of strings each. */
  headers: { [name: string]: string | string[] | undefined };
  body?: unknown;
}

export interface FinishLoginResult {
  /** The verified identity. */
  identity: Identity;
  /** The relayState given to `startLogin` (from the cookie, never the POSTed RelayState), or `null`. */
  relayState: string | null;
  /**
   * A `Set-Cookie` header value that deletes this login's request-state cookie. Beside your session
   * cookie, send both as one array: `res.setHeader('Set-Cookie', [setCookie, session])` (node:http,
   * Express; or `res.append`), `reply.header('set-cookie', [...])` (Fastify), `headers.append` (fetch).
   */
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

/** A certificate as reported (never trusted because of this report). */
export interface CertificateInfo {
  /** Subject DN (RFC 4514). */
  subject: string;
  /** Issuer DN (RFC 4514). */
  issuer: string;
  /** Serial number, hex. */
  serial: string;
  /** Validity, as xs:dateTime strings (UTC). */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER, hex. */
  sha256: string;
  /** SHA-1 of the DER, hex (the thumbprint Entra's portal shows). */
  sha1: string;
  /** The key, e.g. `RSA 2048` or `EC P-256`. */
  key: string;
}

/**
 * A signature that was verified: `element`, `reference`, the algorithms, `keyIndex` (the pinned key that verified
 * it). `keyInfoCertificate` is what the message's KeyInfo carried: outside what the signature covers and never used
 * to verify; `matchesPinned` says whether it is one of the pinned certificates.
 */
export interface VerifiedSignature {
  /** The element it covers. */
  element: 'response' | 'assertion';
  /** Its Reference URI: `#` + that element's ID. */
  reference: string;
  /** SignatureMethod, DigestMethod and SignedInfo's CanonicalizationMethod (algorithm URIs). */
  signatureAlgorithm: string;
  digestAlgorithm: string;
  canonicalization: string;
  /** Which pinned key verified it (an index into `ServiceProvider.keys`). */
  keyIndex: number;
  /** SHA-256 (hex) of that key's certificate (of its SubjectPublicKeyInfo for a bare key). */
  keySha256: string;
  /** The certificate KeyInfo carried, if any (reported, never trusted), and whether it is a pinned one. */
  keyInfoCertificate: (CertificateInfo & { matchesPinned: boolean }) | null;
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
  /** The Response ID, when the Response's own signature verified (else `null`: unsigned content is not reported). */
  responseId: string | null;
  /** The request this response answers, from signed content only (the Assertion's bearer confirmation, or a signed Response). */
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
  /** Things worth knowing that did not refuse the login (an unchecked InResponseTo, a legacy RSA-1024 key, SHA-1). */
  warnings: string[];
  /** Until when a replay cache must remember this assertion (ms since the epoch): the last instant any of its
   * bearer confirmations could still be accepted (capped by Conditions NotOnOrAfter), clock tolerance included. */
  replayExpiresMs: number | null;
  /** What was decrypted (empty for a response sent in the clear). */
  decrypted: Decrypted[];
}

/** A Service Provider for one IdP. */
export class ServiceProvider {
  private constructor();
  /**
   * Check the options (a `TypeError` names a bad one), load the core, and pin the
   * IdP keys (a `SamlConfigError` — `ERR_CERT_INVALID`, `ERR_KEY_UNSUPPORTED`,
   * `ERR_CONFIG_NO_KEYS`, `ERR_METADATA`, `ERR_METADATA_EXPIRED` — if they are unusable).
   */
  static create(options: ServiceProviderOptions): Promise<ServiceProvider>;
  /** The SP entity ID. */
  readonly entityId: string;
  /** The ACS URL. */
  readonly acsUrl: string;
  /**
   * The IdP as configured or read from its metadata; `sloUrl`/`sloResponseUrl` are its
   * SingleLogoutService (HTTP-Redirect); `validUntil` (after it every verification is refused with
   * `ERR_METADATA_EXPIRED`) and `cacheDuration` (an xs:duration: when to fetch the metadata again) come from metadata.
   */
  readonly idp: {
    readonly entityId: string | null;
    readonly ssoUrl: string | null;
    readonly sloUrl: string | null;
    readonly sloResponseUrl: string | null;
    readonly validUntil: string | null;
    readonly cacheDuration: string | null;
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
   * Finish a login at the ACS from the IdP's POST (HTTP-POST binding only: a form with a base64
   * `SAMLResponse`; raw XML is `ERR_INPUT_BINDING`). Picks the pending login whose token the posted
   * RelayState is (or the only one when the IdP sent none): `ERR_STATE_MISSING`, `ERR_STATE_INVALID`,
   * `ERR_STATE_RELAY_MISMATCH`, `ERR_STATE_EXPIRED`; verifies the response as an answer to that login's
   * request; then consumes the request ID (`ERR_STATE_REUSED`) and the assertion ID (`ERR_SAML_REPLAY`)
   * in the replay store (`ERR_STORE_FAILED`, `ERR_REPLAY_CACHE_FULL`). Send `setCookie` with your reply.
   * `request`: a Fetch API `Request`, or a Node server's request (node:http, Express, Fastify).
   */
  finishLogin(request: RequestLike | NodeRequestLike): Promise<FinishLoginResult>;
  /**
   * Verify a SAMLResponse — raw XML, its base64 as POSTed, or the whole form
   * body — and consume its assertion ID in the replay store (`ERR_SAML_REPLAY`), measured on
   * `currentDate` when given. Throws a `SamlError`.
   */
  verifyResponse(input: string | Uint8Array | ArrayBuffer, options?: VerifyResponseOptions): Promise<Identity>;
  /**
   * `Set-Cookie` values that delete every request-state cookie (each pending login of this browser).
   * Optional after a failed login: each one expires by itself after `requestStateMaxAge`.
   */
  clearStateCookies(): string[];
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
  finishLogout(request: RequestLike & { url?: string }): Promise<FinishLogoutResult>;
  /**
   * A LogoutRequest from the IdP at the logout URL: verified (signed by a pinned IdP key, Issuer,
   * Destination, IssueInstant, NotOnOrAfter), a replay refused (`ERR_SAML_REPLAY`); returns whose
   * sessions to end and the signed LogoutResponse URL to send the browser to afterwards.
   */
  handleLogoutRequest(request: RequestLike & { url?: string }): Promise<LogoutRequestResult>;
  /** A `Set-Cookie` header value that deletes the logout-state cookie. */
  clearLogoutStateCookie(): string;
}

/**
 * The default replay store: in memory, one process (one isolate). Enough when a single process
 * serves the ACS; not with several (each would accept the same assertion once).
 * It never forgets a live entry: full of `maxEntries` unexpired entries, `consume` rejects with
 * `ERR_REPLAY_CACHE_FULL` (a login is refused, never a replay accepted). Expired entries are swept,
 * earliest expiry first, at each `consume`.
 */
export class MemoryReplayCache implements ReplayStore {
  /**
   * @param options.maxEntries Live entries held at most (about 630 bytes of heap each, bench/replay). Default: `50000`.
   * @param options.now This cache's clock in milliseconds (entries live `expiresAtMs - nowMs` on it). Default: `() => Date.now()`.
   */
  constructor(options?: { maxEntries?: number; now?: () => number });
  consume(key: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
  /** Entries held (expired ones included until the next consume sweeps them). */
  readonly size: number;
}

/**
 * Every refusal. `code` is stable (`ERR_...`, a `SamlErrorCode`); `detail` holds the facts
 * (expected vs found, ...) with camelCase keys, typed per code by `SamlErrorDetails`. Narrow both
 * with `is`: `if (e instanceof SamlError && e.is('ERR_SAML_AUDIENCE')) e.detail.found`.
 */
export class SamlError extends Error {
  constructor(message: string, fields: { code: SamlErrorCode; detail?: SamlErrorDetails[SamlErrorCode]; cause?: unknown });
  readonly code: SamlErrorCode;
  readonly detail: SamlErrorDetails[SamlErrorCode];
  /** Whether this error has `code`; narrows `code` and `detail` to that code's. */
  is<C extends SamlErrorCode>(code: C): this is SamlErrorWith<C>;
  toJSON(): { name: string; code: SamlErrorCode; message: string; detail: SamlErrorDetails[SamlErrorCode] };
}
/** A `SamlError` known to have code `C` (what `error.is(C)` narrows to). */
export type SamlErrorWith<C extends SamlErrorCode> = SamlError & { readonly code: C; readonly detail: SamlErrorDetails[C] };
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
/** An encrypted assertion could not be decrypted, or uses a refused algorithm or shape: `ERR_XMLENC_*`. */
export class SamlDecryptionError extends SamlError {}

/** A decoded HTTP-Redirect binding message. Nothing in it is verified. */
export interface RedirectMessage {
  param: 'SAMLRequest' | 'SAMLResponse';
  xml: string;
  relayState: string | null;
  sigAlg: string | null;
}


/** IdP metadata as read (SAML metadata §2.4.3); nothing in it is verified. */
export interface IdpMetadata {
  /** `EntityDescriptor/@entityID`: the `Issuer` its responses must carry. */
  entityId: string;
  /** The first `SingleSignOnService/@Location` for HTTP-Redirect, and for HTTP-POST. */
  ssoRedirectUrl: string | null;
  ssoPostUrl: string | null;
  /** Every signing certificate (`KeyDescriptor` with `use="signing"` or no `use`), in document order. */
  certificates: CertificateInfo[];
  /** `IDPSSODescriptor/@WantAuthnRequestsSigned`. */
  wantAuthnRequestsSigned: boolean;
  /** `IDPSSODescriptor/NameIDFormat` values. */
  nameIdFormats: string[];
  /** The earliest `validUntil` (xs:dateTime, UTC) that applies, or null. Not checked by `parseMetadata`. */
  validUntil: string | null;
}


/** Every error code the package can throw: the core's, then the JavaScript layer's (as `ERROR_CODES`): the JS layer adds
 * `ERR_INPUT_METHOD`, `ERR_STATE_*`, `ERR_INPUT_BINDING` (raw XML read as a form by a Node body parser), `ERR_REPLAY_CACHE_FULL`, `ERR_STORE_FAILED`,
 * `ERR_METADATA_FETCH` (idp.metadataUrl), `ERR_XMLENC_KEY_UNSUITABLE`, `ERR_CRYPTO_UNSUPPORTED` (the runtime's crypto lacks an
 * algorithm; `saml-edge` only). */
export function errorCodes(): Promise<SamlErrorCode[]>;

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
  /**
   * SP private keys (as `ServiceProviderOptions.decryptionKeys`): encrypted content is decrypted (no signature
   * checked first: this is no verdict) and the decrypted document explained; `decryption` in the result says
   * what was decrypted. Default: none (encrypted content stays encrypted).
   */
  decryptionKeys?: Array<string | CryptoKeyLike>;
}

/** An error as data: the same `code`, `message` and `detail` a `SamlError` carries. */
export type InspectError = { [C in SamlErrorCode]: { code: C; message: string; detail: SamlErrorDetails[C] } }[SamlErrorCode];

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
  /** With `decryptionKeys`: what was decrypted, and why decryption stopped (null when nothing failed). */
  decryption?: { decrypted: Decrypted[]; error: InspectError | null };
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


