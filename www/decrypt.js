// Encrypted assertions in the debugger: the SP private key field, its sample, and the report of
// what was decrypted. The key goes to the package in this page (WebCrypto, non-extractable once
// imported) and nowhere else: the page makes no request beyond its own files (see index.html's CSP).
// The verdict comes from ServiceProvider.verifyResponse({ decryptionKeys }); the explanation, with
// the decrypted XML and its signed regions marked, from inspect(input, { decryptionKeys }).

import samples from './decrypt-samples.js';
import { h } from './render.js';

const $ = (id) => document.getElementById(id);

// The field, after the IdP certificates.
const certs = $('certs');
const label = h('label', { for: 'sp-key' }, 'SP private key(s) as PEM, for encrypted assertions (optional; used in this page only)');
const keyField = h('textarea', { id: 'sp-key', name: 'spKey', rows: '4', spellcheck: 'false', autocomplete: 'off' });
certs.after(label, keyField);

/** The PEM private keys pasted, or undefined when the field is empty. */
export function decryptionKeys() {
  const blocks = keyField.value.match(/-----BEGIN (?:RSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]*?-----END (?:RSA |ENCRYPTED )?PRIVATE KEY-----/g);
  if (blocks) return blocks;
  return keyField.value.trim() ? [keyField.value.trim()] : undefined;
}

/** The section "Decryption" of the report (null when no key was given). */
export function renderDecryption(x) {
  const d = x.decryption;
  if (!d) return null;
  const items = d.decrypted.map((e) =>
    h('li', {}, `${e.element}: ${e.algorithm}, key transport ${e.keyTransport.replace(/^.*#/, '')} (${e.oaepDigest}, MGF1-${e.oaepMgf1}), opened with SP key #${e.keyIndex + 1}.`),
  );
  if (d.error) items.push(h('li', { class: 'bad' }, `Not decrypted: ${d.error.code}: ${d.error.message}`));
  if (items.length === 0) items.push(h('li', {}, 'Nothing in this message is encrypted.'));
  const notes = [];
  if (d.decrypted.some((e) => /CBC/.test(e.algorithm))) {
    notes.push(h('p', {}, 'CBC is not authenticated: AES-GCM is preferred, or a signed Response (its signature covers the ciphertext and is checked before decrypting).'));
  }
  if (d.decrypted.length > 0) {
    notes.push(h('p', {}, 'The XML below is the decrypted document. A signature over the ciphertext (the Response\'s over an EncryptedAssertion) signed the encrypted form: the verdict checked it before decrypting, so its digest over the decrypted document differs here.'));
  }
  return h('section', { id: 'decryption', 'aria-labelledby': 'decryption-title' }, h('h3', { id: 'decryption-title' }, 'Decryption'), h('ul', {}, items), notes);
}

// The sample: the Entra response with token encryption, and the SP key of the test fixtures.
const set = (id, v) => {
  const e = $(id);
  if (e.type === 'checkbox') e.checked = v;
  else e.value = v;
};
for (const s of samples) {
  const button = h('button', { type: 'button', class: 'sample valid', 'data-sample': s.id, title: s.description }, s.title);
  button.addEventListener('click', () => {
    set('message', s.input);
    set('certs', s.settings.certificates.join('\n'));
    set('sp-key', s.settings.decryptionKeys.join('\n'));
    set('entity-id', s.settings.entityId);
    set('acs-url', s.settings.acsUrl);
    set('idp-entity-id', s.settings.idpEntityId ?? '');
    set('request-id', s.settings.inResponseTo ?? '');
    set('now', s.settings.now);
    set('tolerance', String(s.settings.clockTolerance));
    set('unsolicited', false);
    set('sha1', false);
    set('require-assertion', false);
    $('form').requestSubmit();
  });
  $('sample-buttons').append(button);
}
// The other samples carry no encryption: choosing one clears the key.
$('sample-buttons').addEventListener('click', (event) => {
  const id = event.target.closest?.('button[data-sample]')?.dataset.sample;
  if (id && !samples.some((s) => s.id === id)) keyField.value = '';
}, true);
