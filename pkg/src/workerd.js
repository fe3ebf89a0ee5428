/* @ts-self-types="../index.d.ts" */
// Entry for Cloudflare Workers (workerd): wrangler imports the .wasm as a
// compiled WebAssembly.Module, so the core is instantiated synchronously at
// startup. (Plain esbuild needs `--loader:.wasm=binary`: then this is the bytes,
// which workerd compiles here; see "Bundlers" in the package README.)
import wasmModule from '../dist/saml_edge_bg.wasm';
import { configureLoader, initFromModule } from './loader.js';

configureLoader({ source: () => wasmModule });
try {
  initFromModule(wasmModule);
} catch {
  // Reported by init() (and so by every API call), not at import time.
}

export * from './api.js';
