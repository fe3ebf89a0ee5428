/* @ts-self-types="../../inspect.d.ts" */
// Entry for Node, full build (`saml-edge/inspect`): as ../node.js, with the full core (inspect(),
// decodeRedirect(), parseMetadata(), crypto: 'wasm', Single Logout and the SP's metadata in one module).
import * as glue from '../../dist/full/saml_edge.js';
import { configureLoader } from '../loader.js';
import { NODE_LOADER, installNode } from '../node-host.js';

installNode();
configureLoader({ glue, source: () => new URL('../../dist/full/saml_edge_bg.wasm', import.meta.url), rustCrypto: true, ...NODE_LOADER });

export * from '../api.js';
export * from '../inspect.js';
