// saml-edge/deno-kv against a real Deno KV file (SQLite) in a temporary directory, from two Deno
// processes (Deno from the npm `deno` package in tests/js/runtimes):
//   - 2 x 25 concurrent replays of one response: exactly one accepted, the others ERR_SAML_REPLAY
//     (the processes meet "database is locked" under contention and retry);
//   - consume on the process's clock, get / put with a TTL / delete (deno-kv-check.mjs).
//
//   node tests/stores/deno-kv.mjs      (needs npm ci in tests/js/runtimes and tests/stores, pkg/dist built)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expectEqual, fixture, harness, repoRoot } from './lib.mjs';

const PER_PROCESS = 25;
const { test, done } = harness('deno-kv');
const dir = mkdtempSync(join(tmpdir(), 'saml-edge-kv-'));
const kvPath = join(dir, 'store.sqlite3');
const fixtureJson = join(dir, 'fixture.json');
writeFileSync(fixtureJson, JSON.stringify(fixture()));

const deno = ['@deno/linux-x64-glibc/deno', 'deno/deno'].map((p) => join(repoRoot, 'tests/js/runtimes/node_modules', p)).find(existsSync);
if (!deno) throw new Error('deno not found: run npm ci in tests/js/runtimes');

const started = [];
function denoRun(script, args) {
  const child = spawn(deno, ['run', '--unstable-kv', '--no-prompt', '--no-remote', '--node-modules-dir=manual',
    `--allow-read=${join(repoRoot, 'pkg')},${join(repoRoot, 'tests/stores')},${dir}`, `--allow-write=${dir}`,
    join(repoRoot, 'tests/stores', script), ...args], {
    cwd: join(repoRoot, 'tests/stores'),
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, DENO_DIR: join(repoRoot, 'target/js-artifacts/deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
  started.push(child);
  const lines = createInterface({ input: child.stdout });
  const queue = [];
  const waiting = [];
  lines.on('line', (l) => (waiting.length ? waiting.shift().resolve(l) : queue.push(l)));
  let exited = null; // a child that is gone answers no more lines: fail at once, never wait
  child.once('exit', (code) => {
    exited = new Error(`${script} exited (${code})`);
    waiting.splice(0).forEach((w) => w.reject(exited));
  });
  const next = () =>
    queue.length ? Promise.resolve(queue.shift()) : exited ? Promise.reject(exited) : new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  return { child, next };
}

try {
  await test(`two Deno processes on one KV file, ${2 * PER_PROCESS} concurrent replays of one response: exactly one accepted`, async () => {
    const procs = [0, 1].map(() => denoRun('deno-kv-replayer.mjs', [kvPath, String(PER_PROCESS), fixtureJson]));
    for (const p of procs) expectEqual(await p.next(), 'ready', 'replayer ready');
    for (const p of procs) p.child.stdin.end('go\n');
    const [ra, rb] = (await Promise.all(procs.map((p) => p.next()))).map((l) => JSON.parse(l));
    const accepted = ra.accepted + rb.accepted;
    const replays = (ra.codes.ERR_SAML_REPLAY ?? 0) + (rb.codes.ERR_SAML_REPLAY ?? 0);
    console.log(`     deno-kv: ${2 * PER_PROCESS} tried, ${accepted} accepted (process A ${ra.accepted}, B ${rb.accepted}), ${replays} ERR_SAML_REPLAY`);
    expectEqual(accepted, 1, 'accepted');
    expectEqual(replays, 2 * PER_PROCESS - 1, 'refused as replays');
  });

  await test('consume on the process\'s clock; get / put (with and without ttlMs) / delete', async () => {
    const check = denoRun('deno-kv-check.mjs', [kvPath]);
    const lines = [];
    for (;;) {
      const line = await check.next();
      if (line === 'end') break;
      lines.push(line);
    }
    const failed = lines.filter((l) => !l.startsWith('ok '));
    for (const l of lines) console.log(`     ${l}`);
    expectEqual(failed.length, 0, 'checks failed');
    expectEqual(lines.length > 0, true, 'checks ran');
  });
} finally {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = done();
