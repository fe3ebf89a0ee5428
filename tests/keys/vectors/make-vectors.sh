#!/bin/sh
# Signature vectors for the src/crypto unit tests: openssl signs message.txt
# with the committed keys in ../. RSA signatures are PKCS#1 v1.5 (RFC 8017
# §8.2); ECDSA signatures are converted from DER to the raw r||s form that
# XML-DSig carries (XML-DSig 1.1 §6.4.3, RFC 4050). ECDSA is randomized, so a
# rerun changes the ECDSA files; they stay valid.
set -eu
cd "$(dirname "$0")"
printf 'saml-edge crypto test vector: <SignedInfo> bytes go here.\n' > message.txt

rsa() { # KEY DIGEST
    openssl dgst "-$2" -sign "../$1.key" -out "$1.$2.sig" message.txt
}
ec() { # KEY DIGEST WIDTH_BYTES
    openssl dgst "-$2" -sign "../$1.key" -out "$work/der" message.txt
    hex=""
    for v in $(openssl asn1parse -inform DER -in "$work/der" | sed -n 's/.*INTEGER *:\([0-9A-Fa-f]*\).*/\1/p'); do
        # left-pad each integer to the curve's field width
        hex="$hex$(printf "%0$(( $3 * 2 ))s" "$v" | tr ' ' 0)"
    done
    printf '%s' "$hex" | xxd -r -p > "$1.$2.sig"
    [ "$(wc -c < "$1.$2.sig")" -eq $(( $3 * 2 )) ]
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rsa idp-rsa2048 sha256
rsa idp-rsa2048 sha1
rsa idp-rsa2048 sha384
rsa idp-rsa2048 sha512
ec idp-ec-p256 sha256 32
ec idp-ec-p256 sha512 32
ec idp-ec-p384 sha384 48
ec idp-ec-p384 sha256 48

# Bare public keys (SubjectPublicKeyInfo PEM), for pinning a key without a certificate.
openssl pkey -in ../idp-rsa2048.key -pubout -out idp-rsa2048.pub.pem
openssl pkey -in ../idp-ec-p256.key -pubout -out idp-ec-p256.pub.pem

# Keys of types we refuse (only the public half is kept).
openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-521 | openssl pkey -pubout -out refused-ec-p521.pub.pem
openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 | openssl pkey -pubout -out refused-secp256k1.pub.pem
openssl genpkey -quiet -algorithm ED25519 | openssl pkey -pubout -out refused-ed25519.pub.pem
openssl genpkey -quiet -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 | openssl pkey -pubout -out refused-rsa-pss.pub.pem
