/**
 * `saml-edge/wasm`: the package's WebAssembly core (`dist/saml_edge_bg.wasm`), for bundlers that do
 * not copy it on their own. What importing it gives depends on how the bundler loads `.wasm` files:
 * a URL (esbuild `--loader:.wasm=file`, Vite `saml-edge/wasm?url`, Bun `with { type: 'file' }`),
 * the bytes (esbuild `--loader:.wasm=binary`) or a compiled module (wrangler). Pass it to `init()`
 * before any other call. See "Bundlers" in the package README.
 */
declare const wasm: import('./index.js').WasmSource;
export default wasm;
