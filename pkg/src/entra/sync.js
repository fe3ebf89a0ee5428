// Directory synchronization with Graph delta queries ("Use delta query to track changes in Microsoft
// Graph data"): GET /users/delta and GET /groups/delta with $select, following @odata.nextLink page by
// page; the last page carries @odata.deltaLink, saved for the next run, which then returns only the
// changes. Each page is written to the store before the next is asked for, with the nextLink saved after
// it, so memory holds one page whatever the directory's size and an interrupted run resumes where it
// stopped.
//
// Removals: an object with "@removed" is deleted from the store. When Graph asks for a full
// synchronization again (410 Gone, or syncStateNotFound / resyncRequired: the delta token expired, after
// seven days for directory objects), the objects deleted meanwhile never show up as removed. Since the store
// cannot be listed, every record carries the generation of the full round that wrote it; a round that
// completes raises the resource's generation, and a record from an older generation counts as absent.
import { graphError } from './errors.js';
import { ErrorAnswer, PERMISSIONS, RESYNC_CODES } from './graph.js';
import { isGuid } from './identity.js';

const RESOURCES = {
  users: {
    path: '/users/delta?$select=id,displayName,userPrincipalName,accountEnabled',
    what: 'GET /users/delta',
    permissions: PERMISSIONS.usersDelta,
    fields: ['displayName', 'userPrincipalName', 'accountEnabled'],
    key: 'user',
  },
  groups: {
    path: '/groups/delta?$select=id,displayName,securityEnabled',
    what: 'GET /groups/delta',
    permissions: PERMISSIONS.groupsDelta,
    fields: ['displayName', 'securityEnabled'],
    key: 'group',
  },
};
/** A run that is told to start over more often than this stops with an error instead of looping. */
const MAX_RESYNCS_PER_RUN = 2;

export class DirectorySync {
  #graph;
  #store;
  #prefix;
  #now;
  #leaseMs;
  #pageAllowanceMs;

  constructor({ graph, store, prefix, now, leaseMs, pageAllowanceMs }) {
    this.#graph = graph;
    this.#store = store;
    this.#prefix = prefix;
    this.#now = now;
    this.#leaseMs = leaseMs;
    this.#pageAllowanceMs = pageAllowanceMs;
  }

