/* @ts-self-types="../index.d.ts" */
// Entry for Deno, edge build: fetch the .wasm from the package folder (a file: URL), which
// needs read permission for it: `deno run --allow-read` (or
// `--allow-read=node_modules`). A file: response has no application/wasm type,
// so the loader compiles its bytes rather than the stream.
import * as glue from '../dist/edge/saml_edge.js';
import { configureLoader } from './loader.js';

configureLoader({
  glue,
  source: () => new URL('../dist/edge/saml_edge_bg.wasm', import.meta.url),
  full: { glue: () => import('../dist/full/saml_edge.js'), source: () => new URL('../dist/full/saml_edge_bg.wasm', import.meta.url) },
  hint: 'Deno reads it with fetch() from the package folder: allow that with --allow-read',
});

export * from './api.js';
