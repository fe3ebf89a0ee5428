// Runs examples/worker-entra/worker.mjs in Cloudflare's workerd and fires its Cron Trigger for real.
//
//   node examples/worker-entra/run.mjs      (needs `npm ci` in tests/js/runtimes for the workerd binary)
//
// It stands in for `wrangler dev`: it writes target/js-artifacts/example-worker-entra/config.capnp with two
// services. "main" is the example as wrangler.toml deploys it: the package files as modules, the SamlEdgeStore
// Durable Object namespace (SQLite on local disk under target/), the bindings, ENTRA_AUTHORITY_HOST and ENTRA_GRAPH_BASE_URL
// pointing at the local directory server (tests/entra/directory-server.mjs, the stand-in for the token endpoint
// and Microsoft Graph, on a free 127.0.0.1 port), SYNC_MAX_PAGES = 4, and a loopback-only outbound network.
// "harness" is the test's: a service binding to "main" whose `scheduled()` makes workerd deliver a scheduled
// event to the example's `scheduled` handler (what `wrangler dev --test-scheduled` does through Miniflare;
// workerd needs --experimental and the service_binding_extra_handlers flag on the harness only), and a binding
// to the example's Durable Object namespace, through which it reads what the runs stored. So the example has
// no route that exists for the test. Checks, counts and contents only:
//   GET /login                   -> 302 to the IdP (the example loads saml-edge and saml-edge/entra)
//   Cron event 1 (4 pages)       -> outcome ok; the users round is in progress, 12 of 15 users stored
//   Cron event 2                 -> the users round resumes and completes; 6 of 7 groups stored
//   Cron event 3                 -> the groups round completes: 15 users, 7 groups; a strict checkLogin
//                                   (allowUnsynchronizedUsers: false) admits B. Simon and refuses an unknown user
//   B. Simon removed; event 4    -> a round of changes: he is refused, the other 14 are there
//   events 5 and 6 overlap       -> the directory server holds event 5's first page; event 6 finds the lease
//                                   taken and skips (outcome ok, logged, no Graph request); event 5 then completes
// Always stops workerd and the directory server; exits 1 if a check failed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { startDirectoryServer } from '../../tests/entra/directory-server.mjs';
import { listFiles, repoRoot, resolveExport, runtimesDir, withTimeout } from '../../tests/js/runtimes/lib.mjs';
import { BSIMON, TENANT, control, seedDirectory } from '../../tests/stores/entra-sync-scenario.mjs';

const COMPAT_DATE = process.env.WORKERD_COMPAT_DATE || '2025-09-01';
const CONDITIONS = ['workerd', 'worker', 'browser', 'import']; // as wrangler/esbuild resolve for Workers
const outDir = join(repoRoot, 'target', 'js-artifacts', 'example-worker-entra');
const doDir = join(outDir, 'durable-objects'); // emptied at each run
const pkgDir = join(repoRoot, 'pkg');
const CRON = '*/30 * * * *';

function workerdBinary() {
  const arch = process.arch === 'x64' ? '64' : process.arch;
  const candidates = [
    join(runtimesDir, 'node_modules', '@cloudflare', `workerd-${process.platform}-${arch}`, 'bin', 'workerd'),
    join(runtimesDir, 'node_modules', 'workerd', 'bin', 'workerd'),
  ];
  const bin = candidates.find((p) => existsSync(p));
  if (!bin) throw new Error(`workerd binary not found (run npm ci in ${runtimesDir})`);
  return bin;
}

// The test's service: fires the example's Cron Trigger, and reads the store the example writes.
const HARNESS = `import * as entra from 'saml-edge/entra';
import { DurableObjectStore } from 'saml-edge/durable-object';
import { checkDirectory } from 'entra-sync-scenario.mjs';
export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const body = await request.json();
    if (pathname === '/scheduled') {
      return Response.json(await env.EXAMPLE.scheduled({ cron: body.cron, scheduledTime: new Date(body.scheduledTime) }));
    }
    if (pathname === '/check') {
      try {
        return Response.json(await checkDirectory({ entra, store: new DurableObjectStore(env.SAML_STORE), urls: body.urls, prefix: 'entra:' }));
      } catch (e) {
        return Response.json({ error: e.code ?? null, message: e.message, detail: e.detail ?? null });
      }
    }
    return new Response('not found', { status: 404 });
  },
};
`;

