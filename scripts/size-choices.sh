#!/usr/bin/env bash
# The size choices of the npm package's edge build, measured (issue #14): what each part of the full
# build adds to it, what the build before the split weighed, opt-level "z" (size and speed), and
# the crates the edge build could use instead of its own code. Writes the table into the marked
# block of docs/design.md ("Size") and target/size-choices/report.md; no figure there is
# typed by hand. Not part of scripts/test.sh: it makes about twelve release builds (~10 min).
#
#   scripts/size-choices.sh [--before REV]     REV: the revision before the split (default 40654eb,
#                                              main when issue #14's size work began)
#
# Every core is built as scripts/build-pkg.sh builds it (cargo rustc --crate-type cdylib, release,
# LTO, opt-level "s", wasm-bindgen, wasm-opt with build-pkg.sh's options); gzip is `gzip -9 -n`. The probes (bench/size/)
# are one exported function each, doing with one crate what the edge build does with its own code;
# their cost is their size minus the baseline probe's (the glue alone). Speed: bench/size/speed.mjs
# (receive + begin + node:crypto + finish, the Node entry's path), median of 7, on this machine at
# its load (stated).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BEFORE=40654eb
while [ $# -gt 0 ]; do
  case $1 in
    --before) BEFORE=$2; shift 2 ;;
    *) echo "usage: scripts/size-choices.sh [--before REV]" >&2; exit 2 ;;
  esac
done

TOOLS=${SAML_EDGE_TOOLS_DIR:-$ROOT/.tools}
WASM_BINDGEN=$TOOLS/bin/wasm-bindgen
WASM_OPT=$TOOLS/node/node_modules/.bin/wasm-opt
[ -x "$WASM_BINDGEN" ] && [ -x "$WASM_OPT" ] || scripts/build-pkg.sh >&2 # installs them
TARGET=wasm32-unknown-unknown
OUT=$ROOT/target/size-choices
rm -rf "$OUT" && mkdir -p "$OUT"
CARGO_HOME_DIR=${CARGO_HOME:-$HOME/.cargo}
export RUSTFLAGS="--remap-path-prefix=$CARGO_HOME_DIR/registry/src=/cargo/registry/src --remap-path-prefix=$CARGO_HOME_DIR/git/checkouts=/cargo/git/checkouts"

step() { printf '== %s\n' "$*" >&2; }

# finish NAME RAW_WASM: wasm-bindgen + wasm-opt into $OUT/NAME/, one JSON line of sizes.
finish() {
  local name=$1 raw=$2 dir=$OUT/$1
  mkdir -p "$dir"
  "$WASM_BINDGEN" --target web --out-dir "$dir" --out-name saml_edge "$raw"
  "$WASM_OPT" -Oz --converge --low-memory-unused --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-multivalue --enable-reference-types \
    "$dir/saml_edge_bg.wasm" -o "$dir/saml_edge_bg.wasm.opt"
  mv "$dir/saml_edge_bg.wasm.opt" "$dir/saml_edge_bg.wasm"
  printf '{"name":"%s","raw":%d,"gzip":%d}\n' "$name" "$(wc -c <"$dir/saml_edge_bg.wasm")" "$(gzip -9 -n -c "$dir/saml_edge_bg.wasm" | wc -c)" >> "$OUT/sizes.jsonl"
}

# core NAME FEATURES [OPT [RUSTFLAGS]]: the main crate's cdylib (extra RUSTFLAGS build in a target
# directory of their own, so that they do not invalidate the others' builds).
core() {
  local name=$1 features=$2 opt=${3:-s} extra=${4:-}
  local dir=$ROOT/target/size-choices-build${extra:+-extra}
  step "core $name (--features $features, opt-level $opt${extra:+, $extra})"
  RUSTFLAGS="$RUSTFLAGS $extra" cargo rustc --quiet --lib --crate-type cdylib --release --locked --target "$TARGET" \
    --no-default-features --features "$features" --config "profile.release.opt-level=\"$opt\"" --target-dir "$dir" >&2
  finish "$name" "$dir/$TARGET/release/saml_edge.wasm"
}

core edge wasm
core edge+rust-crypto wasm,rust-crypto
core edge+sp wasm-sp
core edge+inspect wasm-inspect
core edge+decrypt wasm,wasm-decrypt
core full wasm-full
core edge-z wasm z
# sha2's compact (rolled-loop) SHA-256 and SHA-512 instead of its unrolled ones.
core edge-sha-compact wasm s '--cfg sha2_backend_soft="compact"'

# The build before the split: that revision's one `wasm` feature (everything), as its build-pkg.sh built it.
step "core before ($BEFORE)"
rm -rf "$OUT/src-before" && mkdir -p "$OUT/src-before"
git archive "$BEFORE" | tar -x -C "$OUT/src-before"
(cd "$OUT/src-before" && cargo rustc --quiet --lib --crate-type cdylib --release --locked --target "$TARGET" \
  --no-default-features --features wasm --config 'profile.release.opt-level="s"' --target-dir "$ROOT/target/size-choices-build-before" >&2)
finish "before" "$ROOT/target/size-choices-build-before/$TARGET/release/saml_edge.wasm"
rm -rf "$OUT/src-before"

for probe in baseline own-x509 x509-cert own-percent percent-encoding miniz-deflate; do
  step "probe $probe"
  (cd bench/size && cargo rustc --quiet --lib --crate-type cdylib --release --locked --target "$TARGET" --features "$probe" \
    --target-dir "$ROOT/target/size-probe" >&2)
  finish "probe:$probe" "$ROOT/target/size-probe/$TARGET/release/saml_edge_size_probe.wasm"
