// Directory sync (saml-edge/entra) into a real store: the part of tests/stores/entra-sync-*.mjs that runs
// where the store's client lives — in Node (Redis), in a Deno process (Deno KV), in a Worker (Durable
// Objects). Web APIs only; `entra` is the imported saml-edge/entra module and `store` an adapter
// (RedisStore, DurableObjectStore, DenoKvStore) used as the DirectoryStore as it is. The local directory
// server (tests/entra/directory-server.mjs) is driven through its control URL. Asserts counts and
// contents — what Graph listed against what the store holds, read back through the adapter — never timings.
//
//   runSyncScenario({ entra, store, reopen, urls, prefix }) -> [{ name, ok, error }]
//     reopen(): a second client of the same store (a new connection where the store has connections)
//   syncOnce({ entra, store, urls, prefix })      -> { ok, complete, users, groups } or { ok: false, code }
//   checkDirectory({ entra, store, urls, prefix }) -> what a strict checkLogin finds in the store

export const TENANT = '00000000-0000-0000-0000-000000000000';
const CLIENT_ID = '6731de76-14a6-49ae-97bc-6eba6914391e';
const SECRET = 'Qv8~tEsT.sEcReT-value_3fK9zLm2NpR7wXy';
export const BSIMON = '7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b';
const PROXY_ADMINS = 'b5c6d7e8-f9a0-4b1c-8d2e-3f4a5b6c7d8e';
export const USER = (n) => `00000001-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const GROUP = (n) => `00000002-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
/** The directory every scenario starts from: 5 + 10 users in pages of 3, 2 + 5 groups in pages of 2. */
const BULK_USERS = 10;
const EXTRA_GROUPS = 5;
const USERS_PAGE = 3;
const GROUPS_PAGE = 2;

