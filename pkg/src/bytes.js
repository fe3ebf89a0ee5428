// The input forms the API takes for a message: a string (XML, base64 or a form body) or bytes.

const encoder = new TextEncoder();

/** `input` as a Uint8Array; `name` names it in the TypeError for anything else. */
export function toBytes(input, name) {
  if (typeof input === 'string') return encoder.encode(input);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError(`${name} must be a string (XML, base64 or a form body) or a Uint8Array`);
}
