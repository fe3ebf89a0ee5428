// Loading the WebAssembly core once, whatever the runtime.
//
// Each entry (browser.js, deno.js, node.js, workerd.js) tells this module how
// to obtain the .wasm; `init()` then instantiates it once. Concurrent and
// repeated calls share one promise; a failed attempt may be retried.
//
// What `init(source)` takes: a URL (URL or string; fetched, or read from disk
// in Node), the bytes (ArrayBuffer or any ArrayBufferView), a fetch Response,
// a compiled WebAssembly.Module, or a promise of one of these. A failure names
// what it tried to load and how to hand the file over instead.

import initAsync, { initSync } from '../dist/saml_edge.js';

const FIX =
  "If a bundler moved the file or did not copy it, give it to init() before any other call: the package's " +
  "'saml-edge/wasm' export as a URL, its bytes or a WebAssembly.Module (see \"Bundlers\" in the package README)";

/** How this runtime finds and reads the .wasm; set once by the entry module. */
const runtime = {
  /** @type {null | (() => unknown)} the default source (may throw, e.g. without import.meta.url) */
  source: null,
  /** @type {null | ((location: URL | string) => Uint8Array | Promise<Uint8Array>)} Node: read a file: URL or a path */
  readFile: null,
  /** Compile bytes synchronously (Node: faster than the asynchronous path, see node.js). */
  compileSync: false,
  /** A sentence added to a failure in this runtime (Deno: the read permission). */
  hint: '',
};

/** @type {null | Promise<void>} */
let loading = null;
let ready = false;

/** Called by an entry module: the default source and how this runtime reads files. */
export function configureLoader({ source, readFile = null, compileSync = false, hint = '' }) {
  Object.assign(runtime, { source, readFile, compileSync, hint });
}

/** Instantiate synchronously from a compiled WebAssembly.Module (workerd imports .wasm as a Module). */
export function initFromModule(module) {
  if (ready) return;
  initSync({ module });
  ready = true;
}

function failure(where, why, cause) {
  const hint = runtime.hint ? ` ${runtime.hint}.` : '';
  return new Error(`saml-edge: could not load its WebAssembly core from ${where}: ${why}.${hint} ${FIX}.`, { cause });
}

const isModule = (x) => typeof WebAssembly !== 'undefined' && x instanceof WebAssembly.Module;
const isBytes = (x) => x instanceof ArrayBuffer || ArrayBuffer.isView(x);
const isResponse = (x) => x !== null && typeof x === 'object' && typeof x.arrayBuffer === 'function' && 'ok' in x && 'status' in x;
const isUrl = (x) => typeof x === 'string' || (x !== null && typeof x === 'object' && typeof x.href === 'string' && typeof x.protocol === 'string');
/** A string that is a path, not a URL with a scheme (`C:\` counts as a path). */
const isPath = (s) => typeof s === 'string' && !/^[a-z][a-z0-9+.-]+:/i.test(s);

function toBytes(x) {
  if (x instanceof Uint8Array) return x;
  if (x instanceof ArrayBuffer) return new Uint8Array(x);
  return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
}

/** A short description of bytes that are not WebAssembly (an HTML error page is the usual case). */
function notWasm(bytes) {
  const head = new TextDecoder().decode(bytes.subarray(0, 40)).replace(/\s+/g, ' ').trim();
  return `it is not WebAssembly (${bytes.length} bytes starting "${head}")`;
}

async function instantiateBytes(bytes, where) {
  const b = toBytes(bytes);
  if (!(b[0] === 0x00 && b[1] === 0x61 && b[2] === 0x73 && b[3] === 0x6d)) throw failure(where, notWasm(b));
  try {
    if (runtime.compileSync) initSync({ module: new WebAssembly.Module(b) });
    else await initAsync({ module_or_path: b });
  } catch (e) {
    throw failure(where, `it did not compile (${e?.message ?? e})`, e);
  }
}

async function instantiateResponse(response) {
  const where = response.url || 'a Response';
  if (!response.ok) throw failure(where, `the server answered ${response.status}`);
  const type = response.headers?.get?.('content-type') ?? '';
  if (type.split(';')[0].trim() === 'application/wasm' && typeof WebAssembly.instantiateStreaming === 'function' && !runtime.compileSync) {
    try {
      await initAsync({ module_or_path: response });
      return;
    } catch (e) {
      throw failure(where, `it did not compile (${e?.message ?? e})`, e);
    }
  }
  // Without application/wasm (file: URLs, many dev servers) streaming compilation refuses it.
  let bytes;
  try {
    bytes = await response.arrayBuffer();
  } catch (e) {
    throw failure(where, `reading the response failed (${e?.message ?? e})`, e);
  }
  await instantiateBytes(bytes, where);
}

async function instantiateUrl(location) {
  const where = String(location.href ?? location);
  const local = runtime.readFile && (isPath(location) || String(location.href ?? location).startsWith('file:'));
  if (local) {
    let bytes;
    try {
      bytes = await runtime.readFile(location);
    } catch (e) {
      throw failure(where, e?.code === 'ENOENT' ? 'there is no such file' : (e?.message ?? String(e)), e);
    }
    return instantiateBytes(bytes, where);
  }
  let response;
  try {
    response = await fetch(location);
  } catch (e) {
    throw failure(where, `fetching it failed (${e?.message ?? e})`, e);
  }
  return instantiateResponse(response);
}

async function load(source) {
  let input;
  try {
    input = await source;
  } catch (e) {
    throw failure('the source given to init()', e?.message ?? String(e), e);
  }
  if (input === undefined) {
    if (runtime.source === null) throw failure('nowhere', 'this runtime has no default location for it');
    try {
      input = await runtime.source();
    } catch (e) {
      // e.g. `new URL('../dist/saml_edge_bg.wasm', import.meta.url)` in a bundle without import.meta.url
      throw failure('saml_edge_bg.wasm beside the package (dist/)', `that location is unknown here (${e?.message ?? e})`, e);
    }
  }
  if (isModule(input)) {
    initSync({ module: input });
  } else if (isBytes(input)) {
    await instantiateBytes(input, 'the bytes given');
  } else if (isResponse(input)) {
    await instantiateResponse(input);
  } else if (isUrl(input)) {
    await instantiateUrl(input);
  } else {
    throw new TypeError(
      `init() takes a URL (URL or string), the .wasm bytes (ArrayBuffer or Uint8Array), a Response or a WebAssembly.Module, not ${input === null ? 'null' : typeof input}`,
    );
  }
}

/**
 * Load the WebAssembly core. Idempotent: calling it again, or concurrently,
 * returns the same promise; it never throws because it was called twice.
 * Every API of this package calls it, so calling it yourself is optional
 * (useful to load early, or to pass the .wasm when a bundler moved it).
 *
 * @param {unknown} [source] a URL (URL or string), the .wasm bytes, a Response
 *   or a WebAssembly.Module (or a promise of one). Default: the .wasm shipped
 *   in this package.
 * @returns {Promise<void>}
 */
export function init(source) {
  if (ready) return Promise.resolve();
  if (loading === null) {
    const attempt = load(source).then(() => {
      ready = true;
    });
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