/** POST {urls.control}/_control/{path}. */
export async function control(urls, path, body = {}) {
  const res = await fetch(`${urls.control}/_control/${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** Resets the directory server to the scenario's directory. */
export async function seedDirectory(urls) {
  await control(urls, 'reset', { pageSize: { users: USERS_PAGE, groups: GROUPS_PAGE } });
  await control(urls, 'users', { count: BULK_USERS, start: 100 });
  await control(urls, 'memberships', { userId: BSIMON, count: EXTRA_GROUPS, start: 1000 });
  return control(urls, 'directory');
}

function directory(entra, urls, store, prefix, over = {}) {
  return new entra.EntraDirectory({
    tenant: TENANT, clientId: CLIENT_ID, clientSecret: SECRET, authorityHost: urls.login, graphBaseUrl: urls.graph,
    store, storePrefix: prefix, ...over,
  });
}

/** An identity as finishLogin returns it (the claims checkLogin reads). */
function identity(oid) {
  return { nameId: oid, claims: { tenantid: [TENANT], objectidentifier: [oid] }, groupsOverageLink: null };
}

class AssertionError extends Error {}
function eq(found, expected, what) {
  const f = JSON.stringify(found);
  const e = JSON.stringify(expected);
  if (f !== e) throw new AssertionError(`${what}: expected ${e}, found ${f}`);
}
function assert(cond, what) {
  if (!cond) throw new AssertionError(what);
}

async function refusal(run) {
  try {
    await run();
  } catch (e) {
    return e?.code ?? String(e);
  }
  return null;
}

/** The record the store holds under `key`, parsed, or null. */
async function record(store, key) {
  const text = await store.get(key);
  return text === null ? null : JSON.parse(text);
}

const pick = (o, fields) => Object.fromEntries(fields.map((f) => [f, o[f] ?? null]));
const USER_FIELDS = ['id', 'userPrincipalName', 'displayName', 'accountEnabled'];

export async function runSyncScenario({ entra, store, reopen, urls, prefix }) {
  const results = [];
  const test = async (name, fn) => {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, error: String(e?.stack ?? e) });
    }
  };
  const deltaCalls = async (path) => (await control(urls, 'log')).log.filter((r) => r.server === 'graph' && r.path === path);

  const seeded = await seedDirectory(urls);
  const users = seeded.userRecords;

  await test(`delta sync pages ${users.length} users and ${seeded.groups.length} groups into the store; an interrupted round is resumed by another client from the state in the store`, async () => {
    const r1 = await directory(entra, urls, store, prefix).sync({ maxPages: 2 });
    eq([r1.complete, r1.users.complete, r1.users.pages, r1.users.upserted, r1.groups.pages], [false, false, 2, 2 * USERS_PAGE, 0], 'first run (2 pages)');
    const saved = await record(store, `${prefix}sync:users`);
    assert(saved.round?.kind === 'full' && saved.round.nextLink.includes('$skiptoken='), `the store holds the next page's link: ${JSON.stringify(saved)}`);
    const second = await reopen();
    const r2 = await directory(entra, urls, second, prefix).sync();
    const userPages = Math.ceil(users.length / USERS_PAGE);
    eq([r2.complete, r2.users.full, r2.users.pages, r2.users.upserted], [true, true, userPages - 2, users.length - 2 * USERS_PAGE], 'second run: users');
    eq([r2.groups.pages, r2.groups.upserted], [Math.ceil(seeded.groups.length / GROUPS_PAGE), seeded.groups.length], 'second run: groups');
    const calls = await deltaCalls('/v1.0/users/delta');
    eq(calls.length, userPages, 'every users page requested once');
    eq(calls.filter((c) => c.query.startsWith('?$skiptoken=')).length, userPages - 1, 'pages 2.. along @odata.nextLink');
    for (const u of users) {
      const rec = await record(store, `${prefix}user:${u.id}`);
      assert(rec !== null, `user ${u.id} is in the store`);
      eq(pick(rec, USER_FIELDS), pick(u, USER_FIELDS), `the store's record of ${u.userPrincipalName}`);
      eq(rec.generation, 1, `${u.userPrincipalName}: generation`);
    }
    for (const g of seeded.groups) {
      const rec = await record(store, `${prefix}group:${g.id}`);
      eq(pick(rec ?? {}, ['id', 'displayName', 'securityEnabled']), pick(g, ['id', 'displayName', 'securityEnabled']), `the store's record of group ${g.displayName}`);
    }
    const state = await record(store, `${prefix}sync:users`);
    assert(state.round === null && state.deltaLink.includes('$deltatoken='), 'the delta link is saved for the next run');
    eq(await store.get(`${prefix}sync:lease`), null, 'the lease is released');
  });

  await test('the next run follows the delta link: creates, partial updates, deletions and soft deletions reach the store', async () => {
    await control(urls, 'settings', { minimalChanges: true });
    await control(urls, 'mutate', {
      users: {
        add: [{ id: USER(9), userPrincipalName: 'new@contoso.com', displayName: 'New', accountEnabled: true }],
        update: [{ id: BSIMON, displayName: 'Bea Simon' }],
        remove: [USER(1), { id: USER(2), reason: 'changed' }],
      },
      groups: { update: [{ id: PROXY_ADMINS, displayName: 'Proxy Administrators' }], remove: [GROUP(1000)] },
    });
    const before = (await deltaCalls('/v1.0/users/delta')).length;
    const r = await directory(entra, urls, store, prefix).sync();
    eq([r.complete, r.users.full, r.users.upserted, r.users.removed], [true, false, 2, 2], 'users: a round of changes');
    eq([r.groups.full, r.groups.upserted, r.groups.removed], [false, 1, 1], 'groups: a round of changes');
    const calls = (await deltaCalls('/v1.0/users/delta')).slice(before);
    assert(calls[0].query.startsWith('?$deltatoken='), `the run starts at the saved delta link: ${calls[0].query}`);
    eq(await store.get(`${prefix}user:${USER(1)}`), null, 'deleted user: key deleted');
    eq(await store.get(`${prefix}user:${USER(2)}`), null, 'soft-deleted user: key deleted');
    eq(await store.get(`${prefix}group:${GROUP(1000)}`), null, 'deleted group: key deleted');
    const bea = await record(store, `${prefix}user:${BSIMON}`);
    eq([bea.displayName, bea.userPrincipalName], ['Bea Simon', 'B.Simon@contoso.com'], 'updated user: only displayName was sent, the rest kept');
    eq((await record(store, `${prefix}group:${PROXY_ADMINS}`)).displayName, 'Proxy Administrators', 'renamed group');
    eq(pick(await record(store, `${prefix}user:${USER(9)}`), USER_FIELDS),
      { id: USER(9), userPrincipalName: 'new@contoso.com', displayName: 'New', accountEnabled: true }, 'created user');
  });

  await test('a resync (the delta token expired: 410 Gone) starts generation 2; users deleted meanwhile without a change record drop out', async () => {
    await control(urls, 'expire-delta-tokens');
    await control(urls, 'mutate', { users: { silentRemove: [USER(3), USER(100)] } });
    const expected = (await control(urls, 'directory')).users;
    const d = directory(entra, urls, store, prefix);
    const r = await d.sync({ resources: ['users'] });
    eq([r.complete, r.users.resynced, r.users.full, r.users.upserted], [true, true, true, expected.length], 'stats');
    eq((await d.syncStatus()).users.generation, 2, 'generation');
    eq((await record(store, `${prefix}user:${USER(3)}`))?.generation, 1, 'the stale record is still in the store, from generation 1');
    eq(await d.lookupUser(USER(3)), null, '... and counts as absent');
    eq(await d.lookupUser(USER(100)), null, 'the other silently deleted user too');
    let found = 0;
    for (const id of expected) if ((await d.lookupUser(id)) !== null) found++;
    eq(found, expected.length, 'every user of the directory is synchronized');
  });

  await test('checkLogin with allowUnsynchronizedUsers: false reads the synchronized directory from the store (another client)', async () => {
    const strict = directory(entra, urls, await reopen(), prefix, { allowUnsynchronizedUsers: false });
    const bea = await strict.checkLogin(identity(BSIMON));
    eq([bea.synchronized, bea.user.displayName, bea.user.userPrincipalName], [true, 'Bea Simon', 'B.Simon@contoso.com'], 'B. Simon');
    eq((await strict.checkLogin(identity(USER(9)))).user.userPrincipalName, 'new@contoso.com', 'the user created since the first run');
    for (const [oid, why] of [[USER(1), 'deleted'], [USER(2), 'soft-deleted'], [USER(3), 'deleted without a change record'], [USER(42), 'never in the directory']]) {
      eq(await refusal(() => strict.checkLogin(identity(oid))), 'ERR_ENTRA_USER_NOT_SYNCHRONIZED', `${why} user`);
    }
    const open = directory(entra, urls, await reopen(), prefix);
    eq(await open.checkLogin(identity(USER(42))), { synchronized: false, user: null }, 'with the policy on (default), an unknown user passes as unsynchronized');
    const empty = directory(entra, urls, new entra.MemoryDirectoryStore(), prefix, { allowUnsynchronizedUsers: false });
    eq(await refusal(() => empty.checkLogin(identity(BSIMON))), 'ERR_ENTRA_USER_NOT_SYNCHRONIZED', 'the same user against an empty store');
  });

  return results;
}

