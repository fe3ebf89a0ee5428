// The timing measurement shared by every runtime (Web APIs only): how long one
// `sp.verifyResponse` of the Entra-shaped fixture takes, after warm-up, and how long a cold start
// (load + init + create + first verification) takes. Drivers: bench/js/verify-timing.mjs.
//
// The replay cache never remembers, so the same assertion can be verified again and again.

/** The fixture: tests/fixtures/valid/entra_assertion_signed.b64 (5.6 KB of XML) and its IdP, as in the manifest. */
export const FIXTURE_FILES = {
  response: 'tests/fixtures/valid/entra_assertion_signed.b64',
  certificate: 'tests/keys/idp-rsa2048.crt',
};
export const FIXTURE_CONFIG = {
  entityId: 'https://auth.iws-hybrid.trendmicro.com/0123456789abcdef',
  acsUrl: 'https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp',
  idpEntityId: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/',
  inResponseTo: '_4fee3b046395c4e751011e97f8900b5273d56685',
  now: '2026-01-15T10:01:00Z',
};

/** `{ response, certificate, ...FIXTURE_CONFIG }`, reading the files with `read(repoRelativePath) -> Promise<string>`. */
export async function loadFixture(read) {
  return {
    ...FIXTURE_CONFIG,
    response: (await read(FIXTURE_FILES.response)).trim(),
    certificate: await read(FIXTURE_FILES.certificate),
  };
}

/** The benchmarks verify one response many times: a store that records nothing (consume always true). */
export const noReplay = { consume: async () => true };

export function createSp(saml, fixture, crypto) {
  return saml.ServiceProvider.create({
    entityId: fixture.entityId,
    acsUrl: fixture.acsUrl,
    idp: { entityId: fixture.idpEntityId, certificates: [fixture.certificate] },
    crypto,
    replayCache: noReplay,
  });
}

export function verifyOnce(sp, fixture) {
  return sp.verifyResponse(fixture.response, { inResponseTo: fixture.inResponseTo, currentDate: new Date(fixture.now) });
}

function check(identity) {
  if (identity.loginName !== 'bsimon') throw new Error(`unexpected identity ${identity.loginName}`);
}

/** The smallest step of the clock (ms), e.g. 0.001 in Node, 0.1 in Chromium, 1 in workerd. */
export function clockResolution(now = () => performance.now()) {
  let smallest = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = now();
    let t = start;
    const deadline = Date.now() + 20;
    while ((t = now()) === start && Date.now() < deadline) { /* spin */ }
    if (t > start) smallest = Math.min(smallest, t - start);
  }
  return smallest;
}

export function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
  const mid = s.length / 2;
  const median = s.length % 2 ? s[Math.floor(mid)] : (s[mid - 1] + s[mid]) / 2;
  return { n: s.length, median, min: s[0], max: s[s.length - 1], p90: q(0.9), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

/**
 * Times `runs` verifications per crypto mode after `warmup` untimed ones. With `batch` > 1 each
 * sample is the mean of `batch` consecutive verifications (for a coarse clock, as in workerd).
 * Returns `{ clockResolutionMs, results: [{ crypto, batch, runs, ...stats }] }` (times in ms).
 */
export async function measureVerify(saml, fixture, { cryptos = ['webcrypto', 'wasm'], runs = 500, warmup = 100, batch = 1, now = () => performance.now() } = {}) {
  const results = [];
  for (const crypto of cryptos) {
    const sp = await createSp(saml, fixture, crypto);
    if (sp.crypto !== crypto) throw new Error(`asked for crypto ${crypto}, got ${sp.crypto}`);
    for (let i = 0; i < warmup; i++) check(await verifyOnce(sp, fixture));
    const samples = [];
    for (let i = 0; i < Math.ceil(runs / batch); i++) {
      const t0 = now();
      for (let j = 0; j < batch; j++) await verifyOnce(sp, fixture);
      samples.push((now() - t0) / batch);
    }
    results.push({ crypto, batch, runs: samples.length * batch, ...stats(samples) });
  }
  return { clockResolutionMs: clockResolution(now), results };
}

/**
 * One cold start, in a fresh process or isolate: `load()` imports the package (and so the core),
 * then init(), ServiceProvider.create, the first verification (and, for comparison, the second).
 * Times in ms; `startedAt` and `firstVerifiedAt` are raw clock readings (in Node: ms since the process started).
 */
export async function coldStart(load, fixture, crypto, now = () => performance.now()) {
  const t0 = now();
  const saml = await load();
  const tImported = now();
  await saml.init();
  const t1 = now();
  const sp = await createSp(saml, fixture, crypto);
  const t2 = now();
  check(await verifyOnce(sp, fixture));
  const t3 = now();
  check(await verifyOnce(sp, fixture));
  const t4 = now();
  return {
    crypto,
    import: tImported - t0,
    init: t1 - tImported,
    loadInit: t1 - t0,
    create: t2 - t1,
    firstVerify: t3 - t2,
    total: t3 - t0,
    secondVerify: t4 - t3,
    startedAt: t0,
    firstVerifiedAt: t3,
  };
}
