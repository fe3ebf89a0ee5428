// Builds the report from what the core returned: the verdict (ServiceProvider.verifyResponse)
// and the explanation (inspect). Only DOM building here; no SAML decisions.

import { advice } from './advice.js';
import { relative } from './time.js';
import { timeline } from './timeline.js';

/** A DOM element: h('p', { class: 'x' }, 'text', child, ...). Text is always set as text. */
export function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

const mark = (ok) => (ok === true ? h('span', { class: 'mark ok', 'aria-label': 'ok' }, '✓') : ok === false ? h('span', { class: 'mark bad', 'aria-label': 'failed' }, '✗') : h('span', { class: 'mark na', 'aria-label': 'not checked' }, '–'));
const short = (uri) => (uri ?? '').replace(/#$/, '').replace(/^.*[#/]/, '');
const code = (t) => h('code', {}, t);

function certLine(c) {
  return [`subject ${c.subject ?? '(bare key)'}`, c.sha1 ? `, SHA-1 thumbprint ${c.sha1.toUpperCase()}` : '', `, SHA-256 ${c.sha256}`, c.notAfter ? `, valid until ${c.notAfter}` : ''].join('');
}

// ---------------------------------------------------------------------------
// Verdict
// ---------------------------------------------------------------------------

/** Replace `box`'s children, skipping absent ones (Element.append would write `null` as text). */
function fill(box, ...children) {
  box.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

export function renderVerdict(box, verdict) {
  box.replaceChildren();
  if (verdict.kind === 'ok') {
    const id = verdict.identity;
    box.className = 'verdict ok';
    box.dataset.code = 'OK';
    fill(box,
      h('p', { class: 'verdict-title' }, '✓ Valid login'),
      h('p', {}, `User `, h('strong', { id: 'verdict-user' }, id.loginName), ` (NameID ${id.nameId}), signed element: ${id.signedElement}, by the configured certificate with SHA-256 ${id.certificateSha256}.`),
      id.warnings.length ? h('p', { class: 'warnings' }, `Note: ${id.warnings.join('; ')}.`) : null,
      verdict.note ? h('p', { class: 'verdict-note' }, verdict.note) : null,
    );
  } else if (verdict.kind === 'error') {
    const e = verdict.error;
    box.className = 'verdict bad';
    box.dataset.code = e.code ?? 'ERROR';
    const detail = Object.entries(e.detail ?? {});
    fill(box,
      h('p', { class: 'verdict-title' }, '✗ Refused: ', h('code', { id: 'verdict-code' }, e.code ?? e.name)),
      h('p', { class: 'verdict-message' }, e.message),
      e.code ? h('p', { class: 'verdict-advice' }, h('strong', {}, 'To fix: '), advice(e)) : null,
      detail.length ? h('dl', { class: 'detail' }, detail.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, Array.isArray(v) ? v.join(', ') : String(v))])) : null,
      verdict.note ? h('p', { class: 'verdict-note' }, verdict.note) : null,
    );
  } else {
    box.className = 'verdict info';
    box.dataset.code = verdict.code ?? 'INFO';
    fill(box, h('p', { class: 'verdict-title' }, verdict.title), verdict.text ? h('p', {}, verdict.text) : null);
  }
}

// ---------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------

