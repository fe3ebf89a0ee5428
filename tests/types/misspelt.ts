// Must NOT compile: run.mjs checks that tsc refuses it and names the misspelt code.
import { SamlError } from 'saml-edge';

export function audienceMismatch(e: unknown): boolean {
  return e instanceof SamlError && e.code === 'ERR_SAML_AUDENCE';
}
export function withIs(e: SamlError): boolean {
  return e.is('ERR_SAML_AUDENCE');
}
