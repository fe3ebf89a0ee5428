#!/bin/sh
# Regenerates the test keys and self-signed certificates in this folder.
# Keys are random, so a rerun gives different bytes (and breaks the hardcoded
# thumbprints in src/crypto tests and any fixtures signed with them); the
# committed files are the ones the tests use. Only rerun to add a key.
#
# Fixed validity windows are set with `openssl ca -selfsign -startdate/-enddate`
# (works on OpenSSL 3.0, which lacks `req -not_before`).
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
keyUsage = critical, digitalSignature
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
ec() { openssl genpkey -quiet -algorithm EC -pkeyopt "ec_paramgen_curve:$2" -pkeyopt ec_param_enc:named_curve -out "$1.key"; }

rsa idp-rsa2048 2048
cert idp-rsa2048 "saml-edge test IdP" 20250101000000Z 20350101000000Z 1001

rsa idp-rsa2048-next 2048
cert idp-rsa2048-next "saml-edge test IdP (next)" 20250101000000Z 20350101000000Z 1002

rsa idp-rsa2048-expired 2048
cert idp-rsa2048-expired "saml-edge test IdP (expired)" 20230101000000Z 20250101000000Z 1003

rsa attacker-rsa2048 2048
cert attacker-rsa2048 "saml-edge test IdP" 20250101000000Z 20350101000000Z 1004

ec idp-ec-p256 P-256
cert idp-ec-p256 "saml-edge test IdP (EC P-256)" 20250101000000Z 20350101000000Z 1005

ec idp-ec-p384 P-384
cert idp-ec-p384 "saml-edge test IdP (EC P-384)" 20250101000000Z 20350101000000Z 1006

rsa weak-rsa1024 1024
cert weak-rsa1024 "saml-edge test IdP (weak RSA-1024)" 20250101000000Z 20350101000000Z 1007

# The SP's own keys (SP metadata, signed AuthnRequests and logout messages).
rsa sp-signing-rsa2048 2048
cert sp-signing-rsa2048 "saml-edge test SP (signing)" 20250101000000Z 20350101000000Z 1008

rsa sp-encryption-rsa2048 2048
cert sp-encryption-rsa2048 "saml-edge test SP (encryption)" 20250101000000Z 20350101000000Z 1009

for f in *.crt; do
    printf '%s %s\n' "$f" "$(openssl x509 -in "$f" -noout -fingerprint -sha256 | cut -d= -f2)"
done
