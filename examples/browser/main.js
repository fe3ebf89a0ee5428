// Verify a pasted SAMLResponse in the browser with saml-edge: show who it signs in, or why it is refused.
import { ServiceProvider, SamlError } from 'saml-edge';

const $ = (id) => document.getElementById(id);

function show(kind, title, lines) {
  const out = $('result');
  out.hidden = false;
  out.className = kind;
  const h2 = document.createElement('h2');
  h2.textContent = title;
  out.replaceChildren(h2, lines.join('\n'));
}

async function verify() {
  const inResponseTo = $('inResponseTo').value.trim();
  const at = $('at').value.trim();
  // A new ServiceProvider per click (and so a fresh replay cache): the same response can be checked again.
  const sp = await ServiceProvider.create({
    entityId: $('sp').value.trim(),
    acsUrl: $('acs').value.trim(),
    idp: { entityId: $('idp').value.trim(), certificates: [$('certificate').value] },
  });
  const identity = await sp.verifyResponse($('response').value.trim(), {
    ...(inResponseTo ? { inResponseTo } : { allowUnsolicited: true }),
    ...(at ? { currentDate: new Date(at) } : {}),
  });
  show('ok', `Signed in: ${identity.loginName}`, [
    `NameID: ${identity.nameId}`,
    `Issuer: ${identity.issuer}`,
    `Signed: ${identity.signedElement} (certificate SHA-256 ${identity.certificateSha256})`,
    ...Object.entries(identity.attributes).map(([name, values]) => `${name}: ${values.join(', ')}`),
    ...identity.warnings.map((w) => `warning: ${w}`),
  ]);
}

$('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('verify').disabled = true;
  try {
    await verify();
  } catch (e) {
    if (e instanceof SamlError) show('refused', `Refused: ${e.code}`, [e.message, JSON.stringify(e.detail, null, 2)]);
    else show('refused', `Error: ${e.name}`, [e.message]); // e.g. a TypeError for an empty or bad option
  } finally {
    $('verify').disabled = false;
  }
});
