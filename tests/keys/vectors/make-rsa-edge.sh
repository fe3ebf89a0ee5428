#!/bin/sh
# RSA edge-case vectors for src/crypto/rsa_pkcs1.rs (our RSASSA-PKCS1-v1_5 verifier):
# keys of other shapes (e = 3; a modulus that is not a multiple of 64 bits; 4096 bits)
# and encoded messages that are one defect away from valid, each raised to the private
# exponent with padding "none" so only the defect makes them fail (RFC 8017 §8.2.2,
# §9.2; the e = 3 forgeries of Bleichenbacher 2006 need a verifier that parses EM).
# The private keys are random and thrown away: rerunning changes every file; keep the
# committed ones. Names: rsa-<shape>.pub.pem, rsa-<shape>.<case>.sig (message.txt).
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

key() { # NAME BITS EXPONENT
    openssl genpkey -quiet -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -pkeyopt "rsa_keygen_pubexp:$3" -out "$work/$1.key"
    openssl pkey -in "$work/$1.key" -pubout -out "rsa-$1.pub.pem"
    openssl dgst -sha256 -sign "$work/$1.key" -out "rsa-$1.valid.sig" message.txt
}
# raw NAME CASE HEX_EM: EM^d mod n, no padding added by openssl (the raw private-key
# operation is what pkeyutl calls "decrypt" with padding none).
raw() {
    printf '%s' "$3" | xxd -r -p > "$work/em"
    openssl pkeyutl -decrypt -inkey "$work/$1.key" -pkeyopt rsa_padding_mode:none -in "$work/em" -out "rsa-$1.$2.sig"
}
key e3-3072 3072 3
key 4096 4096 65537
# A 2056-bit key whose valid signature s leaves room for s + n in k = 257 octets: that
# s + n is the same residue, so only the "s < n" check (RFC 8017 §8.2.2 step 2a) refuses it.
for attempt in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
    key odd-2056 2056 65537
    openssl rsa -pubin -in rsa-odd-2056.pub.pem -noout -modulus 2>/dev/null | sed 's/^Modulus=//' > "$work/n"
    if python3 - "$work/n" rsa-odd-2056.valid.sig rsa-odd-2056.plus-n.sig <<'PY'
import sys
n = int(open(sys.argv[1]).read().strip(), 16)
sig = open(sys.argv[2], 'rb').read()
s = int.from_bytes(sig, 'big') + n
if s >= 256 ** len(sig):
    sys.exit(1)
open(sys.argv[3], 'wb').write(s.to_bytes(len(sig), 'big'))
PY
    then break; fi
done
[ -f rsa-odd-2056.plus-n.sig ]

# EM variants for the e = 3 key (k = 384 octets), SHA-256 of message.txt.
h=$(openssl dgst -sha256 -r message.txt | cut -d' ' -f1)
prefix=3031300d060960864801650304020105000420        # DigestInfo header, NULL parameters
noparams=302f300b0609608648016503040201000420         # the same without the NULL (RFC 8017 §9.2 note 2)
k=384
ff() { python3 -c "print('ff' * $1, end='')"; }
pad() { ff $(( k - 3 - $1 )); }                          # PS for a T of $1 octets
t=$(( ${#prefix} / 2 + 32 ))
raw e3-3072 reencoded "0001$(pad $t)00$prefix$h"                     # valid, made by hand: accepted
raw e3-3072 block-type-2 "0002$(pad $t)00$prefix$h"
raw e3-3072 ps-not-ff "0001$(ff 20)fe$(ff $(( k - 3 - t - 21 )))00$prefix$h"
raw e3-3072 garbage-after-hash "0001$(ff 8)00$prefix$h$(python3 -c "print('ab' * ($k - 11 - $t), end='')")"
raw e3-3072 no-null-params "0001$(pad $(( ${#noparams} / 2 + 32 )))00$noparams$h"
raw e3-3072 no-zero-separator "0001$(pad $t)ff$prefix$h"
