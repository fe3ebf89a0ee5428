// Group overage: above 150 groups Entra puts no `groups` claim in the SAML token, only `groups.link`,
// and the SP must ask Graph. For the user's object ID:
//   1. POST /users/{id}/getMemberGroups { "securityEnabledOnly": ... }  — transitive, up to 11,000 IDs;
//   2. when Graph answers 400 Directory_ResultSizeLimitExceeded (more than 11,000), the paged listing
//      GET /users/{id}/transitiveMemberOf?$select=id,displayName,securityEnabled&$top=999, following
//      @odata.nextLink, groups only (it also lists directory roles and administrative units);
//   3. display names, when asked for: POST /directoryObjects/getByIds { ids (at most 1,000), types: ["group"] }.
// The result is bounded by `maxGroups` (ERR_GRAPH_TOO_MANY_GROUPS beyond: a partial list would make
// group-based decisions wrong, so none is returned).
import { graphError } from './errors.js';
import { ErrorAnswer, PERMISSIONS } from './graph.js';
import { isGuid } from './identity.js';

/** getByIds takes at most 1,000 IDs per request. */
export const GET_BY_IDS_BATCH = 1000;
/** transitiveMemberOf: maximum page size. */
const MEMBER_OF_PAGE = 999;

function tooMany(maxGroups, source) {
  return graphError('ERR_GRAPH_TOO_MANY_GROUPS', `the user is in more than ${maxGroups} groups (maxGroups)`, {
    maxGroups, source,
  });
}

/** IDs from getMemberGroups (fallback to transitiveMemberOf), and names when the fallback gave them. */
export async function memberGroups(graph, objectId, { securityEnabledOnly, maxGroups }) {
  const id = encodeURIComponent(objectId);
  const answer = await graph.call('POST', graph.url(`/users/${id}/getMemberGroups`), {
    body: { securityEnabledOnly },
    what: 'POST /users/{id}/getMemberGroups',
    permissions: PERMISSIONS.getMemberGroups,
    notFound: { kind: 'user', id: objectId },
    accept: (status, code) => status === 400 && code === 'Directory_ResultSizeLimitExceeded',
  });
  if (!(answer instanceof ErrorAnswer)) {
    const ids = guidList(answer.value, 'POST /users/{id}/getMemberGroups');
    if (ids.length > maxGroups) throw tooMany(maxGroups, 'getMemberGroups');
    return { source: 'getMemberGroups', ids, names: null };
  }
  return transitiveMemberOf(graph, objectId, { securityEnabledOnly, maxGroups });
}

async function transitiveMemberOf(graph, objectId, { securityEnabledOnly, maxGroups }) {
  const what = 'GET /users/{id}/transitiveMemberOf';
  const names = new Map();
  let url = graph.url(`/users/${encodeURIComponent(objectId)}/transitiveMemberOf` +
    `?$select=id,displayName,securityEnabled&$top=${MEMBER_OF_PAGE}`);
  // Pages hold up to 999 objects; even at 100 a page, more pages than this come from a server that loops.
  const maxPages = Math.ceil(maxGroups / 100) + 100;
  let pages = 0;
  const seen = new Set();
  while (url) {
    if (++pages > maxPages || seen.has(url)) {
      throw graphError('ERR_GRAPH_RESPONSE_INVALID', `${what}: the paging does not end`, { request: what, pages });
    }
    seen.add(url);
    const page = await graph.page(url, { what, permissions: PERMISSIONS.transitiveMemberOf });
    for (const o of page.value) {
      if (o === null || typeof o !== 'object' || o['@odata.type'] !== '#microsoft.graph.group') continue;
      if (!isGuid(o.id)) {
        throw graphError('ERR_GRAPH_RESPONSE_INVALID', `${what}: a group without a GUID id`, { request: what });
      }
      if (securityEnabledOnly && o.securityEnabled !== true) continue;
      names.set(o.id.toLowerCase(), typeof o.displayName === 'string' ? o.displayName : null);
      if (names.size > maxGroups) throw tooMany(maxGroups, 'transitiveMemberOf');
    }
    url = page.nextLink;
  }
  return { source: 'transitiveMemberOf', ids: [...names.keys()], names };
}

/** Display names for group IDs, in batches of 1,000: Map(id -> displayName | null). */
export async function groupNames(graph, ids) {
  const what = 'POST /directoryObjects/getByIds';
  const names = new Map();
  const guids = ids.filter(isGuid);
  for (let i = 0; i < guids.length; i += GET_BY_IDS_BATCH) {
    const batch = guids.slice(i, i + GET_BY_IDS_BATCH);
    const j = await graph.call('POST', graph.url('/directoryObjects/getByIds'), {
      body: { ids: batch, types: ['group'] },
      what,
      permissions: PERMISSIONS.getByIds,
    });
    if (!Array.isArray(j.value)) {
      throw graphError('ERR_GRAPH_RESPONSE_INVALID', `${what}: the answer has no "value" array`, { request: what });
    }
    const asked = new Set(batch.map((g) => g.toLowerCase()));
    for (const o of j.value) {
      if (o === null || typeof o !== 'object' || !isGuid(o.id) || !asked.has(o.id.toLowerCase())) continue;
      names.set(o.id.toLowerCase(), typeof o.displayName === 'string' ? o.displayName : null);
    }
  }
  return names;
}

function guidList(value, what) {
  if (!Array.isArray(value) || !value.every(isGuid)) {
    throw graphError('ERR_GRAPH_RESPONSE_INVALID', `${what}: "value" is not a list of group IDs`, { request: what });
  }
  return [...new Set(value.map((g) => g.toLowerCase()))];
}
