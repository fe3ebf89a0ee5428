// Raw DEFLATE (RFC 1951) of the messages the SP sends on the HTTP-Redirect binding (SAML bindings
// §3.4.4.1), by the runtime rather than by the WebAssembly core: node:zlib in Node (installed by the
// Node entries), `CompressionStream('deflate-raw')` elsewhere, and where neither is there, "stored"
// blocks (RFC 1951 §3.2.4: valid DEFLATE, uncompressed), which every inflater reads.

const encoder = new TextEncoder();

/** @type {null | ((bytes: Uint8Array) => Uint8Array)} */
let syncDeflate = null;

/** Called by the Node entries. */
export function installDeflate(fn) {
  syncDeflate = fn;
}

/** `bytes` in stored blocks of at most 65,535 bytes each (RFC 1951 §3.2.4). */
export function storedBlocks(bytes) {
  const blocks = Math.max(1, Math.ceil(bytes.length / 65535));
  const out = new Uint8Array(bytes.length + 5 * blocks);
  let at = 0;
  for (let i = 0; i < blocks; i++) {
    const chunk = bytes.subarray(i * 65535, (i + 1) * 65535);
    const len = chunk.length;
    out.set([i === blocks - 1 ? 1 : 0, len & 0xff, len >> 8, ~len & 0xff, (~len >> 8) & 0xff], at);
    out.set(chunk, at + 5);
    at += 5 + len;
  }
  return out;
}

async function streamed(bytes) {
  let stream;
  try {
    stream = new CompressionStream('deflate-raw');
  } catch {
    return null; // a runtime without the 'deflate-raw' format
  }
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** The raw DEFLATE of `xml` (a string). */
export async function deflateRaw(xml) {
  const bytes = encoder.encode(xml);
  if (syncDeflate !== null) return syncDeflate(bytes);
  if (typeof CompressionStream === 'function') {
    const deflated = await streamed(bytes);
    if (deflated !== null) return deflated;
  }
  return storedBlocks(bytes);
}
