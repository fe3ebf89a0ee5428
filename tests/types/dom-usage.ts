// A Fetch API Request (compiled with the DOM lib only, by tsconfig.dom.json) goes to startLogin and
// finishLogin as it is.
import { ServiceProvider } from 'saml-edge';

export async function acs(sp: ServiceProvider, request: Request): Promise<Response> {
  const start = await sp.startLogin({ request });
  const { identity, setCookie } = await sp.finishLogin(request);
  return new Response(identity.loginName, { headers: [['Set-Cookie', setCookie], ['X-Next', start.url]] });
}
