// Entry for Cloudflare Workers (workerd): the bundler imports the .wasm as a
// compiled WebAssembly.Module (runtime compilation from bytes is not allowed
// there), so the core is instantiated synchronously at startup.
import wasmModule from '../dist/saml_edge_bg.wasm';
import { initFromModule, setWasmSource } from './loader.js';

setWasmSource(() => wasmModule);
try {
  initFromModule(wasmModule);
} catch {
  // Reported by init() (and so by every API call), not at import time.
}

export * from './api.js';
