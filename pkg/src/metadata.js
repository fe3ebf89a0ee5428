// Metadata both ways: the SP's own (sp.metadataXml(), built and signed with the core's shape of an
// enveloped signature), and the IdP's, from a URL (idp.metadataUrl): fetched with the runtime's
// fetch, its signature verified by the core when idp.metadataCertificates is given, cached per its
// cacheDuration / validUntil (SAML metadata §2.3.1, §3).

import { core, samlError } from './errors.js';
import { fullCore, hasRustCrypto, mainCore } from './loader.js';
import { KeyRing, WebCryptoUnavailable, cryptoUnsupported, verifyTask } from './webcrypto.js';

/** What one fetch may bring: the core accepts at most 1 MiB of XML. */
const MAX_METADATA_BYTES = 1 << 20;
const FETCH_TIMEOUT_MS = 10_000;
/** Refresh bounds, in seconds: cacheDuration is clamped into [MIN, MAX]; DEFAULT without one. */
const MIN_REFRESH_S = 60;
const DEFAULT_REFRESH_S = 3600;
const MAX_REFRESH_S = 86_400;
/** After a failed background refresh, the next attempt waits this long (the last good copy stays). */
const RETRY_S = 60;
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * The Verifier configuration (src/wasm.rs, src/wasm/sp.rs) for the options and the IdP's metadata.
 * Metadata past its validUntil at `nowMs` is refused now (ERR_METADATA_EXPIRED), and by every
 * verification at its own instant. Without `withXml` the metadata is left out (it enters
 * through its verified signature: PendingMetadata.finish).
 */
function verifierConfig(o, metadataXml, nowMs, withXml = true) {
  const config = {
    spEntityId: o.entityId,
    acsUrl: o.acsUrl,
    idpEntityId: o.idp.entityId ?? null,
    certificates: o.idp.certificates ?? [],
    clockTolerance: o.clockTolerance,
    allowSha1: o.allowSha1,
    minRsaBits: o.minRsaBits,
    affiliations: o.affiliations,
    requireSignedAssertion: o.requireSignedAssertion,
  };
  if (metadataXml !== undefined) {
    if (withXml) config.metadataXml = metadataXml;
    config.nowMs = nowMs;
  }
  if (o.loginNameClaim !== undefined) config.loginNameClaim = o.loginNameClaim;
  if (o.sloUrl !== undefined) config.sloUrl = o.sloUrl;
  if (o.idp.sloUrl !== undefined) config.idpSloUrl = o.idp.sloUrl;
  return config;
}

/**
 * The Verifier for metadata that must carry a signature by `idp.metadataCertificates` (SAML
 * metadata §3): the core checks everything up to the signature value, the runtime's crypto checks
 * that (the core's own with crypto: 'wasm'), and only a verified signature lets the metadata into
 * the Verifier.
 */
async function signedMetadataVerifier(o, glue, metadataXml, config) {
  const pending = core(() =>
    glue.beginMetadataSignature(metadataXml, JSON.stringify({ metadataCertificates: o.idp.metadataCertificates })),
  );
  let consumed = false;
  try {
    let result = null;
    if (o.crypto !== 'wasm') {
      try {
        result = await verifyTask(new KeyRing(JSON.parse(pending.keys()), o.crypto), pending);
      } catch (error) {
        if (!(error instanceof WebCryptoUnavailable)) throw error;
        if (!hasRustCrypto()) throw cryptoUnsupported(error);
      }
    }
    consumed = true;
    // crypto: 'wasm', or a key or algorithm the runtime lacks: the full build's own crypto.
    return core(() => (result === null ? pending.finishWithRustCrypto(config) : pending.finish(config, result)));
  } finally {
    if (!consumed) pending.free();
  }
}

/**
 * The IdP as one unit that a metadata refresh replaces whole: the core's Verifier (pinned keys,
 * expectations), the keys for the host's crypto (`keyRing`, null with crypto: 'wasm'), the IdP's
 * endpoints, and `fullVerifier()`: the Verifier of the full build (logout and decryption are not in
 * the edge build's core), made from the same configuration on first use.
 */
