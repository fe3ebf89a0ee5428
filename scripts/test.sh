#!/usr/bin/env bash
# The one test command (README.md "Quick start"): installs what it needs on a fresh
# machine, then runs every check. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

# Every check runs through `check LABEL COMMAND...`: its output is shown and kept in
# target/test-logs/, and its tests are counted: cargo's "test result: ok. N passed; M failed"
# lines, else the last "N passed, M failed" line the command prints (the JS suites, the e2e and
# bundler tests, the type tests), else the command counts as one test. The last line of this
# script is the sum, "N passed, M failed"; the first failure stops the run with that line too.
LOGS=target/test-logs
mkdir -p "$LOGS"
PASSED=0
FAILED=0
CHECKS=0
check() {
  local label=$1 log rc counts p f
  shift
  CHECKS=$((CHECKS + 1))
  log="$LOGS/$(printf '%02d' "$CHECKS")-$(tr -c 'A-Za-z0-9' '-' <<<"$label" | tr -s '-' | sed 's/-$//').log"
  set +e
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  counts=$(awk '
    /^test result: (ok|FAILED)\. [0-9]+ passed; [0-9]+ failed/ { p += $4; f += $6; cargo = 1 }
    /^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed/ { sub(/^[A-Za-z]+: /, ""); lp = $1; lf = $3; line = 1 }
    END { if (cargo) print p, f; else if (line) print lp, lf; else print "" }' "$log")
  if [ -n "$counts" ]; then read -r p f <<<"$counts"; elif [ "$rc" = 0 ]; then p=1 f=0; else p=0 f=1; fi
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  PASSED=$((PASSED + p)) FAILED=$((FAILED + f))
  printf -- '-- %s: %d passed, %d failed (log: %s)\n' "$label" "$p" "$f" "$log"
  if [ "$f" != 0 ]; then
    printf '\n%s failed; stopped there.\n%d passed, %d failed\n' "$label" "$PASSED" "$FAILED"
    exit 1
  fi
}

# npm ci in DIR unless its node_modules already matches the lockfile.
npm_ci() {
  local dir=$1
  if [ -f "$dir/node_modules/.package-lock.json" ] &&
     [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ] &&
     [ "$dir/node_modules/.package-lock.json" -nt "$dir/package.json" ]; then
    echo "$dir/node_modules is up to date"
  else
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}

step "toolchain: wasm32-unknown-unknown target and clippy"
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add clippy
fi

step "clippy (library, CLI and tests; warnings are errors)"
check "clippy" cargo clippy --all-targets --locked -- -D warnings
# The npm package's two wasm builds (Cargo features `wasm`, `wasm-full`), which the line above does not compile.
check "clippy (wasm builds)" bash -c 'cargo clippy --lib --locked --target wasm32-unknown-unknown --no-default-features --features wasm -- -D warnings &&
  cargo clippy --lib --locked --target wasm32-unknown-unknown --no-default-features --features wasm-full -- -D warnings'


step "the core builds for wasm32-unknown-unknown without the CLI"
check "wasm32 build" cargo build --lib --locked --release --no-default-features --target wasm32-unknown-unknown
no_getrandom_or_ring() {
  local features
  for features in rust-crypto wasm wasm-full; do # the bare core, the npm package's edge and full builds
    if cargo tree --no-default-features --features "$features" --target wasm32-unknown-unknown -e normal 2>/dev/null | grep -E '^.*(getrandom|ring) v' ; then
      echo "a dependency pulls getrandom or ring into the wasm build (features $features)" >&2
      return 1
    fi
  done
}
check "no getrandom or ring in the wasm build" no_getrandom_or_ring

step "generated vectors are reproducible (xmlsec1, lxml)"
check "generated vectors" ./scripts/check-generated.sh

step "tests (unit, c14n vectors, differential sample, fixtures through the API and the CLI)"
check "cargo test" cargo test --locked --all-targets
check "cargo test (wasm layer)" cargo test --locked --lib --features wasm

step "fuzz smoke: every cargo-fuzz target for a few seconds (scripts/fuzz.sh; long runs are manual)"
# A fixed libFuzzer seed: the smoke run checks that every target builds and holds on the seeds
# and a reproducible stretch of mutations; finding new bugs is the long runs' job.
check "fuzz smoke" env FUZZ_SEED=4242 ./scripts/fuzz.sh 5

step "npm package: build, wasm smoke over every fixture, publint + attw on the packed tarball"
check "build the package" ./scripts/build-pkg.sh
check "wasm smoke" node scripts/smoke-wasm.mjs
# The sizes in docs/design.md and pkg/README.md are the build's (scripts/sizes.mjs writes them): a stale one fails.
check "docs sizes are the build's" node scripts/sizes.mjs --check
(cd tests/js && npm ci --no-audit --no-fund)
check "publint + attw" npm --prefix tests/js run check-pkg

step "one JS suite on Node, Deno, workerd and Chromium"
node tests/js/make-fixtures.mjs
check "JS suite on four runtimes" ./scripts/test-js.sh --no-build

step "types: tsc without the DOM lib, a misspelt code refused, deno check (tests/types)"
npm_ci tests/types
check "type tests" node tests/types/run.mjs

step "bundlers: esbuild, Vite, webpack, bun build, wrangler; each output run (tests/bundlers)"
npm_ci tests/bundlers
check "bundler tests" node tests/bundlers/run.mjs

step "engines: import and require() on Node 20.19.0 and 22.12.0, the lowest of each engines range (tests/engines)"
npm_ci tests/engines
check "engine tests" node tests/engines/run.mjs

step "saml-edge/entra on Node, Deno, workerd and Chromium against the local directory server (tests/entra)"
check "saml-edge/entra suite" node tests/entra/run.mjs

step "store adapters against real servers: redis-server, Durable Objects in workerd, Deno KV files (tests/stores/)"
if ! command -v redis-server >/dev/null 2>&1; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
npm_ci tests/stores
check "store: Redis" node tests/stores/redis.mjs
check "store: Durable Objects" node tests/stores/durable-object.mjs
check "store: Deno KV" node tests/stores/deno-kv.mjs

step "saml-edge/entra directory sync into those stores: paging, changes, removals, a resync, the lease across two processes, strict checkLogin (tests/stores/entra-sync-*)"
check "entra sync: Redis" node tests/stores/entra-sync-redis.mjs
check "entra sync: Durable Objects" node tests/stores/entra-sync-durable-object.mjs
check "entra sync: Deno KV" node tests/stores/entra-sync-deno-kv.mjs

npm_ci tests/e2e

step "the SP's messages against reference implementations (tests/interop/: xmlsec1, the OASIS XSDs via lxml, openssl), IdP metadata from a URL"
python3 -c 'import lxml' 2>/dev/null || python3 -m pip install -q lxml
cargo build --quiet --locked --bin saml-edge
check "SP messages: xmlsec1, XSDs, openssl" node tests/interop/sp-xml.mjs
check "IdP metadata from a URL" node tests/interop/metadata-url.mjs

step "the in-browser debugger (www/) in Chromium"
check "build the debugger" ./scripts/build-www.sh
check "debugger e2e" node tests/e2e/debugger.mjs
check "debugger decryption e2e" node tests/e2e/debugger-decrypt.mjs

step "end-to-end: the demo login in Chromium against SimpleSAMLphp, the Assertion encrypted to the portal and in the clear (tests/e2e/login.mjs)"
./scripts/demo.sh --install-only
if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
check "login e2e" node tests/e2e/login.mjs

step "interoperability with SimpleSAMLphp configured only from the SP's metadata (tests/interop/simplesamlphp.mjs)"
check "SimpleSAMLphp interop" node tests/interop/simplesamlphp.mjs

printf '\nAll %d checks passed (logs in %s/).\n%d passed, %d failed\n' "$CHECKS" "$LOGS" "$PASSED" "$FAILED"
