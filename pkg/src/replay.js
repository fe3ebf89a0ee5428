// The default replay cache: in memory, bounded, entries forgotten after their expiry.
//
// It protects one process (one isolate). Deployments with several instances
// need a shared store behind the same two methods (a database, Durable Object, ...).

const DEFAULT_MAX_ENTRIES = 10_000;

export class MemoryReplayCache {
  #entries = new Map();
  #maxEntries;
  #now;

  /**
   * @param {{ maxEntries?: number, now?: () => number }} [options]
   */
  constructor({ maxEntries = DEFAULT_MAX_ENTRIES, now = () => Date.now() } = {}) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError('options.maxEntries must be a positive integer');
    }
    if (typeof now !== 'function') throw new TypeError('options.now must be a function returning milliseconds');
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  /** Whether `id` was put and has not expired yet. */
  async has(id) {
    const expiresAt = this.#entries.get(id);
    if (expiresAt === undefined) return false;
    if (expiresAt <= this.#now()) {
      this.#entries.delete(id);
      return false;
    }
    return true;
  }

  /** Remember `id` until `expiresAtMs`. When full, expired entries go first, then the oldest. */
  async put(id, expiresAtMs) {
    this.#entries.delete(id);
    this.#entries.set(id, expiresAtMs);
    if (this.#entries.size <= this.#maxEntries) return;
    const now = this.#now();
    for (const [key, expiresAt] of this.#entries) {
      if (expiresAt <= now) this.#entries.delete(key);
    }
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(key);
    }
  }

  /** How many entries are held (expired ones included until they are swept). */
  get size() {
    return this.#entries.size;
  }
}
