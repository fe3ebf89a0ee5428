// The portal's HTML pages. Every value from a request or an assertion goes through esc().

export const esc = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const STYLE = `
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f4f6f8; }
  header { background: #d71920; color: #fff; padding: 12px 24px; font-weight: 600; }
  main { max-width: 760px; margin: 32px auto; background: #fff; padding: 24px 32px; border-radius: 8px;
         box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  h1 { font-size: 22px; margin: 0 0 12px; }
  label { display: block; margin: 16px 0 4px; font-weight: 600; }
  input[type=text] { width: 100%; box-sizing: border-box; padding: 8px; font-size: 15px; }
  .hint { color: #57606a; font-size: 13px; }
  button { margin: 16px 12px 0 0; padding: 8px 16px; font-size: 15px; cursor: pointer; }
  table { border-collapse: collapse; width: 100%; margin-top: 12px; font-size: 13px; }
  td, th { border-top: 1px solid #d0d7de; padding: 6px 8px; text-align: left; vertical-align: top; word-break: break-all; }
  th { width: 34%; }
  code, pre { font: 13px ui-monospace, monospace; }
  pre { background: #f6f8fa; padding: 12px; border-radius: 6px; white-space: pre-wrap; }
  .ok { color: #116329; } .bad { color: #a40e26; } .warn { color: #7d4e00; }
  #wanted { word-break: break-all; }
  #groups td:first-child { width: 48%; }
`;

