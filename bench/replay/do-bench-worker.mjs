// The Worker of bench/replay/run.mjs: GET /?n=N runs N sequential consumes of fresh keys through a
// DurableObjectStore and answers the elapsed milliseconds (Date.now() in workerd advances with I/O).
import { DurableObjectStore } from 'saml-edge/durable-object';

export default {
  async fetch(request, env) {
    const n = Number(new URL(request.url).searchParams.get('n'));
    const store = new DurableObjectStore(env.SAML_STORE);
    const prefix = `bench:${crypto.randomUUID()}:`;
    await store.consume(`${prefix}warm`, 60_000, 0);
    const t0 = Date.now();
    for (let i = 0; i < n; i++) await store.consume(`${prefix}${i}`, 60_000, 0);
    return Response.json({ ms: Date.now() - t0, n });
  },
};
