// The debugger page: reads the form, asks the package for the verdict (ServiceProvider.verifyResponse,
// the same path a real ACS uses) and for the explanation (inspect), and renders both.

// saml-edge/inspect: the package's full build (inspect, decodeRedirect, and crypto 'wasm' where the page has no WebCrypto).
import { ServiceProvider, decodeRedirect, init, inspect } from './pkg/dist/inspect/browser.js';
import samples from './samples.js';
import { classify } from './input.js';
import { decryptionKeys, renderDecryption } from './decrypt.js';
import { h, renderCanonical, renderClaims, renderConditions, renderKeys, renderSteps, renderTime, renderVerdict, renderXml } from './render.js';

const $ = (id) => document.getElementById(id);
const field = {
  message: $('message'),
  certs: $('certs'),
  entityId: $('entity-id'),
  acsUrl: $('acs-url'),
  idpEntityId: $('idp-entity-id'),
  inResponseTo: $('request-id'),
  now: $('now'),
  tolerance: $('tolerance'),
  unsolicited: $('unsolicited'),
  sha1: $('sha1'),
  requireAssertion: $('require-assertion'),
};

// ---------------------------------------------------------------------------
// Samples
// ---------------------------------------------------------------------------

function loadSample(s) {
  field.message.value = s.input;
  field.certs.value = s.settings.certificates.join('\n');
  field.entityId.value = s.settings.entityId;
  field.acsUrl.value = s.settings.acsUrl;
  field.idpEntityId.value = s.settings.idpEntityId ?? '';
  field.inResponseTo.value = s.settings.inResponseTo ?? '';
  field.now.value = s.settings.now;
  field.tolerance.value = String(s.settings.clockTolerance);
  field.unsolicited.checked = s.settings.allowUnsolicited;
  field.sha1.checked = s.settings.allowSha1;
  field.requireAssertion.checked = s.settings.requireSignedAssertion;
}

for (const s of samples) {
  const button = h('button', { type: 'button', class: `sample ${s.expect === 'ok' ? 'valid' : 'failure'}`, 'data-sample': s.id, title: s.description }, s.title);
  button.addEventListener('click', () => {
    loadSample(s);
    run();
  });
  $('sample-buttons').append(button);
}

// ---------------------------------------------------------------------------
// Reading the form
// ---------------------------------------------------------------------------

/** The instant to evaluate at: the field (xs:dateTime, Z assumed when no zone), else now. */
function evaluationDate() {
  const text = field.now.value.trim();
  if (text === '') return new Date();
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  if (!Number.isFinite(d.getTime())) throw new TypeError(`"${text}" is not a date and time (e.g. 2026-01-15T10:01:00Z)`);
  return d;
}

/** The trust input: metadata XML, or every PEM block / bare base64 certificate pasted. */
function idpOptions() {
  const text = field.certs.value.trim();
  const idp = {};
  const entityId = field.idpEntityId.value.trim();
  if (entityId) idp.entityId = entityId;
  if (text.startsWith('<')) idp.metadataXml = text;
  else {
    const blocks = text.match(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g);
    idp.certificates = blocks ?? (text ? [text] : []);
  }
  return idp;
}

/** The labels of the fields, for messages about them. */
const LABEL = {
  entityId: 'SP entity ID',
  acsUrl: 'ACS URL',
  'idp.entityId': 'IdP entity ID',
  'idp.certificates': 'IdP certificate(s)',
  'idp.metadataXml': 'IdP metadata',
  idp: 'IdP certificate(s)',
  clockTolerance: 'Clock tolerance',
  inResponseTo: 'Expected request ID',
};

/** What must be filled in before a verdict is possible (the report is shown either way). */
function missing(s) {
  const list = [];
  if (!s.entityId) list.push(LABEL.entityId);
  if (!s.acsUrl) list.push(LABEL.acsUrl);
  if (!s.idp.metadataXml && !(s.idp.certificates ?? []).length) list.push(LABEL['idp.certificates']);
  return list;
}

/** A TypeError about an option ("options.acsUrl must be ...") said about the field instead. */
function fieldError(e) {
  const m = /^(?:inspect )?options\.([\w.]+) (.*)$/.exec(e?.message ?? '');
  if (!(e instanceof TypeError) || !m) return null;
  const label = LABEL[m[1]] ?? m[1];
  return { kind: 'info', code: 'FIELD', title: `Check the field "${label}"`, text: `It ${m[2]}.` };
}

