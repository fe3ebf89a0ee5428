/* @ts-self-types="../index.d.ts" */
// Entry for browsers and any runtime without a more specific condition:
// the .wasm is fetched from beside this package. Bundlers that understand
// `new URL(..., import.meta.url)` (Vite, webpack, Parcel, Rollup with a plugin)
// copy it as an asset; with the others, pass it to init() (pkg/README.md, "Bundlers").
import { configureLoader } from './loader.js';

configureLoader({ source: () => new URL('../dist/saml_edge_bg.wasm', import.meta.url) });

export * from './api.js';
