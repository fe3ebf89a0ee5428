// One cold start in this (fresh) Node process: import the package's "node" export, init, create,
// first verification. Prints one JSON line; started by bench/run.sh and verify-timing.mjs.
//   node bench/js/cold-node.mjs <file URL of the package entry> node|webcrypto|wasm [build label]
import { readFile } from 'node:fs/promises';
import { coldStart, loadFixture } from './measure.mjs';

const [entryUrl, crypto, build = 'edge'] = process.argv.slice(2);
const repo = new URL('../../', import.meta.url);
const fixture = await loadFixture((p) => readFile(new URL(p, repo), 'utf8'));
console.log(JSON.stringify({ build, ...(await coldStart(() => import(entryUrl), fixture, crypto)) }));