function settings() {
  const tolerance = Number(field.tolerance.value === '' ? 180 : field.tolerance.value);
  return {
    entityId: field.entityId.value.trim(),
    acsUrl: field.acsUrl.value.trim(),
    idp: idpOptions(),
    inResponseTo: field.inResponseTo.value.trim() || undefined,
    currentDate: evaluationDate(),
    clockTolerance: tolerance,
    allowUnsolicited: field.unsolicited.checked,
    allowSha1: field.sha1.checked,
    requireSignedAssertion: field.requireAssertion.checked,
  };
}

// ---------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------

/** The verdict, from the real verification path. `issuer` stands in for an empty IdP entity ID. */
async function verdictFor(xmlOrPost, s, issuer) {
  const lacking = missing(s);
  if (lacking.length) {
    return {
      kind: 'info',
      code: 'INCOMPLETE',
      title: `Fill in the ${lacking.join(', ')} to get a verdict`,
      text: 'The report below explains the message already. "Fill from the message" takes the SP entity ID, ACS URL, issuer, request ID and instant from the message itself (then they are not checked: the message names them).',
    };
  }
  // The IdP entity ID is optional: without it, the message's own Issuer is expected (and so not checked).
  const idp = { ...s.idp };
  let note = null;
  if (!idp.entityId && !idp.metadataXml) {
    if (!issuer) return { kind: 'info', code: 'INCOMPLETE', title: 'Fill in the IdP entity ID', text: 'The message names no Issuer to take it from.' };
    idp.entityId = issuer;
    note = `No IdP entity ID given: the Issuer "${issuer}" was taken from the message, so it was not checked.`;
  }
  try {
    const sp = await ServiceProvider.create({
      entityId: s.entityId,
      acsUrl: s.acsUrl,
      idp,
      clockTolerance: s.clockTolerance,
      allowSha1: s.allowSha1,
      requireSignedAssertion: s.requireSignedAssertion,
      decryptionKeys: decryptionKeys(),
      // Pages served over plain http (not localhost) have no crypto.subtle: the core's own crypto then.
      crypto: globalThis.crypto?.subtle ? 'webcrypto' : 'wasm',
    });
    const identity = await sp.verifyResponse(xmlOrPost, {
      inResponseTo: s.inResponseTo,
      currentDate: s.currentDate,
      allowUnsolicited: s.allowUnsolicited,
    });
    return { kind: 'ok', identity, note };
  } catch (error) {
    return fieldError(error) ?? { kind: 'error', error, note };
  }
}

function inspectOptions(s, canonical = false) {
  return {
    entityId: s.entityId || undefined,
    acsUrl: s.acsUrl || undefined,
    idp: s.idp,
    inResponseTo: s.inResponseTo,
    currentDate: s.currentDate,
    clockTolerance: s.clockTolerance,
    canonical,
    decryptionKeys: decryptionKeys(),
  };
}

let last = null;

async function run() {
  const report = $('report');
  const verdictBox = $('verdict');
  report.replaceChildren();
  verdictBox.className = 'verdict idle';
  verdictBox.textContent = 'Working…';
  let s;
  try {
    s = settings();
  } catch (e) {
    renderVerdict(verdictBox, { kind: 'info', code: 'FIELD', title: `Check the field "Evaluate at"`, text: e.message });
    return;
  }
  const input = classify(field.message.value);
  if (!field.message.value.trim()) {
    renderVerdict(verdictBox, { kind: 'info', code: 'EMPTY', title: 'Nothing to verify', text: 'Paste a message or choose a sample.' });
    return;
  }

  let message = input.value;
  let note = input.note;
  let verdict;
  if (input.kind === 'redirect') {
    let decoded;
    try {
      decoded = await decodeRedirect(input.value);
    } catch (error) {
      renderVerdict(verdictBox, { kind: 'error', error });
      return;
    }
    message = decoded.xml;
    note = `${input.note}: ${decoded.param}${decoded.relayState ? `, RelayState ${decoded.relayState}` : ''}`;
    if (decoded.param === 'SAMLRequest') {
      verdict = { kind: 'info', code: 'SAMLRequest', title: 'Decoded SAMLRequest', text: 'A request carries no verdict: its XML and fields are below.' };
    }
  }
  let x;
  try {
    x = await inspect(message, inspectOptions(s));
  } catch (error) {
    // An unusable certificate or metadata (the verdict would say the same), or a field's value.
    renderVerdict(verdictBox, fieldError(error) ?? { kind: 'error', error });
    return;
  }
  verdict ??= await verdictFor(message, s, x.root?.issuer ?? x.assertions?.[0]?.issuer ?? null);
  last = { message, s };
  renderVerdict(verdictBox, verdict);
  if (x.root && x.root.name !== 'Response') {
    report.append(h('section', { 'aria-labelledby': 'req-title' }, h('h3', { id: 'req-title' }, x.root.qname),
      h('dl', { class: 'detail', id: 'request-fields' }, [
        ['ID', x.root.id], ['Issuer', x.root.issuer], ['Destination', x.root.destination],
        ['AssertionConsumerServiceURL', x.root.assertionConsumerServiceUrl], ['IssueInstant', x.root.issueInstant?.value],
      ].filter(([, v]) => v).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))));
  }
  report.append(
    ...[renderDecryption(x), renderSteps(x, note), renderConditions(x), renderTime(x), renderClaims(x), renderKeys(x), renderXml(x, showCanonical)].filter(Boolean),
  );
}

