// Loading the WebAssembly core once, whatever the runtime, and which core.
//
// The package has two builds of the core (scripts/build-pkg.sh): the edge build that
// `import 'saml-edge'` loads (verification with the host's crypto, the login flow) and the full
// build of `saml-edge/inspect` (also inspect(), decodeRedirect(), parseMetadata(), crypto: 'wasm',
// Single Logout, the SP's metadata and decryption). Each entry (browser.js, deno.js, node.js, workerd.js and
// those of inspect/) tells this module which glue it imported and how to obtain the .wasm;
// `init()` then instantiates it once. Concurrent and repeated calls share one promise; a failed
// attempt may be retried. The edge entries also say where the full build is: logout and the SP's
// metadata load it on first use (`fullCore()`).
//
// What `init(source)` takes: a URL (URL or string; fetched, or read from disk in Node), the bytes
// (ArrayBuffer or any ArrayBufferView), a fetch Response, a compiled WebAssembly.Module, or a
// promise of one of these. A failure names what it tried to load and how to hand the file over
// instead.

const FIX =
  "If a bundler moved the file or did not copy it, give it to init() before any other call: the package's " +
  "'saml-edge/wasm' export as a URL, its bytes or a WebAssembly.Module (for Single Logout, the SP's metadata and decryption " +
  "also 'saml-edge/inspect/wasm' as init(wasm, { full })); see \"Bundlers\" in the package README";

/** How this runtime reads the .wasm; set once by the entry module. */
const runtime = {
  /** @type {null | ((location: URL | string) => Uint8Array | Promise<Uint8Array>)} Node: read a file: URL or a path */
  readFile: null,
  /** Compile bytes synchronously (Node: faster than the asynchronous path, see node.js). */
  compileSync: false,
  /** A sentence added to a failure in this runtime (Deno: the read permission). */
  hint: '',
  /** Whether the main core checks signature values itself (crypto: 'wasm'): the full build. */
  rustCrypto: false,
};

/**
 * One core: its wasm-bindgen glue (a module namespace with `default` = async init and `initSync`,
 * or a function that imports it), the default source of its .wasm, and its loading state.
 */
function core(glue, source, name) {
  return { glue, source, name, ready: false, loading: null, given: undefined };
}

/** @type {ReturnType<typeof core> | null} the entry's core */
let main = null;
/** @type {ReturnType<typeof core> | null} the full build, for what the edge build leaves out (null: main is it) */
let full = null;

/**
 * Called by an entry module: its core (`glue` and the default `source` of its .wasm), how this
 * runtime reads files, and (edge entries) `full`: `{ glue: () => import(...), source }`.
 */
export function configureLoader({ glue, source, full: fullCore = null, readFile = null, compileSync = false, hint = '', rustCrypto = false }) {
  Object.assign(runtime, { readFile, compileSync, hint, rustCrypto });
  main = core(glue, source, 'saml_edge_bg.wasm');
  full = fullCore === null ? null : core(fullCore.glue, fullCore.source, 'the full build (saml-edge/inspect/wasm)');
}

/** Whether this build checks signature values in WebAssembly (crypto: 'wasm'). */
export function hasRustCrypto() {
  return runtime.rustCrypto;
}

