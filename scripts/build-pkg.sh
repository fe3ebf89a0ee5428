#!/usr/bin/env bash
# Builds the wasm core of the npm package into pkg/dist/ (saml_edge.js, saml_edge_bg.wasm, .d.ts)
# and the error-code types generated from it (error-codes.js, error-codes.d.ts).
#
# Needs only rustup, node and npm; installs the rest on first run, project-locally:
#   - the wasm32-unknown-unknown target (rustup);
#   - wasm-bindgen-cli into .tools/, at exactly the wasm-bindgen version in Cargo.lock
#     (the CLI refuses a module built by another version);
#   - wasm-opt from the npm package binaryen (pinned below) into .tools/node.
# Idempotent: a second run reinstalls nothing and only rebuilds what changed.
#
# Usage: scripts/build-pkg.sh            (release build, optimized with wasm-opt -Oz)
#        SAML_EDGE_NO_WASM_OPT=1 scripts/build-pkg.sh   (skip wasm-opt, for quick iterations)
#        SAML_EDGE_TOOLS_DIR=DIR scripts/build-pkg.sh   (install the tools in DIR, default .tools/)
# Then: node scripts/smoke-wasm.mjs
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

BINARYEN_VERSION=132.0.0
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

# --- build -------------------------------------------------------------------
# `cargo rustc --crate-type cdylib` rather than a cdylib in Cargo.toml: a crate that is both
# rlib and cdylib gets no LTO. The release profile has lto, codegen-units = 1, panic = abort;
# opt-level "s" here: measured in Node, as fast as 3 on the Entra sample (verify and the
# WebCrypto path) and 30% smaller; "z" is 5% smaller again but 40% slower.
step "building the cdylib (release, opt-level s, $TARGET, --features wasm)"
cargo rustc --lib --crate-type cdylib --release --locked --target "$TARGET" --no-default-features --features wasm \
  --config 'profile.release.opt-level="s"'
RAW=$TARGET_DIR/$TARGET/release/saml_edge.wasm

step "wasm-bindgen --target web"
mkdir -p "$OUT"
rm -f "$OUT"/saml_edge*
"$WASM_BINDGEN" --target web --out-dir "$OUT" --out-name saml_edge "$RAW"

WASM=$OUT/saml_edge_bg.wasm
if [ -z "${SAML_EDGE_NO_WASM_OPT:-}" ]; then
  step "wasm-opt -Oz"
  # Features current rustc/wasm-bindgen output uses (rustc enables bulk memory, sign-ext,
  # mutable globals, non-trapping float-to-int, multivalue and reference types by default
  # for wasm32-unknown-unknown); wasm-opt must accept them all to keep the module valid.
  "$WASM_OPT" -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-multivalue --enable-reference-types \
    "$WASM" -o "$WASM.opt"
  mv "$WASM.opt" "$WASM"
fi

# The optimized module must still compile and instantiate.
node --input-type=module -e "
import fs from 'node:fs';
const m = await import('$ROOT/$OUT/saml_edge.js');
m.initSync({ module: fs.readFileSync('$ROOT/$WASM') });
if (!JSON.parse(m.errorCodes()).includes('ERR_DSIG_SIGNATURE_INVALID')) { throw new Error('errorCodes() is wrong'); }
"

# The error-code types and ERROR_CODES, from src/wasm/codes.rs, this core and pkg/src/errors.js.
step "error codes and their detail types (scripts/gen-error-types.mjs)"
node scripts/gen-error-types.mjs >&2

RAW_SIZE=$(wc -c <"$WASM")
GZ_SIZE=$(gzip -9 -c "$WASM" | wc -c)
printf 'pkg/dist/saml_edge_bg.wasm: %s bytes raw, %s bytes gzip -9 (wasm-bindgen %s, binaryen %s)\n' \
  "$RAW_SIZE" "$GZ_SIZE" "$WB_VERSION" "$([ -n "${SAML_EDGE_NO_WASM_OPT:-}" ] && echo 'not used' || echo "$BINARYEN_VERSION")"