function makeConfig(urls) {
  const entry = resolveExport(pkgDir, CONDITIONS);
  const embed = (file) => JSON.stringify(relative(outDir, file).split('\\').join('/'));
  const pkgModules = listFiles(pkgDir, pkgDir, (p, n) => n === 'node_modules' || n.startsWith('.') || n.endsWith('.d.ts'))
    .filter((f) => /\.(js|wasm)$/.test(f))
    .map((f) => {
      const name = JSON.stringify(`node_modules/saml-edge/${f}`);
      return f.endsWith('.wasm') ? `(name = ${name}, wasm = embed ${embed(join(pkgDir, f))})` : `(name = ${name}, esModule = embed ${embed(join(pkgDir, f))})`;
    });
  const aliases = [
    ['saml-edge', `export * from "./node_modules/saml-edge/${entry.path.replace(/^\.\//, '')}";`],
    ['saml-edge/durable-object', 'export * from "../node_modules/saml-edge/src/stores/durable-object.js";'],
    ['saml-edge/entra', 'export * from "../node_modules/saml-edge/src/entra/index.js";'],
  ].map(([name, src]) => `(name = ${JSON.stringify(name)}, esModule = ${JSON.stringify(src)})`);
  const vars = {
    IDP_ENTITY_ID: `https://sts.windows.net/${TENANT}/`,
    IDP_SSO_URL: `https://login.microsoftonline.com/${TENANT}/saml2`,
    SP_ENTITY_ID: 'https://sp.example.com/saml',
    ACS_URL: 'https://sp.example.com/acs',
    SAML_STATE_SECRET: randomBytes(32).toString('hex'),
    ENTRA_TENANT_ID: TENANT,
    ENTRA_CLIENT_ID: '6731de76-14a6-49ae-97bc-6eba6914391e',
    ENTRA_CLIENT_SECRET: 'Qv8~tEsT.sEcReT-value_3fK9zLm2NpR7wXy',
    ENTRA_AUTHORITY_HOST: urls.login,
    ENTRA_GRAPH_BASE_URL: urls.graph,
    SYNC_MAX_PAGES: '4',
  };
  const bindings = [
    ...Object.entries(vars).map(([k, v]) => `(name = ${JSON.stringify(k)}, text = ${JSON.stringify(v)})`),
    `(name = "IDP_CERT_PEM", text = embed ${embed(join(repoRoot, 'tests', 'keys', 'idp-rsa2048.crt'))})`,
    '(name = "SAML_STORE", durableObjectNamespace = "SamlEdgeStore")',
  ];
  const config = `# Generated by examples/worker-entra/run.mjs; do not edit.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .exampleWorker),
    (name = "harness", worker = .harness),
    (name = "loopback", network = (allow = ["local"])),
    (name = "do-disk", disk = (path = ${JSON.stringify(doDir)}, writable = true)),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:0", http = (), service = "main"),
    (name = "harness", address = "127.0.0.1:0", http = (), service = "harness"),
  ],
);

const exampleWorker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed ${embed(join(repoRoot, 'examples', 'worker-entra', 'worker.mjs'))}),
    ${[...aliases, ...pkgModules].join(',\n    ')}
  ],
  bindings = [
    ${bindings.join(',\n    ')}
  ],
  durableObjectNamespaces = [ (className = "SamlEdgeStore", uniqueKey = "saml-edge-entra-example-store", enableSql = true) ],
  durableObjectStorage = (localDisk = "do-disk"),
  compatibilityDate = ${JSON.stringify(COMPAT_DATE)},
  globalOutbound = "loopback",
);

const harness :Workerd.Worker = (
  modules = [
    (name = "harness.mjs", esModule = ${JSON.stringify(HARNESS)}),
    (name = "entra-sync-scenario.mjs", esModule = embed ${embed(join(repoRoot, 'tests', 'stores', 'entra-sync-scenario.mjs'))}),
    ${[...aliases, ...pkgModules].join(',\n    ')}
  ],
  bindings = [
    (name = "EXAMPLE", service = "main"),
    (name = "SAML_STORE", durableObjectNamespace = (className = "SamlEdgeStore", serviceName = "main")),
  ],
  compatibilityDate = ${JSON.stringify(COMPAT_DATE)},
  compatibilityFlags = ["service_binding_extra_handlers"],
  globalOutbound = "loopback",
);
`;
  rmSync(doDir, { recursive: true, force: true });
  mkdirSync(doDir, { recursive: true });
  const path = join(outDir, 'config.capnp');
  writeFileSync(path, config);
  return path;
}

