#!/usr/bin/env python3
"""Remove one security check at a time and prove a test fails (a hand-written mutation run).

Each entry names a check, the file, the code that enforces it and a replacement that disables it.
The tree is copied from HEAD into a temporary folder; the unit, fixture or parser tests must then fail.
Run: python3 scripts/check-mutations.py [NAME ...]   (a few minutes; not part of scripts/test.sh)
"""
import os, shutil, subprocess, sys, tempfile
SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
WORK = tempfile.mkdtemp(prefix="saml-edge-mutants-")
TARGET = os.path.join(SRC, "target", "mutants")
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
 ("encrypted", "src/saml/response.rs", "if doc.descendants().any(|n| n.is(ASSERTION, \"EncryptedAssertion\")) {", "if false {"),
 ("irt-response", "src/saml/response.rs", "            if found != expected {\n                return Err(Error::SamlInResponseTo", "            if false {\n                return Err(Error::SamlInResponseTo"),
 ("scd-not-on-or-after-required", "src/saml/conditions.rs", "    if not_on_or_after.is_none() {", "    if false {"),
 ("sha1-opt-in", "src/crypto/algorithm.rs", "if alg.digest() == DigestAlgorithm::Sha1 && !allow_sha1 {", "if false {"),
 ("untrusted-cert-report", "src/dsig/mod.rs", "            .find(|c| !keys.matches_certificate(c))", "            .find(|_| false)"),
 ("entity-forbidden", "src/xml/parser.rs", "Err(Error::XmlEntityForbidden { name: name.to_string() })", "Ok('x')"),
 ("base64-padding", "src/encoding.rs", "            if padding == 2 {\n                return None;\n            }\n            padding += 1;", "            padding = padding.wrapping_add(1);"),
 ("replay-expiry-every-bearer", "src/saml/conditions.rs", "(Some(l), Some(e)) if e.unix_millis() > l.unix_millis() => Some(e),", "(Some(l), Some(e)) if e.unix_millis() > l.unix_millis() => Some(l),"),
 ("object", "src/dsig/shape.rs", "    if let Some(extra) = kids.get(i) {", "    if let Some(extra) = kids.get(i).filter(|_| false) {"),
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
 ("sp-sign-self-check", "src/dsig/sign.rs", "            Some(Ok(_)) => Ok(doc_text),", "            _ => Ok(doc_text),"),
]
only = sys.argv[1:]
survived = []
for name, f, a, b in muts:
    if only and name not in only:
        continue
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
    r = subprocess.run(f"cd {w} && CARGO_TARGET_DIR={TARGET} cargo test -q --lib --test fixtures --test xml_parser --test logout 2>&1",
                       shell=True, capture_output=True, text=True)
    killed = r.returncode != 0
    print(f"== {name}: {'killed' if killed else 'SURVIVED'}", flush=True)
    if not killed:
        survived.append(name)
shutil.rmtree(WORK, ignore_errors=True)
print(f"{len(survived)} survived: {survived}" if survived else "every mutation was caught")
sys.exit(1 if survived else 0)