done

step "speed: opt-level s and z, compact SHA-2 (bench/size/speed.mjs)"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
for name in edge edge-z edge-sha-compact; do
  node bench/size/speed.mjs "$OUT/$name" | sed "s/^{/{\"build\":\"$name\",/" >> "$OUT/speed.jsonl"
done

node - "$OUT" "$BEFORE" "$LOAD" <<'EOF'
const fs = require('node:fs');
const [out, before, load] = process.argv.slice(2);
const lines = (f) => fs.readFileSync(`${out}/${f}`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const size = Object.fromEntries(lines('sizes.jsonl').map((r) => [r.name, r]));
const speed = lines('speed.jsonl');
const n = (x) => x.toLocaleString('en-US');
const d = (x) => (x >= 0 ? `+${n(x)}` : `−${n(-x)}`);
const edge = size.edge;
const t = (build, fixture) => speed.find((r) => r.build === build && r.fixture === fixture).medianMs;
const rows = [
  '| what | `.wasm` bytes | gzip -9 | gzip vs the edge build |',
  '|---|---:|---:|---:|',
  `| before the split (${before}: one build with everything) | ${n(size.before.raw)} | ${n(size.before.gzip)} | ${d(size.before.gzip - edge.gzip)} |`,
  `| **edge build** (\`import 'saml-edge'\`) | ${n(edge.raw)} | **${n(edge.gzip)}** | – |`,
  `| edge + in-core RSA/ECDSA (crypto: 'wasm'; rsa, p256, p384, crypto-bigint) | ${n(size['edge+rust-crypto'].raw)} | ${n(size['edge+rust-crypto'].gzip)} | ${d(size['edge+rust-crypto'].gzip - edge.gzip)} |`,
  `| edge + Single Logout and the SP's metadata | ${n(size['edge+sp'].raw)} | ${n(size['edge+sp'].gzip)} | ${d(size['edge+sp'].gzip - edge.gzip)} |`,
  `| edge + XML Encryption (encrypted assertions: AES-CBC/GCM, OAEP decoding, the splice; RSA stays with the host) | ${n(size['edge+decrypt'].raw)} | ${n(size['edge+decrypt'].gzip)} | ${d(size['edge+decrypt'].gzip - edge.gzip)} |`,
  `| edge + inspect, decodeRedirect (inflate), parseMetadata, pretty printing (and in-core crypto, which inspect uses) | ${n(size['edge+inspect'].raw)} | ${n(size['edge+inspect'].gzip)} | ${d(size['edge+inspect'].gzip - edge.gzip)} |`,
  `| full build (\`saml-edge/inspect\`: all of the above) | ${n(size.full.raw)} | ${n(size.full.gzip)} | ${d(size.full.gzip - edge.gzip)} |`,
  `| edge build at opt-level "z" | ${n(size['edge-z'].raw)} | ${n(size['edge-z'].gzip)} | ${d(size['edge-z'].gzip - edge.gzip)} |`,
  `| edge build with sha2's compact SHA-256/SHA-512 (\`--cfg sha2_backend_soft="compact"\`) | ${n(size['edge-sha-compact'].raw)} | ${n(size['edge-sha-compact'].gzip)} | ${d(size['edge-sha-compact'].gzip - edge.gzip)} |`,
];
const probe = (name) => size[`probe:${name}`].gzip - size['probe:baseline'].gzip;
const probes = [
  '| the same work by | gzip -9 over the probe baseline |',
  '|---|---:|',
  `| the edge build's X.509 reader (src/crypto/x509.rs) | ${n(probe('own-x509'))} |`,
  `| RustCrypto x509-cert 0.3 (on the same der 0.8; the same key check and thumbprint around it) | ${n(probe('x509-cert'))} |`,
  `| the edge build's percent codec (src/saml/bindings.rs) | ${n(probe('own-percent'))} |`,
  `| percent-encoding 2 | ${n(probe('percent-encoding'))} |`,
  `| DEFLATE in the core (miniz_oxide, level 6) | ${n(probe('miniz-deflate'))} |`,
];
const vs = (build) =>
  `${t(build, 'entra_5k').toFixed(3)} ms vs ${t('edge', 'entra_5k').toFixed(3)} ms on the 5.6 KB response (${(t(build, 'entra_5k') / t('edge', 'entra_5k')).toFixed(2)}×), ${t(build, 'entra_75k').toFixed(2)} ms vs ${t('edge', 'entra_75k').toFixed(2)} ms on 75 KB (${(t(build, 'entra_75k') / t('edge', 'entra_75k')).toFixed(2)}×)`;
const timing = `Verification in Node (bench/size/speed.mjs, load ${load}), against the edge build: opt-level "z" ${vs('edge-z')}; compact SHA-2 ${vs('edge-sha-compact')}.`;
const body = `${rows.join('\n')}\n\n${probes.join('\n')}\n\n${timing}`;
fs.writeFileSync(`${out}/report.md`, `${body}\n`);
console.log(body);
const START = '<!-- size-choices: written by scripts/size-choices.sh; do not edit -->';
const END = '<!-- /size-choices -->';
const readme = fs.readFileSync('docs/design.md', 'utf8');
const a = readme.indexOf(START);
const b = readme.indexOf(END);
if (a === -1 || b < a) throw new Error('docs/design.md has no size-choices block');
fs.writeFileSync('docs/design.md', `${readme.slice(0, a + START.length)}\n${body}\n${readme.slice(b)}`);
console.error('docs/design.md: size-choices block rewritten');
EOF
