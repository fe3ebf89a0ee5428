#!/usr/bin/env bash
# What each of the SP's own steps costs (SP metadata, signed requests, logout verification, IdP
# metadata signatures): natively (bench/native/src/bin/sp.rs) and in the npm package on Node
# (bench/js/sp-steps.mjs), medians of the repetitions. Writes target/bench/sp-steps.json and
# target/bench/sp-steps.md, prints the table and writes it into BENCHMARKS.md ("SP steps").
#
#   bench/sp.sh [REPS] [TARGET_MS]        (defaults 7 and 400; needs pkg/dist: scripts/build-pkg.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-7}
TARGET_MS=${2:-400}
OUT=target/bench
mkdir -p "$OUT"
[ -f pkg/dist/edge/saml_edge_bg.wasm ] || ./scripts/build-pkg.sh
(cd bench/native && cargo build --quiet --release --locked --bin saml-edge-bench-sp)
{
  SAML_EDGE_REPO=$PWD bench/native/target/release/saml-edge-bench-sp --reps "$REPS" --target-ms "$TARGET_MS"
  node bench/js/sp-steps.mjs --reps "$REPS" --target-ms "$TARGET_MS"
} >"$OUT/sp-steps.json"
node - "$OUT/sp-steps.json" "$OUT/sp-steps.md" <<'JS'
const fs = require('node:fs');
const [, , input, output] = process.argv;
const rows = fs.readFileSync(input, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(us < 10 ? 2 : 1)} µs`);
const os = require('node:os');
let md = `Medians of ${rows[0].us.length} repetitions; ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.\n\n`;
md += '| runtime | crypto | step | median |\n|---|---|---|---|\n';
for (const r of rows) md += `| ${r.runtime} | ${r.crypto ?? 'RustCrypto'} | ${r.step} | ${fmt(median(r.us))} |\n`;
fs.writeFileSync(output, md);
process.stdout.write(md);
JS
node bench/write-section.mjs sp-bench "SP steps: metadata, signed requests, logout" "bench/sp.sh" <"$OUT/sp-steps.md"
