// The saml-edge/entra suite: one function, run by small runners on Node, Deno, workerd and Chromium
// (tests/entra/runtimes/*) against the package's `saml-edge/entra` export and the local directory server
// (directory-server.mjs, started by the runner on 127.0.0.1). Web APIs only. Each test resets the
// server, sets it up through its control URL, and asserts what the client did (the server's request log,
// counts of retries and waits on an injected clock) and what it returned. Never timings.
//
//   runEntraSuite(entra, { login, graph, control }, { log }) -> { passed, failed, failures }

const TENANT = '00000000-0000-0000-0000-000000000000';
const OTHER_TENANT = '99999999-8888-4777-8666-555555555555';
const DOMAIN = 'contoso.onmicrosoft.com';
const CLIENT_ID = '6731de76-14a6-49ae-97bc-6eba6914391e';
const SECRET = 'Qv8~tEsT.sEcReT-value_3fK9zLm2NpR7wXy';
const BSIMON = '7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b';
const TOKEN_GROUPS = ['3f6a2b1c-8d4e-4f5a-9b6c-7d8e9f0a1b2c', 'b5c6d7e8-f9a0-4b1c-8d2e-3f4a5b6c7d8e'];
const USER = (n) => `00000001-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const GROUP = (n) => `00000002-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const START = Date.UTC(2026, 0, 15, 10, 0, 0);

class AssertionError extends Error {}
function assert(cond, message) {
  if (!cond) throw new AssertionError(message);
}
function eq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionError(`${what}: expected ${e}, found ${a}`);
}

/** An identity as finishLogin returns it (the fields the directory client reads). */
function identity({ oid = BSIMON, tid = TENANT, groups = TOKEN_GROUPS, link = null } = {}) {
  const claims = { tenantid: [tid], objectidentifier: [oid], upn: ['B.Simon@contoso.com'] };
  if (groups) claims.groups = [...groups];
  if (link) claims['groups.link'] = [link];
  return { nameId: 'B.Simon@contoso.com', loginName: 'bsimon', claims, groupsOverageLink: link };
}
const overageLink = (tid = TENANT, oid = BSIMON) => `https://graph.windows.net/${tid}/users/${oid}/getMemberObjects`;

/** A clock the client reads and sleeps on: sleeping advances it and is recorded, nothing waits. */
function fakeClock() {
  const c = {
    t: START,
    sleeps: [],
    now: () => c.t,
    sleep: async (ms) => {
      c.sleeps.push(ms);
      c.t += ms;
    },
  };
  return c;
}

