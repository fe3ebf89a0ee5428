// The measurement in workerd; verify-timing.mjs makes a config whose main module imports the
// package's "workerd" export and calls makeWorker(saml, fixture) from here.
//   GET /measure?runs=&warmup=&batch=  -> measureVerify (workerd's clock only ticks in whole ms:
//                                         batch > 1 times that many verifications per sample)
//   GET /cold?crypto=                  -> ServiceProvider.create + one verification (the first
//                                         request of a fresh workerd is the cold one)
//   GET /noop                          -> an empty response (the HTTP round trip alone)
import { createSp, measureVerify, verifyOnce } from './measure.mjs';

export function makeWorker(saml, fixture) {
  return {
    async fetch(request) {
      const url = new URL(request.url);
      const arg = (name, dflt) => Number(url.searchParams.get(name) ?? dflt);
      try {
        if (url.pathname === '/noop') return Response.json({});
        if (url.pathname === '/cold') {
          const sp = await createSp(saml, fixture, url.searchParams.get('crypto') ?? 'webcrypto');
          const identity = await verifyOnce(sp, fixture);
          return Response.json({ loginName: identity.loginName });
        }
        if (url.pathname === '/measure') {
          return Response.json(await measureVerify(saml, fixture, { runs: arg('runs', 500), warmup: arg('warmup', 100), batch: arg('batch', 10) }));
        }
        return new Response('not found', { status: 404 });
      } catch (e) {
        return Response.json({ error: String(e?.stack ?? e) }, { status: 500 });
      }
    },
  };
}
