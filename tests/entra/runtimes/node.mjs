// Runs tests/entra/suite.mjs on Node against `saml-edge/entra` imported by name (the package's export
// map), with the local directory server on 127.0.0.1. Node also runs one integration test the other
// runtimes do not need: a real verified identity (the Entra-shaped fixture through ServiceProvider, which
// needs pkg/dist) goes through checkLogin and resolveGroups. Prints `N passed, N failed` last.
//
//   node tests/entra/runtimes/node.mjs
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDirectoryServer } from '../directory-server.mjs';
import { runEntraSuite } from '../suite.mjs';
import { linkPackage, report, repoRoot } from './common.mjs';

async function verifiedIdentity(entra, urls) {
  const saml = await import('saml-edge');
  const read = (p) => readFile(join(repoRoot, p), 'utf8');
  const sp = await saml.ServiceProvider.create({
    entityId: 'https://auth.iws-hybrid.trendmicro.com/0123456789abcdef',
    acsUrl: 'https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp',
    idp: {
      entityId: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/',
      certificates: [await read('tests/keys/idp-rsa2048.crt')],
    },
  });
  const identity = await sp.verifyResponse(await read('tests/fixtures/valid/entra_assertion_signed.b64'), {
    inResponseTo: '_4fee3b046395c4e751011e97f8900b5273d56685',
    currentDate: new Date('2026-01-15T10:01:00Z'),
  });
  await fetch(`${urls.control}/_control/reset`, { method: 'POST' });
  const d = new entra.EntraDirectory({
    tenant: '00000000-0000-0000-0000-000000000000',
    clientId: '6731de76-14a6-49ae-97bc-6eba6914391e',
    clientSecret: 'Qv8~tEsT.sEcReT-value_3fK9zLm2NpR7wXy',
    authorityHost: urls.login,
    graphBaseUrl: urls.graph,
    allowUnsynchronizedUsers: false,
  });
  const problems = [];
  try {
    await d.checkLogin(identity);
    problems.push('checkLogin accepted the user before any synchronization');
  } catch (e) {
    if (!(e instanceof saml.SamlError) || e.code !== 'ERR_ENTRA_USER_NOT_SYNCHRONIZED') problems.push(`before sync: ${e}`);
  }
  await d.sync();
  const admitted = await d.checkLogin(identity);
  if (!admitted.synchronized || admitted.user.userPrincipalName !== 'B.Simon@contoso.com') problems.push('checkLogin after sync');
  const fromToken = await d.resolveGroups(identity);
  if (fromToken.source !== 'assertion' || fromToken.groupIds.length !== 2) problems.push('token groups');
  const fromGraph = await d.resolveGroups(identity, { force: true, names: true });
  const names = fromGraph.groups.map((g) => g.displayName).sort().join(', ');
  if (fromGraph.source !== 'getMemberGroups' || names !== 'Proxy Admins, Web Security Users') problems.push(`Graph groups: ${names}`);
  const same = JSON.stringify([...fromGraph.groupIds].sort()) === JSON.stringify([...fromToken.groupIds].sort());
  if (!same) problems.push('Graph and token groups differ');
  if (!(new entra.GraphError('x', { code: 'ERR_GRAPH_STORE' }) instanceof saml.SamlError)) {
    problems.push('saml-edge/entra errors are not instances of saml-edge SamlError');
  }
  return problems;
}

const t0 = performance.now();
let result;
let server;
try {
  linkPackage();
  server = await startDirectoryServer();
  const urls = { login: server.loginUrl, graph: server.graphUrl, control: server.controlUrl };
  const entra = await import('saml-edge/entra');
  console.log(`node ${process.version}; directory server ${JSON.stringify(urls)}`);
  result = await runEntraSuite(entra, urls, { log: (l) => console.log(l) });
  const name = 'node: a verified Entra fixture identity through checkLogin and resolveGroups';
  const problems = await verifiedIdentity(entra, urls);
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name}${problems.length ? `: ${problems.join('; ')}` : ''}`);
  if (problems.length) {
    result.failed++;
    result.failures.push({ name, error: problems.join('; ') });
  } else {
    result.passed++;
  }
} catch (e) {
  console.log(String(e?.stack ?? e));
  result = { passed: 0, failed: 1, failures: [{ name: 'node runner', error: String(e?.message ?? e) }] };
} finally {
  await server?.close();
}
process.exitCode = report('entra node', result, performance.now() - t0);
