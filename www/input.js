// What the pasted text is. Only the shape is guessed here; the core decodes and judges.
//
//   { kind: 'post', value, note }      a SAMLResponse for the ACS: XML, base64, or a form body
//   { kind: 'redirect', value, note }  an HTTP-Redirect message: a URL, query or DEFLATEd value

/** Standard base64 (line breaks allowed) whose decoding starts with '<' — i.e. not DEFLATEd. */
function base64OfXml(text) {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return false;
  try {
    const head = atob(compact.slice(0, 64 - (Math.min(compact.length, 64) % 4)));
    return head.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().startsWith('<');
  } catch {
    return false;
  }
}

export function classify(raw) {
  const text = raw.trim();
  if (text.startsWith('<') || text.startsWith('\uFEFF<')) return { kind: 'post', value: text, note: 'raw XML' };
  if (/^https?:\/\//i.test(text) || text.startsWith('?') || /(^|&)SAMLRequest=/.test(text)) {
    return { kind: 'redirect', value: text, note: 'HTTP-Redirect URL or query' };
  }
  if (/(^|&)SAMLResponse=/.test(text)) return { kind: 'post', value: text, note: 'form body' };
  // A bare value: URL-decode it first when it was copied from a URL or a form.
  let value = text;
  let note = 'base64';
  if (/%[0-9A-Fa-f]{2}/.test(value)) {
    try {
      value = decodeURIComponent(value);
      note = 'URL-encoded base64';
    } catch {
      // not URL-encoded after all; the core reports what is wrong with it
    }
  }
  if (base64OfXml(value)) return { kind: 'post', value, note };
  // Not base64 of XML: a DEFLATEd redirect value (SAMLRequest), or garbage the core will name.
  if (/^[A-Za-z0-9+/=\s]+$/.test(value) && value.replace(/\s+/g, '').length >= 16) {
    return { kind: 'redirect', value: value.replace(/\s+/g, ''), note: 'DEFLATEd redirect value' };
  }
  return { kind: 'post', value, note };
}
