#!/bin/sh
# Private RSA keys for the `rsa_pkcs1` fuzz target (fuzz/src/lib.rs), which signs
# fuzzer-chosen encoded messages with them. Shapes our verifier must handle: a modulus
# just over a byte boundary (2049 bits: k = 257 octets, room for s + n, s + 2n, ...),
# sizes that are not a multiple of 64 bits, e = 3, a 33-bit e (2^32 + 1), 3072 and 4096
# bits. tests/keys/idp-rsa2048.key is used too. Random: rerunning changes every file (and
# what the corpus's key-index byte selects); only rerun to add a key. Test keys only.
set -eu
cd "$(dirname "$0")"
key() { # FILE BITS EXPONENT
    openssl genpkey -quiet -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -pkeyopt "rsa_keygen_pubexp:$3" -out "$1"
}
# OpenSSL makes 2048 bits when asked for 2049: build that one from two primes whose
# product has exactly 2049 bits, as a PKCS#1 DER that openssl converts to PKCS#8 PEM.
exact() { # FILE BITS (e = 65537)
    python3 - "$2" >"$1.der" <<'PY'
import subprocess, sys
bits, e = int(sys.argv[1]), 65537
prime = lambda b: int(subprocess.check_output(["openssl", "prime", "-generate", "-bits", str(b)]))
while True:
    p, q = prime(bits - bits // 2), prime(bits // 2)
    n, phi = p * q, (p - 1) * (q - 1)
    if n.bit_length() == bits and p != q and phi % e:
        break
d = pow(e, -1, phi)
def der_int(x):
    b = x.to_bytes(x.bit_length() // 8 + 1, "big")
    return b"\x02" + der_len(len(b)) + b
def der_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b
body = b"".join(der_int(x) for x in (0, n, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p)))
sys.stdout.buffer.write(b"\x30" + der_len(len(body)) + body)
PY
    openssl pkey -inform DER -in "$1.der" -out "$1"
    rm -f "$1.der"
}
exact rsa-2049-e65537.key 2049
key rsa-2056-e65537.key 2056 65537
key rsa-2088-e4294967297.key 2088 4294967297
key rsa-3072-e3.key 3072 3
key rsa-3071-e3.key 3071 3
key rsa-4096-e65537.key 4096 65537
