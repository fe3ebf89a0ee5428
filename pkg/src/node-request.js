// The requests of Node servers, for startLogin({ request }) and finishLogin(request): a node:http
// IncomingMessage (also what Express hands a route, with or without a body parser's `req.body`), a
// Fastify request (`request.raw`, `request.body`), or a plain `{ method, headers, body }`. Each is made
// into the parts of a Fetch Request that api.js reads: `method`, `headers` (what api.js reads of a
// Headers: get) and `body` (what api.js reads of a ReadableStream: getReader, read, cancel; read
// within its input limit, so every shape has the same bound).
//
// The body, in order of preference:
//   1. the request stream, when nothing has read it yet: the exact bytes the IdP's browser posted;
//   2. what a body parser left in `body`: a string or bytes as they are, a parsed form (an object of
//      string or string[] values, as express.urlencoded and @fastify/formbody make) serialized again
//      as application/x-www-form-urlencoded;
//   3. nothing (an empty body), unless a stream was read and nothing was kept: a TypeError.
//
// No Node built-ins: the stream is read through its events, so this runs wherever Express or Fastify
// do (Node, Deno, Bun).

import { samlError } from './errors.js';

const encoder = new TextEncoder();
const XML_START = /^[ \t\r\n]*</;

/** A Node Readable (an IncomingMessage): read through `data`/`end` events, paused between reads. */
function isNodeReadable(x) {
  return (
    x !== null &&
    typeof x === 'object' &&
    typeof x.on === 'function' &&
    typeof x.removeListener === 'function' &&
    typeof x.pause === 'function' &&
    typeof x.resume === 'function'
  );
}

/** Whether something (a body parser) already read the stream: its bytes are gone. */
function wasRead(stream) {
  return stream.readableDidRead === true || stream.readableEnded === true || stream.destroyed === true;
}

/**
 * A Request-like object for api.js, or `request` unchanged when it already has Fetch `Headers` (a
 * Request) or is no object with `headers` (api.js then says what it takes).
 */