function signatureStep(s, pinned) {
  const title = `Signature on ${s.element}${s.elementId ? ` ID=${s.elementId}` : ''}`;
  if (s.error) return h('li', {}, mark(false), ` ${title}: not in an accepted shape — `, code(s.error.code), ` ${s.error.message}`);
  const items = [];
  const refOk = s.referencesParent && s.elementsWithReferencedId === 1;
  items.push(h('li', {}, mark(refOk), ' Reference URI ', code(s.referenceUri || '""'), s.referencesParent ? ' points at the element the signature sits in' : ' does NOT point at the element the signature sits in', s.elementsWithReferencedId !== null ? `; ${s.elementsWithReferencedId} element(s) carry that ID` : ''));
  items.push(h('li', {}, mark(null), ' Transforms: ', s.transforms.map(short).join(' → ') || '(none)', `; SignedInfo c14n ${short(s.canonicalization)}; ${short(s.signatureMethod)}${s.usesSha1 ? ' (SHA-1: refused unless allowed)' : ''}`));
  if (s.digestError) {
    items.push(h('li', {}, mark(false), ' Digest not computed: ', code(s.digestError.code), ` ${s.digestError.message}`));
  } else {
    items.push(
      h('li', { class: 'digest' }, mark(s.digestMatches), ` Digest (${short(s.digestMethod)}) ${s.digestMatches ? 'matches' : 'DIFFERS'}`,
        h('div', { class: 'kv' }, h('span', {}, 'declared'), code(s.digestDeclared), h('span', {}, 'computed'), code(s.digestComputed ?? '–'))),
    );
  }
  const verifiedBy = (s.keys ?? []).find((k) => k.verifies);
  const untrusted = (s.keyInfoCertificates ?? []).find((c) => c.pinned === false);
  if (s.signedInfoError) {
    items.push(h('li', {}, mark(false), ' SignedInfo not canonicalized: ', code(s.signedInfoError.code)));
  } else if (verifiedBy) {
    items.push(h('li', {}, mark(true), ` Signature value verifies with configured certificate #${verifiedBy.index + 1}: ${certLine(pinned[verifiedBy.index] ?? {})}`));
  } else if (untrusted) {
    items.push(h('li', { class: 'untrusted' }, mark(false), ` Signed by a certificate you did not configure: thumbprint ${untrusted.sha1.toUpperCase()} (SHA-1), SHA-256 ${untrusted.sha256}, subject ${untrusted.subject}, valid until ${untrusted.notAfter}`));
  } else if ((s.keys ?? []).length === 0) {
    items.push(h('li', {}, mark(false), ' Signature value not checked: no certificate configured'));
  } else {
    const usable = s.keys.filter((k) => k.supported).length;
    items.push(h('li', {}, mark(false), ` Signature value does not verify with any configured key (${usable} of ${s.keys.length} fit the algorithm)`));
  }
  for (const c of s.keyInfoCertificates ?? []) {
    if (c.error) items.push(h('li', {}, mark(null), ' KeyInfo certificate unreadable: ', code(c.error.code)));
    else items.push(h('li', {}, mark(null), ` KeyInfo carries ${certLine(c)} — ${c.pinned ? 'the same as a configured one' : 'NOT configured (never trusted for that reason)'}`));
  }
  return h('li', {}, h('strong', {}, title), h('ul', {}, items));
}

export function renderSteps(x, note) {
  const steps = [h('li', {}, mark(x.stage !== 'decode'), ` Decoded the input (${note})`)];
  if (x.stage === 'decode' || x.stage === 'parse') {
    if (x.stage === 'parse') steps.push(h('li', {}, mark(false), ' Parsing the XML: ', code(x.error.code), ` ${x.error.message}`));
    else steps[0].append(': ', code(x.error.code), ` ${x.error.message}`);
    return h('section', { 'aria-labelledby': 'steps-title' }, h('h3', { id: 'steps-title' }, 'Steps'), h('ol', { id: 'steps' }, steps));
  }
  const r = x.root;
  const statusOk = r.status === null ? null : r.status.endsWith(':Success');
  steps.push(h('li', {}, mark(true), ` Parsed: ${r.qname}${r.id ? ` ID=${r.id}` : ''}`, r.status ? `, status ${short(r.status)}` : '', r.statusMessage ? ` (“${r.statusMessage}”)` : '', ' ', r.status ? mark(statusOk) : ''));
  if (x.signatureCount === 0) steps.push(h('li', {}, mark(r.name === 'Response' ? false : null), ' No signature in the document'));
  for (const s of x.signatures) steps.push(signatureStep(s, x.pinnedKeys));
  if (x.signatureCount > x.signatures.length) steps.push(h('li', {}, mark(false), ` ${x.signatureCount} signatures: only ${x.signatures.length} examined (limit)`));
  if (r.name === 'Response') {
    const n = x.assertions.length;
    const where = x.assertions.map((a) => `${a.id ?? '(no ID)'} in ${a.parent}${a.signed ? ', signed' : ''}`).join('; ');
    steps.push(h('li', {}, mark(n === 1 && x.assertions[0].childOfResponse), ` ${n} Assertion${n === 1 ? '' : 's'} in the document${n ? `: ${where}` : ''}${n > 1 ? ' — a login response carries exactly one (an extra one is signature wrapping)' : ''}`));
  }
  return h('section', { 'aria-labelledby': 'steps-title' }, h('h3', { id: 'steps-title' }, 'Steps'), h('ol', { id: 'steps' }, steps));
}

