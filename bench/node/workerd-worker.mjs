// The worker that bench/node/workerd.mjs runs in workerd (Web APIs only). Its config embeds the
// package (the "workerd" export: the .wasm imported as a module), bench/js/measure.mjs and the
// fixtures as JSON (base64 fields, the pinned certificate, the options).
//   GET /noop                         an empty response (the HTTP round trip alone)
//   GET /check?fixture=&crypto=       verify the valid and the tampered response
//   GET /loop?fixture=&crypto=&n=     n verifications of the valid one (timed by the driver)
//   GET /cold?crypto=                 ServiceProvider.create + one verification of the first
//                                     fixture (the first request of a fresh workerd is the cold one)
import { createSp, verifyOnce } from '../js/measure.mjs';

/** `builds`: the package entry per crypto ({ webcrypto: 'saml-edge', wasm: 'saml-edge/inspect' }). */
export function makeWorker(builds, data) {
  const base = { ...data.config, certificate: data.certificate };
  const sps = new Map();
  const sp = async (crypto) => {
    if (!sps.has(crypto)) {
      const s = await createSp(builds[crypto], base, crypto);
      if (s.crypto !== crypto) throw new Error(`asked for crypto ${crypto}, got ${s.crypto}`);
      sps.set(crypto, s);
    }
    return sps.get(crypto);
  };
  const fixture = (name) => {
    const f = data.fixtures.find((x) => x.name === name);
    if (!f) throw new Error(`no fixture ${name}`);
    return f;
  };
  const verify = async (s, b64) => (await verifyOnce(s, { ...base, response: b64 })).nameId;
  return {
    async fetch(request) {
      const url = new URL(request.url);
      const q = (k) => url.searchParams.get(k);
      try {
        if (url.pathname === '/noop') return Response.json({});
        if (url.pathname === '/cold') {
          const s = await createSp(builds[q('crypto')], base, q('crypto'));
          return Response.json({ nameId: await verify(s, data.fixtures[0].good) });
        }
        const f = fixture(q('fixture'));
        const s = await sp(q('crypto'));
        if (url.pathname === '/check') {
          const out = {};
          try {
            const nameId = await verify(s, f.good);
            out.accept = { ok: nameId === f.nameId, detail: nameId };
          } catch (e) {
            out.accept = { ok: false, detail: `${e?.code ?? ''} ${e?.message ?? e}` };
          }
          try {
            out.refuse = { ok: false, detail: `accepted the tampered response (${await verify(s, f.bad)})` };
          } catch (e) {
            out.refuse = { ok: e?.code === f.tamperedError, detail: `${e?.code ?? ''}: ${String(e?.message ?? e).slice(0, 160)}` };
          }
          return Response.json(out);
        }
        if (url.pathname === '/loop') {
          const n = Number(q('n'));
          for (let i = 0; i < n; i++) await verify(s, f.good);
          return Response.json({ n });
        }
        return new Response('not found', { status: 404 });
      } catch (e) {
        return Response.json({ error: String(e?.stack ?? e) }, { status: 500 });
      }
    },
  };
}
