/**
 * saml-edge/inspect: the package's full build. Everything `saml-edge` exports (the same
 * `ServiceProvider`, whose core here also checks signature values itself: `crypto: 'wasm'`, its
 * default where the runtime has no WebCrypto), and three debugging functions the edge build
 * leaves out: `inspect`, `decodeRedirect`, `parseMetadata`. The in-browser debugger uses it.
 *
 * ```js
 * import { inspect, ServiceProvider } from 'saml-edge/inspect';
 * const report = await inspect(samlResponse, { idp: { certificates: [pem] } });
 * ```
 *
 * @packageDocumentation
 */

import type { IdpMetadata, InspectOptions, Inspection, RedirectMessage } from './index.js';

export * from './index.js';

/** Decode an HTTP-Redirect binding URL or query string (for debugging). */
export function decodeRedirect(urlOrQuery: string): Promise<RedirectMessage>;

/** Read IdP metadata (its signature is not verified): entity ID, SSO URLs, signing certificates. */
export function parseMetadata(xml: string): Promise<IdpMetadata>;

/**
 * Explain a SAML message (a Response, or any message: an AuthnRequest too) without trusting it.
 * Never a verdict: use `ServiceProvider.verifyResponse` for that. Bounded by the same limits.
 */
export function inspect(input: string | Uint8Array | ArrayBuffer, options?: InspectOptions): Promise<Inspection>;
