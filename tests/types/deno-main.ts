// `deno check` of a path import (not npm:): the entry's @ts-self-types must lead to declarations
// the package ships. Needs no run.
import { ServiceProvider, SamlError, type SamlErrorCode } from './saml-edge/dist/deno.js';
import { inspect } from './saml-edge/dist/inspect/deno.js';

export async function check(pem: string, input: string): Promise<SamlErrorCode | string> {
  const sp = await ServiceProvider.create({ entityId: 'e', acsUrl: 'https://sp/acs', idp: { entityId: 'i', certificates: [pem] } });
  try {
    const report = await inspect(input);
    return `${(await sp.verifyResponse(input, { allowUnsolicited: true })).loginName} ${report.stage ?? ''}`;
  } catch (e) {
    if (e instanceof SamlError) return e.code;
    throw e;
  }
}
