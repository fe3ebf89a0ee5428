#!/bin/sh
# Regenerates the certificates the X.509 reader tests use (src/crypto/x509_tests.rs), signed
# with the committed idp-rsa2048 key. They exercise what tests/keys/*.crt do not:
#   x509-dates-names.crt  notBefore UTCTime 500101000000Z (1950), notAfter GeneralizedTime
#                         20510101000000Z, a 19-octet serial with a leading 00, DC/O/OU/UID/
#                         emailAddress attributes and a CN with characters RFC 4514 escapes.
#   x509-multivalued.crt  a multi-valued RDN (OU+UID); dates are "now" (the test ignores them).
# `openssl ca` sets fixed dates but splits multi-valued RDNs, hence two certificates.
set -eu
cd "$(dirname "$0")"
key=../idp-rsa2048.key

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
email_in_dn = yes
[ policy_any ]
commonName = supplied
domainComponent = optional
organizationName = optional
organizationalUnitName = optional
UID = optional
emailAddress = optional
[ ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
CNF

: > "$work/index.txt"
echo 00FF0102030405060708090A0B0C0D0E0F1011 > "$work/serial"
openssl req -new -utf8 -key "$key" -out "$work/dates.csr" \
    -subj '/DC=com/DC=example/O=Example\, Inc./OU=R&D/UID=jdoe/CN=Jöhn "JD" <Doe>;#1 /emailAddress=jdoe@example.com'
openssl ca -batch -utf8 -config "$work/ca.cnf" -selfsign -keyfile "$key" -in "$work/dates.csr" \
    -out "$work/dates.pem" -notext -startdate 500101000000Z -enddate 20510101000000Z \
    -extensions ext -md sha256 2>"$work/ca.log" || { cat "$work/ca.log" >&2; exit 1; }
openssl x509 -in "$work/dates.pem" -out x509-dates-names.crt

openssl req -x509 -new -utf8 -multivalue-rdn -key "$key" -days 3650 -set_serial 0x2001 -sha256 \
    -subj '/C=US/O=Example/OU=Identity+UID=idp/CN=idp.example.com' -out x509-multivalued.crt

for c in x509-dates-names.crt x509-multivalued.crt; do
    echo "$c"
    openssl x509 -in "$c" -noout -subject -issuer -dates -serial -nameopt RFC2253
done
