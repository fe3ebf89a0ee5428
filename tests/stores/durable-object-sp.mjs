// The SP Worker of tests/stores/durable-object.mjs (loaded twice, as two services: two isolates).
// POST /verify { response, inResponseTo, currentDate } -> { ok, isolate } or { ok: false, code }
// POST /store  { op: 'consume' | 'get' | 'put' | 'delete', args } -> { result } or { code }
import { ServiceProvider } from 'saml-edge';
import { DurableObjectStore } from 'saml-edge/durable-object';

let sp = null;

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const store = new DurableObjectStore(env.SAML_STORE);
    const body = await request.json();
    try {
      if (pathname === '/verify') {
        sp ??= await ServiceProvider.create({ ...JSON.parse(env.SP_OPTIONS), replayCache: store });
        const identity = await sp.verifyResponse(body.response, { inResponseTo: body.inResponseTo, currentDate: new Date(body.currentDate) });
        return Response.json({ ok: true, nameId: identity.nameId, isolate: env.ISOLATE });
      }
      if (pathname === '/store') {
        const result = await store[body.op](...body.args);
        return Response.json({ result: result ?? null, isolate: env.ISOLATE });
      }
      return new Response('not found', { status: 404 });
    } catch (e) {
      return Response.json({ ok: false, code: e?.code ?? null, name: e?.name, message: String(e?.message ?? e), isolate: env.ISOLATE });
    }
  },
};