  /** Runs one synchronization under the store's lease. See EntraDirectory.sync in entra.d.ts. */
  async run({ resources, maxPages }) {
    const leaseKey = `${this.#prefix}sync:lease`;
    const started = this.#now();
    const leaseUntil = started + this.#leaseMs;
    // The lease lives leaseMs on the store's own clock (consume's TTL is expiresAtMs - nowMs).
    const got = await this.#op('consume', leaseKey, () => this.#store.consume(leaseKey, leaseUntil, started));
    if (got !== true) {
      throw graphError('ERR_GRAPH_SYNC_IN_PROGRESS', 'another synchronization holds the lease on this store', {
        leaseKey, leaseMs: this.#leaseMs,
      });
    }
    const budget = { pagesLeft: maxPages, stopAt: leaseUntil - this.#pageAllowanceMs };
    const result = { complete: true };
    try {
      for (const kind of resources) {
        result[kind] = await this.#runResource(kind, budget);
        if (!result[kind].complete) result.complete = false;
      }
    } finally {
      await this.#op('delete', leaseKey, () => this.#store.delete(leaseKey));
    }
    return result;
  }

  async #runResource(kind, budget) {
    const r = RESOURCES[kind];
    let state = await this.state(kind);
    let round = state.round ?? (state.deltaLink
      ? { kind: 'incremental', generation: state.generation, nextLink: state.deltaLink }
      : { kind: 'full', generation: state.generation + 1, nextLink: null });
    const stats = { complete: false, full: round.kind === 'full', resynced: false, pages: 0, upserted: 0, removed: 0 };
    let resyncs = 0;
    for (;;) {
      if (budget.pagesLeft <= 0 || this.#now() >= budget.stopAt) {
        await this.#saveState(kind, { ...state, round });
        return stats;
      }
      const url = round.nextLink === null ? this.#graph.url(r.path) : this.#graph.checkLink(round.nextLink, r.what);
      const page = await this.#graph.page(url, {
        what: r.what,
        permissions: r.permissions,
        accept: (status, code) => round.nextLink !== null && (status === 410 || RESYNC_CODES.has(code)),
      });
      budget.pagesLeft--;
      if (page instanceof ErrorAnswer) {
        // The delta or skip token is no longer valid: start over with a full round (a new generation).
        if (++resyncs > MAX_RESYNCS_PER_RUN) {
          throw graphError('ERR_GRAPH_REQUEST_FAILED', `${r.what}: Graph keeps asking for a full synchronization`, {
            request: r.what, status: page.status, graphCode: page.graphCode, resyncs,
          });
        }
        round = { kind: 'full', generation: state.generation + 1, nextLink: null };
        stats.full = true;
        stats.resynced = true;
        await this.#saveState(kind, { ...state, deltaLink: null, round });
        continue;
      }
      stats.pages++;
      for (const item of page.value) {
        if (await this.#apply(r, item, round)) stats.upserted++;
        else stats.removed++;
      }
      if (page.nextLink !== null) {
        round = { ...round, nextLink: page.nextLink };
        await this.#saveState(kind, { ...state, round });
        continue;
      }
      if (page.deltaLink === null) {
        throw graphError('ERR_GRAPH_RESPONSE_INVALID', `${r.what}: the last page has neither @odata.nextLink nor ` +
          '@odata.deltaLink', { request: r.what });
      }
      state = {
        generation: round.kind === 'full' ? round.generation : state.generation,
        deltaLink: page.deltaLink,
        round: null,
        completedAtMs: this.#now(),
      };
      await this.#saveState(kind, state);
      stats.complete = true;
      return stats;
    }
  }

  /** Writes one delta item; returns true for an upsert, false for a removal. */
  async #apply(r, item, round) {
    if (item === null || typeof item !== 'object' || !isGuid(item.id)) {
      throw graphError('ERR_GRAPH_RESPONSE_INVALID', `${r.what}: an object without a GUID id`, { request: r.what });
    }
    const id = item.id.toLowerCase();
    const key = `${this.#prefix}${r.key}:${id}`;
    if (item['@removed'] !== undefined) {
      await this.#op('delete', key, () => this.#store.delete(key));
      return false;
    }
    // In change rounds an updated object may carry only its changed properties: merge.
    const previous = round.kind === 'incremental' ? await this.#readRecord(key, id) : null;
    const record = { id };
    for (const f of r.fields) {
      if (f in item) record[f] = item[f] ?? null;
      else record[f] = previous && f in previous ? previous[f] : null;
    }
    record.generation = round.generation;
    record.syncedAtMs = this.#now();
    await this.#op('put', key, () => this.#store.put(key, JSON.stringify(record)));
    return true;
  }

  /** The user (or group) record, or null when it is not in the synchronized directory. */
  async lookup(kind, objectId) {
    const r = RESOURCES[kind];
    const id = objectId.toLowerCase();
    const key = `${this.#prefix}${r.key}:${id}`;
    const [state, record] = await Promise.all([this.state(kind), this.#readRecord(key, id)]);
    if (record === null || !(record.generation >= state.generation)) return null;
    return record;
  }

  /** The saved state of one resource: `{ generation, deltaLink, round, completedAtMs }`. */
  async state(kind) {
    const key = `${this.#prefix}sync:${kind}`;
    const text = await this.#op('get', key, () => this.#store.get(key));
    if (text == null) return { generation: 0, deltaLink: null, round: null, completedAtMs: null };
    const s = this.#parse(key, text);
    const round = s.round;
    const ok = Number.isSafeInteger(s.generation) && s.generation >= 0 &&
      (s.deltaLink === null || typeof s.deltaLink === 'string') &&
      (s.completedAtMs === null || Number.isFinite(s.completedAtMs)) &&
      (round === null || (round && typeof round === 'object' && (round.kind === 'full' || round.kind === 'incremental') &&
        Number.isSafeInteger(round.generation) && (round.nextLink === null || typeof round.nextLink === 'string')));
    if (!ok) {
      throw graphError('ERR_GRAPH_STORE', `the synchronization state under "${key}" is not one this module wrote`, {
        operation: 'get', key,
      });
    }
    return { generation: s.generation, deltaLink: s.deltaLink, round, completedAtMs: s.completedAtMs };
  }

  async #saveState(kind, state) {
    const key = `${this.#prefix}sync:${kind}`;
    await this.#op('put', key, () => this.#store.put(key, JSON.stringify(state)));
  }

  /** The record under `key`, which must be the one of object `id` (a shared store could hold another's). */
  async #readRecord(key, id) {
    const text = await this.#op('get', key, () => this.#store.get(key));
    if (text == null) return null;
    const rec = this.#parse(key, text);
    if (rec.id !== id || !Number.isSafeInteger(rec.generation)) {
      throw graphError('ERR_GRAPH_STORE', `the record under "${key}" is not one this module wrote`, {
        operation: 'get', key,
      });
    }
    return rec;
  }

  #parse(key, text) {
    let v;
    try {
      v = typeof text === 'string' ? JSON.parse(text) : null;
    } catch {
      v = null;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      throw graphError('ERR_GRAPH_STORE', `the store holds no JSON object under "${key}"`, { operation: 'get', key });
    }
    return v;
  }

  /** Runs a store operation; what it throws becomes ERR_GRAPH_STORE. */
  async #op(operation, key, fn) {
    try {
      return await fn();
    } catch (e) {
      throw graphError('ERR_GRAPH_STORE', `the directory store failed (${operation} "${key}")`, {
        operation, key, reason: String(e && typeof e === 'object' && 'message' in e ? e.message : e).slice(0, 300),
      });
    }
  }
}
