#!/usr/bin/env bash
# Fetches the OASIS SAML 2.0 XSDs (metadata, protocol, assertion, XML-DSig, XML-Enc) from the PyPI
# wheel of python3-saml, which ships them in onelogin/saml2/schemas/, pinned by version and
# SHA-256, and unpacks them into a cache folder. Prints that folder.
#
#   tests/interop/fetch-xsd.sh          -> ${SAML_EDGE_TOOLS_DIR:-.tools}/saml-xsd-1.16.0
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=1.16.0
SHA256=20b97d11b04f01ee22e98f4a38242e2fea2e28fbc7fbc9bdd57cab5ac7fc2d0d
TOOLS=${SAML_EDGE_TOOLS_DIR:-$PWD/.tools}
OUT=$TOOLS/saml-xsd-$VERSION
if [ -f "$OUT/saml-schema-metadata-2.0.xsd" ]; then echo "$OUT"; exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: "python3-saml==$VERSION" -d "$work" >&2
wheel=$(ls "$work"/python3_saml-"$VERSION"-*.whl)
echo "$SHA256  $wheel" | sha256sum -c --quiet - >&2
mkdir -p "$OUT.tmp"
python3 - "$wheel" "$OUT.tmp" <<'PY'
import sys, zipfile, os
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for n in z.namelist():
        if n.startswith("onelogin/saml2/schemas/") and n.endswith(".xsd"):
            open(os.path.join(out, os.path.basename(n)), "wb").write(z.read(n))
PY
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
echo "$OUT"