// ---------------------------------------------------------------------------
// Conditions, time, claims, keys
// ---------------------------------------------------------------------------

export function renderConditions(x) {
  const many = (x.assertions ?? []).length > 1;
  const tag = (i, name) => (many ? `Assertion ${i + 1}: ${name}` : name);
  const rows = [...(x.root?.checks ?? []), ...(x.assertions ?? []).flatMap((a, i) => a.checks.map((c) => ({ ...c, name: tag(i, c.name) })))];
  for (const [i, a] of (x.assertions ?? []).entries()) {
    for (const w of a.windows) {
      rows.push({ name: tag(i, `${w.name} window`), expected: x.now ? `contains ${x.now} (± ${x.clockToleranceMs / 1000} s)` : null, found: `${w.notBefore?.value ?? '…'} – ${w.notOnOrAfter?.value ?? '…'}`, ok: w.ok });
    }
  }
  if (!rows.length) return null;
  return h('section', { 'aria-labelledby': 'cond-title' }, h('h3', { id: 'cond-title' }, 'Conditions: expected vs found'),
    h('table', { id: 'conditions' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Check'), h('th', { scope: 'col' }, 'Expected'), h('th', { scope: 'col' }, 'Found'), h('th', { scope: 'col' }, 'Result'))),
      h('tbody', {}, rows.map((c) => h('tr', { class: c.ok === false ? 'bad' : '' }, h('th', { scope: 'row' }, c.name), h('td', {}, c.expected ?? '(not configured)'), h('td', {}, c.found ?? '(absent)'), h('td', {}, mark(c.ok)))))));
}

export function renderTime(x) {
  const a = x.assertions?.[0];
  if (!a || x.nowMs === null) return null;
  const rows = a.windows.map((w) => ({ label: w.name === 'Conditions' ? 'Conditions' : 'SubjectConfirmation', start: w.notBefore?.ms ?? null, end: w.notOnOrAfter?.ms ?? null, ok: w.ok }));
  if (a.sessionNotOnOrAfter?.ms) rows.push({ label: 'Session', start: a.authnInstant?.ms ?? null, end: a.sessionNotOnOrAfter.ms, ok: null });
  if (!rows.length) return null;
  const instants = [
    ['IssueInstant (Response)', x.root.issueInstant?.value],
    ['AuthnInstant', a.authnInstant?.value],
    ...a.windows.flatMap((w) => [[`${w.name} NotBefore`, w.notBefore?.value], [`${w.name} NotOnOrAfter`, w.notOnOrAfter?.value]]),
    ['SessionNotOnOrAfter', a.sessionNotOnOrAfter?.value],
    ['Evaluated at (now)', x.now],
  ].filter(([, v]) => v);
  // In words first: "SubjectConfirmation: expired 4 years 9 months ago".
  const said = rows.map((r) => {
    const edges = [r.start !== null ? relative(r.start, x.nowMs, true) : null, r.end !== null ? relative(r.end, x.nowMs, false) : null].filter(Boolean);
    return h('li', { class: r.ok === false ? 'bad' : '' }, h('strong', {}, r.label), `: ${edges.join(', ') || 'no bounds'}`);
  });
  return h('section', { 'aria-labelledby': 'time-title' }, h('h3', { id: 'time-title' }, 'Time'),
    h('ul', { id: 'time-summary' }, said),
    h('p', { class: 'hint' }, `Bars are the windows, their light ends the clock tolerance (${x.clockToleranceMs / 1000} s); the line is the instant evaluated at.`),
    h('figure', { id: 'timeline' }, timeline(rows, x.nowMs, x.clockToleranceMs)),
    h('table', { class: 'instants' }, h('tbody', {}, instants.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, code(v)))))));
}

