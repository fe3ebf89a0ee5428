// Node entry for a single-file bundle (esbuild --platform=node): the .wasm imported as bytes
// (--loader:.wasm=binary) and handed to init() first.
import wasm from 'saml-edge/wasm';
import full from 'saml-edge/inspect/wasm'; // the full build, for the SP's metadata and logout
import { init } from 'saml-edge';
import { verifyBoth } from './verify.js';

const result = await init(wasm, { full }).then(verifyBoth, (e) => ({ error: String(e?.message ?? e) }));
console.log(JSON.stringify(result));
