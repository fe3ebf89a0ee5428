/* @ts-self-types="../../inspect.d.ts" */
// Entry for Cloudflare Workers (workerd), full build (`saml-edge/inspect`): as ../workerd.js,
// with the full core.
import * as glue from '../../dist/full/saml_edge.js';
import wasmModule from '../../dist/full/saml_edge_bg.wasm';
import { configureLoader, initFromModule } from '../loader.js';

configureLoader({ glue, source: () => wasmModule, rustCrypto: true });
try {
  initFromModule(wasmModule);
} catch {
  // Reported by init() (and so by every API call), not at import time.
}

export * from '../api.js';
export * from '../inspect.js';
