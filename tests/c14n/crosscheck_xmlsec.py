#!/usr/bin/env python3
"""Cross-check the expected files of tests/c14n against xmlsec1.

    python3 tests/c14n/crosscheck_xmlsec.py [case-dir ...]

Optional; needs xmlsec1 (Debian package `xmlsec1`) and lxml. For each positive
case a copy of the document gets an XML-DSig Signature template (HMAC key of
zeros) appended to its document element, with four same-document References:
`#xpointer(id('X'))` for a subtree (`#xpointer(//*[name()='q:n'])` for
subtree_qname cases, `#xpointer(/)` for a whole document), each with the
enveloped-signature transform (which takes the template back out of the
node-set) followed by one of the four c14n algorithms (the exclusive ones with
the case's InclusiveNamespaces PrefixList). `xmlsec1 sign --store-references`
prints the octets each Reference digests: libxml2's c14n of a real XPath
node-set, the path XML-DSig implementations take. They are compared with the
expected files. Exit status 1 on any difference.
"""

import glob
import json
import os
import subprocess
import sys
import tempfile

from lxml import etree

HERE = os.path.dirname(os.path.abspath(__file__))
DSIG = "http://www.w3.org/2000/09/xmldsig#"
ALGS = {
    "exc.xml": "http://www.w3.org/2001/10/xml-exc-c14n#",
    "exc-comments.xml": "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
    "inc.xml": "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
    "inc-comments.xml": "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
}
SIG_ID = "xmlsec-crosscheck-signature"


def template(uri, prefixes):
    refs = ""
    for fname, alg in ALGS.items():
        inc = ""
        if fname.startswith("exc") and prefixes:
            inc = ('<InclusiveNamespaces xmlns="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="%s"/>'
                   % " ".join(prefixes))
        refs += ('<Reference URI="%s"><Transforms>'
                 '<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>'
                 '<Transform Algorithm="%s">%s</Transform></Transforms>'
                 '<DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/><DigestValue/></Reference>'
                 % (uri.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;"), alg, inc))
    return ('<Signature xmlns="%s" Id="%s"><SignedInfo>'
            '<CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
            '<SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1"/>%s'
            '</SignedInfo><SignatureValue/></Signature>' % (DSIG, SIG_ID, refs))


def check(case_dir, tmp):
    meta = json.load(open(os.path.join(case_dir, "case.json"), encoding="utf-8"))
    if meta.get("expect_error"):
        return None
    data = open(os.path.join(case_dir, "input.xml"), "rb").read()
    tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)).getroottree()
    args = ["--id-attr:Id", DSIG + ":Signature", "--node-id", SIG_ID]
    if meta.get("subtree_id"):
        sid = meta["subtree_id"]
        uri = "#xpointer(id('%s'))" % sid
        for el in tree.xpath("//*[@ID=$v or @Id=$v or @id=$v]", v=sid):
            q = etree.QName(el)
            name = (q.namespace + ":" if q.namespace else "") + q.localname
            for attr in ("ID", "Id", "id"):
                if el.get(attr) == sid:
                    args += ["--id-attr:" + attr, name]
    elif meta.get("subtree_qname"):
        uri = "#xpointer(//*[name()='%s'])" % meta["subtree_qname"]
    else:
        uri = "#xpointer(/)"
    sig = etree.fromstring(template(uri, meta.get("prefixes") or []))
    tree.getroot().append(sig)
    path = os.path.join(tmp, "doc.xml")
    tree.write(path, encoding="UTF-8", xml_declaration=True)
    key = os.path.join(tmp, "hmac.bin")
    with open(key, "wb") as f:
        f.write(b"\0" * 32)
    p = subprocess.run(["xmlsec1", "sign", "--hmackey", key, "--store-references", "--print-debug",
                        "--output", os.path.join(tmp, "out.xml")] + args + [path],
                       capture_output=True)
    out = p.stdout
    if p.returncode != 0:
        return [f"xmlsec1 failed: {p.stderr.decode(errors='replace')[-500:]}"]
    start = b"== PreDigest data - start buffer:\n"
    end = b"\n== PreDigest data - end buffer"
    bufs = []
    pos = 0
    while True:
        i = out.find(start, pos)
        if i < 0:
            break
        j = out.find(end, i)
        bufs.append(out[i + len(start):j])
        pos = j
    if len(bufs) != 4:
        return [f"expected 4 PreDigest buffers, got {len(bufs)}"]
    problems = []
    for (fname, _), got in zip(ALGS.items(), bufs):
        want = open(os.path.join(case_dir, fname), "rb").read()
        if got != want:
            problems.append(f"{fname}: xmlsec1 {got[:300]!r}\n      expected {want[:300]!r}")
    return problems


def main():
    dirs = sys.argv[1:] or sorted(glob.glob(os.path.join(HERE, "cases", "*")) +
                                  glob.glob(os.path.join(HERE, "w3c", "*")))
    bad = 0
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for d in dirs:
            problems = check(d, tmp)
            if problems is None:
                continue
            checked += 1
            if problems:
                bad += 1
                print(f"{os.path.relpath(d, HERE)}:")
                for pr in problems:
                    print("   ", pr)
    print(f"{checked} cases checked against xmlsec1, {bad} with differences")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
