#!/usr/bin/env python3
"""The schema differential (`python3 tests/schema/generate.py`): structural variants of real IdP output,
each validated by libxml2 (lxml) against the OASIS SAML 2.0 XSDs, written to tests/schema/cases.json;
`tests/schema.rs` then requires saml-edge's structure check (src/saml/schema.rs) to give every variant the
same accept/refuse answer. Also checks that every response the fixture manifest expects to verify is
valid against the XSDs.

The XSDs are not vendored: they are read from the PyPI wheel of python3-saml 1.16.0 (onelogin/saml2/schemas/,
the OASIS schemas as OASIS publishes them, plus the W3C XML-DSig and XML Encryption schemas they import),
downloaded with pip once into $SAML_EDGE_TOOLS_DIR (default .tools/) and checked against the wheel's
SHA-256 below, so the schemas are exactly the registry's bytes and no third-party files live in the tree.

Variants (per element the structure check reads, outside ds:Signature): removed, repeated, moved before its
previous sibling, a foreign element or an unknown SAML element inserted after it or as its first child,
text inserted between its children, each required attribute removed; plus Extensions variants and a
known-but-invalid element inside a lax wildcard. Lexical forms (xs:ID, xs:dateTime, xs:anyURI) and
undeclared attributes are deliberately not varied: the structure check does not judge them
(src/saml/schema.rs says why). Deterministic: rerunning changes nothing.
"""

import base64
import copy
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import zipfile

from lxml import etree

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
WHEEL = "python3_saml-1.16.0-py3-none-any.whl"
WHEEL_SHA256 = "20b97d11b04f01ee22e98f4a38242e2fea2e28fbc7fbc9bdd57cab5ac7fc2d0d"
SCHEMAS = ("saml-schema-protocol-2.0.xsd", "saml-schema-assertion-2.0.xsd", "xmldsig-core-schema.xsd",
           "xenc-schema.xsd")

SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"
FOREIGN = "urn:example:foreign"

# The elements src/saml/schema.rs holds a content model for, with their required attributes.
TABLE = {
    (SAMLP, "Response"): ("ID", "Version", "IssueInstant"),
    (SAMLP, "Extensions"): (),
    (SAMLP, "Status"): (),
    (SAMLP, "StatusCode"): ("Value",),
    (SAMLP, "StatusMessage"): (),
    (SAML, "Assertion"): ("Version", "ID", "IssueInstant"),
    (SAML, "Issuer"): (),
    (SAML, "NameID"): (),
    (SAML, "Subject"): (),
    (SAML, "SubjectConfirmation"): ("Method",),
    (SAML, "SubjectConfirmationData"): (),
    (SAML, "Conditions"): (),
    (SAML, "AudienceRestriction"): (),
    (SAML, "Audience"): (),
    (SAML, "AuthnStatement"): ("AuthnInstant",),
    (SAML, "AuthnContext"): (),
    (SAML, "AuthnContextClassRef"): (),
    (SAML, "AttributeStatement"): (),
    (SAML, "Attribute"): ("Name",),
    (SAML, "AttributeValue"): (),
}
# Real IdP output the variants start from: Entra (default namespaces, assertion signed), SimpleSAMLphp style
# (prefixes, xsi:type values, both signed), a response-only signature.
BASES = ("entra_assertion_signed", "prefixed_both_signed", "response_signed")


def tools_dir():
    return os.environ.get("SAML_EDGE_TOOLS_DIR") or os.path.join(REPO, ".tools")


def schema_dir():
    """The XSDs from the python3-saml wheel, downloaded once and checked by hash."""
    target = os.path.join(tools_dir(), "python3-saml-1.16.0-schemas")
    if all(os.path.exists(os.path.join(target, f)) for f in SCHEMAS):
        return target
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                        "python3-saml==1.16.0", "-d", tmp], check=True)
        wheel = os.path.join(tmp, WHEEL)
        digest = hashlib.sha256(open(wheel, "rb").read()).hexdigest()
        if digest != WHEEL_SHA256:
            sys.exit(f"{WHEEL}: SHA-256 {digest}, expected {WHEEL_SHA256}")
        os.makedirs(target, exist_ok=True)
        with zipfile.ZipFile(wheel) as z:
            for name in z.namelist():
                if name.startswith("onelogin/saml2/schemas/") and name.endswith(".xsd"):
                    with open(os.path.join(target, os.path.basename(name)), "wb") as fh:
                        fh.write(z.read(name))
    return target


