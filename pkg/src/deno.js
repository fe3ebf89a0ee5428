// Entry for Deno: fetch the .wasm from the package folder (a file: URL; needs
// read permission for it) and instantiate the bytes (a file response has no
// application/wasm type for streaming compilation).
import { setWasmSource } from './loader.js';

setWasmSource(async () => {
  const response = await fetch(new URL('../dist/saml_edge_bg.wasm', import.meta.url));
  if (!response.ok) throw new Error(`saml-edge: could not load saml_edge_bg.wasm (${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
});

export * from './api.js';
