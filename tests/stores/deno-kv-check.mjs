// The single-process checks of tests/stores/deno-kv.mjs, in Deno: prints "ok <what>" or
// "FAIL <what>: ..." per check, then "end".
import { DenoKvStore } from 'saml-edge/deno-kv';

const kv = await Deno.openKv(Deno.args[0]);
const store = new DenoKvStore(kv);
const out = (s) => Deno.stdout.write(new TextEncoder().encode(`${s}\n`));
const check = async (what, ok) => out(ok ? `ok ${what}` : `FAIL ${what}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const key = `saml-edge:test:${Date.now()}`;
const then = Date.parse('2020-01-01T00:00:00Z');
await check('first consume', (await store.consume(key, then + 300_000, then)) === true);
await check('second consume (currentDate years ago)', (await store.consume(key, then + 300_000, then)) === false);
const stored = (await kv.get(['saml-edge', key])).value;
const ttl = stored.until - Date.now();
await check(`the expiry is 300 s on this process's clock (${ttl} ms left)`, ttl > 290_000 && ttl <= 300_000);
await check('a 30 ms key', (await store.consume(`${key}:short`, 30, 0)) === true);
await sleep(60);
await check('free again after its time to live (honoured on read)', (await store.consume(`${key}:short`, 30, 0)) === true);
const long = `saml-edge:assertion:${'x'.repeat(3000)}`;
await check('a key over 1024 bytes (stored under its SHA-256)', (await store.consume(long, 1000, 0)) === true && (await store.consume(long, 1000, 0)) === false);

const s = `demo:session:${Date.now()}`;
await check('get absent', (await store.get(s)) === null);
await store.put(s, '{"groups":["a","b"]}', { ttlMs: 60_000 });
await check('put / get', (await store.get(s)) === '{"groups":["a","b"]}');
await store.put(`${s}:short`, 'x', { ttlMs: 30 });
await sleep(60);
await check('a 30 ms value is gone', (await store.get(`${s}:short`)) === null);
await store.put(`${s}:forever`, 'y');
await check('without ttlMs: kept', (await store.get(`${s}:forever`)) === 'y' && (await kv.get(['saml-edge', `${s}:forever`])).value.until === null);
await store.delete(s);
await check('delete', (await store.get(s)) === null);
let typeError = false;
try {
  await store.put(s, 42);
} catch (e) {
  typeError = e instanceof TypeError;
}
await check('a non-string value is a TypeError', typeError);
kv.close();
await out('end');
