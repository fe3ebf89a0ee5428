/* @ts-self-types="../../inspect.d.ts" */
// Entry for Deno, full build (`saml-edge/inspect`): as ../deno.js, with the full core.
import * as glue from '../../dist/full/saml_edge.js';
import { configureLoader } from '../loader.js';

configureLoader({
  glue,
  source: () => new URL('../../dist/full/saml_edge_bg.wasm', import.meta.url),
  rustCrypto: true,
  hint: 'Deno reads it with fetch() from the package folder: allow that with --allow-read',
});

export * from '../api.js';
export * from '../inspect.js';