def load_schema():
    d = schema_dir()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(os.path.join(d, "saml-schema-protocol-2.0.xsd"), parser))


def xsd_verdict(schema, xml_bytes):
    doc = etree.fromstring(xml_bytes, etree.XMLParser(resolve_entities=False, no_network=True))
    valid = schema.validate(doc)
    error = "" if valid else str(schema.error_log.last_error.message)[:200]
    return valid, error


def decoded_input(case):
    raw = open(os.path.join(REPO, case["file"]), "rb").read()
    if case["encoding"] == "xml":
        return raw
    if case["encoding"] == "base64":
        return base64.b64decode(b"".join(raw.split()))
    form = urllib.parse.parse_qs(raw.decode())
    return base64.b64decode(form["SAMLResponse"][0])


def qname(el):
    q = etree.QName(el)
    return q.namespace, q.localname


def inside_signature(el):
    return any(qname(a) == (DS, "Signature") for a in el.iterancestors())


def path_of(el):
    parts = []
    cur = el
    while cur is not None:
        parent = cur.getparent()
        index = 0 if parent is None else [c for c in parent if isinstance(c.tag, str)].index(cur)
        parts.append(f"{etree.QName(cur).localname}[{index}]")
        cur = parent
    return "/".join(reversed(parts))


def variants(root):
    """(name, function that edits a fresh copy of the tree), for every element of TABLE and ds:Signature."""
    targets = [el for el in root.iter() if isinstance(el.tag, str) and not inside_signature(el)
               and (qname(el) in TABLE or qname(el) == (DS, "Signature"))]
    out = []
    for index, el in enumerate(targets):
        where = path_of(el)
        key = qname(el)

        def on(i, fn):
            def edit(r):
                t = [e for e in r.iter() if isinstance(e.tag, str) and not inside_signature(e)
                     and (qname(e) in TABLE or qname(e) == (DS, "Signature"))][i]
                fn(t)
            return edit

        if el.getparent() is not None:
            out.append((f"{where} removed", on(index, lambda t: t.getparent().remove(t))))

            def repeat(t):
                c = copy.deepcopy(t)
                for e in c.iter():  # an xs:ID must stay unique: the copy gets new IDs
                    if isinstance(e.tag, str) and e.get("ID") is not None:
                        e.set("ID", e.get("ID") + "-copy")
                t.addnext(c)
            out.append((f"{where} repeated", on(index, repeat)))
            prev = el.getprevious()
            while prev is not None and not isinstance(prev.tag, str):
                prev = prev.getprevious()
            if prev is not None:
                def reorder(t):
                    p = t.getprevious()
                    while not isinstance(p.tag, str):
                        p = p.getprevious()
                    p.addprevious(t)
                out.append((f"{where} moved before its previous sibling", on(index, reorder)))

            def foreign_after(t):
                t.addnext(etree.Element(f"{{{FOREIGN}}}Extra", nsmap={"x": FOREIGN}))
            out.append((f"a foreign element after {where}", on(index, foreign_after)))

            def unknown_saml_after(t):
                t.addnext(etree.Element(f"{{{SAML}}}Unknown"))
            out.append((f"an unknown saml element after {where}", on(index, unknown_saml_after)))
        if key == (DS, "Signature"):
            continue

        def foreign_first(t):
            t.insert(0, etree.Element(f"{{{FOREIGN}}}Extra", nsmap={"x": FOREIGN}))
        out.append((f"a foreign element as the first child of {where}", on(index, foreign_first)))

        def text_first(t):
            t.text = "text" + (t.text or "")
        out.append((f"text as the first content of {where}", on(index, text_first)))
        for attribute in TABLE[key]:
            def drop(t, a=attribute):
                del t.attrib[a]
            out.append((f"{where} without its {attribute}", on(index, drop)))
        if key == (SAML, "SubjectConfirmationData"):
            def invalid_in_wildcard(t):
                t.insert(0, etree.Element(f"{{{SAML}}}AudienceRestriction"))
            out.append((f"an empty AudienceRestriction inside {where} (lax: validated)", on(index, invalid_in_wildcard)))

            def valid_in_wildcard(t):
                ar = etree.SubElement(t, f"{{{SAML}}}AudienceRestriction")
                etree.SubElement(ar, f"{{{SAML}}}Audience").text = "urn:x"
            out.append((f"a complete AudienceRestriction inside {where}", on(index, valid_in_wildcard)))
        if key == (SAMLP, "Response"):
            def extensions(content):
                def edit(r):
                    issuer = r.find(f"{{{SAML}}}Issuer")
                    ext = etree.Element(f"{{{SAMLP}}}Extensions")
                    for c in content():
                        ext.append(c)
                    after = issuer
                    nxt = issuer.getnext()
                    if nxt is not None and qname(nxt) == (DS, "Signature"):
                        after = nxt
                    after.addnext(ext)
                return edit
            out.append(("samlp:Extensions with a foreign element",
                        extensions(lambda: [etree.Element(f"{{{FOREIGN}}}Hint", nsmap={"x": FOREIGN})])))
            out.append(("samlp:Extensions empty", extensions(lambda: [])))
            out.append(("samlp:Extensions holding a samlp element",
                        extensions(lambda: [etree.Element(f"{{{SAMLP}}}Status")])))
    return out


