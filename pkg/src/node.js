// Entry for Node (and runtimes that take the "node" condition): read the .wasm
// from disk. The only file of the package that uses a Node built-in.
import { readFile } from 'node:fs/promises';
import { setWasmSource } from './loader.js';

setWasmSource(async () => new Uint8Array(await readFile(new URL('../dist/saml_edge_bg.wasm', import.meta.url))));

export * from './api.js';