export function html(status, title, body, headers = {}) {
  const doc = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width"><style>${STYLE}</style></head>
<body><header>Web Security — captive portal (saml-edge demo)</header><main>${body}</main></body></html>`;
  const h = new Headers({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  for (const [k, v] of Object.entries(headers)) {
    for (const value of [v].flat()) h.append(k, value);
  }
  return new Response(doc, { status, headers: h });
}

/**
 * Asks for the account (sent to the IdP as login_hint) or lets the user go straight on. `back` is where
 * the login returns (`wanted`, unless it is not a local path or longer than `max` bytes: then `/`, and
 * `tooLong` gives its size, which the page states).
 */
export function portalPage(wanted, back, tooLong, max, idpEntityId) {
  const note = tooLong === null ? '' : `
<p class="warn" id="too-long">This address is ${tooLong} bytes long, more than the ${max} bytes the portal carries through
sign-in: after signing in you will be on <code>${esc(back)}</code>, and can open it again from there.</p>`;
  return html(200, 'Sign in to continue', `
<h1>Sign in to continue</h1>
<p>Your organization requires you to sign in before browsing. You asked for <code id="wanted">${esc(wanted)}</code>.</p>${note}
<form id="portal" method="post" action="/saml/login">
  <input type="hidden" name="return" value="${esc(back)}">
  <label for="account">Account</label>
  <input type="text" id="account" name="account" autocomplete="username" autofocus
         placeholder="CONTOSO\\bsimon, bsimon@contoso.com or B.Simon@contoso.com">
  <div class="hint">Domain\\name, name@domain, email address or UPN. It is passed to your identity provider as
  <code>login_hint</code>: its sign-in form shows it, and you type only your password. Without an account, the
  identity provider asks for both (the demo's users: <code>B.Simon</code>, or any of the names above).</div>
  <button type="submit" id="signin" name="go" value="account">Sign in</button>
  <button type="submit" id="continue" name="go" value="continue">Continue without entering an account</button>
</form>
<p class="hint">Identity provider: <code>${esc(idpEntityId)}</code></p>`);
}

const SOURCES = {
  assertion: 'from the assertion\'s <code>groups</code> claim',
  getMemberGroups: 'resolved through Microsoft Graph: the assertion carried Entra\'s group-overage claim ' +
    '(<code>groups.link</code>) instead of the groups; <code>saml-edge/entra</code> <code>resolveGroups</code> ' +
    'asked Graph <code>getMemberGroups</code> (transitive) for the signed <code>objectidentifier</code>, then ' +
    '<code>directoryObjects/getByIds</code> for the names',
  transitiveMemberOf: 'resolved through Microsoft Graph: the assertion carried Entra\'s group-overage claim ' +
    '(<code>groups.link</code>) instead of the groups; <code>saml-edge/entra</code> <code>resolveGroups</code> ' +
    'listed the user\'s <code>transitiveMemberOf</code> (getMemberGroups answered that the result is too large)',
};

/** The user's groups: where they came from, then one row per group (object ID, display name when known). */
function groupsSection(groups) {
  if (!groups) return '';
  const graph = groups.graphBaseUrl
    ? ` — Graph at <code id="graph-url">${esc(groups.graphBaseUrl)}</code>, in this demo the local stand-in for Microsoft Graph (<code>tests/entra/directory-server.mjs</code>)`
    : '';
  const rows = groups.list
    .map((g) => `<tr><td>${esc(g.id)}</td><td>${g.displayName === null ? '<span class="hint">(not in the token)</span>' : esc(g.displayName)}</td></tr>`)
    .join('');
  return `
<h2>Groups (<span id="group-count">${groups.list.length}</span>)</h2>
<p class="hint" id="groups-source" data-source="${esc(groups.source)}">${SOURCES[groups.source] ?? esc(groups.source)}${graph}.</p>
<table id="groups"><tr><th>Object ID</th><th>Display name</th></tr>${rows}</table>`;
}

/** `http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p` -> `RSA-OAEP-MGF1P`. */
const keyTransportName = (uri) => String(uri).slice(String(uri).lastIndexOf('#') + 1).toUpperCase();

/**
 * How the assertion came: encrypted by the IdP (content and key-transport algorithms) and decrypted by the
 * portal, and which signature was checked when; or in the clear. Then the package's warnings, if any.
 */
function encryptionRows(s) {
  const decrypted = s.decrypted ?? [];
  const how = decrypted.length === 0
    ? 'none: the assertion came in the clear'
    : decrypted.map((d) => `the ${d.element === 'EncryptedID' ? 'NameID' : 'assertion'} was encrypted (${d.algorithm}; ` +
      `key transport ${keyTransportName(d.keyTransport)}, ${d.oaepDigest} with MGF1-${d.oaepMgf1}) and decrypted with the ` +
      `portal's key; ${d.signatureCheckedFirst ? 'the Response\'s signature over the ciphertext was verified before decrypting' : 'its signature, inside, was verified after decrypting'}`).join('; ');
  const warnings = (s.warnings ?? []).length === 0
    ? ''
    : `\n  <tr><th>Warnings</th><td id="warnings" class="warn">${s.warnings.map(esc).join('<br>')}</td></tr>`;
  return `<tr><th>Encryption</th><td id="encryption" data-encrypted="${decrypted.length > 0}">${esc(how)}</td></tr>${warnings}`;
}

/** The page first asked for, now showing who is signed in. */
export function signedInPage(path, s) {
  const rows = Object.entries(s.attributes ?? {})
    .map(([name, values]) => `<tr><th>${esc(name)}</th><td>${values.map(esc).join('<br>')}</td></tr>`)
    .join('');
  return html(200, `Signed in — ${path}`, `
<h1 class="ok">Signed in as <span id="login-name">${esc(s.loginName)}</span></h1>
<p>You are on <code id="path">${esc(path)}</code>, the page you first asked for.</p>
<table id="who">
  <tr><th>NameID</th><td id="name-id">${esc(s.nameId)}</td></tr>
  <tr><th>NameID format</th><td>${esc(s.nameIdFormat ?? '')}</td></tr>
  <tr><th>sAMAccountName / login name</th><td id="sam">${esc(s.loginName)}</td></tr>
  <tr><th>upn</th><td id="upn">${esc(s.upn ?? '')}</td></tr>
  <tr><th>Issuer</th><td>${esc(s.issuer)}</td></tr>
  <tr><th>Signed element</th><td><span id="signed-element">${esc(s.signedElement)}</span> (certificate SHA-256 ${esc(s.certificateSha256 ?? '')})</td></tr>
  ${encryptionRows(s)}
  <tr><th>Authenticated at</th><td>${esc(s.authnInstant ?? '')}</td></tr>
  <tr><th>IdP session (SessionIndex)</th><td id="session-index">${esc(s.sessionIndex ?? '')}</td></tr>
  <tr><th>Session until</th><td>${esc(new Date(s.exp).toISOString())}</td></tr>
</table>
${groupsSection(s.groups)}
<h2>All claims</h2>
<table id="claims">${rows}</table>
<form method="post" action="/logout"><input type="hidden" name="return" value="${esc(path)}">
  <button type="submit" id="logout">Sign out of the portal</button>
  <button type="submit" id="logout-everywhere" formaction="/saml/logout">Sign out everywhere</button></form>
<p class="hint">"Sign out of the portal" ends this session only: the IdP still knows you, so signing in again
asks no password. "Sign out everywhere" also ends your session at the identity provider (SAML Single Logout).</p>`);
}

/** After Single Logout: the portal's session and the IdP's are over. */
export function signedOutPage(relayState, partial, headers) {
  return html(200, 'Signed out', `
<h1 class="ok" id="signed-out">Signed out everywhere</h1>
<p>Your sessions at the portal and at the identity provider ${partial ? '<strong id="partial">were ended, though the IdP could not reach every application</strong>' : 'have ended'}.</p>
<p><a id="again" href="${esc(relayState)}">Sign in again</a></p>`, headers);
}

/**
 * A second POST of a login (the browser's Back into the IdP, which posts a new response for the spent
 * login, or a reload of the ACS) while this browser is signed in: no error, on to the page.
 */
export function alreadySignedInPage(path, s, e) {
  return html(200, 'Already signed in', `
<h1 class="ok" id="already-signed-in">Already signed in</h1>
<p>You are signed in as <strong id="login-name-already">${esc(s.loginName)}</strong>; this sign-in had already
been completed. Going on to <a id="go-on" href="${esc(path)}"><code>${esc(path)}</code></a>…</p>
<p class="hint">(The sign-in response came a second time, e.g. by going Back into the identity provider or by reloading
the page: <code id="error-code">${esc(e.code)}</code>.)</p>`, { Refresh: `2; url=${path}` });
}

/**
 * A second POST of a login that finished, with no session in this browser (signed out since, or another
 * browser's copy): nothing to resume, start again at the page.
 */
export function alreadyUsedPage(path, e) {
  return html(400, 'This sign-in was already used', `
<h1 class="warn" id="already-used">This sign-in was already used</h1>
<p>Each sign-in can be used once, and this one has been. Start again: <a id="start-again" href="${esc(path)}">sign in
to <code>${esc(path)}</code></a>.</p>
<p class="hint">(The sign-in response came a second time, e.g. by going Back into the identity provider or by reloading
the page: <code id="error-code">${esc(e.code)}</code>.)</p>`);
}

/** A refused login (or logout): the stable code, the sentence and the facts (expected vs found). */
export function errorPage(status, e, headers, what = 'Sign-in') {
  return html(status, `${what} refused: ${e.code}`, `
<h1 class="bad">${esc(what)} refused</h1>
<p><code id="error-code">${esc(e.code)}</code></p>
<p id="error-message">${esc(e.message)}</p>
<pre id="error-detail">${esc(JSON.stringify(e.detail ?? {}, null, 2))}</pre>
<p><a href="/">Start again</a></p>`, headers);
}
