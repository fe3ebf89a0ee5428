/* @ts-self-types="../index.d.ts" */
// Entry for Node (and runtimes that take the "node" condition), edge build: read the .wasm
// from disk. The only entry of the package that uses Node built-ins (with inspect/node.js).
//
// Compiled synchronously (`new WebAssembly.Module`): measured on Node 20, that is
// ~7 ms for this module, while the asynchronous `WebAssembly.instantiate(bytes)`
// takes 30–60 ms before its promise settles. A one-time block of a few ms at
// start-up is the cheaper cold start.
//
// It also installs crypto: 'node' (the default here): signature values by
// node:crypto, synchronously, instead of crypto.subtle's round trip through the thread pool; and
// node:zlib's DEFLATE for the redirect binding.
import * as glue from '../dist/edge/saml_edge.js';
import { configureLoader } from './loader.js';
import { NODE_LOADER, installNode } from './node-host.js';

installNode();
configureLoader({
  glue,
  source: () => new URL('../dist/edge/saml_edge_bg.wasm', import.meta.url),
  full: { glue: () => import('../dist/full/saml_edge.js'), source: () => new URL('../dist/full/saml_edge_bg.wasm', import.meta.url) },
  ...NODE_LOADER,
});

export * from './api.js';
