// The Deno side of tests/stores/entra-sync-deno-kv.mjs: an EntraDirectory whose store is a DenoKvStore on
// the KV file Deno.args[1], against the directory server Deno.args[2] (JSON URLs), store prefix Deno.args[3].
//   scenario  runs entra-sync-scenario.mjs and prints one JSON line per test, then "end";
//   sync      prints "ready", and on a line from stdin runs one sync and prints its result (JSON);
//   check     prints what a strict checkLogin finds in the store (JSON).
import * as entra from 'saml-edge/entra';
import { DenoKvStore } from 'saml-edge/deno-kv';
import { checkDirectory, runSyncScenario, syncOnce } from './entra-sync-scenario.mjs';

const [mode, path, urlsJson, prefix] = Deno.args;
const urls = JSON.parse(urlsJson);
const opened = [];
// Two processes opening one SQLite file at once can meet "database is locked" in openKv itself.
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
const open = async () => {
  const kv = await openKv();
  opened.push(kv);
  return new DenoKvStore(kv);
};
const out = (s) => Deno.stdout.write(new TextEncoder().encode(`${s}\n`));
const store = await open();
if (mode === 'scenario') {
  for (const r of await runSyncScenario({ entra, store, reopen: open, urls, prefix })) await out(JSON.stringify(r));
  await out('end');
} else if (mode === 'sync') {
  await out('ready');
  await Deno.stdin.readable.getReader().read();
  await out(JSON.stringify(await syncOnce({ entra, store, urls, prefix })));
} else if (mode === 'check') {
  await out(JSON.stringify(await checkDirectory({ entra, store, urls, prefix })));
} else {
  throw new Error(`unknown mode ${mode}`);
}
for (const kv of opened) kv.close();
