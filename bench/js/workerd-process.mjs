// One workerd process for a benchmark: started with `--control-fd=3` so it reports the port it
// bound (the config asks for 127.0.0.1:0), `fn({ listening, get })` run against it, then killed.
// `listening` is spawn -> listening in ms; `get(path)` fetches a JSON answer and times the round trip.
// Shared by bench/js/verify-timing.mjs and bench/node/workerd.mjs.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { withTimeout } from '../../tests/js/runtimes/lib.mjs';

export async function withWorkerd(bin, configPath, cwd, fn) {
  const t0 = performance.now();
  const child = spawn(bin, ['serve', configPath, '--control-fd=3'], { cwd, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const output = [];
  child.stdout.on('data', (d) => output.push(String(d)));
  child.stderr.on('data', (d) => output.push(String(d)));
  try {
    const exited = new Promise((_, rej) => child.on('exit', (c) => rej(new Error(`workerd exited (${c}): ${output.join('')}`))));
    exited.catch(() => {});
    const port = await withTimeout(Promise.race([exited, new Promise((res) => {
      createInterface({ input: child.stdio[3] }).on('line', (l) => {
        try { const m = JSON.parse(l); if (m.event === 'listen') res(m.port); } catch { /* not JSON */ }
      });
    })]), 60_000, 'workerd start');
    const listening = performance.now() - t0;
    const get = async (path) => {
      const s = performance.now();
      const res = await withTimeout(Promise.race([fetch(`http://127.0.0.1:${port}${path}`), exited]), 600_000, path);
      const body = await res.json().catch(async () => ({ error: `HTTP ${res.status}` }));
      const ms = performance.now() - s;
      if (!res.ok || body.error) throw new Error(`${path}: ${body.error ?? res.status}`);
      return { ms, body };
    };
    return await fn({ listening, get });
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
