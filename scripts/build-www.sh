#!/usr/bin/env bash
# Builds the in-browser SAML debugger into target/www/: a self-contained static site (www/ files,
# the npm package's full build, `saml-edge/inspect` — its bundled browser entry, the full core and
# the one module both share, src/errors.js — and the samples generated from tests/fixtures/manifest.json).
# Serve it with any static server; it makes no request outside its own folder.
#
#   scripts/build-www.sh          (builds pkg/dist with scripts/build-pkg.sh first when it is missing)
#   SAML_EDGE_REBUILD_PKG=1 scripts/build-www.sh   (rebuild pkg/dist anyway)
# Idempotent: target/www is replaced as a whole each run.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/www

if [ -n "${SAML_EDGE_REBUILD_PKG:-}" ] || [ ! -f pkg/dist/full/saml_edge_bg.wasm ] || [ ! -f pkg/dist/inspect/browser.js ] || [ ! -f pkg/dist/error-codes.js ]; then
  ./scripts/build-pkg.sh
fi

rm -rf "$OUT.tmp"
mkdir -p "$OUT.tmp/pkg/src" "$OUT.tmp/pkg/dist/inspect" "$OUT.tmp/pkg/dist/full"
cp www/*.html www/*.css www/*.js www/*.svg "$OUT.tmp/"
cp pkg/src/errors.js "$OUT.tmp/pkg/src/"
cp pkg/dist/inspect/browser.js "$OUT.tmp/pkg/dist/inspect/"
cp pkg/dist/full/saml_edge.js pkg/dist/full/saml_edge_bg.wasm "$OUT.tmp/pkg/dist/full/"
node scripts/www-samples.mjs "$OUT.tmp/samples.js"
node scripts/www-decrypt-samples.mjs "$OUT.tmp/decrypt-samples.js"
rm -rf "$OUT"
mv "$OUT.tmp" "$OUT"
echo "$OUT/index.html ($(du -sk "$OUT" | cut -f1) KiB)"
