// Node servers' requests (compiled with @types/node only, by tsconfig.node.json): an IncomingMessage,
// as node:http and Express hand it over, goes to startLogin and finishLogin as it is.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceProvider } from 'saml-edge';

export async function acs(sp: ServiceProvider, req: IncomingMessage, res: ServerResponse): Promise<string> {
  const { identity, setCookie } = await sp.finishLogin(req);
  res.setHeader('Set-Cookie', [setCookie, 'sid=1; Path=/; HttpOnly; Secure']);
  return identity.loginName;
}

export async function login(sp: ServiceProvider, req: IncomingMessage & { body?: unknown }): Promise<string> {
  return (await sp.startLogin({ request: req })).url;
}
