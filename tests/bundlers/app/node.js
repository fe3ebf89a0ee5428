// Node entry without any setup: the package reads its .wasm from beside its own files.
import { verifyBoth } from './verify.js';

console.log(JSON.stringify(await verifyBoth()));
