// Shared by the store tests (tests/stores/*.mjs): free ports, child processes that are always
// stopped, the fixture every test replays, and a sequential test list ending `N passed, N failed`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const read = (path) => readFileSync(new URL(path, `file://${repoRoot}`), 'utf8');

/** The fixtures' Entra-shaped response and what verifies it (tests/fixtures/manifest.json defaults). */
export function fixture() {
  const { defaults } = JSON.parse(read('tests/fixtures/manifest.json'));
  return {
    response: read('tests/fixtures/valid/entra_assertion_signed.b64').trim(),
    options: {
      entityId: defaults.sp_entity_id,
      acsUrl: defaults.acs_url,
      idp: { entityId: defaults.idp_entity_id, certificates: defaults.certs.map(read) },
    },
    call: { inResponseTo: defaults.in_response_to, currentDate: defaults.now },
  };
}

/** A free TCP port on 127.0.0.1 (held, then released for the server). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const children = new Set();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts a process; its output is kept for error messages. `stop()` ends it (SIGTERM, then SIGKILL). */
export function start(cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  children.add(child);
  const output = [];
  child.stdout?.on('data', (d) => output.push(d.toString()));
  child.stderr?.on('data', (d) => output.push(d.toString()));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    output: () => output.join(''),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
      children.delete(child);
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until `probe()` resolves truthy (polling), or throws after `ms`. */
export async function until(probe, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${ms / 1000} s`);
    await sleep(50);
  }
}

export function harness(name) {
  let passed = 0;
  let failed = 0;
  return {
    async test(title, fn) {
      try {
        await fn();
        passed++;
        console.log(`ok   ${title}`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${title}: ${e?.stack ?? e}`);
      }
    },
    done() {
      console.log(`${name}: ${passed} passed, ${failed} failed`);
      console.log(`${passed} passed, ${failed} failed`);
      return failed === 0 && passed > 0 ? 0 : 1;
    },
  };
}

export function expectEqual(found, expected, what) {
  if (found !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}`);
}

export function expectTrue(cond, what) {
  if (!cond) throw new Error(what);
}

/** Tallies settled verifyResponse calls: { accepted, codes: { ERR_...: n } }. */
export function tally(settled) {
  const codes = {};
  let accepted = 0;
  for (const s of settled) {
    if (s.status === 'fulfilled') accepted++;
    else codes[s.reason?.code ?? String(s.reason)] = (codes[s.reason?.code ?? String(s.reason)] ?? 0) + 1;
  }
  return { accepted, codes };
}
