// The demo: a real IdP (SimpleSAMLphp from Debian, served by `php -S`), the captive portal Worker
// (demo/sp/, run by workerd from npm), the debugger (www/, built into target/www by scripts/build-www.sh)
// and the Entra directory the portal asks for the groups of a user in more than 150 groups — the local
// stand-in for the Microsoft token endpoint and Graph (tests/entra/directory-server.mjs: Microsoft's
// services cannot be reached from here), each on a free 127.0.0.1 port. Prints the URLs and the test
// users' credentials; Ctrl-C stops all.
//
// The IdP knows the portal only from the metadata the portal publishes: once the portal runs, its
// /saml/metadata (signed with a signing key made for this run, and carrying the certificate of an
// encryption key made for this run too) is written where SimpleSAMLphp reads its SPs, as an
// administrator uploads an SP's metadata to Entra ID. The portal reads the IdP's signed metadata from
// its URL and verifies it with the IdP's certificate. As with Entra's token encryption, the IdP
// encrypts the signed Assertion to that certificate, and the portal decrypts it with the private key,
// which only the Worker is given (a binding).
//
//   node demo/run.mjs        (scripts/demo.sh installs what is missing first)
//
// `startDemo()` is the same stack for the end-to-end tests (tests/e2e/login.mjs).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLIENT_ID, CLIENT_SECRET, TENANT, startDirectoryServer } from '../tests/entra/directory-server.mjs';
import { OVERAGE_USER, SSP_ROOT, setupIdp } from './idp/setup.mjs';
import { demoDir, workerdBinary, writeWorkerdConfig } from './sp/config.mjs';
import { serveStatic } from './static-server.mjs';

const repoRoot = join(demoDir, '..');
const START_TIMEOUT_MS = 60_000;
/** The overage user's groups in the directory: this many directly, and a chain of nested ones. */
const OVERAGE_DIRECT_GROUPS = 190;
const OVERAGE_NESTED_GROUPS = 10;

/** `n` distinct free ports on 127.0.0.1 (held together, then released for the servers). */
async function freePorts(n) {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `url` until `ok(response)`; fails early when the process behind it exits. */
async function waitFor(url, ok, child, what, logFile) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child && child.exitCode !== null) {
      throw new Error(`${what} exited (code ${child.exitCode}) before answering ${url}; its log (${logFile}):\n${readLog(logFile)}`);
    }
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      const body = await res.text();
      if (ok(res, body)) return;
      if (Date.now() > deadline) throw new Error(`${what}: ${url} answered HTTP ${res.status}:\n${body.slice(0, 2000)}`);
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${what}: ${url} did not answer within ${START_TIMEOUT_MS / 1000}s (${e.message}); log ${logFile}:\n${readLog(logFile)}`);
    }
    await sleep(150);
  }
}

function readLog(file) {
  try {
    return readFileSync(file, 'utf8').slice(-4000);
  } catch {
    return '(no log)';
  }
}

function startProcess(cmd, args, { env, logFile }) {
  const log = openSync(logFile, 'w');
  // Its own process group, so that stopProcess reaches what it forks too (php -S's workers).
  return spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', log, log], detached: true });
}

/** Signal the child's whole process group (it leads one: see startProcess). */
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

async function stopProcess(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  signalGroup(child, 'SIGTERM');
  const t = setTimeout(() => signalGroup(child, 'SIGKILL'), 3000);
  await exited;
  clearTimeout(t);
  signalGroup(child, 'SIGKILL'); // anything of the group still there (its leader is gone)
}

/** POSTs to the directory server's test control API (tests/entra/directory-server.mjs). */
async function control(directory, path, body) {
  const res = await fetch(`${directory.controlUrl}/_control/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`directory server /_control/${path}: HTTP ${res.status} ${await res.text()}`);
}

/**
 * The overage user in the local directory: the user object, 190 groups it is a direct member of and a
 * chain of 10 nested groups it reaches only transitively (Graph's getMemberGroups is transitive).
 */
async function seedDirectory(directory) {
  await control(directory, 'mutate', {
    users: { add: [{ id: OVERAGE_USER.objectId, userPrincipalName: OVERAGE_USER.upn, displayName: 'G. Overage', accountEnabled: true }] },
  });
  await control(directory, 'memberships', { userId: OVERAGE_USER.objectId, count: OVERAGE_DIRECT_GROUPS, start: 1000 });
  await control(directory, 'memberships', { userId: OVERAGE_USER.objectId, count: OVERAGE_NESTED_GROUPS, start: 2000, nested: true });
  return OVERAGE_DIRECT_GROUPS + OVERAGE_NESTED_GROUPS;
}

