// What the Graph client takes from a verified identity (the result of finishLogin/verifyResponse):
// the user's object ID (`objectidentifier` claim), the tenant (`tenantid` claim), the group IDs the
// token listed (`groups`) and the overage link (`groups.link`). Nothing else of the message is used,
// and no URL from it is ever requested: Graph is called at the configured base URL for the object ID.
//
// The overage link (Microsoft Entra SAML token claims reference, "Groups overage indicator") has the
// form https://graph.windows.net/{tenantID}/users/{userID}/getMemberObjects. It is never fetched; its
// path must name the same tenant and user as the signed claims, or the identity is refused.
import { graphError } from './errors.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value) {
  return typeof value === 'string' && GUID.test(value);
}

function single(identity, claim) {
  const values = identity?.claims?.[claim];
  if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== 'string') {
    const found = Array.isArray(values) ? `${values.length} values` : 'absent';
    throw graphError('ERR_GRAPH_IDENTITY_INVALID',
      `the identity must carry exactly one "${claim}" claim (Entra sends it in every SAML token)`, {
        claim, expected: 'one GUID', found,
      });
  }
  const v = values[0].trim();
  if (!isGuid(v)) {
    throw graphError('ERR_GRAPH_IDENTITY_INVALID', `the "${claim}" claim is not a GUID`, {
      claim, expected: 'a GUID (8-4-4-4-12 hex digits)', found: v.slice(0, 80),
    });
  }
  return v.toLowerCase();
}

/**
 * Reads and checks the claims. `expectedTenantId` (a lower-case GUID) is the tenant the client is
 * configured for; a login from another tenant is refused, since Graph would answer for the wrong
 * directory. Returns `{ objectId, tenantId, tokenGroups, overageLink }`.
 */
export function readIdentity(identity, expectedTenantId) {
  if (identity === null || typeof identity !== 'object' || identity.claims === null ||
      typeof identity.claims !== 'object') {
    throw new TypeError('identity must be the verified identity returned by finishLogin or verifyResponse');
  }
  const objectId = single(identity, 'objectidentifier');
  const tenantId = single(identity, 'tenantid');
  if (tenantId !== expectedTenantId) {
    throw graphError('ERR_GRAPH_TENANT_MISMATCH',
      'the login comes from another Entra tenant than the one this directory client reads', {
        expected: expectedTenantId, found: tenantId,
      });
  }
  const groups = identity.claims.groups;
  const tokenGroups = Array.isArray(groups) ? groups.filter((g) => typeof g === 'string').map((g) => g.trim()) : [];
  const link = typeof identity.groupsOverageLink === 'string' ? identity.groupsOverageLink
    : Array.isArray(identity.claims['groups.link']) ? identity.claims['groups.link'][0] ?? null : null;
  if (link !== null) checkOverageLink(link, { tenantId, objectId });
  return { objectId, tenantId, tokenGroups, overageLink: link };
}

/** The link's path must be /{tenantId}/users/{objectId}/getMemberObjects (letter case aside). */
function checkOverageLink(link, { tenantId, objectId }) {
  let url;
  try {
    url = new URL(link);
  } catch {
    url = null;
  }
  const segments = url ? url.pathname.split('/').filter(Boolean).map((s) => decodeURIComponentSafe(s).toLowerCase())
    : [];
  const ok = url !== null && url.protocol === 'https:' && segments.length === 4 &&
    segments[0] === tenantId && segments[1] === 'users' && segments[2] === objectId &&
    segments[3] === 'getmemberobjects';
  if (!ok) {
    throw graphError('ERR_GRAPH_OVERAGE_LINK_MISMATCH',
      'the groups.link claim does not name the signed-in user in the signed tenant; it is not followed', {
        expected: `https://<graph host>/${tenantId}/users/${objectId}/getMemberObjects`,
        found: String(link).slice(0, 300),
      });
  }
}

function decodeURIComponentSafe(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