/** One sync run (the two concurrent runs of the lease test each do one). */
export async function syncOnce({ entra, store, urls, prefix }) {
  try {
    const r = await directory(entra, urls, store, prefix).sync();
    return { ok: true, complete: r.complete, users: r.users.upserted, groups: r.groups.upserted };
  } catch (e) {
    return { ok: false, code: e?.code ?? null, message: String(e?.message ?? e) };
  }
}

/**
 * What a strict checkLogin finds in the store after a sync (no Graph call): how many of the directory
 * server's users and groups, B. Simon's login, an unknown user's login, the lease key and syncStatus().
 */
export async function checkDirectory({ entra, store, urls, prefix }) {
  const dir = await control(urls, 'directory');
  const strict = directory(entra, urls, store, prefix, { allowUnsynchronizedUsers: false });
  let usersFound = 0;
  for (const id of dir.users) if ((await strict.lookupUser(id)) !== null) usersFound++;
  let groupsFound = 0;
  for (const g of dir.groups) if ((await strict.lookupGroup(g.id)) !== null) groupsFound++;
  let bsimon;
  try {
    bsimon = (await strict.checkLogin(identity(BSIMON))).user.userPrincipalName;
  } catch (e) {
    bsimon = e?.code ?? String(e);
  }
  return {
    users: dir.users.length,
    usersFound,
    groups: dir.groups.length,
    groupsFound,
    bsimon, // B. Simon's userPrincipalName when checkLogin admits him, else the refusal's code
    unknown: await refusal(() => strict.checkLogin(identity(USER(42)))),
    lease: await store.get(`${prefix}sync:lease`),
    status: Object.fromEntries(Object.entries(await strict.syncStatus()).map(([k, v]) => [k, { generation: v.generation, inProgress: v.inProgress }])),
  };
}
