// Entry for browsers and any runtime without a more specific condition:
// wasm-bindgen's init fetches the .wasm beside this package (bundlers that
// understand `new URL(..., import.meta.url)` copy it as an asset).
import { setWasmSource } from './loader.js';

setWasmSource(() => new URL('../dist/saml_edge_bg.wasm', import.meta.url));

export * from './api.js';