async function showCanonical() {
  if (!last) return;
  const x = await inspect(last.message, inspectOptions(last.s, true));
  renderCanonical($('canonical'), x);
  $('canonical').querySelector('pre')?.focus();
}

// ---------------------------------------------------------------------------
// Fill from the message
// ---------------------------------------------------------------------------

const FROM_MESSAGE = 'taken from the unverified message';

function markFromMessage(input, value) {
  input.value = value;
  input.classList.add('from-message');
  let note = document.getElementById(`${input.id}-note`);
  if (!note) {
    note = h('span', { id: `${input.id}-note`, class: 'from-message-note' }, FROM_MESSAGE);
    input.after(note);
    input.setAttribute('aria-describedby', note.id);
  }
}

function clearMark(input) {
  input.classList.remove('from-message');
  document.getElementById(`${input.id}-note`)?.remove();
  input.removeAttribute('aria-describedby');
}

for (const input of [field.entityId, field.acsUrl, field.idpEntityId, field.inResponseTo, field.now]) {
  input.addEventListener('input', () => clearMark(input));
}

/** SP entity ID, ACS URL, Issuer, InResponseTo and the instant, as the (unverified) message states them. */
async function fillFromMessage() {
  const status = $('fill-status');
  const input = classify(field.message.value);
  if (!field.message.value.trim()) {
    status.textContent = 'Paste a message first.';
    return;
  }
  let message = input.value;
  if (input.kind === 'redirect') {
    try {
      message = (await decodeRedirect(input.value)).xml;
    } catch (e) {
      status.textContent = `The message could not be decoded: ${e.message}`;
      return;
    }
  }
  const x = await inspect(message, {});
  if (!x.root) {
    status.textContent = `The message could not be read: ${x.error?.message ?? 'unknown error'}`;
    return;
  }
  const a = x.assertions?.[0];
  const recipient = a?.checks?.find((c) => c.name === 'Recipient')?.found ?? null;
  const found = [
    [field.entityId, a?.audiences?.[0] ?? null],
    [field.acsUrl, x.root.destination ?? recipient ?? x.root.assertionConsumerServiceUrl],
    [field.idpEntityId, x.root.issuer ?? a?.issuer ?? null],
    [field.inResponseTo, x.root.inResponseTo ?? null],
    [field.now, x.root.issueInstant?.value ?? null],
  ];
  const filled = [];
  for (const [input, value] of found) {
    if (value) {
      markFromMessage(input, value);
      filled.push(input.labels[0].textContent.replace(/\s*\(.*$/, ''));
    }
  }
  status.textContent = filled.length ? `Filled from the message (not verified): ${filled.join(', ')}.` : 'The message names none of these fields.';
}

$('fill').addEventListener('click', () => fillFromMessage());

$('form').addEventListener('submit', (event) => {
  event.preventDefault();
  run();
});

// Load the core early; the page says when it is ready (the tests wait for this).
init().then(
  () => document.body.setAttribute('data-ready', 'true'),
  (e) => renderVerdict($('verdict'), { kind: 'error', error: e }),
);
