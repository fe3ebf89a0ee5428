// One of the two Deno processes of tests/stores/deno-kv.mjs: a ServiceProvider with a DenoKvStore
// on the KV file argv[0]; prints "ready", and on a line from stdin verifies the fixture response
// argv[1] times at once and prints { accepted, codes } as one JSON line.
import { ServiceProvider } from 'saml-edge';
import { DenoKvStore } from 'saml-edge/deno-kv';

const [path, count, fixtureJson] = [Deno.args[0], Number(Deno.args[1]), Deno.args[2]];
const f = JSON.parse(await Deno.readTextFile(fixtureJson));
// Two processes opening one SQLite file at once can meet "database is locked" in openKv itself:
// wait and open again, as the KV calls after it do.
async function openKv() {
  for (let attempt = 1; ; attempt++) {
    try {
      return await Deno.openKv(path);
    } catch (e) {
      if (attempt >= 50 || !/database is locked/.test(String(e?.message))) throw e;
      await new Promise((r) => setTimeout(r, 20 * attempt));
    }
  }
}
const kv = await openKv();
const sp = await ServiceProvider.create({ ...f.options, replayCache: new DenoKvStore(kv) });
const call = { inResponseTo: f.call.inResponseTo, currentDate: new Date(f.call.currentDate) };
const out = (s) => Deno.stdout.write(new TextEncoder().encode(`${s}\n`));
await out('ready');
const reader = Deno.stdin.readable.getReader();
await reader.read();
const settled = await Promise.allSettled(Array.from({ length: count }, () => sp.verifyResponse(f.response, call)));
const codes = {};
let accepted = 0;
for (const s of settled) {
  if (s.status === 'fulfilled') accepted++;
  else codes[s.reason?.code ?? String(s.reason)] = (codes[s.reason?.code ?? String(s.reason)] ?? 0) + 1;
}
await out(JSON.stringify({ accepted, codes }));
kv.close();