/** Instantiate synchronously from a compiled WebAssembly.Module (workerd imports .wasm as a Module). */
export function initFromModule(module) {
  if (main.ready) return;
  main.glue.initSync({ module });
  main.ready = true;
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

async function instantiateBytes(glue, bytes, where) {
  const b = toBytes(bytes);
  if (!(b[0] === 0x00 && b[1] === 0x61 && b[2] === 0x73 && b[3] === 0x6d)) throw failure(where, notWasm(b));
  try {
    if (runtime.compileSync) glue.initSync({ module: new WebAssembly.Module(b) });
    else await glue.default({ module_or_path: b });
  } catch (e) {
    throw failure(where, `it did not compile (${e?.message ?? e})`, e);
  }
}

async function instantiateResponse(glue, response) {
  const where = response.url || 'a Response';
  if (!response.ok) throw failure(where, `the server answered ${response.status}`);
  const type = response.headers?.get?.('content-type') ?? '';
  if (type.split(';')[0].trim() === 'application/wasm' && typeof WebAssembly.instantiateStreaming === 'function' && !runtime.compileSync) {
    try {
      await glue.default({ module_or_path: response });
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
  await instantiateBytes(glue, bytes, where);
}

async function instantiateUrl(glue, location) {
  const where = String(location.href ?? location);
  const local = runtime.readFile && (isPath(location) || String(location.href ?? location).startsWith('file:'));
  if (local) {
    let bytes;
    try {
      bytes = await runtime.readFile(location);
    } catch (e) {
      throw failure(where, e?.code === 'ENOENT' ? 'there is no such file' : (e?.message ?? String(e)), e);
    }
    return instantiateBytes(glue, bytes, where);
  }
  let response;
  try {
    response = await fetch(location);
  } catch (e) {
    throw failure(where, `fetching it failed (${e?.message ?? e})`, e);
  }
  return instantiateResponse(glue, response);
}

async function load(c, source) {
  if (typeof c.glue === 'function') c.glue = await c.glue(); // the full build's glue, imported on first use
  const { glue } = c;
  let input;
  try {
    input = await source;
  } catch (e) {
    throw failure(`the source given to init() for ${c.name}`, e?.message ?? String(e), e);
  }
  if (input === undefined) {
    if (c.source === null) throw failure('nowhere', 'this runtime has no default location for it');
    try {
      input = await c.source();
    } catch (e) {
      // e.g. `new URL('../dist/edge/saml_edge_bg.wasm', import.meta.url)` in a bundle without import.meta.url
      throw failure(`${c.name} beside the package (dist/)`, `that location is unknown here (${e?.message ?? e})`, e);
    }
  }
  if (isModule(input)) {
    glue.initSync({ module: input });
  } else if (isBytes(input)) {
    await instantiateBytes(glue, input, 'the bytes given');
  } else if (isResponse(input)) {
    await instantiateResponse(glue, input);
  } else if (isUrl(input)) {
    await instantiateUrl(glue, input);
  } else {
    throw new TypeError(
      `init() takes a URL (URL or string), the .wasm bytes (ArrayBuffer or Uint8Array), a Response or a WebAssembly.Module, not ${input === null ? 'null' : typeof input}`,
    );
  }
}

function start(c, source) {
  if (c.ready) return Promise.resolve();
  if (c.loading === null) {
    const attempt = load(c, source).then(() => {
      c.ready = true;
    });
    c.loading = attempt;
    attempt.catch(() => {
      if (c.loading === attempt) c.loading = null; // let a later call try again
    });
  }
  return c.loading;
}

/**
 * Load the WebAssembly core. Idempotent: calling it again, or concurrently,
 * returns the same promise; it never throws because it was called twice.
 * Every API of this package calls it, so calling it yourself is optional
 * (useful to load early, or to pass the .wasm when a bundler moved it).
 *
 * @param {unknown} [source] a URL (URL or string), the .wasm bytes, a Response
 *   or a WebAssembly.Module (or a promise of one of these). Default: the .wasm shipped
 *   in this package.
 * @param {{ full?: unknown }} [options] `full`: the same for the full build's .wasm
 *   ('saml-edge/inspect/wasm'), which the edge build loads for Single Logout, decryption and the SP's
 *   metadata on first use (only kept, not loaded, here).
 * @returns {Promise<void>}
 */
export function init(source, options) {
  if (options !== undefined && options !== null && options.full !== undefined && full !== null) full.given = options.full;
  return start(main, source);
}

/** True once the core is instantiated. */
export function isReady() {
  return main.ready;
}

/** The entry's core (its wasm-bindgen exports); call after init(). */
export function mainCore() {
  return main.glue;
}

/**
 * The full build's core: the entry's own in saml-edge/inspect, else loaded now (once) from its
 * default location or what init(source, { full }) was given.
 */
export async function fullCore() {
  if (full === null) {
    await start(main, undefined);
    return main.glue;
  }
  await start(full, full.given);
  return full.glue;
}
