#!/usr/bin/env bash
# The one test command (README "Quick start"): installs what it needs on a fresh
# machine, then runs every check. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "toolchain: wasm32-unknown-unknown target and clippy"
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add clippy
fi

step "clippy (library, CLI and tests; warnings are errors)"
cargo clippy --all-targets --locked -- -D warnings

step "the core builds for wasm32-unknown-unknown without the CLI"
cargo build --lib --locked --release --no-default-features --target wasm32-unknown-unknown
if cargo tree --no-default-features --target wasm32-unknown-unknown -e normal 2>/dev/null | grep -E '^.*(getrandom|ring) v' ; then
  echo "a dependency pulls getrandom or ring into the wasm build" >&2
  exit 1
fi

step "generated vectors are reproducible (xmlsec1, lxml)"
./scripts/check-generated.sh

step "tests (unit, c14n vectors, differential sample, fixtures through the API and the CLI)"
cargo test --locked --all-targets
cargo test --locked --lib --features wasm

step "fuzz smoke: every cargo-fuzz target for a few seconds (scripts/fuzz.sh; long runs are manual)"
# A fixed libFuzzer seed: the smoke run checks that every target builds and holds on the seeds
# and a reproducible stretch of mutations; finding new bugs is the long runs' job.
FUZZ_SEED=4242 ./scripts/fuzz.sh 5

step "npm package: build, wasm smoke over every fixture, publint + attw on the packed tarball"
./scripts/build-pkg.sh
node scripts/smoke-wasm.mjs
(cd tests/js && npm ci --no-audit --no-fund && npm run check-pkg)

step "one JS suite on Node, Deno, workerd and Chromium"
node tests/js/make-fixtures.mjs
./scripts/test-js.sh --no-build

# tests/e2e (playwright-core): npm ci unless node_modules already matches the lockfile.
if [ -f tests/e2e/node_modules/.package-lock.json ] &&
   [ tests/e2e/node_modules/.package-lock.json -nt tests/e2e/package-lock.json ] &&
   [ tests/e2e/node_modules/.package-lock.json -nt tests/e2e/package.json ]; then
  echo "tests/e2e/node_modules is up to date"
else
  (cd tests/e2e && npm ci --no-audit --no-fund)
fi

step "the SP's messages against reference implementations (tests/interop/: xmlsec1, the OASIS XSDs via lxml, openssl), IdP metadata from a URL"
python3 -c 'import lxml' 2>/dev/null || python3 -m pip install -q lxml
cargo build --quiet --locked --bin saml-edge
node tests/interop/sp-xml.mjs
node tests/interop/metadata-url.mjs

step "the in-browser debugger (www/) in Chromium"
./scripts/build-www.sh
node tests/e2e/debugger.mjs

step "end-to-end: the demo login in Chromium against SimpleSAMLphp (tests/e2e/login.mjs)"
./scripts/demo.sh --install-only
if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
node tests/e2e/login.mjs

step "interoperability with SimpleSAMLphp configured only from the SP's metadata (tests/interop/simplesamlphp.mjs)"
node tests/interop/simplesamlphp.mjs