/**
 * Starts the IdP, the portal and the debugger.
 * @param {{ quiet?: boolean, requestStateMaxAge?: number, encryptAssertions?: boolean }} [options]
 *   requestStateMaxAge: seconds a started login stays valid (the package's default, 300, when unset).
 *   encryptAssertions: the IdP encrypts the Assertion for the portal (default true; `idpPolicy` changes it).
 * @returns {Promise<{ urls: { portal: string, acs: string, slo: string, spMetadata: string, idp: string,
 *   idpMetadata: string, idpLogout: string, debugger: string, directoryLogin: string, directoryGraph: string,
 *   directoryControl: string },
 *   user: { username: string, password: string, account: string }, spEntityId: string, stop: () => Promise<void>,
 *   died: Promise<string> }>}
 */
export async function startDemo({ quiet = false, requestStateMaxAge, encryptAssertions = true } = {}) {
  const say = quiet ? () => {} : (...a) => console.log(...a);
  if (!existsSync(join(SSP_ROOT, 'www', 'module.php'))) {
    throw new Error(`SimpleSAMLphp is not installed at ${SSP_ROOT}: apt-get install simplesamlphp php-cli php-xml php-mbstring (scripts/demo.sh does)`);
  }
  // One directory per run, so a demo and the e2e test can run side by side; removed by stop()
  // (it holds this run's IdP key and secrets). A failed start keeps it: the error names its logs.
  const outDir = join(repoRoot, 'target', 'demo', `run-${process.pid}`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const [idpPort, spPort, wwwPort] = await freePorts(3);
  const portal = `http://127.0.0.1:${spPort}/`;
  const acsUrl = `${portal}saml/acs`;
  const sloUrl = `${portal}saml/slo`;
  const spMetadataUrl = `${portal}saml/metadata`;
  const spEntityId = `https://auth.iws-hybrid.trendmicro.com/${randomBytes(8).toString('hex')}`;
  const password = process.env.DEMO_PASSWORD || `Contoso-${randomBytes(4).toString('hex')}`;

  const children = [];
  let www = null;
  let directory = null;
  let stopping = false;
  let died;
  const diedPromise = new Promise((r) => { died = r; });
  const watch = (child, what, logFile) => {
    child.once('exit', (code, signal) => {
      if (!stopping) died(`${what} exited (code ${code}, signal ${signal}); its log ${logFile}:\n${readLog(logFile)}`);
    });
    children.push(child);
  };
  // If this process ends without stop() (an uncaught error), its servers end with it.
  const killAll = () => children.forEach((c) => c.exitCode === null && c.signalCode === null && signalGroup(c, 'SIGKILL'));
  process.once('exit', killAll);
  const stop = async () => {
    stopping = true;
    process.off('exit', killAll);
    await Promise.all(children.map(stopProcess));
    if (www) await new Promise((r) => www.close(r));
    www = null;
    await directory?.close();
    directory = null;
  };
  const stopAndClean = async () => {
    await stop();
    rmSync(outDir, { recursive: true, force: true });
  };

  try {
    // The Entra directory: the local stand-in for login.microsoftonline.com and graph.microsoft.com,
    // in this process, with the app registration (tenant, client ID and secret, Graph permissions) of
    // tests/entra/directory-server.mjs and the overage user's groups.
    directory = await startDirectoryServer();
    const overageGroups = await seedDirectory(directory);
    say(`Directory ${directory.graphUrl}  (the local stand-in for Microsoft Graph; token endpoint ${directory.loginUrl})`);

    // The IdP: SimpleSAMLphp's www/ as the document root of PHP's built-in server. Four worker
    // processes rather than its default one, so that a connection the browser opens and leaves idle
    // (a preconnect, a closed tab's request) cannot hold up the next page.
    const idp = setupIdp({ dir: join(outDir, 'idp'), port: idpPort, portalOrigin: portal, password, tenantId: TENANT,
      policy: { encryptAssertion: encryptAssertions } });
    const idpLog = join(outDir, 'idp-server.log');
    watch(startProcess('php', ['-d', `session.save_path=${idp.sessionDir}`, '-d', 'display_errors=stderr',
      '-S', `127.0.0.1:${idpPort}`, '-t', join(SSP_ROOT, 'www')], { env: { SIMPLESAMLPHP_CONFIG_DIR: idp.configDir, PHP_CLI_SERVER_WORKERS: '4' }, logFile: idpLog }), 'SimpleSAMLphp (php -S)', idpLog);
    await waitFor(idp.metadataUrl, (res, body) => res.status === 200 && body.includes('IDPSSODescriptor'), children[0], 'SimpleSAMLphp', idpLog);
    say(`IdP       ${idp.baseUrl}  (SimpleSAMLphp ${sspVersion()}, metadata ${idp.metadataUrl}; ${encryptAssertions ? 'encrypts the Assertion for the portal' : 'sends the Assertion in the clear'})`);

    // The portal: the worker loads the IdP metadata on its first request, which the wait below makes.
    // The portal's two key pairs, made for this run: one signs, the other's certificate goes into the
    // SP metadata for the IdP to encrypt to (Entra: the certificate uploaded under Token encryption).
    const signing = makeKeyPair(join(outDir, 'sp-key'), 'sp-signing', 'saml-edge demo portal (SP signing)');
    const encryption = makeKeyPair(join(outDir, 'sp-key'), 'sp-encryption', 'saml-edge demo portal (SP encryption)');
    const spLog = join(outDir, 'workerd.log');
    const configPath = writeWorkerdConfig({
      outDir: join(outDir, 'sp'),
      port: spPort,
      bindings: {
        SP_ENTITY_ID: spEntityId,
        ACS_URL: acsUrl,
        SLO_URL: sloUrl,
        SP_SIGNING_KEY: signing.key,
        SP_SIGNING_CERT: signing.certificate,
        SP_DECRYPTION_KEY: encryption.key,
        SP_ENCRYPTION_CERT: encryption.certificate,
        IDP_METADATA_URL: idp.metadataUrl,
        IDP_METADATA_CERT: readFileSync(idp.certificate, 'utf8'),
        SAML_STATE_SECRET: randomBytes(32).toString('hex'),
        SESSION_SECRET: randomBytes(32).toString('hex'),
        // saml-edge/entra: the app registration's tenant, client ID and secret, and where its token
        // endpoint and Graph are (the Microsoft hosts by default; here the local stand-in).
        ENTRA_TENANT_ID: TENANT,
        ENTRA_CLIENT_ID: CLIENT_ID,
        ENTRA_CLIENT_SECRET: CLIENT_SECRET,
        ENTRA_AUTHORITY_HOST: directory.loginUrl,
        ENTRA_GRAPH_BASE_URL: directory.graphUrl,
        ...(requestStateMaxAge ? { REQUEST_STATE_MAX_AGE: String(requestStateMaxAge) } : {}),
      },
    });
    watch(startProcess(workerdBinary(), ['serve', configPath], { logFile: spLog }), 'workerd', spLog);
    await waitFor(portal, (res, body) => res.status === 200 && body.includes('id="portal"'), children[1], 'workerd', spLog);
    say(`Portal    ${portal}  (SP ${spEntityId}, ACS ${acsUrl}, logout ${sloUrl})`);

    // "Upload" the portal's metadata to the IdP: SimpleSAMLphp's only knowledge of this SP.
    const md = await fetch(spMetadataUrl, { signal: AbortSignal.timeout(10_000) });
    const spMetadata = await md.text();
    if (md.status !== 200 || !spMetadata.includes('SPSSODescriptor')) {
      throw new Error(`${spMetadataUrl} answered HTTP ${md.status}:\n${spMetadata.slice(0, 2000)}\nworkerd log (${spLog}):\n${readLog(spLog)}`);
    }
    writeFileSync(idp.spMetadataFile, spMetadata);
    say(`          SP metadata ${spMetadataUrl} (signed; signing and encryption certificates) -> SimpleSAMLphp (${idp.spMetadataFile})`);

    // The debugger (www/), built into target/www and served as static files.
    execFileSync('bash', [join(repoRoot, 'scripts', 'build-www.sh')], { cwd: repoRoot, stdio: quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'] });
    www = await serveStatic(join(repoRoot, 'target', 'www'), wwwPort);
    const debuggerUrl = `http://127.0.0.1:${wwwPort}/`;
    say(`Debugger  ${debuggerUrl}`);

    const user = { username: idp.user.username, password, account: 'CONTOSO\\bsimon' };
    // The IdP's own sign-out (IdP-initiated Single Logout), then back to the portal.
    const idpLogout = `${idp.baseUrl}saml2/idp/SingleLogoutService.php?ReturnTo=${encodeURIComponent(portal)}`;
    const manyGroupsUser = { ...idp.manyGroupsUser, account: 'G.Many@contoso.com' };
    const overageUser = { ...idp.overageUser, account: 'CONTOSO\\goverage', groups: overageGroups };
    say(`\nOpen any page of the portal, e.g. ${portal}intranet/reports`);
    say(`  1. the portal asks for your account: type ${user.account} or B.Simon@contoso.com (sent as login_hint),`);
    say('     or continue without one;');
    say('  2. SimpleSAMLphp\'s form shows that account in its username field (or an empty one: then type');
    say(`     ${user.username}, ${user.account} or the UPN) and asks for the password: ${user.password}`);
    say('  3. back at the page you asked for, which shows who you are (NameID, sAMAccountName, upn, every claim)');
    say('     and how the assertion came (encrypted by the IdP, decrypted by the portal: with which algorithms).');
    say('  4. "Sign out everywhere" ends the session at the portal and at the IdP (SAML Single Logout); signing out');
    say(`     at the IdP ends the portal's session too: ${idpLogout}`);
    say(`Other users (same password): ${manyGroupsUser.username} (150 group claims) and ${overageUser.username} (in ${overageGroups}`);
    say('  groups: the IdP sends Entra\'s overage claim instead, and the portal asks the local directory for them).');
    return {
      urls: {
        portal,
        acs: acsUrl,
        slo: sloUrl,
        spMetadata: spMetadataUrl,
        idp: idp.baseUrl,
        idpMetadata: idp.metadataUrl,
        idpLogout,
        debugger: debuggerUrl,
        directoryLogin: directory.loginUrl,
        directoryGraph: directory.graphUrl,
        directoryControl: directory.controlUrl,
      },
      /** Where SimpleSAMLphp reads its SPs from: the metadata file and the flat-file directory. */
      idpConfig: { spMetadataFile: idp.spMetadataFile, metadataDir: idp.metadataDir },
      /**
       * The IdP's switches for the next logins: `{ encryptAssertion, signResponse }` (the ones not given
       * go back to the defaults: encrypted as `encryptAssertions` said at the start, the Response unsigned).
       */
      idpPolicy: (p = {}) => idp.setPolicy({ encryptAssertion: encryptAssertions, ...p }),
      /** The portal's encryption key and certificate (PEM files), for a test to decrypt what the IdP sent. */
      spEncryption: { keyFile: encryption.keyFile, certificateFile: encryption.certificateFile },
      user,
      /** A second user with 150 group claims (the session must stay small: it is kept server side). */
      manyGroupsUser,
      /** A user in 200 groups: the IdP sends the overage claim; the portal resolves them through the directory. */
      overageUser,
      spEntityId,
      /** The servers' logs (deleted by stop()). */
      logs: { idp: idpLog, workerd: spLog },
      stop: stopAndClean,
      /** Resolves (with what happened) if a server stops while the demo runs. */
      died: diedPromise,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** A key pair made for this run (RSA-2048 in PKCS #8, a self-signed certificate): `<name>.key`, `<name>.crt`. */
function makeKeyPair(dir, name, commonName) {
  mkdirSync(dir, { recursive: true });
  const [key, cert] = [join(dir, `${name}.key`), join(dir, `${name}.crt`)];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-days', '30',
    '-subj', `/CN=${commonName}`, '-keyout', key, '-out', cert], { stdio: ['ignore', 'ignore', 'pipe'] });
  chmodSync(key, 0o600);
  return { key: readFileSync(key, 'utf8'), certificate: readFileSync(cert, 'utf8'), keyFile: key, certificateFile: cert };
}

function sspVersion() {
  try {
    return /VERSION = '([^']+)'/.exec(readFileSync(join(SSP_ROOT, 'lib', 'SimpleSAML', 'Configuration.php'), 'utf8'))?.[1]
      ?? execFileSync('dpkg-query', ['-W', '-f=${Version}', 'simplesamlphp'], { encoding: 'utf8' });
  } catch {
    return '(version unknown)';
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const demo = await startDemo();
  console.log('\nPress Ctrl-C to stop.');
  let stopping = false;
  demo.died.then(async (why) => {
    console.error(`\n${why}`);
    await demo.stop();
    process.exit(1);
  });
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