function claimsTable(a, id) {
  const rows = [];
  if (a.nameId !== null) rows.push(h('tr', {}, h('th', { scope: 'row' }, 'NameID'), h('td', {}, a.nameIdFormat ?? ''), h('td', {}, a.nameId)));
  for (const at of a.attributes) rows.push(h('tr', {}, h('th', { scope: 'row' }, at.shortName), h('td', {}, at.name), h('td', {}, at.values.join('\n'))));
  return h('table', { id }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Claim'), h('th', { scope: 'col' }, 'Attribute name / format'), h('th', { scope: 'col' }, 'Value'))), h('tbody', {}, rows));
}

export function renderClaims(x) {
  const list = x.assertions ?? [];
  if (!list.length) return null;
  // Several assertions (wrapping): each under its own heading, so an injected one is never mistaken for the signed one.
  const parts = list.length === 1
    ? [claimsTable(list[0], 'claims')]
    : list.flatMap((a, i) => [h('h4', {}, `Assertion ${i + 1}: ID=${a.id ?? '(none)'} in ${a.parent}, ${a.signed ? 'carries a signature' : 'UNSIGNED'}`), claimsTable(a, i === 0 ? 'claims' : `claims-${i + 1}`)]);
  return h('section', { 'aria-labelledby': 'claims-title' }, h('h3', { id: 'claims-title' }, 'Claims'),
    list.length > 1 ? h('p', { class: 'hint' }, `${list.length} assertions in one response: none of them is trusted unless the verdict is valid.`) : null,
    parts);
}

export function renderKeys(x) {
  if (!x.pinnedKeys?.length) return null;
  return h('section', { 'aria-labelledby': 'keys-title' }, h('h3', { id: 'keys-title' }, 'Configured certificates'),
    h('ol', { class: 'keys' }, x.pinnedKeys.map((k) => h('li', {}, certLine(k), ` (${k.key})`))));
}

// ---------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------

export function renderXml(x, onCanonical) {
  if (typeof x.xml !== 'string') return null;
  const lines = x.xml.replace(/\n$/, '').split('\n');
  const cls = new Array(lines.length).fill('');
  for (const r of x.signedRegions ?? []) {
    if (r.signed) for (let i = r.signed[0]; i <= r.signed[1]; i++) cls[i] = 'signed';
    if (r.signature) for (let i = r.signature[0]; i <= r.signature[1]; i++) cls[i] = 'sig';
  }
  const pre = h('pre', { id: 'xml', tabindex: '0', 'aria-label': 'Pretty-printed XML' }, lines.map((l, i) => h('span', { class: `line ${cls[i]}` }, l)));
  const hasSig = (x.signatures ?? []).some((s) => !s.error);
  return h('section', { 'aria-labelledby': 'xml-title' }, h('h3', { id: 'xml-title' }, 'XML'),
    hasSig ? h('p', { class: 'hint' }, h('span', { class: 'swatch signed' }), ' signed element (what the digest covers)  ', h('span', { class: 'swatch sig' }), ' the Signature (removed before digesting). Re-indented for reading: these are not the signed bytes.') : null,
    pre,
    hasSig ? h('button', { type: 'button', id: 'canonical-btn', onclick: onCanonical }, 'Show canonical bytes') : null,
    h('div', { id: 'canonical' }));
}

export function renderCanonical(box, x) {
  box.replaceChildren();
  (x.signatures ?? []).forEach((s, i) => {
    if (s.error) return;
    const text = (v) => (typeof v === 'string' ? v : `not available: ${v?.error?.code ?? ''} ${v?.error?.message ?? ''}`);
    box.append(
      h('h4', {}, `Signature ${i + 1} on ${s.element}: canonical SignedInfo (what the signature value signs)`),
      h('pre', { class: 'canonical', tabindex: '0' }, text(s.canonicalSignedInfo)),
      h('h4', {}, `Signature ${i + 1}: canonical referenced element (what the digest is computed over)`),
      h('pre', { class: 'canonical', tabindex: '0' }, text(s.canonicalReference)),
    );
  });
}
