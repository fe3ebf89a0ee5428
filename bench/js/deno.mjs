// The measurement in Deno; started by verify-timing.mjs:
//   deno run --no-prompt --no-remote --allow-read=<repo>/pkg,<repo>/bench/js,<repo>/tests \
//     bench/js/deno.mjs <file URL of the package's "deno" export> <runs> <warmup>
// Prints one line `RESULT <json>`.
import { loadFixture, measureVerify } from './measure.mjs';

const [entryUrl, runs, warmup] = Deno.args;
const repo = new URL('../../', import.meta.url);
const fixture = await loadFixture((p) => Deno.readTextFile(new URL(p, repo)));
const result = await measureVerify(await import(entryUrl), fixture, { runs: Number(runs), warmup: Number(warmup) });
console.log(`RESULT ${JSON.stringify({ ...result, version: `Deno ${Deno.version.deno}, V8 ${Deno.version.v8}` })}`);
