// saml-edge/entra: Microsoft Entra ID directory features for a saml-edge Service Provider — group
// overage resolution through Microsoft Graph, Test Connection, delta synchronization of users and groups
// into a store, and the `allowUnsynchronizedUsers` ACS policy. Plain JavaScript on Web APIs (no
// WebAssembly), for every runtime the package supports. Types and documentation: entra.d.ts.
export { EntraDirectory } from './directory.js';
export { MemoryDirectoryStore } from './store.js';
export { ENTRA_ERROR_CODES, EntraPolicyError, GraphError } from './errors.js';
export { PERMISSIONS } from './graph.js';
export { SamlError } from '../errors.js';