def diff(base, variant):
    """(start, end, insert): variant == base[:start] + insert + base[end:]."""
    start = 0
    limit = min(len(base), len(variant))
    while start < limit and base[start] == variant[start]:
        start += 1
    end_b, end_v = len(base), len(variant)
    while end_b > start and end_v > start and base[end_b - 1] == variant[end_v - 1]:
        end_b -= 1
        end_v -= 1
    return start, end_b, variant[start:end_v]


def main():
    schema = load_schema()
    manifest = json.load(open(os.path.join(REPO, "tests/fixtures/manifest.json")))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)

    # Every response the manifest expects to verify is valid against the XSDs.
    valid_fixtures = []
    for case in manifest["cases"]:
        if "ok" not in case["expect"] or case["file"] in valid_fixtures:
            continue
        ok, error = xsd_verdict(schema, decoded_input(case))
        if not ok:
            sys.exit(f"{case['file']} (case {case['name']}) is not valid against the XSDs: {error}")
        valid_fixtures.append(case["file"])

    bases, cases = {}, []
    for name in BASES:
        raw = open(os.path.join(REPO, f"tests/fixtures/valid/{name}.xml"), "rb").read()
        base = etree.tostring(etree.fromstring(raw, parser)).decode()
        bases[name] = base
        ok, error = xsd_verdict(schema, base.encode())
        assert ok, (name, error)
        for label, edit in variants(etree.fromstring(base.encode(), parser)):
            tree = etree.fromstring(base.encode(), parser)
            edit(tree)
            text = etree.tostring(tree).decode()
            if text == base:
                continue
            valid, error = xsd_verdict(schema, text.encode())
            start, end, insert = diff(base, text)
            cases.append({"name": f"{name}: {label}", "base": name, "start": start, "end": end, "insert": insert,
                          "xsd_valid": valid, "xsd_error": error})

    out = {
        "generator": "tests/schema/generate.py",
        "schemas": f"python3-saml 1.16.0 wheel (sha256 {WHEEL_SHA256}), onelogin/saml2/schemas/",
        "valid_fixtures": valid_fixtures,
        "bases": bases,
        "cases": cases,
    }
    with open(os.path.join(HERE, "cases.json"), "w") as fh:
        json.dump(out, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    n_valid = sum(1 for c in cases if c["xsd_valid"])
    print(f"{len(cases)} variants ({n_valid} valid, {len(cases) - n_valid} invalid per the XSDs); "
          f"{len(valid_fixtures)} verifying fixtures are XSD-valid", file=sys.stderr)


if __name__ == "__main__":
    main()
