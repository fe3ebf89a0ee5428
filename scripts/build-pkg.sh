#!/usr/bin/env bash
# Builds the npm package's two WebAssembly cores into pkg/dist/ and bundles its entries:
#   dist/edge/  the edge build (Cargo feature `wasm`) that `import 'saml-edge'` loads: verification
#               with the host's crypto, the login flow, signed metadata from a URL;
#   dist/full/  the full build (`wasm-full`) of `saml-edge/inspect`: also inspect(), decodeRedirect(),
#               parseMetadata(), crypto: 'wasm', Single Logout and the SP's metadata (the edge build
#               loads it on first use for those two);
#   each saml_edge.js (wasm-bindgen glue), saml_edge_bg.wasm, saml_edge.d.ts;
#   dist/*.js, dist/inspect/*.js: each runtime entry of pkg/src bundled into one file (esbuild), so
#               that `import` reads two or three files, not fifteen (pkg/src/errors.js stays one
#               shared module: every entry's SamlError is the same class);
#   dist/error-codes.{js,d.ts}: the error-code types generated from the core (gen-error-types.mjs).
# Then it checks the size budgets (gzip -9 of each .wasm; a build over budget fails) and writes the
# sizes into the marked blocks of docs/design.md and pkg/README.md (scripts/sizes.mjs), which the test
# command checks for staleness: no size figure in them is typed by hand.
#
# Needs only rustup, node and npm; installs the rest on first run, project-locally:
#   - the wasm32-unknown-unknown target (rustup);
#   - wasm-bindgen-cli into .tools/, at exactly the wasm-bindgen version in Cargo.lock
#     (the CLI refuses a module built by another version);
#   - wasm-opt from the npm package binaryen (pinned below) into .tools/node;
#   - esbuild (pinned below) into .tools/esbuild.
# Idempotent: a second run reinstalls nothing and only rebuilds what changed.
#
# Usage: scripts/build-pkg.sh            (release build, optimized with wasm-opt -Oz --converge)
#        SAML_EDGE_NO_WASM_OPT=1 scripts/build-pkg.sh   (skip wasm-opt, for quick iterations; no budgets)
#        SAML_EDGE_TOOLS_DIR=DIR scripts/build-pkg.sh   (install the tools in DIR, default .tools/)
# Then: node scripts/smoke-wasm.mjs
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

BINARYEN_VERSION=132.0.0
ESBUILD_VERSION=0.28.2
TARGET=wasm32-unknown-unknown
OUT=pkg/dist
# SAML_EDGE_TOOLS_DIR lets CI (a fresh clone each run) keep the tools across runs.
TOOLS=${SAML_EDGE_TOOLS_DIR:-$ROOT/.tools}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