export function toRequestLike(request) {
  if (request === null || typeof request !== 'object') return request;
  const given = request.headers;
  if (given === null || typeof given !== 'object' || typeof given.get === 'function') return request;
  return { method: String(request.method ?? ''), headers: toHeaders(given), body: bodyOf(request) };
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/**
 * What api.js reads of a Fetch Headers (`get`), with its rules: names without case, a value's
 * surrounding whitespace dropped, repeated fields joined by ", ", a TypeError for a name or value
 * that Headers refuses (a name that is no token; a value with NUL, CR, LF or a character above
 * U+00FF). Not Node's Headers itself: in Node 20 the first `new Headers()` loads undici, measured
 * at ~19 ms, which a node:http server's first login would pay.
 */
class NodeHeaders {
  #fields = new Map();

  append(name, value) {
    const v = String(value).replace(HTTP_WHITESPACE, '');
    if (!TOKEN.test(name)) throw new TypeError(`Headers.append: "${name}" is an invalid header name.`);
    // A ByteString (WebIDL: no character above U+00FF) without NUL, CR or LF.
    if (/[\0\r\n]|[^\0-\xff]/.test(v)) throw new TypeError(`Headers.append: "${v}" is an invalid header value.`);
    const key = name.toLowerCase();
    const had = this.#fields.get(key);
    this.#fields.set(key, had === undefined ? v : `${had}, ${v}`);
  }

  get(name) {
    return this.#fields.get(String(name).toLowerCase()) ?? null;
  }
}

/** Node's header object (lower-case names; string or string[] values) as a Headers (get). */
function toHeaders(given) {
  const headers = new NodeHeaders();
  for (const [name, value] of Object.entries(given)) {
    // HTTP/2 pseudo-headers (:method, :path) are no header fields.
    if (value === undefined || value === null || name.startsWith(':')) continue;
    if (Array.isArray(value)) {
      // Several Cookie fields are one list (RFC 6265 §5.4), joined as Node joins them.
      if (name.toLowerCase() === 'cookie') headers.append(name, value.join('; '));
      else for (const v of value) headers.append(name, String(v));
    } else {
      headers.append(name, String(value));
    }
  }
  return headers;
}

function bodyOf(request) {
  const { body } = request;
  if (body !== null && typeof body === 'object' && typeof body.getReader === 'function') return body;
  const stream = [body, request, request.raw].find(isNodeReadable);
  if (stream !== undefined && !wasRead(stream)) return fromNodeStream(stream);
  if (body !== undefined && body !== null && body !== stream) return lazyBytes(() => parsedBody(body));
  if (stream !== undefined) {
    return lazyBytes(() => {
      throw new TypeError(
        'the request body was already read (by a body parser) and not kept in request.body: give finishLogin the unread ' +
          'request, or one whose body the parser kept (express.urlencoded, express.text, express.raw, @fastify/formbody)',
      );
    });
  }
  return lazyBytes(() => new Uint8Array(0));
}

/**
 * What api.js and logout.js read of a body (a ReadableStream's `getReader()`: `read()`,
 * `cancel()`), without Node's ReadableStream, whose first use loads its web streams (measured
 * ~2.4 ms in a fresh Node 20 process). `next()` gives the next chunk, or null at the end.
 */
function readerBody(next, cancel = () => {}) {
  return {
    getReader() {
      return {
        read: async () => {
          const value = await next();
          return value === null ? { done: true, value: undefined } : { done: false, value };
        },
        cancel: async () => cancel(),
      };
    },
  };
}

/** A one-chunk body whose bytes are made when it is first read (after api.js checked Content-Length). */
function lazyBytes(make) {
  let made = false;
  return readerBody(() => {
    if (made) return null;
    made = true;
    return make();
  });
}

/** What a body parser left: a string, bytes, or a parsed form. */
function parsedBody(body) {
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  // Parsers make plain objects, null-prototype ones (querystring) or their own (fast-querystring).
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new TypeError('request.body must be a string, bytes or a parsed form (an object of strings), as a body parser leaves it');
  }
  const form = new URLSearchParams();
  for (const key of Object.keys(body)) {
    // A raw XML body read as a form: its text up to the first '=' became a field name.
    if (XML_START.test(key)) {
      throw samlError('ERR_INPUT_BINDING', 'the ACS takes the HTTP-POST binding (a form with a base64 SAMLResponse field), not a raw XML body', {
        expected: 'SAMLResponse=<base64>',
        found: 'raw XML',
      });
    }
    const value = body[key];
    for (const v of Array.isArray(value) ? value : [value]) {
      // A parser that nests (qs: a[b]=c) or types values made what no SAML form field is.
      if (typeof v !== 'string') {
        throw samlError('ERR_INPUT_ENCODING', `the form field ${JSON.stringify(key)} was parsed into ${v === null ? 'null' : typeof v}, not text`, {
          expected: 'form fields with text values',
          found: `${key}: ${v === null ? 'null' : typeof v}`,
        });
      }
      form.append(key, v);
    }
  }
  // application/x-www-form-urlencoded serialization (a space becomes '+', which the core reads in
  // SAMLResponse as base64's '+': what a parser made of an unencoded '+').
  return encoder.encode(form.toString());
}

/**
 * The Node stream as a body, read only when api.js reads (nothing is pulled in advance) and paused
 * between reads. Cancelled (the body is over the limit), it lets the rest of the body be discarded
 * rather than destroying the socket, so the refusal reaches the client.
 */
function fromNodeStream(stream) {
  const listeners = new Map();
  const chunks = [];
  let ended = false;
  let failure = null;
  let wake = null;
  const detach = () => {
    for (const [event, fn] of listeners) stream.removeListener(event, fn);
    listeners.clear();
  };
  const settle = () => {
    const w = wake;
    wake = null;
    if (w !== null) w();
  };
  const attach = () => {
    listeners.set('data', (chunk) => {
      chunks.push(typeof chunk === 'string' ? encoder.encode(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      stream.pause();
      settle();
    });
    listeners.set('end', () => {
      detach();
      ended = true;
      settle();
    });
    listeners.set('error', (e) => {
      detach();
      failure = e;
      settle();
    });
    listeners.set('close', () => {
      detach();
      failure = new Error('the request was closed before its body ended');
      settle();
    });
    for (const [event, fn] of listeners) stream.on(event, fn);
  };
  let started = false;
  return readerBody(
    async () => {
      if (!started) {
        started = true;
        attach();
      }
      for (;;) {
        if (failure !== null) throw failure; // as an errored stream: what it had queued is dropped
        if (chunks.length > 0) return chunks.shift();
        if (ended) return null;
        const arrived = new Promise((resolve) => {
          wake = resolve;
        });
        stream.resume();
        await arrived;
      }
    },
    () => {
      detach();
      stream.resume();
    },
  );
}