export async function idpState(o, metadataXml, nowMs = o.now()) {
  const glue = mainCore();
  const config = verifierConfig(o, metadataXml, nowMs);
  const signed = metadataXml !== undefined && o.idp.metadataCertificates !== undefined;
  const verifier = signed
    ? await signedMetadataVerifier(o, glue, metadataXml, JSON.stringify(verifierConfig(o, metadataXml, nowMs, false)))
    : core(() => new glue.Verifier(JSON.stringify(config)));
  const keys = JSON.parse(verifier.keys());
  const info = JSON.parse(verifier.idp());
  const sp = JSON.parse(verifier.spInfo());
  const keyRing = o.crypto === 'wasm' ? null : new KeyRing(keys, o.crypto);
  // The edge build's core checked each EC key's encoding, not whether its point is on the curve.
  if (keyRing !== null && !hasRustCrypto()) keyRing.checkEcKeys();
  const idp = Object.freeze({
    entityId: o.idp.entityId ?? info.entityId ?? null,
    ssoUrl: o.idp.ssoUrl ?? info.ssoRedirectUrl ?? null,
    sloUrl: sp.idpSloUrl ?? null,
    sloResponseUrl: sp.idpSloResponseUrl ?? null,
    validUntil: info.validUntil ?? null,
    cacheDuration: info.cacheDuration ?? null,
  });
  let fullOne = null;
  const fullVerifier = () => {
    if (fullOne === null) {
      const made = fullCore().then((full) => (full === glue ? verifier : core(() => new full.Verifier(JSON.stringify(config)))));
      fullOne = made;
      made.catch(() => {
        if (fullOne === made) fullOne = null; // loading the full build failed: a later call tries again
      });
    }
    return fullOne;
  };
  return { verifier, keys, keyRing, idp, sp, fullVerifier };
}

function fetchError(url, message, detail, cause) {
  return samlError('ERR_METADATA_FETCH', `the IdP metadata could not be fetched from ${url}: ${message}`, { url, ...detail }, cause);
}

