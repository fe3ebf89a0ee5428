// Browser entry for bundlers that do not follow `new URL(..., import.meta.url)` (esbuild, bun
// build): import the package's .wasm as a file (its URL) and hand it to init() first.
import wasm from 'saml-edge/wasm';
import full from 'saml-edge/inspect/wasm'; // the full build, for the SP's metadata and logout
import { init } from 'saml-edge';
import { show } from './page.js';
import { verifyBoth } from './verify.js';

show(init(wasm, { full }).then(verifyBoth, (e) => ({ error: String(e?.message ?? e) })));
