// The SP's own messages in the one JS suite (run by tests/js/suite.mjs on Node, Deno, workerd and
// Chromium): the signing key (PEM, non-extractable CryptoKey), signed AuthnRequests, the SP's
// metadata, Single Logout both ways between two ServiceProviders (one standing in for the IdP), and
// every logout fixture of tests/fixtures/sp/ (openssl / xmlsec1 signed) on every crypto path.

const SP_SLO = 'https://auth.iws-hybrid.trendmicro.com/saml/slo';
const IDP_SLO = 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2';
const SSO = IDP_SLO;
const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const LOGOUT_COOKIE = '__Host-saml_edge_state-logout';

function pemToDer(pem) {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function b64decode(text) {
  return pemToDer(text);
}

/**
 * A GET to `url` with `cookie`, as a runtime hands it to the logout route: a Request-like object,
 * since browsers drop Cookie from a Request they construct (a standalone Headers keeps it).
 */
function getRequest(url, cookie) {
  return { method: 'GET', url, headers: new Headers(cookie === undefined ? {} : { cookie }) };
}

export function spSections(t, saml, fixtures, paths, h) {
  // The debugging functions (saml-edge/inspect): the package itself in the full build's run, its
  // inspect subpath in the edge build's.
  const tools = h.tools;
  // One signature path that both builds have: the signing checks do not depend on it.
  const any = paths[0];
  const d = fixtures.defaults;
  const sp = fixtures.sp;
  const keyPem = sp.keys['tests/keys/sp-signing-rsa2048.key'];
  const certPem = fixtures.certs['tests/keys/sp-signing-rsa2048.crt'];
  const idpKeyPem = sp.keys['tests/keys/idp-rsa2048.key'];
  const idpCertPem = fixtures.certs['tests/keys/idp-rsa2048.crt'];
  const now = Date.parse(sp.defaults.now);

  /** The SP of the fixtures: Entra-shaped IdP, logout URL, signing key. */
  const spOptions = (crypto, extra = {}) => ({
    entityId: d.sp_entity_id,
    acsUrl: d.acs_url,
    sloUrl: SP_SLO,
    idp: { entityId: sp.defaults.idp_entity_id, ssoUrl: SSO, sloUrl: IDP_SLO, certificates: [idpCertPem] },
    requestStateSecret: SECRET,
    signingKey: keyPem,
    signingCertificate: certPem,
    crypto,
    now: () => now,
    ...extra,
  });

  async function signingKeys() {
    // PEM, and a non-extractable CryptoKey: the same PKCS#1 v1.5 signatures (deterministic), so
    // the same signed metadata, whichever path signs.
    const pemSp = await saml.ServiceProvider.create(spOptions(any));
    const fromPem = await pemSp.metadataXml();
    const key = await crypto.subtle.importKey('pkcs8', pemToDer(keyPem), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    t.eq(key.extractable, false, 'signing key: a non-extractable CryptoKey');
    const keySp = await saml.ServiceProvider.create(spOptions(any, { signingKey: key }));
    t.eq(await keySp.metadataXml(), fromPem, 'signing key: a CryptoKey signs the same metadata as the PEM');
    const i = await tools.inspect(fromPem, { idp: { certificates: [certPem] } });
    const s = i.signatures?.[0];
    t.ok(s?.digestMatches === true && s?.keys?.[0]?.verifies === true, 'metadataXml: its signature verifies with the SP certificate (inspect)', JSON.stringify(s)?.slice(0, 300));
    t.eq(s?.element, 'md:EntityDescriptor', 'metadataXml: the signature is on the EntityDescriptor');
    const tampered = fromPem.replace(d.acs_url, 'https://evil.example/acs');
    const ti = await tools.inspect(tampered, { idp: { certificates: [certPem] } });
    t.eq(ti.signatures?.[0]?.digestMatches, false, 'metadataXml: a changed ACS URL no longer matches the digest');
    for (const want of [
      `entityID="${d.sp_entity_id}"`,
      'AuthnRequestsSigned="true"',
      `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${SP_SLO}"/>`,
      `Location="${d.acs_url}" index="0" isDefault="true"/>`,
      '<md:KeyDescriptor use="signing">',
    ]) {
      t.ok(fromPem.includes(want), `metadataXml: ${want}`);
    }
    const unsigned = await pemSp.metadataXml({ sign: false, validUntil: new Date('2030-01-01T00:00:00Z'), cacheDuration: 86400, encryptionCertificates: [fixtures.certs['tests/keys/sp-encryption-rsa2048.crt']] });
    t.ok(!unsigned.includes('Signature') && unsigned.includes('validUntil="2030-01-01T00:00:00Z"') && unsigned.includes('cacheDuration="PT86400S"') && unsigned.includes('<md:KeyDescriptor use="encryption">'), 'metadataXml({ sign: false, validUntil, cacheDuration, encryptionCertificates })', unsigned.slice(0, 300));
    await t.typeError(() => pemSp.metadataXml({ colour: 'red' }), /not a known option/, 'metadataXml: unknown option');

    // Refusals at create: a key that is not the certificate's, keys that cannot sign.
    await t.refuses(saml, () => saml.ServiceProvider.create(spOptions(any, { signingCertificate: fixtures.certs['tests/keys/sp-encryption-rsa2048.crt'] })), 'ERR_CONFIG_INVALID', 'signingKey: not the signing certificate\'s key');
    await t.refuses(saml, () => saml.ServiceProvider.create(spOptions(any, { signingKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' })), 'ERR_KEY_INVALID', 'signingKey: not a key');
    await t.refuses(saml, () => saml.ServiceProvider.create(spOptions(any, { signingKey: sp.keys['tests/keys/weak-rsa1024.key'], signingCertificate: undefined })), 'ERR_KEY_UNSUPPORTED', 'signingKey: RSA-1024');
    await t.refuses(saml, () => saml.ServiceProvider.create(spOptions(any, { signingKey: sp.keys['tests/keys/idp-ec-p256.key'], signingCertificate: undefined })), 'ERR_KEY_UNSUPPORTED', 'signingKey: an EC key');
    await t.typeError(() => saml.ServiceProvider.create(spOptions(any, { signingKey: key, signatureAlgorithm: 'rsa-sha512' })), /imported for rsa-sha256/, 'signingKey: CryptoKey hash differs from signatureAlgorithm');
    await t.typeError(() => saml.ServiceProvider.create(spOptions(any, { signingKey: undefined, signingCertificate: undefined, signAuthnRequests: true })), /needs options.signingKey/, 'signAuthnRequests without a key');
    await t.typeError(() => saml.ServiceProvider.create(spOptions(any, { signatureAlgorithm: 'rsa-sha1' })), /signatureAlgorithm/, 'signatureAlgorithm: SHA-1 is not offered');
    await t.typeError(() => saml.ServiceProvider.create(spOptions(any, { sloUrl: 'slo' })), /sloUrl/, 'sloUrl: not a URL');
    await t.typeError(() => saml.ServiceProvider.create({ ...spOptions(any), idp: { metadataUrl: 'http://idp.example/md.xml' } }), /https/, 'idp.metadataUrl: plain http off this machine');
    await t.typeError(() => saml.ServiceProvider.create({ ...spOptions(any), idp: { entityId: 'x', certificates: [idpCertPem], metadataCertificates: [idpCertPem] } }), /metadataXml or metadataUrl/, 'idp.metadataCertificates without metadata');
  }

  async function signedLogin(crypto) {
    const s = await saml.ServiceProvider.create(spOptions(crypto));
    const { url } = await s.startLogin({ relayState: '/a b', loginHint: 'b@c.example' });
    const decoded = await tools.decodeRedirect(url);
    t.eq(decoded.sigAlg, RSA_SHA256, `${crypto}: startLogin signs (SigAlg)`);
    t.ok(url.endsWith('&login_hint=b%40c.example'), `${crypto}: login_hint after the signature`, url.slice(-60));
    // The signature is over the query octets exactly as sent: verify them with WebCrypto and the
    // SP certificate's key (its SPKI as a ServiceProvider pinning it reports).
    const probe = await saml.ServiceProvider.create({ entityId: 'x', acsUrl: 'https://x.example/acs', idp: { entityId: 'y', certificates: [certPem] } });
    const key = await globalThis.crypto.subtle.importKey('spki', b64decode(probe.keys[0].spki), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    const query = url.slice(url.indexOf('?') + 1);
    const signed = query.slice(0, query.indexOf('&Signature='));
    const sig = decodeURIComponent(query.slice(query.indexOf('&Signature=') + 11).split('&')[0]);
    // The RelayState is the login's token (the application's relayState stays in the cookie).
    t.ok(signed.startsWith('SAMLRequest=') && /&RelayState=[A-Za-z0-9_-]{22}&SigAlg=/.test(signed), `${crypto}: signed octets in the binding's order`, signed.slice(-120));
    t.ok(await globalThis.crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, b64decode(sig), new TextEncoder().encode(signed)), `${crypto}: WebCrypto verifies the AuthnRequest signature`);
    const unsignedSp = await saml.ServiceProvider.create(spOptions(crypto, { signAuthnRequests: false }));
    t.eq((await tools.decodeRedirect((await unsignedSp.startLogin()).url)).sigAlg ?? null, null, `${crypto}: signAuthnRequests: false`);
  }

  /** Logout both ways between the SP and a second ServiceProvider standing in for the IdP. */
  async function roundTrip(crypto) {
    const a = await saml.ServiceProvider.create(spOptions(crypto));
    const idp = await saml.ServiceProvider.create({
      entityId: sp.defaults.idp_entity_id,
      acsUrl: 'https://login.microsoftonline.com/acs',
      sloUrl: IDP_SLO,
      idp: { entityId: d.sp_entity_id, certificates: [certPem], sloUrl: SP_SLO },
      signingKey: idpKeyPem,
      requestStateSecret: SECRET,
      crypto,
      now: () => now,
    });
    // SP-initiated: A asks, the IdP stand-in handles and answers, A finishes.
    const start = await a.startLogout({ nameId: 'B.Simon@contoso.com', nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', sessionIndex: '_s1', relayState: '/bye' });
    t.ok(start.url.startsWith(`${IDP_SLO}?SAMLRequest=`), `${crypto}: startLogout`, start.url.slice(0, 80));
    // The request-state cookies' rules (an https sloUrl): __Host-, Secure, Path=/, no Domain.
    t.ok(
      start.setCookie.startsWith(`${LOGOUT_COOKIE}=v2.`) && start.setCookie.includes('; Path=/;') && start.setCookie.includes('; Secure') && !/domain=/i.test(start.setCookie),
      `${crypto}: the logout-state cookie is __Host- with Secure and Path=/`,
      start.setCookie,
    );
    const handled = await idp.handleLogoutRequest(getRequest(start.url));
    t.eq(handled.nameId, 'B.Simon@contoso.com', `${crypto}: the IdP side reads the NameID`);
    t.eq(handled.sessionIndexes.join(','), '_s1', `${crypto}: and the SessionIndex`);
    t.ok(/^[A-Za-z0-9_-]{22}$/.test(handled.relayState ?? ''), `${crypto}: the IdP gets a random token as RelayState, not the application's`, handled.relayState);
    t.ok(handled.url.startsWith(`${SP_SLO}?SAMLResponse=`), `${crypto}: the answer goes to the SP's logout URL`);
    const cookie = h.cookiePair(start.setCookie);
    const done = await a.finishLogout(getRequest(handled.url, cookie));
    t.eq(done.relayState, '/bye', `${crypto}: finishLogout returns the stored RelayState`);
    t.eq(done.partial, false, `${crypto}: not partial`);
    t.ok(done.setCookie.includes('Max-Age=0'), `${crypto}: finishLogout clears its cookie`);
    await t.refuses(saml, () => a.finishLogout(getRequest(handled.url, cookie)), 'ERR_STATE_REUSED', `${crypto}: the same LogoutResponse twice`);
    await t.refuses(saml, () => idp.handleLogoutRequest(getRequest(start.url)), 'ERR_SAML_REPLAY', `${crypto}: the same LogoutRequest twice`);
    await t.refuses(saml, () => a.finishLogout(getRequest(handled.url, undefined)), 'ERR_STATE_MISSING', `${crypto}: finishLogout without the cookie`);
    // The same cookie without the __Host- prefix (what a sibling subdomain could set) is not read.
    await t.refuses(saml, () => a.finishLogout(getRequest(handled.url, cookie.replace('__Host-', ''))), 'ERR_STATE_MISSING', `${crypto}: finishLogout: the cookie without its __Host- prefix`);
    const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
    const flipped = `${name}=${value.slice(0, -2)}${value.at(-2) === 'A' ? 'B' : 'A'}${value.slice(-1)}`; // a MAC character
    await t.refuses(saml, () => a.finishLogout(getRequest(handled.url, flipped)), 'ERR_STATE_INVALID', `${crypto}: finishLogout: a changed cookie`);
    // A login's request-state cookie under the logout cookie's name: another MAC context.
    const login = await a.startLogin();
    const loginValue = h.cookiePair(login.setCookie).split('=')[1];
    await t.refuses(saml, () => a.finishLogout(getRequest(handled.url, `${name}=${loginValue}`)), 'ERR_STATE_INVALID', `${crypto}: finishLogout: a login's cookie is not a logout's`);
    const long = 'x'.repeat(1000);
    const longStart = await a.startLogout({ nameId: 'B.Simon@contoso.com', relayState: long });
    const longDone = await a.finishLogout(getRequest((await idp.handleLogoutRequest(getRequest(longStart.url))).url, h.cookiePair(longStart.setCookie)));
    t.eq(longDone.relayState, long, `${crypto}: a 1000-byte relayState comes back from the cookie`);
    await t.typeError(() => a.startLogout({ nameId: 'x', relayState: 'x'.repeat(1025) }), /1024 bytes/, `${crypto}: startLogout: relayState over 1024 bytes`);
    const other = await a.startLogout({ nameId: 'B.Simon@contoso.com', relayState: '/bye' });
    await t.refuses(saml, () => a.finishLogout(getRequest(handled.url, h.cookiePair(other.setCookie))), 'ERR_SAML_IN_RESPONSE_TO', `${crypto}: an answer to another logout`);
    await t.refuses(saml, () => a.finishLogout(h.acsRequest(SP_SLO, { method: 'PUT', contentType: null })), 'ERR_INPUT_METHOD', `${crypto}: finishLogout: PUT`);
    // IdP-initiated: the stand-in asks, A handles, the stand-in finishes with A's answer.
    const fromIdp = await idp.startLogout({ nameId: 'B.Simon@contoso.com', sessionIndex: ['_s1', '_s2'] });
    const answered = await a.handleLogoutRequest(getRequest(fromIdp.url, undefined));
    t.eq(answered.sessionIndexes.join(','), '_s1,_s2', `${crypto}: handleLogoutRequest: both SessionIndexes`);
    t.eq(answered.signature?.binding, 'redirect', `${crypto}: handleLogoutRequest: verified by the redirect signature`);
    const back = await idp.finishLogout(getRequest(answered.url, h.cookiePair(fromIdp.setCookie)));
    t.eq(back.relayState, null, `${crypto}: the IdP side accepts the SP's LogoutResponse`);
    await t.typeError(() => a.startLogout({ sessionIndex: 'x' }), /nameId/, `${crypto}: startLogout without nameId`);
    await t.typeError(() => a.startLogout({ nameId: 'x', colour: 1 }), /not a known option/, `${crypto}: startLogout unknown option`);
    const noSlo = await saml.ServiceProvider.create(spOptions(crypto, { sloUrl: undefined }));
    await t.typeError(() => noSlo.startLogout({ nameId: 'x' }), /sloUrl/, `${crypto}: startLogout without sloUrl`);
    // Plain http: only with allowHttp, and then without __Host- and Secure (SameSite=Lax).
    const httpSlo = 'http://127.0.0.1:8080/saml/slo';
    await t.typeError(() => saml.ServiceProvider.create(spOptions(crypto, { sloUrl: httpSlo })), /allowHttp/, `${crypto}: an http sloUrl needs allowHttp`);
    const dev = await saml.ServiceProvider.create(spOptions(crypto, { sloUrl: httpSlo, allowHttp: true }));
    const devStart = await dev.startLogout({ nameId: 'x' });
    t.ok(devStart.setCookie.startsWith('saml_edge_state-logout=v2.') && !devStart.setCookie.includes('Secure') && devStart.setCookie.includes('SameSite=Lax'), `${crypto}: allowHttp: saml_edge_state-logout, no Secure`, devStart.setCookie);
    t.ok(dev.clearLogoutStateCookie().startsWith('saml_edge_state-logout=;') && a.clearLogoutStateCookie().startsWith(`${LOGOUT_COOKIE}=;`), `${crypto}: clearLogoutStateCookie`);
  }

  /** Every tests/fixtures/sp case through handleLogoutRequest / finishLogout. */
  async function logoutFixtures(crypto, outcomes) {
    let count = 0;
    for (const c of sp.cases) {
      const o = { ...sp.defaults, ...c.options };
      const s = await saml.ServiceProvider.create(spOptions(crypto, { allowSha1: o.allow_sha1 }));
      const body = c.binding === 'redirect' ? undefined : c.input;
      const url = c.binding === 'redirect' ? c.input : SP_SLO;
      let request;
      let result;
      try {
        if (c.kind === 'request') {
          request = c.binding === 'redirect' ? getRequest(url) : h.acsRequest(url, { body });
          const r = await s.handleLogoutRequest(request);
          result = { ok: true, nameId: r.nameId, sessionIndexes: r.sessionIndexes, relayState: r.relayState, binding: r.signature.binding };
          t.ok(r.url.startsWith(`${IDP_SLO}?SAMLResponse=`) && r.url.includes('&Signature='), `${crypto} ${c.name}: a signed answer`);
        } else {
          // The fixture's RelayState as the token this SP sent (each accepted case carries one but
          // response_redirect_no_relay_state), and an application relayState sealed beside it.
          const token = c.expect.ok?.relay_state ?? 'a-token-the-idp-did-not-return';
          const state = { token, requestId: o.in_response_to, relayState: '/signed-out', expiresAt: now + 300_000 };
          const cookie = `${LOGOUT_COOKIE}=${await h.sealState(SECRET, `${SP_SLO} logout`, state)}`;
          request = c.binding === 'redirect' ? getRequest(url, cookie) : h.acsRequest(url, { body, cookie });
          const r = await s.finishLogout(request);
          result = { ok: true, partial: r.partial, relayState: r.relayState };
          if (c.name === 'response_redirect') {
            // The same answer against a cookie whose token it does not carry, and an expired cookie.
            const other = `${LOGOUT_COOKIE}=${await h.sealState(SECRET, `${SP_SLO} logout`, { ...state, token: 'another-logout-token' })}`;
            await t.refuses(saml, () => s.finishLogout(getRequest(url, other)), 'ERR_STATE_RELAY_MISMATCH', `${crypto} ${c.name}: another token in the cookie`);
            const late = `${LOGOUT_COOKIE}=${await h.sealState(SECRET, `${SP_SLO} logout`, { ...state, expiresAt: now })}`;
            await t.refuses(saml, () => s.finishLogout(getRequest(url, late)), 'ERR_STATE_EXPIRED', `${crypto} ${c.name}: an expired logout`);
          }
        }
      } catch (e) {
        result = { ok: false, code: e?.code, name: e?.name, message: e?.message };
      }
      count++;
      outcomes.set(c.name, result);
      const error = c.package_error ?? c.expect.error;
      if (error) {
        t.ok(!result.ok && result.code === error, `${crypto} ${c.name}: ${error}`, JSON.stringify(result));
        t.ok(result.ok || result.name === h.expectedClassName(error), `${crypto} ${c.name}: class ${h.expectedClassName(error)}`, result.name);
      } else if (c.kind === 'request') {
        const want = c.expect.ok;
        t.ok(result.ok && result.nameId === want.name_id && result.sessionIndexes.join() === want.session_indexes.join() && result.relayState === want.relay_state, `${crypto} ${c.name}: accepted`, JSON.stringify(result));
        t.eq(result.binding, c.binding === 'redirect' ? 'redirect' : 'xml', `${crypto} ${c.name}: signature binding`);
      } else {
        t.ok(result.ok && result.partial === c.expect.ok.partial && result.relayState === '/signed-out', `${crypto} ${c.name}: accepted, the sealed relayState returned`, JSON.stringify(result));
      }
    }
    t.log(`logout fixtures, ${crypto}: ${count} cases`);
  }

  const outcomes = new Map(paths.map((p) => [p, new Map()]));
  return [
    ['sp: signing key and metadata', signingKeys],
    ...paths.map((p) => [`sp: signed AuthnRequest (${p})`, () => signedLogin(p)]),
    ...paths.map((p) => [`sp: logout round trip (${p})`, () => roundTrip(p)]),
    ...paths.map((p) => [`sp: logout fixtures (${p})`, () => logoutFixtures(p, outcomes.get(p))]),
    [
      'sp: every crypto path gives the same logout verdicts',
      () => {
        const [first, ...rest] = paths;
        for (const p of rest) {
          for (const c of sp.cases) {
            t.eq(JSON.stringify(outcomes.get(p).get(c.name)), JSON.stringify(outcomes.get(first).get(c.name)), `${c.name}: ${first} and ${p} agree`);
          }
        }
      },
    ],
  ];
}
