// The sync Worker of tests/stores/entra-sync-durable-object.mjs (loaded twice, as two services: two isolates),
// whose DirectoryStore is a DurableObjectStore on the SamlEdgeStore namespace of the store service.
//   POST /scenario { urls, prefix } -> [{ name, ok, error }]  (entra-sync-scenario.mjs)
//   POST /sync     { urls, prefix } -> one sync's result
//   POST /check    { urls, prefix } -> what a strict checkLogin finds in the store
import { DurableObjectStore } from 'saml-edge/durable-object';
import * as entra from 'saml-edge/entra';
import { checkDirectory, runSyncScenario, syncOnce } from './entra-sync-scenario.mjs';

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const { urls, prefix } = await request.json();
    const store = new DurableObjectStore(env.SAML_STORE);
    const args = { entra, store, urls, prefix, reopen: async () => new DurableObjectStore(env.SAML_STORE) };
    const run = { '/scenario': runSyncScenario, '/sync': syncOnce, '/check': checkDirectory }[pathname];
    if (!run) return new Response('not found', { status: 404 });
    try {
      return Response.json({ isolate: env.ISOLATE, result: await run(args) });
    } catch (e) {
      return Response.json({ isolate: env.ISOLATE, error: String(e?.stack ?? e) }, { status: 500 });
    }
  },
};
