/* @ts-self-types="../../inspect.d.ts" */
// Entry for browsers and any runtime without a more specific condition, full build
// (`saml-edge/inspect`, what the debugger in www/ uses): as ../browser.js, with the full core.
import * as glue from '../../dist/full/saml_edge.js';
import { configureLoader } from '../loader.js';

configureLoader({ glue, source: () => new URL('../../dist/full/saml_edge_bg.wasm', import.meta.url), rustCrypto: true });

export * from '../api.js';
export * from '../inspect.js';