async function readBounded(res, url) {
  const length = Number(res.headers.get('content-length'));
  const tooLarge = () => fetchError(url, `it is larger than ${MAX_METADATA_BYTES} bytes`, { max: String(MAX_METADATA_BYTES) });
  if (Number.isFinite(length) && length > MAX_METADATA_BYTES) throw tooLarge();
  const reader = res.body?.getReader?.();
  if (!reader) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.length > MAX_METADATA_BYTES) throw tooLarge();
    return bytes;
  }
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_METADATA_BYTES) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/** GET the metadata with the runtime's fetch: bounded in time and size, UTF-8, HTTP 200 only. */
export async function fetchMetadata(url, signed) {
  let res;
  try {
    res = await fetch(url, {
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
      redirect: 'follow',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (cause) {
    throw fetchError(url, cause?.name === 'TimeoutError' ? `no answer within ${FETCH_TIMEOUT_MS / 1000} s` : String(cause?.message ?? cause), {}, cause);
  }
  if (res.status !== 200) {
    res.body?.cancel?.().catch(() => {});
    throw fetchError(url, `HTTP ${res.status}`, { status: String(res.status) });
  }
  // Redirects may not lead from https to plain http unless the signature is checked anyway.
  const final = res.url ? new URL(res.url) : null;
  if (!signed && final && final.protocol !== 'https:' && !LOOPBACK.has(final.hostname)) {
    throw fetchError(url, `it was redirected to ${res.url}, which is not https`, { redirectedTo: res.url });
  }
  const bytes = await readBounded(res, url);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw fetchError(url, 'it is not UTF-8', {}, cause);
  }
}

/**
 * IdP metadata from `o.idp.metadataUrl`, cached. The first copy must load (create() fails
 * otherwise). Afterwards `current()` answers at once with the last good copy, and starts one
 * background refresh once `cacheDuration` (clamped to 60 s – 24 h, default 1 h) has passed; a
 * failed refresh keeps the copy and retries after 60 s. A copy is never used at or after its
 * `validUntil`: then `current()` waits for a fresh one and throws ERR_METADATA_EXPIRED without it.
 * A fetched copy that is already expired, unsigned (with metadataCertificates), or otherwise
 * refused replaces nothing.
 */
export class IdpSource {
  #o;
  #state = null;
  #refreshAt = 0;
  #expiresAt = Infinity;
  #inflight = null;
  /** Fetches made (for tests and diagnostics). */
  fetches = 0;
  /** The refusal of the last failed refresh, or null. */
  lastError = null;

  constructor(o) {
    this.#o = o;
  }

  async #load() {
    const url = this.#o.idp.metadataUrl;
    const fetchedAt = this.#o.now();
    this.fetches++;
    const xml = await fetchMetadata(url, this.#o.idp.metadataCertificates !== undefined);
    // A copy already past its validUntil is refused by the core (ERR_METADATA_EXPIRED).
    const state = await idpState(this.#o, xml, fetchedAt);
    const validUntil = state.sp.validUntilMs;
    const ttl = Math.min(Math.max(state.sp.cacheDurationSecs ?? DEFAULT_REFRESH_S, MIN_REFRESH_S), MAX_REFRESH_S);
    this.#state = state;
    this.#expiresAt = validUntil ?? Infinity;
    this.#refreshAt = Math.min(fetchedAt + ttl * 1000, this.#expiresAt);
    this.lastError = null;
    return state;
  }

  #refresh() {
    if (this.#inflight === null) {
      this.#inflight = this.#load()
        .catch((e) => {
          this.lastError = e;
          this.#refreshAt = this.#o.now() + RETRY_S * 1000;
          throw e;
        })
        .finally(() => {
          this.#inflight = null;
        });
    }
    return this.#inflight;
  }

  /** The first copy (create()). */
  async initial() {
    return this.#refresh();
  }

  /** The copy to use now (see the class comment). */
  async current() {
    const now = this.#o.now();
    if (now >= this.#expiresAt) {
      try {
        return await this.#refresh();
      } catch (cause) {
        throw samlError(
          'ERR_METADATA_EXPIRED',
          `the cached IdP metadata expired at ${new Date(this.#expiresAt).toISOString()} and no valid copy could be fetched: ${cause?.message ?? cause}`,
          { url: this.#o.idp.metadataUrl, validUntil: new Date(this.#expiresAt).toISOString(), now: new Date(now).toISOString() },
          cause,
        );
      }
    }
    if (now >= this.#refreshAt) this.#refresh().catch(() => {});
    return this.#state;
  }

  /** The running refresh, if any (tests wait for it). */
  settled() {
    return this.#inflight === null ? Promise.resolve() : this.#inflight.then(() => {}, () => {});
  }
}

const METADATA_OPTIONS = new Set(['sign', 'validUntil', 'cacheDuration', 'nameIdFormats', 'encryptionCertificates', 'wantAssertionsSigned', 'id']);

/**
 * The SP's metadata XML (src/sp_metadata.rs): entity ID, ACS (HTTP-POST), SingleLogoutService
 * (HTTP-Redirect) when sloUrl is set, AuthnRequestsSigned, WantAssertionsSigned, the signing
 * certificate and any encryption certificates; signed when the SP has a signing key (`sign`).
 */
export async function spMetadataXml(ctx, options = {}) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError('metadataXml options must be an object');
  for (const key of Object.keys(options)) {
    if (!METADATA_OPTIONS.has(key)) throw new TypeError(`metadataXml options.${key} is not a known option`);
  }
  const { o, signer } = ctx;
  const sign = options.sign ?? signer !== null;
  if (typeof sign !== 'boolean') throw new TypeError('metadataXml options.sign must be a boolean');
  if (sign && signer === null) throw new TypeError('metadataXml({ sign: true }) needs options.signingKey');
  const { validUntil, cacheDuration } = options;
  if (validUntil !== undefined && !(validUntil instanceof Date && Number.isFinite(validUntil.getTime()))) {
    throw new TypeError('metadataXml options.validUntil must be a valid Date');
  }
  if (cacheDuration !== undefined && !(Number.isSafeInteger(cacheDuration) && cacheDuration >= 0)) {
    throw new TypeError('metadataXml options.cacheDuration must be a whole number of seconds');
  }
  for (const name of ['nameIdFormats', 'encryptionCertificates']) {
    const v = options[name];
    if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== ''))) {
      throw new TypeError(`metadataXml options.${name} must be an array of non-empty strings`);
    }
  }
  const json = JSON.stringify({
    entityId: o.entityId,
    acsUrl: o.acsUrl,
    sloUrl: o.sloUrl ?? null,
    nameIdFormats: options.nameIdFormats ?? [],
    authnRequestsSigned: o.signAuthnRequests,
    wantAssertionsSigned: options.wantAssertionsSigned ?? o.requireSignedAssertion,
    signingCertificates: o.signingCertificate === undefined ? [] : [o.signingCertificate],
    encryptionCertificates: options.encryptionCertificates ?? [],
    validUntilMs: validUntil ? validUntil.getTime() : null,
    cacheDurationSecs: cacheDuration ?? null,
    id: options.id ?? null,
    sigAlg: signer?.uri ?? null,
  });
  const glue = await fullCore(); // the SP's metadata is in the full build
  if (!sign) return core(() => glue.spMetadata(json));
  const pending = core(() => glue.spMetadataToSign(json));
  try {
    const signature = await signer.sign(pending.message());
    return core(() => pending.finish(signature));
  } finally {
    pending.free();
  }
}
