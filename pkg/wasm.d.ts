/**
 * `saml-edge/wasm`: the package's WebAssembly core (`dist/edge/saml_edge_bg.wasm`; and
 * `saml-edge/inspect/wasm`, the full build's, `dist/full/saml_edge_bg.wasm`), for bundlers that do
 * not copy it on their own. What importing it gives depends on how the bundler loads `.wasm` files:
 * a URL (esbuild `--loader:.wasm=file`, Vite `saml-edge/wasm?url`, Bun `with { type: 'file' }`),
 * the bytes (esbuild `--loader:.wasm=binary`) or a compiled module (wrangler). Pass it to `init()`
 * before any other call (the full build's to `init(wasm, { full })` of `saml-edge`, or to `init()`
 * of `saml-edge/inspect`). See "Bundlers" in the package README.
 */
declare const wasm: import('./index.js').WasmSource;
export default wasm;
