#!/usr/bin/env python3
"""libxmlsec1 in-process (PyPI `xmlsec` bindings, lxml), timed like the other verifiers of
bench/run.sh: accept the valid fixture, refuse the tampered one, then time the valid one. One
JSON line per fixture of bench/fixtures/fixtures.json.

  python xmlsec_bench.py [--reps 5] [--target-ms 400]     (in the venv bench/run.sh makes)

One verification: base64 decode, lxml parse (entities not resolved, no network), register the ID
attributes (xmlsec.tree.add_ids), xmlsec.SignatureContext().verify() of every ds:Signature child
of the Response and of its Assertion with the pinned certificate as the only key, then read the
NameID. Signatures only: none of the SAML checks (times, audience, InResponseTo, ...).
"""

import base64
import json
import os
import sys
import time

from lxml import etree
import xmlsec

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DS = "http://www.w3.org/2000/09/xmldsig#"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SIG_PATHS = (f"{{{DS}}}Signature", f"{{{SAML}}}Assertion/{{{DS}}}Signature")
NAMEID = f"{{{SAML}}}Assertion/{{{SAML}}}Subject/{{{SAML}}}NameID"


def arg(name, default):
    a = sys.argv[1:]
    return float(a[a.index(name) + 1]) if name in a else default


def main():
    reps = int(arg("--reps", 5))
    target_ms = arg("--target-ms", 400)
    manifest = json.load(open(os.path.join(REPO, "bench/fixtures/fixtures.json")))
    certs = manifest["defaults"]["certs"]
    assert len(certs) == 1
    key = xmlsec.Key.from_file(os.path.join(REPO, certs[0]), xmlsec.constants.KeyDataFormatCertPem)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)

    def verify(b64):
        root = etree.fromstring(base64.b64decode(b64), parser)
        xmlsec.tree.add_ids(root, ["ID"])
        sigs = [s for p in SIG_PATHS for s in root.findall(p)]
        if not sigs:
            raise ValueError("unsigned")
        for s in sigs:
            ctx = xmlsec.SignatureContext()
            ctx.key = key
            ctx.verify(s)  # raises xmlsec.VerificationError
        return root.find(NAMEID).text

    for f in manifest["fixtures"]:
        good = base64.b64encode(open(os.path.join(REPO, f["file"]), "rb").read())
        bad = base64.b64encode(open(os.path.join(REPO, f["tampered"]), "rb").read())
        row = {"verifier": "libxmlsec1", "fixture": f["name"]}
        try:
            n = verify(good)
            row["accept"] = {"ok": n == f["name_id"], "detail": n}
        except Exception as e:  # noqa: BLE001
            row["accept"] = {"ok": False, "detail": f"{type(e).__name__}: {e}"}
        try:
            row["refuse"] = {"ok": False, "detail": f"accepted the tampered response ({verify(bad)})"}
        except Exception as e:  # noqa: BLE001
            row["refuse"] = {"ok": True, "detail": f"{type(e).__name__}: {e}"}
        if row["accept"]["ok"] and row["refuse"]["ok"]:
            t0 = time.perf_counter()
            n = 0
            while n < 20 or time.perf_counter() - t0 < 0.3:
                verify(good)
                n += 1
            iters = max(5, int(target_ms / ((time.perf_counter() - t0) * 1e3 / n)) + 1)
            us = []
            for _ in range(reps):
                t = time.perf_counter()
                for _ in range(iters):
                    verify(good)
                us.append((time.perf_counter() - t) * 1e6 / iters)
            row["iters"] = iters
            row["us"] = us
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    if "--versions" in sys.argv:
        print(json.dumps({
            "libxmlsec1": ".".join(map(str, xmlsec.get_libxmlsec_version())),
            "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
            "python-xmlsec": xmlsec.__version__ if hasattr(xmlsec, "__version__") else "?",
            "lxml": etree.__version__,
        }))
    else:
        main()