export async function runEntraSuite(entra, urls, { log = () => {} } = {}) {
  const { EntraDirectory, MemoryDirectoryStore, GraphError, EntraPolicyError, SamlError, ENTRA_ERROR_CODES } = entra;
  const tests = [];
  const test = (name, fn) => tests.push({ name, fn });
  const errorsSeen = [];

  async function control(path, body = {}) {
    const res = await fetch(`${urls.control}/_control/${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`control ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  }
  const serverLog = async () => (await control('log')).log;
  const graphCalls = (l, path) => l.filter((r) => r.server === 'graph' && (path === undefined || r.path.includes(path)));
  const tokenCalls = (l) => l.filter((r) => r.server === 'login');

  function directory(over = {}) {
    const clock = over.clock ?? fakeClock();
    const { clock: _c, ...rest } = over;
    const d = new EntraDirectory({
      tenant: TENANT, clientId: CLIENT_ID, clientSecret: SECRET,
      authorityHost: urls.login, graphBaseUrl: urls.graph, now: clock.now, sleep: clock.sleep, ...rest,
    });
    return { d, clock };
  }

  /** Runs fn, which must throw a GraphError (or the given class) with `code`; returns the error. */
  async function rejects(fn, code, Class = GraphError) {
    let error;
    try {
      await fn();
    } catch (e) {
      error = e;
    }
    assert(error !== undefined, `expected ${code}, but nothing was thrown`);
    if (!(error instanceof Class)) throw new AssertionError(`expected a ${Class.name} ${code}, got ${error?.stack ?? error}`);
    eq(error.code, code, 'error code');
    assert(error instanceof SamlError, 'the error is a SamlError');
    assert(error.detail !== null && typeof error.detail === 'object', 'the error has a detail object');
    errorsSeen.push(error);
    return error;
  }

  // ---- 1. App-only token (client credentials) -------------------------------------------------------

  test('token: the client credentials request has the documented form, and Graph gets the token', async () => {
    const { d } = directory();
    await d.resolveGroups(identity({ link: overageLink() }));
    const l = await serverLog();
    const t = tokenCalls(l);
    eq(t.length, 1, 'token requests');
    eq(t[0].method, 'POST', 'method');
    eq(t[0].path, `/${TENANT}/oauth2/v2.0/token`, 'token path (tenant ID)');
    assert(t[0].contentType.startsWith('application/x-www-form-urlencoded'), 'form-encoded body');
    const form = new URLSearchParams(t[0].body);
    eq([...form.keys()].sort(), ['client_id', 'client_secret', 'grant_type', 'scope'], 'form fields');
    eq(form.get('grant_type'), 'client_credentials', 'grant_type');
    eq(form.get('scope'), 'https://graph.microsoft.com/.default', 'scope');
    eq(form.get('client_id'), CLIENT_ID, 'client_id');
    const g = graphCalls(l);
    assert(g.length > 0 && g.every((r) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(r.authorization)), 'Graph calls carry Bearer <JWT>');
  });

  test('token: a custom domain names the tenant; the tenant GUID then comes from the token', async () => {
    const { d } = directory({ tenant: DOMAIN });
    const r = await d.resolveGroups(identity({ link: overageLink() }));
    eq(r.tenantId, TENANT, 'tenant');
    const t = tokenCalls(await serverLog());
    eq(t.map((x) => x.path), [`/${DOMAIN}/oauth2/v2.0/token`], 'token path (domain)');
    // A login from another tenant is refused even though the option named a domain.
    await rejects(() => d.resolveGroups(identity({ tid: OTHER_TENANT, link: overageLink(OTHER_TENANT) })), 'ERR_GRAPH_TENANT_MISMATCH');
  });

  test('token: cached until 5 minutes before expires_in, then asked for again', async () => {
    const { d, clock } = directory();
    const who = identity({ link: overageLink() });
    await d.resolveGroups(who);
    clock.t += (3599 - 300) * 1000 - 1;
    await d.resolveGroups(who);
    eq(tokenCalls(await serverLog()).length, 1, 'token requests while fresh');
    clock.t += 1;
    await d.resolveGroups(who);
    eq(tokenCalls(await serverLog()).length, 2, 'token requests after the refresh point');
    eq(d.tokenRequests, 2, 'tokenRequests');
  });

  test('token: concurrent calls share one token request', async () => {
    const { d } = directory();
    const who = identity({ link: overageLink() });
    await Promise.all([1, 2, 3, 4, 5].map(() => d.resolveGroups(who)));
    const l = await serverLog();
    eq(tokenCalls(l).length, 1, 'token requests');
    eq(graphCalls(l, '/getMemberGroups').length, 5, 'getMemberGroups calls');
  });

  const tokenFailures = [
    ['tenant not found (AADSTS90002)', { tenant: '12345678-1234-4123-8123-123456789abc' }, null, 'ERR_GRAPH_TENANT_NOT_FOUND', 90002, 'Directory (tenant) ID'],
    ['unknown domain (AADSTS90002)', { tenant: 'fabrikam.example' }, null, 'ERR_GRAPH_TENANT_NOT_FOUND', 90002, 'Directory (tenant) ID'],
    ['wrong client ID (AADSTS700016)', { clientId: '0f0f0f0f-1111-4222-8333-444444444444' }, null, 'ERR_GRAPH_CLIENT_NOT_FOUND', 700016, 'Application (client) ID'],
    ['wrong secret (AADSTS7000215)', { clientSecret: 'the-secret-id-not-its-value' }, null, 'ERR_GRAPH_CLIENT_SECRET_INVALID', 7000215, 'Certificates & secrets'],
    ['expired secret (AADSTS7000222)', {}, { secretExpired: true }, 'ERR_GRAPH_CLIENT_SECRET_EXPIRED', 7000222, 'New client secret'],
    ['disabled application (AADSTS7000112)', {}, { disabled: true }, 'ERR_GRAPH_CLIENT_DISABLED', 7000112, 'Enabled for users to sign-in?'],
  ];
  for (const [name, options, app, code, aadsts, fixWords] of tokenFailures) {
    test(`token: ${name} -> ${code} with the fix`, async () => {
      if (app) await control('app', app);
      const { d } = directory(options);
      const e = await rejects(() => d.sync({ resources: ['users'] }), code);
      eq(e.detail.aadsts, [aadsts], 'AADSTS code');
      assert(typeof e.detail.fix === 'string' && e.detail.fix.includes(fixWords), `the fix mentions "${fixWords}": ${e.detail.fix}`);
      assert(typeof e.detail.traceId === 'string' && typeof e.detail.correlationId === 'string', 'trace and correlation IDs');
      eq(graphCalls(await serverLog()).length, 0, 'Graph calls');
    });
  }

  test('token: the secret is in the token request body and nowhere else (errors, JSON, other requests)', async () => {
    await control('app', { secretExpired: true });
    const { d } = directory();
    const e = await rejects(() => d.testConnection().then((r) => { throw r.error; }), 'ERR_GRAPH_CLIENT_SECRET_EXPIRED');
    await control('app', { secretExpired: false });
    await d.resolveGroups(identity({ link: overageLink() }));
    const l = await serverLog();
    for (const r of l) {
      const inBody = r.body.includes(SECRET);
      const allowed = r.server === 'login' && new URLSearchParams(r.body).get('client_secret') === SECRET;
      assert(!inBody || allowed, `the secret appears in ${r.method} ${r.path}`);
      assert(!`${r.path}${r.query}${r.authorization ?? ''}`.includes(SECRET), `the secret appears in the URL or headers of ${r.path}`);
    }
    for (const text of [JSON.stringify(d), String(d), Object.keys(d).join(), JSON.stringify(e), e.message, String(e.stack)]) {
      assert(!text.includes(SECRET), 'the secret leaks through the directory object or an error');
    }
  });

  test('options: a bad option is a TypeError at construction', async () => {
    const base = { tenant: TENANT, clientId: CLIENT_ID, clientSecret: SECRET };
    const bad = [
      { ...base, tenant: 'common' },
      { ...base, tenant: 'https://login.microsoftonline.com/x' },
      { ...base, clientId: 'my-app' },
      { ...base, clientSecret: '' },
      { ...base, graphBaseUrl: 'http://graph.example.com/v1.0' },
      { ...base, authorityHost: 'ftp://127.0.0.1' },
      { ...base, colour: 'blue' },
      { ...base, retry: { maxRetries: -1 } },
      { ...base, retry: { tries: 3 } },
      { ...base, syncLeaseMs: 1000 },
      { ...base, store: { get() {}, put() {} } },
      { ...base, allowUnsynchronizedUsers: 'no' },
    ];
    for (const o of bad) {
      let thrown;
      try {
        new EntraDirectory(o);
      } catch (e) {
        thrown = e;
      }
      assert(thrown instanceof TypeError, `not refused: ${JSON.stringify({ ...o, clientSecret: undefined })}`);
      assert(!String(thrown.message).includes(SECRET), 'the secret in a TypeError');
    }
    const ok = new EntraDirectory({ ...base, graphBaseUrl: 'http://localhost:1/v1.0' });
    eq(ok.allowUnsynchronizedUsers, true, 'allowUnsynchronizedUsers default');
  });

  // ---- 2. Group overage -------------------------------------------------------------------------------

  test('overage: without groups.link the token groups are used and Graph is not called', async () => {
    const { d } = directory();
    const r = await d.resolveGroups(identity());
    eq(r.source, 'assertion', 'source');
    eq(r.groupIds, TOKEN_GROUPS, 'groups');
    eq(r.groups, null, 'no names asked for');
    eq((await serverLog()).length, 0, 'requests');
  });

  test('overage: 200 groups via getMemberGroups (securityEnabledOnly), for the signed object ID only', async () => {
    await control('memberships', { userId: BSIMON, count: 200, nonSecurityEvery: 10 });
    const { d } = directory();
    const r = await d.resolveGroups(identity({ groups: null, link: overageLink() }));
    eq(r.source, 'getMemberGroups', 'source');
    const dir = await control('directory', { userId: BSIMON });
    const expected = dir.groups.filter((g) => g.securityEnabled && dir.transitive.includes(g.id)).map((g) => g.id).sort();
    eq([...r.groupIds].sort(), expected, 'security groups');
    eq(r.groupIds.length, 2 + 180, 'count (20 of 200 are not security groups)');
    const g = graphCalls(await serverLog());
    eq(g.map((x) => `${x.method} ${x.path}`), [`POST /v1.0/users/${BSIMON}/getMemberGroups`], 'Graph calls');
    eq(JSON.parse(g[0].body), { securityEnabledOnly: true }, 'body');
  });

  test('overage: securityEnabledOnly: false includes every group; force: true asks Graph without a link', async () => {
    await control('memberships', { userId: BSIMON, count: 20, nonSecurityEvery: 4 });
    const { d } = directory({ securityEnabledOnly: false });
    const r = await d.resolveGroups(identity(), { force: true });
    eq(r.source, 'getMemberGroups', 'source');
    eq(r.groupIds.length, 22, 'all groups');
    eq(JSON.parse(graphCalls(await serverLog())[0].body), { securityEnabledOnly: false }, 'body');
  });

  test('overage: nested groups are transitive (getMemberGroups)', async () => {
    await control('memberships', { userId: BSIMON, count: 5, nested: true, start: 5000 });
    const { d } = directory();
    const r = await d.resolveGroups(identity({ link: overageLink() }));
    for (let i = 0; i < 5; i++) assert(r.groupIds.includes(GROUP(5000 + i)), `nested group ${i}`);
  });

  test('overage: exactly 11,000 groups come from getMemberGroups in one answer', async () => {
    await control('memberships', { userId: BSIMON, count: 11_000 - 2 });
    const { d } = directory();
    const r = await d.resolveGroups(identity({ link: overageLink() }));
    eq(r.source, 'getMemberGroups', 'source');
    eq(r.groupIds.length, 11_000, 'groups');
    eq(graphCalls(await serverLog()).length, 1, 'Graph calls');
  });

  test('overage: above 11,000, Directory_ResultSizeLimitExceeded -> paged transitiveMemberOf (groups only)', async () => {
    await control('memberships', { userId: BSIMON, count: 12_000, nonSecurityEvery: 1000, roles: 3 });
    const { d } = directory();
    const r = await d.resolveGroups(identity({ link: overageLink() }));
    eq(r.source, 'transitiveMemberOf', 'source');
    eq(r.groupIds.length, 2 + 12_000 - 12, 'security groups (12 of 12,000 are not; 3 directory roles dropped)');
    assert(r.groups.every((g) => typeof g.displayName === 'string'), 'names come with the listing');
    eq(r.groups.find((g) => g.id === GROUP(1000)).displayName, 'Group 1000', 'a name');
    const l = graphCalls(await serverLog());
    eq(l[0].path, `/v1.0/users/${BSIMON}/getMemberGroups`, 'first call');
    const pages = l.slice(1);
    eq(pages.length, Math.ceil((2 + 12_000 + 3) / 999), 'transitiveMemberOf pages ($top=999)');
    assert(pages.every((x) => x.path === `/v1.0/users/${BSIMON}/transitiveMemberOf`), 'paging stays on transitiveMemberOf');
    assert(pages[0].query.includes('$top=999') && pages[0].query.includes('$select=id,displayName,securityEnabled'), 'first page query');
    assert(pages.slice(1).every((x) => x.query.includes('$skiptoken=')), 'then @odata.nextLink');
    const all = await directory({ securityEnabledOnly: false }).d.resolveGroups(identity({ link: overageLink() }));
    eq([all.source, all.groupIds.length], ['transitiveMemberOf', 2 + 12_000], 'every group, still no directory role');
  });

  test('overage: display names via getByIds in batches of 1,000', async () => {
    await control('memberships', { userId: BSIMON, count: 2_498 });
    const { d } = directory();
    const r = await d.resolveGroups(identity({ link: overageLink() }), { names: true });
    eq(r.groups.length, 2_500, 'groups');
    eq(r.groups.find((g) => g.id === GROUP(2000)).displayName, 'Group 2000', 'a name');
    eq(r.groups.find((g) => g.id === TOKEN_GROUPS[1]).displayName, 'Proxy Admins', 'another name');
    const calls = graphCalls(await serverLog(), '/directoryObjects/getByIds');
    eq(calls.map((c) => JSON.parse(c.body).ids.length), [1000, 1000, 500], 'batch sizes');
    assert(calls.every((c) => JSON.stringify(JSON.parse(c.body).types) === '["group"]'), 'types: ["group"]');
  });

  test('overage: a groups.link naming another tenant or user is refused before any request', async () => {
    const { d } = directory();
    for (const link of [overageLink(OTHER_TENANT, BSIMON), overageLink(TENANT, USER(1)),
      `http://graph.windows.net/${TENANT}/users/${BSIMON}/getMemberObjects`, 'not a url',
      `https://graph.windows.net/${TENANT}/users/${BSIMON}/getMemberObjects/../../${USER(1)}`]) {
      const e = await rejects(() => d.resolveGroups(identity({ link })), 'ERR_GRAPH_OVERAGE_LINK_MISMATCH');
      assert(e.detail.expected.includes(BSIMON), 'detail.expected names the user');
    }
    eq(graphCalls(await serverLog()).length, 0, 'Graph calls');
  });

  test('overage: the link is never requested; Graph is asked at its configured URL', async () => {
    const requested = [];
    const recording = (input, init) => {
      requested.push(String(input));
      return fetch(input, init);
    };
    const { d } = directory({ fetch: recording });
    const link = `https://graph.example.net/${TENANT}/users/${BSIMON}/getMemberObjects`;
    const r = await d.resolveGroups(identity({ link }));
    eq(r.source, 'getMemberGroups', 'source');
    eq(requested.length, 2, 'requests (token, getMemberGroups)');
    assert(requested[0].startsWith(`${urls.login}/`) && requested[1] === `${urls.graph}/users/${BSIMON}/getMemberGroups`,
      `requested: ${requested.join(', ')}`);
  });

  test('identity: another tenant, a missing or non-GUID object ID are refused before any request', async () => {
    const { d } = directory();
    await rejects(() => d.resolveGroups(identity({ tid: OTHER_TENANT, link: overageLink(OTHER_TENANT) })), 'ERR_GRAPH_TENANT_MISMATCH');
    await rejects(() => d.resolveGroups(identity({ oid: '../../directoryObjects/getByIds', link: overageLink() })), 'ERR_GRAPH_IDENTITY_INVALID');
    const noOid = identity();
    delete noOid.claims.objectidentifier;
    await rejects(() => d.resolveGroups(noOid), 'ERR_GRAPH_IDENTITY_INVALID');
    const twoTenants = identity();
    twoTenants.claims.tenantid.push(OTHER_TENANT);
    await rejects(() => d.checkLogin(twoTenants), 'ERR_GRAPH_IDENTITY_INVALID');
    eq((await serverLog()).length, 0, 'requests');
  });

  test('overage: an unknown user -> ERR_GRAPH_USER_NOT_FOUND; too many groups -> ERR_GRAPH_TOO_MANY_GROUPS', async () => {
    const { d } = directory();
    await rejects(() => d.resolveGroups(identity({ oid: USER(77), link: overageLink(TENANT, USER(77)) })), 'ERR_GRAPH_USER_NOT_FOUND');
    await control('memberships', { userId: BSIMON, count: 300 });
    const small = directory({ maxGroups: 100 }).d;
    const e = await rejects(() => small.resolveGroups(identity({ link: overageLink() })), 'ERR_GRAPH_TOO_MANY_GROUPS');
    eq(e.detail.maxGroups, 100, 'detail.maxGroups');
  });

  test('paging: links outside the Graph base URL (another host, or ../ out of /v1.0) are refused, never requested', async () => {
    for (const link of [`${urls.graph}/../beta/users/${BSIMON}/transitiveMemberOf`, `${urls.graph}x/users`,
      `${urls.graph.replace('127.0.0.1', 'localhost')}/users`]) {
      await control('reset');
      await control('faults', { faults: [
        { server: 'graph', path: `/v1.0/users/${BSIMON}/getMemberGroups`, status: 400,
          body: { error: { code: 'Directory_ResultSizeLimitExceeded', message: 'limit' } } },
        { server: 'graph', path: `/v1.0/users/${BSIMON}/transitiveMemberOf`, status: 200, body: { value: [], '@odata.nextLink': link } },
      ] });
      await rejects(() => directory().d.resolveGroups(identity({ link: overageLink() })), 'ERR_GRAPH_RESPONSE_INVALID');
      eq(graphCalls(await serverLog()).length, 2, `requests (${link})`);
    }
  });

  test('paging: an @odata.nextLink outside the Graph base URL is refused, never requested', async () => {
    await control('faults', { faults: [
      { server: 'graph', path: `/v1.0/users/${BSIMON}/getMemberGroups`, status: 400,
        body: { error: { code: 'Directory_ResultSizeLimitExceeded', message: 'limit' } } },
      { server: 'graph', path: `/v1.0/users/${BSIMON}/transitiveMemberOf`, status: 200,
        body: { value: [], '@odata.nextLink': `${urls.control}/v1.0/users/${BSIMON}/transitiveMemberOf?$skiptoken=x` } },
    ] });
    const { d } = directory();
    const e = await rejects(() => d.resolveGroups(identity({ link: overageLink() })), 'ERR_GRAPH_RESPONSE_INVALID');
    assert(e.message.includes('outside the Graph base URL'), e.message);
    eq((await serverLog()).filter((x) => x.server === 'stray').length, 0, 'requests to the foreign link');
  });

  // ---- 3. Test Connection -------------------------------------------------------------------------------

  test('testConnection: all good -> a fresh token and the two delta reads with $deltatoken=latest', async () => {
    const { d } = directory();
    const r = await d.testConnection();
    eq(r.ok, true, 'ok');
    eq(r.error, null, 'error');
    eq(r.tenantId, TENANT, 'tenantId');
    eq(r.checks.map((c) => [c.name, c.ok, c.permission]), [['token', true, null], ['users', true, 'User.Read.All'],
      ['groups', true, 'Group.Read.All']], 'checks');
    assert(r.grantedPermissions.includes('User.Read.All') && r.grantedPermissions.includes('Group.Read.All'), 'granted');
    const l = await serverLog();
    eq(tokenCalls(l).length, 1, 'token requests');
    eq(graphCalls(l).map((x) => `${x.path}${x.query}`), ['/v1.0/users/delta?$select=id&$deltatoken=latest',
      '/v1.0/groups/delta?$select=id&$deltatoken=latest'], 'reads');
    await d.testConnection();
    eq(tokenCalls(await serverLog()).length, 2, 'each Test Connection asks for a new token');
  });

  const connectionCases = [
    ['tenant not found', { tenant: '12345678-1234-4123-8123-123456789abc' }, null, 'token', 'ERR_GRAPH_TENANT_NOT_FOUND', 'Directory (tenant) ID'],
    ['bad client ID', { clientId: '0f0f0f0f-1111-4222-8333-444444444444' }, null, 'token', 'ERR_GRAPH_CLIENT_NOT_FOUND', 'Application (client) ID'],
    ['bad secret', { clientSecret: 'wrong' }, null, 'token', 'ERR_GRAPH_CLIENT_SECRET_INVALID', 'Value'],
    ['expired secret', {}, { secretExpired: true }, 'token', 'ERR_GRAPH_CLIENT_SECRET_EXPIRED', 'Expires'],
    ['no admin consent', {}, { roles: [] }, 'users', 'ERR_GRAPH_CONSENT_MISSING', 'Grant admin consent'],
    ['Group.Read.All missing', {}, { roles: ['User.Read.All'] }, 'groups', 'ERR_GRAPH_PERMISSION_MISSING', 'Group.Read.All'],
    ['User.Read.All missing', {}, { roles: ['Group.Read.All'] }, 'users', 'ERR_GRAPH_PERMISSION_MISSING', 'User.Read.All'],
  ];
  for (const [name, options, app, failing, code, fixWords] of connectionCases) {
    test(`testConnection: ${name} -> ${code} on the "${failing}" check, with the fix`, async () => {
      if (app) await control('app', app);
      const { d } = directory(options);
      const r = await d.testConnection();
      eq(r.ok, false, 'ok');
      const last = r.checks[r.checks.length - 1];
      eq([last.name, last.ok, last.code], [failing, false, code], 'failing check');
      assert(r.checks.slice(0, -1).every((c) => c.ok), 'the checks before it passed');
      assert(last.fix.includes(fixWords), `the fix mentions "${fixWords}": ${last.fix}`);
      assert(r.error instanceof GraphError && r.error.code === code, 'report.error');
      errorsSeen.push(r.error);
      if (code === 'ERR_GRAPH_PERMISSION_MISSING') eq(r.error.detail.required, [fixWords], 'detail.required');
    });
  }

  test('testConnection: groupNames checks getByIds, which needs Directory.Read.All', async () => {
    await control('app', { roles: ['User.Read.All', 'Group.Read.All'] });
    const { d } = directory();
    eq((await d.testConnection()).ok, true, 'without groupNames');
    const r = await d.testConnection({ groupNames: true });
    eq(r.checks.map((c) => c.ok), [true, true, true, false], 'checks');
    eq(r.error.code, 'ERR_GRAPH_PERMISSION_MISSING', 'code');
    eq(r.error.detail.required, ['Directory.Read.All'], 'required');
    eq(r.error.detail.granted, ['User.Read.All', 'Group.Read.All'], 'granted');
    await control('app', { roles: ['User.Read.All', 'Group.Read.All', 'Directory.Read.All'] });
    eq((await d.testConnection({ groupNames: true })).ok, true, 'once consented (a fresh token sees it)');
  });

  // ---- 4. Directory sync and the unsynchronized-user policy -----------------------------------------------

  test('sync: first run pages through users and groups delta, saves the delta links', async () => {
    const { d } = directory();
    const r = await d.sync();
    eq([r.complete, r.users.complete, r.users.full, r.users.pages, r.users.upserted], [true, true, true, 3, 5], 'users stats');
    eq([r.groups.pages, r.groups.upserted], [1, 2], 'groups stats');
    const u = await d.lookupUser(BSIMON);
    eq([u.id, u.userPrincipalName, u.displayName, u.accountEnabled], [BSIMON, 'B.Simon@contoso.com', 'B. Simon', true], 'record');
    eq((await d.lookupGroup(TOKEN_GROUPS[1])).displayName, 'Proxy Admins', 'group record');
    const s = await d.syncStatus();
    eq([s.users.generation, s.users.inProgress, s.groups.generation], [1, false, 1], 'status');
    const l = graphCalls(await serverLog(), '/users/delta');
    eq(l[0].query, '?$select=id,displayName,userPrincipalName,accountEnabled', 'initial query');
    assert(l.slice(1).every((x) => x.query.startsWith('?$skiptoken=')), 'then @odata.nextLink');
  });

  test('sync: the next run follows the delta link and applies creates, partial updates and removals', async () => {
    await control('settings', { minimalChanges: true });
    const { d } = directory();
    await d.sync();
    await control('mutate', { users: {
      add: [{ id: USER(9), userPrincipalName: 'new@contoso.com', displayName: 'New', accountEnabled: true }],
      update: [{ id: BSIMON, displayName: 'Bea Simon' }],
      remove: [USER(1), { id: USER(2), reason: 'changed' }],
    } });
    const r = await d.sync({ resources: ['users'] });
    eq([r.users.full, r.users.upserted, r.users.removed], [false, 2, 2], 'stats');
    const u = await d.lookupUser(BSIMON);
    eq([u.displayName, u.userPrincipalName], ['Bea Simon', 'B.Simon@contoso.com'], 'merged (only displayName was sent)');
    eq((await d.lookupUser(USER(9))).userPrincipalName, 'new@contoso.com', 'created');
    eq(await d.lookupUser(USER(1)), null, 'deleted');
    eq(await d.lookupUser(USER(2)), null, 'soft-deleted');
    const l = graphCalls(await serverLog(), '/users/delta');
    assert(l.some((x) => x.query.startsWith('?$deltatoken=')), 'the second run follows the delta link');
  });

  test('sync: maxPages stops a run; the next run resumes from the saved nextLink', async () => {
    await control('users', { count: 7 });
    const { d } = directory();
    const r1 = await d.sync({ resources: ['users'], maxPages: 2 });
    eq([r1.complete, r1.users.pages, r1.users.upserted], [false, 2, 4], 'first run');
    eq((await d.syncStatus()).users.inProgress, true, 'in progress');
    const r2 = await d.sync({ resources: ['users'] });
    eq([r2.complete, r2.users.pages, r2.users.upserted], [true, 4, 8], 'second run');
    const l = graphCalls(await serverLog(), '/users/delta');
    eq(l.length, 6, 'pages requested in all');
    assert(l[2].query.startsWith('?$skiptoken='), 'the second run starts at the saved nextLink');
    eq((await d.syncStatus()).users.generation, 1, 'one full round');
  });

  for (const mode of ['410', 'syncStateNotFound']) {
    test(`sync: an expired delta token (${mode === '410' ? '410 Gone' : '400 syncStateNotFound'}) restarts a full round; objects deleted meanwhile drop out`, async () => {
      await control('settings', { deltaResetMode: mode });
      const { d } = directory();
      await d.sync();
      await control('expire-delta-tokens');
      await control('mutate', { users: { silentRemove: [USER(3)] } });
      const r = await d.sync({ resources: ['users'] });
      eq([r.users.resynced, r.users.full, r.users.complete], [true, true, true], 'stats');
      eq((await d.syncStatus()).users.generation, 2, 'generation');
      eq(await d.lookupUser(USER(3)), null, 'the user deleted without a change record is gone');
      assert((await d.lookupUser(USER(4))) !== null, 'the others remain');
    });
  }

  test('sync: one run at a time per store (lease through consume), released afterwards and after a failure', async () => {
    const clock = fakeClock();
    const store = new MemoryDirectoryStore({ now: clock.now });
    const a = directory({ store, clock }).d;
    const b = directory({ store, clock }).d;
    const first = a.sync();
    await rejects(() => b.sync(), 'ERR_GRAPH_SYNC_IN_PROGRESS');
    eq((await first).complete, true, 'first run');
    eq((await b.sync()).complete, true, 'after release');
    await control('app', { roles: [] });
    await control('expire-tokens');
    const c = directory({ store, clock }).d;
    await rejects(() => c.sync(), 'ERR_GRAPH_CONSENT_MISSING');
    await rejects(() => c.sync(), 'ERR_GRAPH_CONSENT_MISSING'); // not ERR_GRAPH_SYNC_IN_PROGRESS
  });

  test('sync: a run stops while a page still fits in its lease, and the next run resumes', async () => {
    await control('users', { count: 7 });
    const clock = fakeClock();
    // Every request takes 1.5 s on this clock; the lease is 8 s, a page may need 2 × (1 s + 1 s).
    const slow = (input, init) => {
      clock.t += 1500;
      return fetch(input, init);
    };
    const { d } = directory({ clock, fetch: slow, retry: { budgetMs: 1000 }, requestTimeoutMs: 1000, syncLeaseMs: 8000 });
    const r1 = await d.sync({ resources: ['users'] });
    eq([r1.complete, r1.users.pages], [false, 2], 'stopped at 3 s + 1.5 s > 8 s - 4 s (token, then two pages)');
    const r2 = await d.sync({ resources: ['users'] });
    eq([r2.complete, r2.users.pages], [false, 3], 'the next run goes on');
    const r3 = await d.sync({ resources: ['users'] });
    eq([r3.complete, r3.users.pages, (await d.syncStatus()).users.generation], [true, 1, 1], 'and completes the round');
  });

  test('sync: a lease left by a run that died expires after syncLeaseMs', async () => {
    const clock = fakeClock();
    const store = new MemoryDirectoryStore({ now: clock.now });
    eq(await store.consume('entra:sync:lease', clock.t + 15 * 60_000, clock.t), true, 'a run takes the lease and dies');
    eq(await store.consume('entra:sync:lease', clock.t + 15 * 60_000, clock.t), false, 'consume: insert-if-absent');
    const { d } = directory({ store, clock });
    await rejects(() => d.sync(), 'ERR_GRAPH_SYNC_IN_PROGRESS');
    clock.t += 15 * 60_000;
    eq((await d.sync()).complete, true, 'after the lease expired');
  });

  test('sync: pages go to the store as they arrive (memory holds one page)', async () => {
    await control('users', { count: 995 });
    await control('settings', { pageSize: { users: 50 } });
    let putsSincePage = 0;
    let maxPutsPerPage = 0;
    const inner = new MemoryDirectoryStore();
    const store = {
      get: (k) => inner.get(k),
      delete: (k) => inner.delete(k),
      consume: (k, e, n) => inner.consume(k, e, n),
      put: (k, v) => {
        putsSincePage++;
        return inner.put(k, v);
      },
    };
    const counting = (input, init) => {
      if (String(input).includes('/users/delta')) {
        maxPutsPerPage = Math.max(maxPutsPerPage, putsSincePage);
        putsSincePage = 0;
      }
      return fetch(input, init);
    };
    const { d } = directory({ store, fetch: counting });
    const r = await d.sync({ resources: ['users'] });
    eq([r.users.pages, r.users.upserted], [20, 1000], 'stats');
    assert(maxPutsPerPage <= 51, `at most one page of records (+ the state) between two requests, found ${maxPutsPerPage}`);
    eq(inner.size, 1000 + 1, 'records + state (the lease is released)');
  });

  test('sync: a store that fails -> ERR_GRAPH_STORE', async () => {
    const inner = new MemoryDirectoryStore();
    const store = { get: (k) => inner.get(k), delete: (k) => inner.delete(k), consume: (k, e, n) => inner.consume(k, e, n),
      put: async () => { throw new Error('disk full'); } };
    const { d } = directory({ store });
    const e = await rejects(() => d.sync(), 'ERR_GRAPH_STORE');
    eq([e.detail.operation, e.detail.reason], ['put', 'disk full'], 'detail');
    const garbage = new MemoryDirectoryStore();
    await garbage.put('entra:sync:users', '{"generation":"x"}');
    await rejects(() => directory({ store: garbage }).d.sync(), 'ERR_GRAPH_STORE');
  });

  test('sync: a record under one object ID that names another is ERR_GRAPH_STORE, never that user', async () => {
    const clock = fakeClock();
    const store = new MemoryDirectoryStore({ now: clock.now });
    const open = directory({ store, clock }).d;
    const strict = directory({ store, clock, allowUnsynchronizedUsers: false }).d;
    await open.sync({ resources: ['users'] });
    const bsimon = await store.get(`entra:user:${BSIMON}`);
    // Another writer of a shared store copies B.Simon's record under an object ID that was never synchronized.
    await store.put(`entra:user:${USER(42)}`, bsimon);
    const e = await rejects(() => strict.checkLogin(identity({ oid: USER(42) })), 'ERR_GRAPH_STORE');
    eq(e.detail.key, `entra:user:${USER(42)}`, 'detail.key');
    eq((await strict.checkLogin(identity())).user.id, BSIMON, 'the genuine record still admits its user');
  });

  test('store: MemoryDirectoryStore is a KeyValueStore (consume counts expiresAtMs - nowMs on its own clock; put with ttlMs)', async () => {
    const clock = fakeClock();
    const store = new MemoryDirectoryStore({ now: clock.now });
    const then = Date.UTC(2020, 0, 1);
    eq(await store.consume('k', then + 1000, then), true, 'first consume (an instant years ago)');
    eq(await store.consume('k', then + 1000, then), false, 'second consume');
    clock.t += 999;
    eq(await store.consume('k', then + 1000, then), false, 'still live 999 ms later on the store\'s clock');
    clock.t += 1;
    eq(await store.consume('k', then + 1000, then), true, 'free after 1000 ms');
    await store.put('v', 'x', { ttlMs: 50 });
    await store.put('w', 'y');
    eq(await store.get('v'), 'x', 'put with ttlMs');
    clock.t += 50;
    eq([await store.get('v'), await store.get('w')], [null, 'y'], 'ttlMs passed; without ttlMs kept');
    let typeErrors = 0;
    for (const run of [() => store.consume('k', then + 1000), () => store.put('v', 42), () => store.put('v', 'x', { ttlMs: 0 })]) {
      try {
        await run();
      } catch (e) {
        if (e instanceof TypeError) typeErrors++;
      }
    }
    eq(typeErrors, 3, 'consume without nowMs, a non-string value and ttlMs 0 are TypeErrors');
  });

  test('policy: allowUnsynchronizedUsers on (default) admits an unknown user, off refuses it with its own code', async () => {
    const clock = fakeClock();
    const store = new MemoryDirectoryStore({ now: clock.now });
    const open = directory({ store, clock }).d;
    const strict = directory({ store, clock, allowUnsynchronizedUsers: false }).d;
    const unknown = identity({ oid: USER(42) });
    const e0 = await rejects(() => strict.checkLogin(identity()), 'ERR_ENTRA_USER_NOT_SYNCHRONIZED', EntraPolicyError);
    assert(e0.detail.fix.includes('No user synchronization has completed'), 'fix before the first sync');
    await open.sync();
    eq(await open.checkLogin(unknown), { synchronized: false, user: null }, 'open: unknown user');
    const known = await strict.checkLogin(identity());
    eq([known.synchronized, known.user.id], [true, BSIMON], 'strict: synchronized user');
    const e = await rejects(() => strict.checkLogin(unknown), 'ERR_ENTRA_USER_NOT_SYNCHRONIZED', EntraPolicyError);
    eq([e.detail.objectId, e.detail.tenantId], [USER(42), TENANT], 'detail');
    assert(!(e instanceof GraphError), 'a policy refusal is not a Graph failure');
    await control('mutate', { users: { remove: [BSIMON] } });
    await open.sync();
    await rejects(() => strict.checkLogin(identity()), 'ERR_ENTRA_USER_NOT_SYNCHRONIZED', EntraPolicyError);
    await rejects(() => strict.checkLogin(identity({ tid: OTHER_TENANT })), 'ERR_GRAPH_TENANT_MISMATCH');
  });

  // ---- 5. Robust client ------------------------------------------------------------------------------------

  const getMemberGroupsPath = `/v1.0/users/${BSIMON}/getMemberGroups`;

  test('retry: 429 with Retry-After (seconds) is waited out, then succeeds', async () => {
    await control('faults', { faults: [{ server: 'graph', path: getMemberGroupsPath, status: 429, retryAfter: 2, times: 2 }] });
    const { d, clock } = directory();
    const r = await d.resolveGroups(identity({ link: overageLink() }));
    eq(r.groupIds.length, 2, 'groups');
    eq(clock.sleeps, [2000, 2000], 'waits');
    eq(graphCalls(await serverLog(), '/getMemberGroups').length, 3, 'attempts');
  });

  test('retry: Retry-After as an HTTP-date is waited until that instant', async () => {
    const at = new Date(START + 7000).toUTCString();
    await control('faults', { faults: [{ server: 'graph', path: getMemberGroupsPath, status: 503, retryAfter: at }] });
    const { d, clock } = directory();
    await d.resolveGroups(identity({ link: overageLink() }));
    eq(clock.sleeps, [7000], 'waits');
  });

  test('retry: 503 without Retry-After backs off exponentially', async () => {
    await control('faults', { faults: [{ server: 'graph', path: getMemberGroupsPath, status: 503, times: 3 }] });
    const { d, clock } = directory();
    await d.resolveGroups(identity({ link: overageLink() }));
    eq(clock.sleeps, [1000, 2000, 4000], 'waits');
  });

  test('retry: bounded by maxRetries -> ERR_GRAPH_THROTTLED / ERR_GRAPH_UNAVAILABLE', async () => {
    await control('faults', { faults: [{ server: 'graph', path: getMemberGroupsPath, status: 429, retryAfter: 1, times: 100 }] });
    const { d, clock } = directory({ retry: { maxRetries: 3 } });
    const e = await rejects(() => d.resolveGroups(identity({ link: overageLink() })), 'ERR_GRAPH_THROTTLED');
    eq(e.detail.attempts, 4, 'attempts');
    eq(clock.sleeps.length, 3, 'waits');
    eq(graphCalls(await serverLog(), '/getMemberGroups').length, 4, 'requests');
    await control('reset');
    await control('faults', { faults: [{ server: 'graph', path: getMemberGroupsPath, status: 503, retryAfter: 1, times: 100 }] });
    await rejects(() => directory({ retry: { maxRetries: 1 } }).d.resolveGroups(identity({ link: overageLink() })), 'ERR_GRAPH_UNAVAILABLE');
  });

  test('retry: a Retry-After beyond the time budget fails at once, without waiting', async () => {
    await control('faults', { faults: [{ server: 'graph', path: getMemberGroupsPath, status: 429, retryAfter: 120 }] });
    const { d, clock } = directory({ retry: { budgetMs: 60_000 } });
    const e = await rejects(() => d.resolveGroups(identity({ link: overageLink() })), 'ERR_GRAPH_THROTTLED');
    eq([e.detail.nextWaitMs, e.detail.budgetMs], [120_000, 60_000], 'detail');
    eq(clock.sleeps, [], 'waits');
    eq(graphCalls(await serverLog(), '/getMemberGroups').length, 1, 'requests');
  });

  test('retry: the budget covers the whole call (10 s waits, 25 s budget -> 3 attempts)', async () => {
    await control('faults', { faults: [{ server: 'graph', path: getMemberGroupsPath, status: 429, retryAfter: 10, times: 100 }] });
    const { d, clock } = directory({ retry: { budgetMs: 25_000, maxRetries: 10 } });
    await rejects(() => d.resolveGroups(identity({ link: overageLink() })), 'ERR_GRAPH_THROTTLED');
    eq(clock.sleeps, [10_000, 10_000], 'waits');
  });

  test('retry: the token endpoint is retried on 429 as well', async () => {
    await control('faults', { faults: [{ server: 'login', path: `/${TENANT}/`, status: 429, retryAfter: 3,
      body: { error: 'temporarily_unavailable', error_description: 'AADSTS90055: too many requests', error_codes: [90055] } }] });
    const { d, clock } = directory();
    eq((await d.testConnection()).ok, true, 'ok');
    eq(clock.sleeps, [3000], 'waits');
    eq(tokenCalls(await serverLog()).length, 2, 'token requests');
  });

  test('401: an expired token is replaced once, then the call succeeds', async () => {
    const { d } = directory();
    const who = identity({ link: overageLink() });
    await d.resolveGroups(who);
    await control('expire-tokens');
    await d.resolveGroups(who);
    const l = await serverLog();
    eq(tokenCalls(l).length, 2, 'token requests');
    eq(graphCalls(l).length, 3, 'Graph requests (one refused with 401)');
  });

  test('401: when a new token is refused too -> ERR_GRAPH_UNAUTHORIZED (no loop)', async () => {
    await control('settings', { rejectAllTokens: true });
    const { d } = directory();
    await rejects(() => d.resolveGroups(identity({ link: overageLink() })), 'ERR_GRAPH_UNAUTHORIZED');
    const l = await serverLog();
    eq([tokenCalls(l).length, graphCalls(l).length], [2, 2], 'token and Graph requests');
  });

  test('responses: too large, not JSON, or without "value" -> ERR_GRAPH_RESPONSE_INVALID', async () => {
    await control('faults', { faults: [
      { server: 'graph', path: getMemberGroupsPath, status: 200, bodyBytes: 300_000 },
      { server: 'graph', path: getMemberGroupsPath, status: 200, bodyBytes: 300_000, chunked: true },
      { server: 'graph', path: getMemberGroupsPath, status: 200, rawBody: '{"value": [' },
      { server: 'graph', path: getMemberGroupsPath, status: 200, body: { value: ['not-a-guid'] } },
      { server: 'graph', path: '/v1.0/users/delta', status: 200, body: { items: [] } },
    ] });
    const { d } = directory({ maxResponseBytes: 100_000 });
    const who = identity({ link: overageLink() });
    const big = await rejects(() => d.resolveGroups(who), 'ERR_GRAPH_RESPONSE_INVALID');
    eq([big.detail.maxResponseBytes, big.detail.contentLength > 300_000], [100_000, true], 'detail (declared length)');
    const streamed = await rejects(() => d.resolveGroups(who), 'ERR_GRAPH_RESPONSE_INVALID');
    eq([streamed.detail.maxResponseBytes, streamed.detail.contentLength], [100_000, undefined], 'detail (counted while reading)');
    await rejects(() => d.resolveGroups(who), 'ERR_GRAPH_RESPONSE_INVALID');
    await rejects(() => d.resolveGroups(who), 'ERR_GRAPH_RESPONSE_INVALID');
    await rejects(() => d.sync({ resources: ['users'] }), 'ERR_GRAPH_RESPONSE_INVALID');
  });

  test('network: no server at the Graph URL -> retried, then ERR_GRAPH_NETWORK', async () => {
    const { url } = await control('closed-port');
    let fetches = 0;
    const counting = (input, init) => {
      if (String(input).startsWith(url)) fetches++;
      return fetch(input, init);
    };
    const { d, clock } = directory({ graphBaseUrl: `${url}/v1.0`, retry: { maxRetries: 2 }, fetch: counting });
    const e = await rejects(() => d.resolveGroups(identity({ link: overageLink() })), 'ERR_GRAPH_NETWORK');
    eq([fetches, clock.sleeps.length, e.detail.attempts], [3, 2, 3], 'attempts and waits');
  });

  test('errors: other token endpoint errors -> ERR_GRAPH_TOKEN_FAILED; other Graph errors -> REQUEST_FAILED / FORBIDDEN', async () => {
    await control('faults', { faults: [
      { server: 'login', path: `/${TENANT}/`, status: 400, body: { error: 'invalid_scope', error_description:
        "AADSTS70011: The provided value for the input parameter 'scope' is not valid.\r\nTrace ID: x", error_codes: [70011] } },
      { server: 'graph', path: getMemberGroupsPath, status: 500, body: { error: { code: 'generalException', message: 'boom' } } },
      { server: 'graph', path: getMemberGroupsPath, status: 403, body: { error: { code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.' } } },
    ] });
    const { d } = directory();
    const who = identity({ link: overageLink() });
    const t = await rejects(() => d.resolveGroups(who), 'ERR_GRAPH_TOKEN_FAILED');
    eq([t.detail.error, t.detail.aadsts], ['invalid_scope', [70011]], 'token detail');
    const f = await rejects(() => d.resolveGroups(who), 'ERR_GRAPH_REQUEST_FAILED');
    eq([f.detail.status, f.detail.graphCode], [500, 'generalException'], 'request detail');
    const x = await rejects(() => d.resolveGroups(who), 'ERR_GRAPH_FORBIDDEN');
    eq(x.detail.required, ['User.Read.All', 'Group.Read.All'], 'forbidden detail: what the call needs');
  });

  test('errors: every error raised here is a GraphError or EntraPolicyError with a listed code', async () => {
    assert(errorsSeen.length >= 30, `errors collected: ${errorsSeen.length}`);
    for (const e of errorsSeen) {
      assert(ENTRA_ERROR_CODES.includes(e.code), `unlisted code ${e.code}`);
      assert(e.name === 'GraphError' || e.name === 'EntraPolicyError', `name ${e.name}`);
      const text = `${JSON.stringify(e)} ${e.message} ${e.stack}`;
      assert(!text.includes(SECRET), `the secret leaks through ${e.code}`);
      eq(Object.keys(e.toJSON()).sort(), ['code', 'detail', 'message', 'name'], 'toJSON keys');
    }
    const codes = new Set(errorsSeen.map((e) => e.code));
    eq(ENTRA_ERROR_CODES.filter((c) => !codes.has(c)), [], 'codes no test raised');
  });

  let passed = 0;
  const failures = [];
  for (const { name, fn } of tests) {
    try {
      await control('reset');
      await fn();
      passed++;
      log(`ok   ${name}`);
    } catch (e) {
      const error = e instanceof AssertionError ? e.message : String(e?.stack ?? e);
      failures.push({ name, error });
      log(`FAIL ${name}: ${error}`);
    }
  }
  return { passed, failed: failures.length, failures };
}
