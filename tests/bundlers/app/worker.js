// Cloudflare Worker entry: the package's "workerd" export imports its .wasm as a module (wrangler
// does that by itself; esbuild needs --loader:.wasm=binary).
import { verifyBoth } from './verify.js';

export default {
  async fetch() {
    return new Response(JSON.stringify(await verifyBoth()), { headers: { 'content-type': 'application/json' } });
  },
};
