// `deno check` of an import by name, resolved in node_modules (package.json "types", "deno").
// Needs no run.
import { ServiceProvider, SamlError, type SamlErrorCode } from 'saml-edge';

export async function check(pem: string, input: string): Promise<SamlErrorCode | string> {
  const sp = await ServiceProvider.create({ entityId: 'e', acsUrl: 'https://sp/acs', idp: { entityId: 'i', certificates: [pem] } });
  try {
    return (await sp.verifyResponse(input, { allowUnsolicited: true })).loginName;
  } catch (e) {
    if (e instanceof SamlError) return e.code;
    throw e;
  }
}
