#!/bin/sh
# Regenerates the SP's decryption keys in this folder (XML Encryption tests, src/xmlenc): the
# IdP encrypts assertions to the certificates, the SP decrypts with the keys. Only these files
# are written; make-keys.sh (the IdP keys) is not involved. Keys are random, so a rerun changes
# every encrypted fixture (tests/fixtures/encrypted/generate.py then writes new ones).
#
# sp-enc-rsa2048-next.key is PKCS #1 (BEGIN RSA PRIVATE KEY) on purpose, the others PKCS #8:
# both forms must be accepted.
set -eu
cd "$(dirname "$0")"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/ca.cnf" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
database = $work/index.txt
serial = $work/serial
new_certs_dir = $work
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
[ policy_any ]
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
[ ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
subjectKeyIdentifier = hash
CNF

# cert NAME CN START END SERIAL
cert() {
    name=$1; cn=$2; start=$3; end=$4; serial=$5
    : > "$work/index.txt"
    echo "$serial" > "$work/serial"
    openssl req -new -key "$name.key" -subj "/CN=$cn" -out "$work/$name.csr"
    openssl ca -batch -config "$work/ca.cnf" -selfsign -keyfile "$name.key" \
        -in "$work/$name.csr" -out "$work/$name.pem" -notext \
        -startdate "$start" -enddate "$end" \
        -extensions ext -md sha256 2>"$work/ca.log" || { cat "$work/ca.log" >&2; exit 1; }
    openssl x509 -in "$work/$name.pem" -out "$name.crt"
}

rsa() { openssl genpkey -quiet -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$1.key"; }

rsa sp-enc-rsa2048 2048
cert sp-enc-rsa2048 "saml-edge test SP (encryption)" 20250101000000Z 20350101000000Z 2101

rsa sp-enc-rsa2048-next 2048
openssl pkey -in sp-enc-rsa2048-next.key -traditional -out "$work/pkcs1.key"
mv "$work/pkcs1.key" sp-enc-rsa2048-next.key
cert sp-enc-rsa2048-next "saml-edge test SP (encryption, next)" 20250101000000Z 20350101000000Z 2102

rsa sp-enc-rsa3072 3072
cert sp-enc-rsa3072 "saml-edge test SP (encryption, RSA-3072)" 20250101000000Z 20350101000000Z 2103

for f in sp-enc-*.crt; do
    printf '%s %s\n' "$f" "$(openssl x509 -in "$f" -noout -fingerprint -sha256 | cut -d= -f2)"
done
