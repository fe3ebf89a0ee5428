#!/usr/bin/env python3
"""Seeds for the `rsa_pkcs1` fuzz target (input layout: saml_edge_fuzz::rsa_pkcs1 in src/lib.rs).

Rerun after changing the layout: `python3 fuzz/seeds/make-rsa_pkcs1.py`.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "rsa_pkcs1")
VECTORS = os.path.join(HERE, "..", "..", "tests", "keys", "vectors")
KEYS = ["idp-rsa2048", "rsa-2049", "rsa-2056", "rsa-2088-e2^32+1", "rsa-3071-e3", "rsa-3072-e3", "rsa-4096"]
ALGS = ["sha1", "sha256", "sha384", "sha512"]


def seed(name, key, alg, mode, message=b"", rest=b""):
    data = bytes([key, alg | mode << 2, len(message)]) + message + rest
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


for old in os.listdir(OUT):
    os.remove(os.path.join(OUT, old))
# The correct EM, signed: every verifier accepts.
for k, key in enumerate(KEYS):
    for a, alg in enumerate(ALGS):
        seed(f"valid-{key}-{alg}", k, a, 0, b"<SignedInfo/>")
# One edit of each kind (op, a, b, c) on the 2048-bit key.
EDITS = {
    "lead-01": (0, 1, 0, 0), "block-type-2": (1, 2, 0, 0), "ps-shorter": (2, 0xff, 0, 0),
    "ps-longer": (2, 1, 0, 0), "ps-byte-fe": (3, 0, 10, 0xfe), "separator-ff": (4, 0xff, 0, 0),
    "digest-info-sha1": (5, 1, 0, 0), "digest-info-no-null": (5, 5, 0, 0), "digest-info-long-length": (5, 6, 0, 0),
    "digest-info-flip": (6, 3, 1, 0), "hash-flip": (7, 0, 0x80, 0), "hash-other-alg": (8, 0, 2, 0),
    "hash-truncated": (8, 1, 0, 0), "garbage-after-hash": (9, 0xab, 1, 0), "at-front-ps-shorter": (10, 1, 0, 0),
    "byte-flip": (11, 0, 0, 1), "byte-insert": (12, 0, 5, 0), "byte-remove": (13, 0, 2, 0),
}
for name, op in EDITS.items():
    rest = bytes(op) if name != "at-front-ps-shorter" else bytes(op) + bytes((2, 0xff, 0, 0))
    seed(f"edit-{name}", 0, 1, 0, b"<SignedInfo/>", rest)
# Garbage after the hash paid for with all but 8 octets of padding (e = 3: the 2006 forgery shape).
seed("edit-e3-garbage-after-hash", 5, 1, 0, b"m", bytes((9, 0xab, 1, 0)) * 64)
# Special signatures (0, 1, n - 1, n, s + j n, ...) on the 2049-bit key, where s + n still fits.
for which in range(16):
    seed(f"special-{which}", 1, 1, 7, b"m", bytes((which, 3)))
# Raw signatures: the committed OpenSSL vectors over message.txt with tests/keys/idp-rsa2048.key.
with open(os.path.join(VECTORS, "message.txt"), "rb") as f:
    message = f.read()
for a, alg in enumerate(ALGS):
    with open(os.path.join(VECTORS, f"idp-rsa2048.{alg}.sig"), "rb") as f:
        seed(f"raw-openssl-{alg}", 0, a, 6, message, f.read())
