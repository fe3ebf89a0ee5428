// One HTTP exchange with retries, for the token endpoint and Microsoft Graph alike.
//
// Graph throttling guidance: on 429 (and 503/504) wait for the number of seconds in Retry-After,
// then send the same request again; without Retry-After back off exponentially. Retries are bounded
// twice: at most `maxRetries` repeats, and no wait that would end after `budgetMs` from the first
// attempt (a Retry-After beyond the budget fails at once instead of sleeping in vain). Time and
// sleeping come from the caller (`now`, `sleep`), so tests count retries and waits without timing.
// Bodies are read through a bounded reader: a response larger than `maxResponseBytes` is refused.
import { graphError, redact } from './errors.js';

/** Status codes that are sent again after a wait. */
const RETRYABLE = new Set([429, 502, 503, 504]);
/** Backoff without Retry-After: 1 s, 2 s, 4 s, ... capped at 32 s. */
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 32_000;
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns milliseconds from `nowMs`,
 * or null when absent or unreadable.
 */
export function parseRetryAfter(value, nowMs) {
  if (value == null) return null;
  const v = String(value).trim();
  if (/^\d{1,10}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at) || !/[A-Za-z]/.test(v)) return null;
  return Math.max(0, at - nowMs);
}

/** Reads at most `max` bytes of a body; throws ERR_GRAPH_RESPONSE_INVALID beyond. */
async function readBounded(response, max, what) {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel().catch(() => {});
    throw graphError('ERR_GRAPH_RESPONSE_INVALID', `${what}: the response is larger than ${max} bytes`, {
      request: what, maxResponseBytes: max, contentLength: declared,
    });
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw graphError('ERR_GRAPH_RESPONSE_INVALID', `${what}: the response is larger than ${max} bytes`, {
        request: what, maxResponseBytes: max,
      });
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw graphError('ERR_GRAPH_RESPONSE_INVALID', `${what}: the response is not UTF-8`, { request: what });
  }
}

/** Discards a body we do not read (a retried response), so the connection can be reused. */
async function discard(response) {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to free.
  }
}

export class Http {
  #fetch;
  #now;
  #sleep;
  #maxRetries;
  #budgetMs;
  #timeoutMs;
  #maxBytes;
  #secret;

  /**
   * @param {{ fetch: Function, now: () => number, sleep: (ms: number) => Promise<void>,
   *   maxRetries: number, budgetMs: number, requestTimeoutMs: number, maxResponseBytes: number,
   *   secret: string }} options
   */
  constructor(options) {
    this.#fetch = options.fetch;
    this.#now = options.now;
    this.#sleep = options.sleep;
    this.#maxRetries = options.maxRetries;
    this.#budgetMs = options.budgetMs;
    this.#timeoutMs = options.requestTimeoutMs;
    this.#maxBytes = options.maxResponseBytes;
    this.#secret = options.secret;
  }

  /**
   * Sends a request until it gets a non-retryable answer, and returns it with its body parsed as
   * JSON (`json` is null for an empty or non-JSON body; `text` keeps the raw body).
   * `what` names the request in errors ("POST /users/{id}/getMemberGroups"), never with the secret.
   *
   * @param {{ method: string, url: string, headers?: Record<string, string>, body?: string, what: string }} req
   * @returns {Promise<{ status: number, headers: Headers, json: any, text: string, attempts: number }>}
   */
  async send(req) {
    const started = this.#now();
    let attempts = 0;
    for (;;) {
      attempts++;
      let response;
      let failure;
      try {
        const init = { method: req.method, headers: req.headers ?? {}, redirect: 'manual' };
        if (req.body !== undefined) init.body = req.body;
        if (this.#timeoutMs > 0 && typeof AbortSignal !== 'undefined' && AbortSignal.timeout) {
          init.signal = AbortSignal.timeout(this.#timeoutMs);
        }
        response = await this.#fetch(req.url, init);
      } catch (e) {
        failure = e;
      }
      let waitMs;
      let kind;
      if (failure !== undefined) {
        kind = 'network';
        waitMs = this.#backoff(attempts);
      } else if (RETRYABLE.has(response.status)) {
        kind = response.status === 429 ? 'throttled' : 'unavailable';
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), this.#now());
        waitMs = retryAfter ?? this.#backoff(attempts);
        await discard(response);
      } else {
        const text = await readBounded(response, this.#maxBytes, req.what);
        let json = null;
        if (text.length > 0) {
          try {
            json = JSON.parse(text);
          } catch {
            json = null;
          }
        }
        return { status: response.status, headers: response.headers, json, text, attempts };
      }
      const elapsed = this.#now() - started;
      const retriesLeft = attempts <= this.#maxRetries;
      const withinBudget = elapsed + waitMs <= this.#budgetMs;
      if (!retriesLeft || !withinBudget) {
        throw this.#giveUp(kind, req, { attempts, waitMs, elapsed, failure, status: response?.status, retriesLeft });
      }
      await this.#sleep(waitMs);
    }
  }

  #backoff(attempt) {
    return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  }

  #giveUp(kind, req, { attempts, waitMs, elapsed, failure, status, retriesLeft }) {
    const why = retriesLeft
      ? `waiting ${waitMs} ms more would pass the retry budget of ${this.#budgetMs} ms`
      : `gave up after ${attempts} attempts (retry.maxRetries is ${this.#maxRetries})`;
    const detail = { request: req.what, attempts, elapsedMs: elapsed, nextWaitMs: waitMs, budgetMs: this.#budgetMs };
    if (kind === 'throttled') {
      return graphError('ERR_GRAPH_THROTTLED', `${req.what}: throttled (HTTP 429); ${why}`, { ...detail, status });
    }
    if (kind === 'unavailable') {
      return graphError('ERR_GRAPH_UNAVAILABLE', `${req.what}: service unavailable (HTTP ${status}); ${why}`,
        { ...detail, status });
    }
    const reason = redact(failure && typeof failure === 'object' && 'message' in failure ? failure.message : failure,
      this.#secret);
    return graphError('ERR_GRAPH_NETWORK', `${req.what}: no response (${reason}); ${why}`, { ...detail, reason });
  }
}