const checks = [];
function check(ok, name, info = '') {
  checks.push(ok);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${info ? ` — ${info}` : ''}`);
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

let child;
let directoryServer;
const output = [];
const stop = () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
};
process.on('exit', stop);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stop(); process.exit(130); });

try {
  directoryServer = await startDirectoryServer();
  const urls = { login: directoryServer.loginUrl, graph: directoryServer.graphUrl, control: directoryServer.controlUrl };
  const seeded = await seedDirectory(urls); // 15 users in pages of 3, 7 groups in pages of 2
  const configPath = makeConfig(urls);
  child = spawn(workerdBinary(), ['serve', '--experimental', configPath, '--control-fd=3'], { cwd: outDir, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => output.push(d.toString()));
  child.stderr.on('data', (d) => output.push(d.toString()));
  const exited = new Promise((_, rej) =>
    child.on('exit', (code, sig) => rej(new Error(`workerd exited (code ${code}, signal ${sig}):\n${output.join('')}`))));
  exited.catch(() => {});
  const ports = {};
  const listening = new Promise((res) => {
    createInterface({ input: child.stdio[3] }).on('line', (line) => {
      try {
        const m = JSON.parse(line);
        if (m.event === 'listen') ports[m.socket] = m.port;
        if (ports.http && ports.harness) res();
      } catch { /* not JSON */ }
    });
  });
  await withTimeout(Promise.race([listening, exited]), 60_000, 'workerd start');
  console.log(`workerd: examples/worker-entra/worker.mjs on http://127.0.0.1:${ports.http}; directory server ${urls.graph}`);
  const http = (socket, path, init) => withTimeout(Promise.race([fetch(`http://127.0.0.1:${ports[socket]}${path}`, { redirect: 'manual', ...init }), exited]), 60_000, path);
  const harness = async (path, body) => (await http('harness', path, { method: 'POST', body: JSON.stringify(body) })).json();
  const cron = () => harness('/scheduled', { cron: CRON, scheduledTime: Date.now() });
  const state = () => harness('/check', { urls });
  const usersDeltaCalls = async () => (await control(urls, 'log')).log.filter((r) => r.path === '/v1.0/users/delta').length;

  const login = await http('http', '/login');
  await login.arrayBuffer();
  check(login.status === 302 && (login.headers.get('location') ?? '').startsWith(`https://login.microsoftonline.com/${TENANT}/saml2?SAMLRequest=`),
    'GET /login is a 302 to the IdP', `HTTP ${login.status}`);

  const e1 = await cron();
  const s1 = await state();
  check(e1.outcome === 'ok' && s1.status.users.inProgress && s1.usersFound === 12 && s1.groupsFound === 0,
    'Cron event 1 (SYNC_MAX_PAGES 4): 4 users pages stored, the round left in progress', `outcome ${e1.outcome}, ${JSON.stringify(s1)}`);

  const e2 = await cron();
  const s2 = await state();
  check(e2.outcome === 'ok' && !s2.status.users.inProgress && s2.usersFound === seeded.users.length && s2.status.groups.inProgress && s2.groupsFound === 6,
    'Cron event 2: the users round resumes and completes (generation 1); 3 groups pages stored', `outcome ${e2.outcome}, ${JSON.stringify(s2)}`);

  const e3 = await cron();
  const s3 = await state();
  check(e3.outcome === 'ok' && same(s3, {
    users: seeded.users.length, usersFound: seeded.users.length, groups: seeded.groups.length, groupsFound: seeded.groups.length,
    bsimon: 'B.Simon@contoso.com', unknown: 'ERR_ENTRA_USER_NOT_SYNCHRONIZED', lease: null,
    status: { users: { generation: 1, inProgress: false }, groups: { generation: 1, inProgress: false } },
  }), 'Cron event 3: the groups round completes; a strict checkLogin admits B. Simon, refuses an unknown user', `outcome ${e3.outcome}, ${JSON.stringify(s3)}`);

  await control(urls, 'mutate', { users: { remove: [BSIMON] } });
  const e4 = await cron();
  const s4 = await state();
  check(e4.outcome === 'ok' && s4.bsimon === 'ERR_ENTRA_USER_NOT_SYNCHRONIZED' && s4.users === seeded.users.length - 1 && s4.usersFound === s4.users,
    'B. Simon removed in Entra; Cron event 4 (a round of changes): he is refused, the other users are there', `outcome ${e4.outcome}, ${JSON.stringify(s4)}`);

  await control(urls, 'faults', { faults: [{ server: 'graph', path: '/v1.0/users/delta', hold: true }] });
  const before = await usersDeltaCalls();
  const e5 = cron();
  await withTimeout((async () => { while ((await control(urls, 'held')).held !== 1) await new Promise((r) => setTimeout(r, 50)); })(), 30_000, 'event 5 reaches the held page');
  const e6 = await cron();
  await control(urls, 'release');
  const e5done = await e5;
  const calls = (await usersDeltaCalls()) - before;
  const skipped = output.join('').split('\n').filter((l) => l.includes('"skipped"')).length;
  check(e6.outcome === 'ok' && e5done.outcome === 'ok' && calls === 1 && skipped === 1 && (await state()).lease === null,
    'Cron events 5 and 6 overlap: 6 finds the lease taken and skips (logged, no Graph request), 5 completes',
    `outcomes ${e5done.outcome}, ${e6.outcome}; users delta requests ${calls}; "skipped" logged ${skipped} times`);
} catch (e) {
  check(false, 'worker-entra example', String(e?.stack ?? e));
  if (output.length) console.log(output.join(''));
} finally {
  stop();
  await directoryServer?.close();
}
const failed = checks.filter((c) => !c).length;
if (failed && output.length) console.log(output.join(''));
console.log(`worker-entra example: ${checks.length - failed} checks passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
