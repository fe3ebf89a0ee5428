#!/usr/bin/env bash
# Regenerate every generated test vector with its reference implementation and fail if
# anything changes: the committed fixtures are exactly what the checked-in generators make.
#   tests/fixtures/          xmlsec1 (Debian package) signs the SAML responses
#   tests/fixtures/metadata/ xmlsec1 signs the Entra-shaped federation metadata
#   tests/fixtures/sp/       openssl signs redirect-binding logout messages, xmlsec1 the XML ones
#   tests/fixtures/encrypted/ xmlsec1 encrypts the signed responses to the SP keys (and checks them)
#   tests/c14n/              libxml2 through lxml (PyPI) canonicalizes the vectors
#   tests/schema/            libxml2 through lxml validates structural variants against the OASIS XSDs
#                            (from the python3-saml wheel, pip-downloaded once into $SAML_EDGE_TOOLS_DIR)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v xmlsec1 >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1 >/dev/null
  else
    echo "xmlsec1 is missing (apt-get install xmlsec1)" >&2
    exit 1
  fi
fi
python3 -c 'import lxml' 2>/dev/null || python3 -m pip install -q lxml
python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install -q cryptography

python3 tests/fixtures/generate.py
python3 tests/fixtures/sp/generate.py
bash tests/fixtures/metadata/make-metadata.sh
python3 tests/fixtures/encrypted/generate.py
python3 tests/c14n/generate.py
python3 tests/schema/generate.py
python3 scripts/check-security-doc.py

dirs=(tests/fixtures tests/c14n tests/schema)
if ! git diff --quiet -- "${dirs[@]}" || [ -n "$(git ls-files --others --exclude-standard -- "${dirs[@]}")" ]; then
  echo "regenerating the test vectors changed them:" >&2
  git status --short -- "${dirs[@]}" >&2
  exit 1
fi
echo "generated vectors are reproducible"
