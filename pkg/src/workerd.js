/* @ts-self-types="../index.d.ts" */
// Entry for Cloudflare Workers (workerd), edge build: wrangler imports the .wasm as a
// compiled WebAssembly.Module, so the core is instantiated synchronously at
// startup. (Plain esbuild needs `--loader:.wasm=binary`: then this is the bytes,
// which workerd compiles here; see "Bundlers" in the package README.) The full build's
// module, for Single Logout, the SP's metadata and decryption, is instantiated on first use; from bytes it is
// compiled here, at startup, because workerd refuses to compile WebAssembly while it handles a
// request ("Wasm code generation disallowed by embedder").
import * as glue from '../dist/edge/saml_edge.js';
import wasmModule from '../dist/edge/saml_edge_bg.wasm';
import fullModule from '../dist/full/saml_edge_bg.wasm';
import { configureLoader, initFromModule } from './loader.js';

let full = fullModule;
if (!(full instanceof WebAssembly.Module)) {
  try {
    full = new WebAssembly.Module(full);
  } catch {
    // Reported when the full build is first needed.
  }
}
configureLoader({
  glue,
  source: () => wasmModule,
  full: { glue: () => import('../dist/full/saml_edge.js'), source: () => full },
});
try {
  initFromModule(wasmModule);
} catch {
  // Reported by init() (and so by every API call), not at import time.
}

export * from './api.js';
