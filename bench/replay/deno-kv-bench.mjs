// The Deno part of bench/replay/run.mjs: N sequential consumes of fresh keys on a local KV file;
// prints the per-call times in milliseconds as JSON.
import { DenoKvStore } from '../../pkg/src/stores/deno-kv.js'; // the package's file, as saml-edge/deno-kv resolves

const [path, n] = [Deno.args[0], Number(Deno.args[1])];
const kv = await Deno.openKv(path);
const store = new DenoKvStore(kv);
const times = [];
for (let i = 0; i < n + 50; i++) {
  const t0 = performance.now();
  await store.consume(`bench:${i}`, 60_000, 0);
  if (i >= 50) times.push(performance.now() - t0);
}
kv.close();
console.log(JSON.stringify(times));
