// Shared by the JS harnesses of bench/run.sh: the fixtures of bench/fixtures/fixtures.json as the
// base64 field an ACS receives (made once, outside any timing) and the repetition loop.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const read = (rel) => readFileSync(join(repoRoot, rel));
export const manifest = JSON.parse(read('bench/fixtures/fixtures.json'));
export const defaults = manifest.defaults;
export const certificatePem = read(defaults.certs[0]).toString('utf8');
if (defaults.certs.length !== 1) throw new Error('the bench expects one pinned certificate');

/** [{ name, bytes, signed, nameId, tamperedError, good: base64, bad: base64 }] */
export function loadFixtures(only) {
  return manifest.fixtures
    .filter((f) => !only || only.includes(f.name))
    .map((f) => ({
      name: f.name,
      bytes: f.bytes,
      signed: f.signed,
      nameId: f.name_id,
      tamperedError: f.tampered_error,
      good: read(f.file).toString('base64'),
      bad: read(f.tampered).toString('base64'),
    }));
}

/** The fixture in the shape bench/js/measure.mjs expects (createSp / verifyOnce). */
export function measureFixture(response) {
  return {
    entityId: defaults.sp_entity_id,
    acsUrl: defaults.acs_url,
    idpEntityId: defaults.idp_entity_id,
    inResponseTo: defaults.in_response_to,
    now: defaults.now,
    certificate: certificatePem,
    response,
  };
}

/**
 * Per-verification times in µs, one per repetition (each the mean of `iters` calls of the async
 * `fn`), after ~`warmupMs` of warm-up (at least 20 calls, for the JIT) that also picks `iters` so
 * one repetition lasts ~`targetMs`. As bench/native/src/lib.rs `measure`.
 */
export async function measure(fn, { reps = 5, targetMs = 400, warmupMs = 300 } = {}) {
  const t0 = performance.now();
  let n = 0;
  while (n < 20 || performance.now() - t0 < warmupMs) {
    await fn();
    n++;
  }
  const per = (performance.now() - t0) / n;
  const iters = Math.max(5, Math.ceil(targetMs / per));
  const us = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    for (let i = 0; i < iters; i++) await fn();
    us.push(((performance.now() - t) * 1000) / iters);
  }
  return { iters, us };
}

export function args(argv = process.argv.slice(2)) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[++i];
    else out._.push(argv[i]);
  }
  return out;
}

/** Accept the valid fixture, refuse the tampered one, then time the valid one; one JSON line. */
export async function runTable(verifier, make, { reps, targetMs, only, checkCode = false } = {}) {
  for (const f of loadFixtures(only)) {
    const verify = await make(f);
    const row = { verifier, fixture: f.name };
    try {
      const nameId = await verify(f.good);
      row.accept = { ok: nameId === f.nameId, detail: String(nameId) };
    } catch (e) {
      row.accept = { ok: false, detail: `threw ${e?.code ?? ''} ${e?.message ?? e}` };
    }
    try {
      const nameId = await verify(f.bad);
      row.refuse = { ok: false, detail: `accepted the tampered response (${nameId})` };
    } catch (e) {
      row.refuse = { ok: !checkCode || e?.code === f.tamperedError, detail: `${e?.code ? e.code + ': ' : ''}${String(e?.message ?? e).split('\n')[0].slice(0, 160)}` };
    }
    if (row.accept.ok && row.refuse.ok) Object.assign(row, await measure(() => verify(f.good), { reps, targetMs }));
    console.log(JSON.stringify(row));
  }
}