step() { printf '== %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------
if ! rustup target list --installed 2>/dev/null | grep -qx "$TARGET"; then
  step "installing the $TARGET target"
  rustup target add "$TARGET"
fi

# The wasm-bindgen version the lockfile resolved (the [[package]] entry named exactly wasm-bindgen).
WB_VERSION=$(awk '/^\[\[package\]\]/{n=""} /^name = "wasm-bindgen"$/{n=1; next} n && /^version = /{gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
  step "Cargo.lock has no wasm-bindgen entry; resolving it"
  cargo metadata --format-version 1 >/dev/null
  WB_VERSION=$(awk '/^\[\[package\]\]/{n=""} /^name = "wasm-bindgen"$/{n=1; next} n && /^version = /{gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
fi
[ -n "$WB_VERSION" ] || { echo "could not find the wasm-bindgen version in Cargo.lock" >&2; exit 1; }

WASM_BINDGEN=$TOOLS/bin/wasm-bindgen
if [ ! -x "$WASM_BINDGEN" ] || [ "$("$WASM_BINDGEN" --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  step "installing wasm-bindgen-cli $WB_VERSION into .tools/ (a few minutes, once)"
  # --locked first (the CLI's own lockfile); when the registry this machine reaches lacks a
  # version that lockfile names, resolve its dependencies afresh rather than fail. The first
  # attempt's output goes to a log: its "error: failed to select a version" is expected then,
  # and shown only if the second attempt fails too.
  WB_LOG=$(mktemp)
  if ! cargo install --locked --version "$WB_VERSION" --root "$TOOLS" --force wasm-bindgen-cli >"$WB_LOG" 2>&1; then
    step "wasm-bindgen-cli's own lockfile names versions this registry lacks; resolving its dependencies afresh"
    if ! cargo install --version "$WB_VERSION" --root "$TOOLS" --force wasm-bindgen-cli; then
      echo "the --locked attempt said:" >&2
      cat "$WB_LOG" >&2
      rm -f "$WB_LOG"
      exit 1
    fi
  fi
  rm -f "$WB_LOG"
fi

WASM_OPT=$TOOLS/node/node_modules/.bin/wasm-opt
if [ -z "${SAML_EDGE_NO_WASM_OPT:-}" ]; then
  if [ ! -x "$WASM_OPT" ] || [ "$(node -p "require('$TOOLS/node/node_modules/binaryen/package.json').version" 2>/dev/null)" != "$BINARYEN_VERSION" ]; then
    step "installing binaryen $BINARYEN_VERSION (wasm-opt) into .tools/node"
    mkdir -p "$TOOLS/node"
    npm install --prefix "$TOOLS/node" --no-audit --no-fund --no-package-lock "binaryen@$BINARYEN_VERSION" >&2
  fi
fi

ESBUILD=$TOOLS/esbuild/node_modules/.bin/esbuild
if [ ! -x "$ESBUILD" ] || [ "$(node -p "require('$TOOLS/esbuild/node_modules/esbuild/package.json').version" 2>/dev/null)" != "$ESBUILD_VERSION" ]; then
  step "installing esbuild $ESBUILD_VERSION into .tools/esbuild"
  mkdir -p "$TOOLS/esbuild"
  npm install --prefix "$TOOLS/esbuild" --no-audit --no-fund --no-package-lock "esbuild@$ESBUILD_VERSION" >&2
fi

# --- build -------------------------------------------------------------------
# `cargo rustc --crate-type cdylib` rather than a cdylib in Cargo.toml: a crate that is both
# rlib and cdylib gets no LTO. The release profile has lto, codegen-units = 1, panic = abort;
# opt-level "s" here: measured in Node, as fast as 3 on the Entra sample (verify and the
# WebCrypto path) and 30% smaller; "z" is 8% smaller again but takes 1.5x the time (README, design notes).
# Panic locations name source files: the registry's path is mapped to a fixed one, so that the
# bytes (and the sizes the README states) do not depend on where CARGO_HOME is.
CARGO_HOME_DIR=${CARGO_HOME:-$HOME/.cargo}
RUSTFLAGS_WASM="--remap-path-prefix=$CARGO_HOME_DIR/registry/src=/cargo/registry/src --remap-path-prefix=$CARGO_HOME_DIR/git/checkouts=/cargo/git/checkouts"
rm -f "$OUT"/saml_edge* # the single build of earlier versions
build_core() { # NAME FEATURES
  local name=$1 features=$2 dir=$OUT/$1
  step "building the $name core (release, opt-level s, $TARGET, --features $features)"
  RUSTFLAGS="$RUSTFLAGS_WASM" cargo rustc --lib --crate-type cdylib --release --locked --target "$TARGET" \
    --no-default-features --features "$features" --config 'profile.release.opt-level="s"'
  local raw=$TARGET_DIR/$TARGET/release/saml_edge.wasm
  step "wasm-bindgen --target web ($name)"
  mkdir -p "$dir"
  rm -f "$dir"/saml_edge*
  "$WASM_BINDGEN" --target web --out-dir "$dir" --out-name saml_edge "$raw"
  # A copy with its names kept, for `twiggy top target/wasm-sizes/NAME.wasm` (what takes the room).
  mkdir -p "$TARGET_DIR/wasm-sizes"
  cp "$dir/saml_edge_bg.wasm" "$TARGET_DIR/wasm-sizes/$name.names.wasm"
  local wasm=$dir/saml_edge_bg.wasm
  if [ -z "${SAML_EDGE_NO_WASM_OPT:-}" ]; then
    step "wasm-opt -Oz --converge ($name)"
    # Features current rustc/wasm-bindgen output uses (rustc enables bulk memory, sign-ext,
    # mutable globals, non-trapping float-to-int, multivalue and reference types by default
    # for wasm32-unknown-unknown); wasm-opt must accept them all to keep the module valid.
    # --converge repeats -Oz until the module stops shrinking. --low-memory-unused lets it fold an
    # added constant into a load's or store's offset, which differs only for an address that wraps
    # around 2^32 into the first 1 KiB: safe Rust computes none (that KiB is the far end of the
    # 1 MiB stack, statics start at 1 MiB). Measured on the edge build (issue #14): 1,168 and
    # about 850 bytes gzipped, verification time unchanged. The producers and target_features
    # sections are toolchain notes no runtime reads.
    "$WASM_OPT" -Oz --converge --low-memory-unused --strip-producers --strip-target-features \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-multivalue --enable-reference-types \
      "$wasm" -o "$wasm.opt"
    mv "$wasm.opt" "$wasm"
  fi
  # The optimized module must still compile and instantiate.
  node --input-type=module -e "
import fs from 'node:fs';
const m = await import('$ROOT/$dir/saml_edge.js');
m.initSync({ module: fs.readFileSync('$ROOT/$wasm') });
if (!JSON.parse(m.errorCodes()).includes('ERR_DSIG_SIGNATURE_INVALID')) { throw new Error('errorCodes() is wrong'); }
"
}
build_core edge wasm
build_core full wasm-full

# The error-code types and ERROR_CODES, from src/wasm/codes.rs, this core and pkg/src/errors.js.
step "error codes and their detail types (scripts/gen-error-types.mjs)"
node scripts/gen-error-types.mjs >&2

# Each runtime entry bundled into one ES module (dist/<entry>.js, dist/inspect/<entry>.js: the same
# relative paths to dist/edge and dist/full as from src/). The wasm-bindgen glue and pkg/src/errors.js
# stay outside as shared modules, so that both builds' classes and cores are one each in a process.
step "bundling the entries (esbuild)"
node scripts/bundle-pkg.mjs "$ESBUILD" >&2

# Sizes: the budgets (in scripts/sizes.mjs), then the README blocks.
step "sizes"
node scripts/sizes.mjs --write \
  $([ -n "${SAML_EDGE_NO_WASM_OPT:-}" ] && echo --no-budget) \
  --tools "wasm-bindgen $WB_VERSION, binaryen $([ -n "${SAML_EDGE_NO_WASM_OPT:-}" ] && echo 'not used' || echo "$BINARYEN_VERSION"), esbuild $ESBUILD_VERSION"
