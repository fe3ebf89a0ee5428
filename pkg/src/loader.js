// Loading the WebAssembly core once, whatever the runtime.
//
// Each entry (browser.js, deno.js, node.js, workerd.js) tells this module how
// to obtain the .wasm; `init()` then instantiates it once. Concurrent and
// repeated calls share one promise; a failed attempt may be retried.

import initAsync, { initSync } from '../dist/saml_edge.js';

/** @type {null | (() => unknown)} */
let defaultSource = null;
/** @type {null | Promise<void>} */
let loading = null;
let ready = false;

/** Called by an entry module: how this runtime finds the .wasm (a URL, bytes or a WebAssembly.Module). */
export function setWasmSource(source) {
  defaultSource = source;
}

/** Instantiate synchronously from a compiled WebAssembly.Module (workerd imports .wasm as a Module). */
export function initFromModule(module) {
  if (ready) return;
  initSync({ module });
  ready = true;
}

/**
 * Load the WebAssembly core. Idempotent: calling it again, or concurrently,
 * returns the same promise; it never throws because it was called twice.
 * Every API of this package calls it, so calling it yourself is optional
 * (useful to load early, or to pass the .wasm when a bundler moved it).
 *
 * @param {unknown} [source] a WebAssembly.Module, the .wasm bytes, a URL or a
 *   Response (or a promise of one). Default: the .wasm shipped beside this file.
 * @returns {Promise<void>}
 */
export function init(source) {
  if (ready) return Promise.resolve();
  if (loading === null) {
    const attempt = (async () => {
      let input = source !== undefined ? await source : defaultSource ? await defaultSource() : undefined;
      if (input === undefined) throw new Error('saml-edge: no WebAssembly source for this runtime; call init(source)');
      if (typeof WebAssembly !== 'undefined' && input instanceof WebAssembly.Module) {
        initSync({ module: input });
      } else {
        await initAsync({ module_or_path: input });
      }
      ready = true;
    })();
    loading = attempt;
    attempt.catch(() => {
      if (loading === attempt) loading = null; // let a later call try again
    });
  }
  return loading;
}

/** True once the core is instantiated. */
export function isReady() {
  return ready;
}
