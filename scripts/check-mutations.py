#!/usr/bin/env python3
"""Remove one security check at a time and prove a test fails (a hand-written mutation run).

Each entry names a check, the file, the code that enforces it and a replacement that disables it.
The tree is copied from HEAD into a temporary folder; the unit, fixture, parser or logout tests must then fail.
Entries on pkg/src (the npm package's JS layer) run the JS suite on Node instead (tests/js/node.mjs),
against this checkout's built wasm (pkg/dist: run scripts/build-pkg.sh first) and fixtures bundle.
Run: python3 scripts/check-mutations.py [NAME ...]   (a few minutes; not part of scripts/test.sh)
"""
import os, shutil, subprocess, sys, tempfile
SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
WORK = tempfile.mkdtemp(prefix="saml-edge-mutants-")
TARGET = os.path.join(SRC, "target", "mutants")
# Mutations of the JS package name the command that must then fail (run in the mutated tree, which gets
# a copy of pkg/dist: the Node runner's integration test verifies a fixture through the built package).
ENTRA = "timeout 300 node tests/entra/runtimes/node.mjs"
# The edge build's own key checks (no rust-crypto: not compiled by cargo test): the wasm rebuilt in the
# mutated tree, then the smoke test, which reads the same bad keys with both builds.
EDGE_WASM = f"CARGO_TARGET_DIR={SRC}/target/mutants-wasm scripts/build-pkg.sh >/dev/null 2>&1 && node scripts/smoke-wasm.mjs"
# esbuild as scripts/build-pkg.sh installs it (the JS mutations are bundled again before the suite runs).
ESBUILD = os.path.join(os.environ.get("SAML_EDGE_TOOLS_DIR", os.path.join(SRC, ".tools")), "esbuild", "node_modules", ".bin", "esbuild")
# The directory sync into a real redis-server (tests/stores; its node_modules copied, saml-edge linking the mutated pkg/).
ENTRA_REDIS = f"cp -r {SRC}/tests/stores/node_modules tests/stores/ && timeout 300 node tests/stores/entra-sync-redis.mjs"
# The demo portal (demo/), by the e2e login in Chromium (node_modules copied: workerd; saml-edge links the mutated pkg/).
DEMO_E2E = f"cp -r {SRC}/demo/node_modules demo/ && cp -r {SRC}/tests/e2e/node_modules tests/e2e/ && timeout 900 node tests/e2e/login.mjs"
muts = [
 ("dup-id", "src/dsig/mod.rs", "if elements_with_id(signed.document().root(), id) != 1 {", "if false {"),
 ("misplaced", "src/saml/response.rs", "        if !allowed {\n            return Err(Error::DsigMisplaced", "        if false {\n            return Err(Error::DsigMisplaced"),
 ("assertion-count", "src/saml/response.rs", "let [assertion] = assertions.as_slice() else {", "let [assertion, ..] = assertions.as_slice() else {"),
 ("digest", "src/dsig/mod.rs", "if crate::crypto::constant_time_eq(computed, declared) {", "if true {"),
 ("der-first", "src/crypto/cert.rs", "        if let Ok(c) = Certificate::from_der(input) {\n            return Ok(alloc::vec![c]);", "        if let Some(c) = None::<Certificate> {\n            return Ok(alloc::vec![c]);"),
 ("host-digest", "src/saml/response.rs", "pending.check_host_digest(computed)?;", "let _ = computed;"),
 ("audience", "src/saml/conditions.rs", "if !audiences.contains(&o.sp_entity_id) {", "if false {"),
 ("audience-required", "src/saml/conditions.rs", "    if restrictions == 0 {", "    if false {"),
 ("recipient", "src/saml/conditions.rs", "    if recipient != o.acs_url {", "    if false {"),
 ("destination", "src/saml/response.rs", "Some(d) if d != o.acs_url => {", "Some(d) if false && d != o.acs_url => {"),
 ("irt-subject", "src/saml/conditions.rs", "        if found != expected {", "        if false {"),
 ("not-before", "src/saml/conditions.rs", "if now.saturating_add(tol) < nb.unix_millis() {", "if false {"),
 ("not-on-or-after", "src/saml/conditions.rs", "if now.saturating_sub(tol) >= na.unix_millis() {", "if false {"),
 ("issuer", "src/saml/response.rs", "Some(expected) if issuer != *expected => {", "Some(expected) if false && issuer != *expected => {"),
 ("status", "src/saml/response.rs", "    if value == STATUS_SUCCESS {", "    if true {"),
 ("require-signed-assertion", "src/saml/response.rs", "(Some(_), None) if o.require_signed_assertion =>", "(Some(_), None) if false =>"),
 ("unsigned", "src/saml/response.rs", "(None, None) => return Err(Error::SamlUnsigned),", "(None, None) => SignedElement::Assertion,"),
 ("text-content", "src/xml/tree.rs", "                        s.push_str(n.text());\n", "                        s.push_str(n.text());\n                        break;\n"),
 ("reference-uri", "src/dsig/mod.rs", "    if !uri_ok {", "    if false {"),
 ("transforms", "src/dsig/shape.rs", "        [Transform::Enveloped, Transform::C14n(m)] => m.clone(),", "        [Transform::Enveloped, Transform::C14n(m), ..] => m.clone(),"),
 ("dtd", "src/xml/parser.rs", "Event::DocType(_) => return Err(Error::XmlDtdForbidden),", "Event::DocType(_) => {}"),
 ("sig-value", "src/dsig/mod.rs", "k.key().verify(self.signature_algorithm, &self.signed_info, &self.signature_value).unwrap_or(false)", "true"),
 ("rsa-encoding", "src/crypto/rsa_pkcs1.rs", "high.iter().all(|&b| b == 0) && super::constant_time_eq(low, &expected)", "high.iter().all(|&b| b == 0)"),
 ("rsa-s-below-n", "src/crypto/rsa_pkcs1.rs", "    if s >= *key.n().as_ref() {", "    if false {"),
 ("rsa-length", "src/crypto/rsa_pkcs1.rs", "    if signature.len() != k {", "    if false {"),
 ("multi-sig", "src/saml/response.rs", "if p.children_named(DSIG, \"Signature\").count() > 1 {", "if false {"),
 ("encrypted", "src/xmlenc/mod.rs", "    if doc.descendants().any(|n| n.is(ASSERTION, \"EncryptedAssertion\")) {", "    if false {"),
 ("irt-response", "src/saml/response.rs", "            if found != expected {\n                return Err(Error::SamlInResponseTo", "            if false {\n                return Err(Error::SamlInResponseTo"),
 ("scd-not-on-or-after-required", "src/saml/conditions.rs", "    if not_on_or_after.is_none() {", "    if false {"),
 ("sha1-opt-in", "src/crypto/algorithm.rs", "if alg.digest() == DigestAlgorithm::Sha1 && !allow_sha1 {", "if false {"),
 ("untrusted-cert-report", "src/dsig/mod.rs", "            .find(|c| !keys.matches_certificate(c))", "            .find(|_| false)"),
 ("entity-forbidden", "src/xml/parser.rs", "Err(Error::XmlEntityForbidden { name: name.to_string() })", "Ok('x')"),
 ("base64-padding", "src/encoding.rs", "            if padding == 2 {\n                return None;\n            }\n            padding += 1;", "            padding = padding.wrapping_add(1);"),
 ("replay-expiry-every-bearer", "src/saml/conditions.rs", "(Some(l), Some(e)) if e.unix_millis() > l.unix_millis() => Some(e),", "(Some(l), Some(e)) if e.unix_millis() > l.unix_millis() => Some(l),"),
 ("object", "src/dsig/shape.rs", "    if let Some(extra) = kids.get(i) {", "    if let Some(extra) = kids.get(i).filter(|_| false) {"),
 # Web Browser SSO profile and schema rules (issue #11)
 ("schema", "src/saml/response.rs", "        schema::check_structure(response)?;", "        let _ = schema::check_structure(response);"),
 ("schema-one-subject-identifier", "src/saml/schema.rs", "&[one(IDENTIFIER), many(SUBJECT_CONFIRMATION)]", "&[many(IDENTIFIER), many(SUBJECT_CONFIRMATION)]"),
 ("schema-required-attribute", "src/saml/schema.rs", "        if !present {", "        if false && !present {"),
 ("schema-xsi-type-simple", "src/saml/schema.rs", "        Content::Any if typed_simple(n) => &Content::Text,", "        Content::Any if false && typed_simple(n) => &Content::Text,"),
 ("authn-statement-required", "src/saml/response.rs", "        if assertion.child(ASSERTION, \"AuthnStatement\").is_none() {", "        if false {"),
 ("issuer-format-entity", "src/saml/response.rs", "        Some(f) if f != NAMEID_ENTITY => {", "        Some(f) if false && f != NAMEID_ENTITY => {"),
 ("issue-instant-datetime", "src/saml/response.rs", "        Some(v) => Timestamp::parse(v).map(|_| ()),", "        Some(_) => Ok(()),"),
 ("sp-name-qualifier", "src/saml/response.rs", "        Some(q) if q != o.sp_entity_id && !o.affiliations.iter().any(|a| a == q) => {", "        Some(q) if false && q != o.sp_entity_id => {"),
 ("time-window-order", "src/saml/conditions.rs", "        if nb >= na {", "        if false {"),
 ("metadata-valid-until", "src/trust.rs", "            Some(until) if now >= until => {", "            Some(until) if false && now >= until => {"),
 ("in-response-to-signed-only", "src/saml/response.rs", "let signed_response_in_response_to = response_in_response_to.filter(|_| response_signature.is_some());", "let signed_response_in_response_to = response_in_response_to;"),
 ("response-id-signed-only", "src/saml/response.rs", "response_id: response_signature.as_ref().and(response.attribute(\"ID\")).map(String::from),", "response_id: response.attribute(\"ID\").map(String::from),"),
 ("error-text-bounded", "src/error.rs", "        if count == max {", "        if false {"),
 ("error-text-escaped", "src/error.rs", "            '\\n' => out.push_str(\"\\\\n\"),", "            '\\n' => out.push('\\n'),"),
 ("min-rsa-bits", "src/trust.rs", "        if key.kind() == KeyKind::Rsa && key.bits() < self.min_rsa_bits {", "        if false {"),
 ("legacy-key-warning", "src/saml/response.rs", "        if TrustedKeys::is_legacy(k.key()) {", "        if false {"),
 ("sha1-warning", "src/saml/response.rs", "    if s.signature_algorithm.digest() == DigestAlgorithm::Sha1 || s.digest_algorithm == DigestAlgorithm::Sha1 {", "    if false {"),
 # pkg/src: replay and request state (docs/security.md §19, §20, §26)
 ("js-consume-atomic", "pkg/src/replay.js", "    if (this.#until.has(key)) return false;\n", "    if (this.#until.has(key)) return false;\n    await new Promise((r) => setTimeout(r, 0));\n"),
 ("js-cache-never-evicts", "pkg/src/replay.js", "    if (this.#until.size >= this.#maxEntries) {\n      throw", "    if (this.#until.size >= this.#maxEntries) this.#until.delete(this.#until.keys().next().value);\n    if (false) {\n      throw"),
 ("js-store-clock", "pkg/src/replay.js", "    const until = now + ttl;", "    const until = expiresAtMs;"),
 ("js-replay-expiry", "pkg/src/api.js", "const expiresAtMs = identity.replayExpiresMs;", "const expiresAtMs = Date.parse(identity.subjectNotOnOrAfter) + this.#o.clockTolerance * 1000;"),
 ("js-store-fail-closed", "pkg/src/replay.js", "  if (result !== true && result !== false) {", "  if (false) {"),
 ("js-request-consume", "pkg/src/api.js", "    if (!(await consumeOrFail(this.#replay, requestKey(state.requestId), state.expiresAt, nowMs))) {", "    if (false) {"),
 ("js-host-prefix", "pkg/src/state.js", "    const values = cookieValues(cookieHeader, name);", "    const values = [...cookieValues(cookieHeader, name), ...cookieValues(cookieHeader, name.replace('__Host-', ''))];"),
 ("js-relay-token", "pkg/src/state.js", "    chosen = valid.find((p) => p.state.token === postedRelay);", "    chosen = valid[0];"),
 # The request-state cookie's MAC in Node (node:crypto's HMAC with a string secret): a forged or altered cookie is refused.
 ("js-state-mac-node", "pkg/src/node-host.js", "        verify: (expected, data) => expected.length === 32 && timingSafeEqual(mac(data), expected),", "        verify: () => true,"),
 ("js-raw-xml-body", "pkg/src/api.js", "    if (/^[ \\t\\r\\n]*</.test(text)) {", "    if (false) {"),
 # pkg/src/node-request.js: a body parser's form as the ACS input (docs/security.md §26)
 ("js-node-parsed-raw-xml", "pkg/src/node-request.js", "    if (XML_START.test(key)) {", "    if (false) {"),
 ("js-node-parsed-text-only", "pkg/src/node-request.js", "      if (typeof v !== 'string') {", "      if (false) {"),
# saml-edge/entra (JS): the suite on Node against the local directory server kills these.
 ("entra-tenant-mismatch", "pkg/src/entra/identity.js", "  if (tenantId !== expectedTenantId) {", "  if (false) {", ENTRA),
 ("entra-object-id-guid", "pkg/src/entra/identity.js", "  if (!isGuid(v)) {", "  if (false) {", ENTRA),
 ("entra-overage-link", "pkg/src/entra/identity.js", "  if (link !== null) checkOverageLink(link, { tenantId, objectId });", "", ENTRA),
 ("entra-paging-link", "pkg/src/entra/graph.js", "ok = u.href.startsWith(`${this.#base}/`) && !u.username && !u.password;", "ok = true;", ENTRA),
 ("entra-401-once", "pkg/src/entra/graph.js", "if (res.status === 401 && !refreshed) {", "if (res.status === 401) {", ENTRA),
 ("entra-retry-count", "pkg/src/entra/http.js", "if (!retriesLeft || !withinBudget) {", "if (!withinBudget) {", ENTRA),
 ("entra-retry-budget", "pkg/src/entra/http.js", "if (!retriesLeft || !withinBudget) {", "if (!retriesLeft) {", ENTRA),
 ("entra-body-declared", "pkg/src/entra/http.js", "if (Number.isFinite(declared) && declared > max) {", "if (false) {", ENTRA),
 ("entra-body-streamed", "pkg/src/entra/http.js", "    if (total > max) {", "    if (false) {", ENTRA),
 ("entra-token-refresh", "pkg/src/entra/token.js", "now < this.#cached.refreshAtMs", "now < this.#cached.expiresAtMs", ENTRA),
 ("entra-group-type", "pkg/src/entra/groups.js", "o['@odata.type'] !== '#microsoft.graph.group'", "false", ENTRA),
 ("entra-security-only", "pkg/src/entra/groups.js", "      if (securityEnabledOnly && o.securityEnabled !== true) continue;\n", "", ENTRA),
 ("entra-max-groups", "pkg/src/entra/groups.js", "    if (ids.length > maxGroups) throw tooMany(maxGroups, 'getMemberGroups');\n", "", ENTRA),
 ("entra-get-by-ids-batch", "pkg/src/entra/groups.js", "export const GET_BY_IDS_BATCH = 1000;", "export const GET_BY_IDS_BATCH = 5000;", ENTRA),
 ("entra-policy", "pkg/src/entra/directory.js", "if (user === null && !this.#options.allowUnsynchronizedUsers) {", "if (false) {", ENTRA),
 ("entra-generation", "pkg/src/entra/sync.js", "if (record === null || !(record.generation >= state.generation)) return null;", "if (record === null) return null;", ENTRA),
 ("entra-removed", "pkg/src/entra/sync.js", "    if (item['@removed'] !== undefined) {", "    if (false) {", ENTRA),
 ("entra-lease", "pkg/src/entra/sync.js", "    if (got !== true) {", "    if (false) {", ENTRA),
 ("entra-lease-time", "pkg/src/entra/sync.js", "if (budget.pagesLeft <= 0 || this.#now() >= budget.stopAt) {", "if (budget.pagesLeft <= 0) {", ENTRA),
 ("entra-record-id", "pkg/src/entra/sync.js", "    if (rec.id !== id || !Number.isSafeInteger(rec.generation)) {", "    if (!Number.isSafeInteger(rec.generation)) {", ENTRA),
 ("entra-lease-redis", "pkg/src/entra/sync.js", "    if (got !== true) {", "    if (false) {", ENTRA_REDIS),
 # The demo portal (issues #15, #16): return addresses, a second POST of a finished login, the overage groups.
 ("demo-local-path", "demo/sp/worker.mjs", r"const ok = /^\/(?![/\\])[\x21-\x7e]*$/.test(s)", r"const ok = /^[\x21-\x7e]*$/.test(s)", DEMO_E2E),
 ("demo-return-bytes", "demo/sp/worker.mjs", "&& returnBytes(s) <= MAX_RETURN_BYTES;", "&& s.length <= MAX_RETURN_BYTES;", DEMO_E2E),
 ("demo-spent-login", "demo/sp/worker.mjs", "      if (page !== null) return page;\n", "", DEMO_E2E),
 ("demo-overage-groups", "demo/sp/worker.mjs", "  if (identity.groupsOverageLink) {\n    const r", "  if (false) {\n    const r", DEMO_E2E),
 ("demo-login-hint", "demo/idp/setup.mjs", "                $state['core:username'] = $hint;\n", "", DEMO_E2E),
 # The demo's encrypted login (issue #12): an IdP that stops encrypting fails the e2e (it is not passing in the clear).
 ("demo-idp-encrypts", "demo/idp/setup.mjs", "    'assertion.encryption' => $policy['encryptAssertion'] === true,", "    'assertion.encryption' => false,", DEMO_E2E),
 # The SP's own messages: redirect-binding signatures, Single Logout, metadata signatures (docs/security.md §24).
 ("redirect-sig-value", "src/saml/redirect_signature.rs", ".is_some_and(|k| k.key().verify(self.algorithm, &self.message, &self.signature).unwrap_or(false))", ".is_some_and(|_| true)"),
 ("redirect-sig-candidates", "src/saml/redirect_signature.rs", "match verified_with.filter(|i| candidates.contains(i)) {", "match verified_with.or(candidates.first().copied()) {"),
 ("redirect-signed-octets", "src/saml/bindings.rs", "                q.push_str(\"&RelayState=\");\n                q.push_str(r);", "                let _ = r;"),
 ("logout-unsigned", "src/saml/logout.rs", "(None, None) => return Err(Error::LogoutUnsigned { message: String::from(expected) }),", "(None, None) => Check::Redirect(PendingRedirectSignature { algorithm: SignatureAlgorithm::RsaSha256, message: Vec::new(), signature: Vec::new() }),"),
 ("logout-sig-placement", "src/saml/logout.rs", "        if parent != Some(root) {", "        if false {"),
 ("logout-issuer", "src/saml/logout.rs", "        if issuer != o.idp_entity_id {", "        if false {"),
 ("logout-destination", "src/saml/logout.rs", "        if destination != o.slo_url {", "        if false {"),
 ("logout-issue-instant", "src/saml/logout.rs", "        if t > now.saturating_add(tol) || t < now.saturating_sub(tol).saturating_sub(age) {", "        if false {"),
 ("logout-not-on-or-after", "src/saml/logout.rs", "            if o.now.unix_millis().saturating_sub(i64::from(o.clock_tolerance_secs) * 1000) >= t.unix_millis() {", "            if false {"),
 ("logout-in-response-to", "src/saml/logout.rs", "        if found != self.expected_in_response_to {", "        if false {"),
 ("logout-status", "src/saml/logout.rs", "        if f.status_code != STATUS_SUCCESS {", "        if false {"),
 ("logout-message-param", "src/saml/logout.rs", "    if param != expected_param {", "    if false {"),
 ("metadata-sig-on-root", "src/saml/metadata_trust.rs", "    let on_root: Vec<Node<'_>> = root.children_named(DSIG, \"Signature\").collect();", "    let on_root: Vec<Node<'_>> = doc.descendants().filter(|n| n.is(DSIG, \"Signature\")).take(1).collect();"),
 ("sp-sign-self-check", "src/dsig/sign.rs", "            Ok(_) => Ok(doc_text),\n            Err(_) => Err(does_not_verify()),", "            _ => Ok(doc_text),"),
 ("sp-sign-read-back", "src/dsig/sign.rs", ".filter(|p| p.signed_info == self.canonical && p.signature_value == signature);", ".filter(|_| true);"),
 ("logout-metadata-valid-until", "src/saml/logout.rs", "    keys.check_valid_at(o.now)?;\n    let expected_param", "    let expected_param"),
 # pkg/src/logout.js: the logout-state cookie and the replay store (docs/security.md §24, §26)
 ("js-logout-consume", "pkg/src/logout.js", "  if (!(await consumeOrFail(ctx.replay, logoutKey(state.requestId), state.expiresAt, nowMs))) {", "  if (false) {"),
 ("js-logout-request-consume", "pkg/src/logout.js", "  if (!(await consumeOrFail(ctx.replay, logoutRequestKey(v.issuer, v.id), v.replayExpiresMs, nowMs))) {", "  if (false) {"),
 ("js-logout-relay-token", "pkg/src/logout.js", "  if ((v.relayState ?? null) !== state.token) {", "  if (false) {"),
 ("js-logout-expiry", "pkg/src/logout.js", "    if (nowMs >= state.expiresAt) {", "    if (false) {"),
 ("js-logout-host-prefix", "pkg/src/logout.js", "  const values = cookieValues(cookieHeader, name);", "  const values = [...cookieValues(cookieHeader, name), ...cookieValues(cookieHeader, name.replace('__Host-', ''))];"),
 ("js-logout-mac-context", "pkg/src/logout.js", "const stateContext = (o) => `${o.sloUrl} logout`;", "const stateContext = (o) => o.acsUrl;"),
 # XML Encryption (src/xmlenc; docs/security.md §18), killed by tests/xmlenc.rs and unit tests
 ("xmlenc-response-signature-first", "src/xmlenc/mod.rs", "    if gated && prior.response_signature.is_none() {", "    if false {"),
 ("xmlenc-assertion-signature-first", "src/xmlenc/mod.rs", "    if gated && expected == Expected::NameId && prior.assertion_signature.is_none() {", "    if false {"),
 ("xmlenc-rsa-1-5", "src/xmlenc/algorithms.rs", "        RSA_1_5 => return Err(Error::XmlencRsa15Forbidden { algorithm: String::from(uri) }),\n", ""),
 ("xmlenc-data-allow-list", "src/xmlenc/algorithms.rs", "            .ok_or_else(|| Error::XmlencAlgorithm { algorithm: String::from(uri) })", "            .or(Some(DataAlgorithm::Aes256Cbc)).ok_or_else(|| Error::XmlencAlgorithm { algorithm: String::from(uri) })"),
 ("xmlenc-one-assertion-encrypted-or-not", "src/xmlenc/mod.rs", "n.is(ASSERTION, \"Assertion\") || n.is(ASSERTION, \"EncryptedAssertion\")", "n.is(ASSERTION, \"Assertion\")"),
 ("xmlenc-child-of-response", "src/xmlenc/mod.rs", "    if assertion.parent_element() != Some(response) {", "    if false {"),
 ("xmlenc-plaintext-kind", "src/xmlenc/splice.rs", "        || !element.is(ASSERTION, expected.local())", "        || false"),
 ("xmlenc-namespaces-in-scope", "src/xmlenc/splice.rs", "        added.push_str(&declaration(*prefix, uri));", "        let _ = (prefix, uri);"),
 ("xmlenc-verified-ids-unique", "src/xmlenc/mod.rs", "            if dsig::elements_with_id(doc.root(), &v.reference_id) != 1 {", "            if false {"),
 ("xmlenc-subject-one-identifier", "src/xmlenc/mod.rs", "            [id] if id.is(ASSERTION, \"EncryptedID\") => (*id, Expected::NameId),", "            _ if ids.iter().any(|n| n.is(ASSERTION, \"EncryptedID\")) => (*ids.iter().find(|n| n.is(ASSERTION, \"EncryptedID\")).unwrap(), Expected::NameId),"),
 ("xmlenc-encrypted-id-without-key", "src/saml/response.rs", "        crate::xmlenc::refuse_encrypted_id(assertion)?;\n", ""),
 ("xmlenc-signature-inside-wrapper", "src/xmlenc/structure.rs", "    if let Some(s) = wrapper.descendants().find(|n| n.is(DSIG, \"Signature\")) {", "    if let Some(s) = wrapper.descendants().find(|_| false) {"),
 ("xmlenc-ciphertext-limit", "src/xmlenc/structure.rs", "    if (count / 4 * 3).saturating_sub(padding) > max {", "    if false {"),
 ("xmlenc-plaintext-limit", "src/xmlenc/structure.rs", "    if longest > limits.max_plaintext_bytes {", "    if false {"),
 ("xmlenc-encrypted-keys-limit", "src/xmlenc/structure.rs", "    if chosen.len() > limits.max_encrypted_keys {", "    if false {"),
 ("xmlenc-cbc-padding", "src/xmlenc/cipher.rs", "    if !(1..=BLOCK).contains(&pad) {", "    if pad > out.len() {"),
 ("xmlenc-oaep-label-hash", "src/xmlenc/oaep.rs", "    ok &= db_hash.ct_eq(&l_hash);\n", ""),
 ("xmlenc-oaep-separator", "src/xmlenc/oaep.rs", "    ok &= one.ct_eq(&[1u8]);\n", ""),
 # The edge build's host-side checks (issue #14): the metadata signature, the signing key against its
 # certificate, an EC key's point, a verdict never made without the crypto.
 ("js-metadata-signature", "pkg/src/metadata.js", "  const signed = metadataXml !== undefined && o.idp.metadataCertificates !== undefined;", "  const signed = false;"),
 ("js-signing-key-certificate", "pkg/src/signer.js", "  if (!ok) {\n    throw samlError(\n      'ERR_CONFIG_INVALID',", "  if (false) {\n    throw samlError(\n      'ERR_CONFIG_INVALID',"),
 ("js-ec-point-on-curve", "pkg/src/webcrypto.js", "      if (!ecPointOnCurve(base64Decode(key.spki), curve)) {", "      if (false) {"),
 ("edge-rsa-odd-modulus", "src/crypto/key.rs", "if !(e_ok && n_odd && bit_len(e) <= 33) {", "if !(e_ok && bit_len(e) <= 33) {", EDGE_WASM),
 ("edge-ec-point-encoding", "src/crypto/key.rs", "            Some((4, xy)) if xy.len() == 2 * field_bytes => Some(EcPoint),", "            Some(_) => Some(EcPoint),", EDGE_WASM),
 # Decryption is the full build's: the edge build's core refuses to be asked for it, and an edge
 # ServiceProvider with decryptionKeys verifies with the full build's core.
 ("edge-decrypt-refused", "src/wasm.rs", "        if o.decrypt && !crate::saml::decryption::COMPILED {", "        if false {", EDGE_WASM),
 ("js-decrypt-full-core", "pkg/src/api.js", "    return this.#decryption === null ? this.#verifier : this.#state.fullVerifier();", "    return this.#verifier;"),
 ("js-crypto-unsupported", "pkg/src/webcrypto.js", "  if (typeof pending.taskInCore !== 'function') throw cryptoUnsupported(unavailable);", "  if (typeof pending.taskInCore !== 'function') return -1;"),
]
only = sys.argv[1:]
survived = []
for name, f, a, b, *command in muts:
    if only and name not in only:
        continue
    if command and not os.path.isdir(os.path.join(SRC, "pkg", "dist")):
        sys.exit("pkg/dist is missing: run scripts/build-pkg.sh first")
    w = os.path.join(WORK, "tree")
    shutil.rmtree(w, ignore_errors=True)
    os.makedirs(w)
    subprocess.run(f"git -C {SRC} archive HEAD | tar -x -C {w}", shell=True, check=True)
    p = os.path.join(w, f)
    s = open(p).read()
    if a not in s:
        print(f"== {name}: PATTERN NOT FOUND (update this script)", flush=True)
        survived.append(name)
        continue
    open(p, "w").write(s.replace(a, b))
    if command:
        shutil.copytree(os.path.join(SRC, "pkg", "dist"), os.path.join(w, "pkg", "dist"))
        cmd = f"cd {w} && {command[0]} 2>&1"
    elif f.startswith("pkg/src/"):
        # The JS layer is not compiled: the mutated pkg/src beside this checkout's pkg/dist, its
        # entries bundled again (scripts/bundle-pkg.mjs) so that the mutation is in what is imported.
        shutil.copytree(os.path.join(SRC, "pkg", "dist"), os.path.join(w, "pkg", "dist"))
        shutil.copy(os.path.join(SRC, "tests", "js", "fixtures.gen.mjs"), os.path.join(w, "tests", "js"))
        os.makedirs(os.path.join(w, "tests", "js", "node_modules"))
        os.symlink(os.path.join(w, "pkg"), os.path.join(w, "tests", "js", "node_modules", "saml-edge"))
        cmd = f"cd {w} && node scripts/bundle-pkg.mjs {ESBUILD} >/dev/null && node tests/js/node.mjs 2>&1"
    else:
        cmd = f"cd {w} && CARGO_TARGET_DIR={TARGET} cargo test -q --lib --test fixtures --test xml_parser --test xmlenc --test logout 2>&1"
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    killed = r.returncode != 0
    print(f"== {name}: {'killed' if killed else 'SURVIVED'}", flush=True)
    if not killed:
        survived.append(name)
shutil.rmtree(WORK, ignore_errors=True)
print(f"{len(survived)} survived: {survived}" if survived else "every mutation was caught")
sys.exit(1 if survived else 0)
