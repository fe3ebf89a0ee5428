// Entry for Node (and runtimes that take the "node" condition): read the .wasm
// from disk. The only file of the package that uses a Node built-in.
//
// Compiled synchronously (`new WebAssembly.Module`): measured on Node 20, that is
// ~7 ms for this module, while the asynchronous `WebAssembly.instantiate(bytes)`
// takes 30–60 ms before its promise settles. A one-time block of a few ms at
// start-up is the cheaper cold start.
import { readFileSync } from 'node:fs';
import { setWasmSource } from './loader.js';

setWasmSource(() => new WebAssembly.Module(readFileSync(new URL('../dist/saml_edge_bg.wasm', import.meta.url))));

export * from './api.js';
