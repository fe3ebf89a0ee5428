/* @ts-self-types="../index.d.ts" */
// Entry for browsers and any runtime without a more specific condition, edge build:
// the .wasm is fetched from beside this package. Bundlers that understand
// `new URL(..., import.meta.url)` (Vite, webpack, Parcel, Rollup with a plugin)
// copy it as an asset; with the others, pass it to init() (pkg/README.md, "Bundlers").
import * as glue from '../dist/edge/saml_edge.js';
import { configureLoader } from './loader.js';

configureLoader({
  glue,
  source: () => new URL('../dist/edge/saml_edge_bg.wasm', import.meta.url),
  full: { glue: () => import('../dist/full/saml_edge.js'), source: () => new URL('../dist/full/saml_edge_bg.wasm', import.meta.url) },
});

export * from './api.js';
