/* @ts-self-types="../index.d.ts" */
// Entry for Deno: fetch the .wasm from the package folder (a file: URL), which
// needs read permission for it: `deno run --allow-read` (or
// `--allow-read=node_modules`). A file: response has no application/wasm type,
// so the loader compiles its bytes rather than the stream.
import { configureLoader } from './loader.js';

configureLoader({
  source: () => new URL('../dist/saml_edge_bg.wasm', import.meta.url),
  hint: 'Deno reads it with fetch() from the package folder: allow that with --allow-read',
});

export * from './api.js';
