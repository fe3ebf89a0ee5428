/* @ts-self-types="./index.d.ts" */
// The package's default entry by path (the "." export's `browser`/`default` target is ./dist/browser.js).
// It exists so that a path import of inspect.d.ts (`export * from './index.js'`) finds these types in
// Deno too, which resolves the .js and reads its @ts-self-types; TypeScript reads index.d.ts directly.
export * from './dist/browser.js';
