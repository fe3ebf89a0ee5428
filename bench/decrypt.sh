#!/usr/bin/env bash
# The cost of decrypting an encrypted assertion (docs/design.md, src/xmlenc): natively
# (bench/native saml-edge-bench-decrypt) and with the npm package in Node (bench/js/decrypt.mjs),
# the Entra response in the clear against the same response encrypted to the SP's RSA-2048 key.
#
#   bench/decrypt.sh        (builds pkg/dist if missing; ROUNDS / TARGET_MS tune the Node part)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/dist/edge/saml_edge_bg.wasm ] || ./scripts/build-pkg.sh
(cd bench/native && cargo build --release --locked --bin saml-edge-bench-decrypt)
OUT=target/bench
mkdir -p "$OUT"
{
  echo "Natively (\`verify_response_decrypting\`, RSA-2048 blinded in pure Rust), µs per verification:"
  echo
  echo "| case | median | range |"
  echo "|---|---:|---:|"
  bench/native/target/release/saml-edge-bench-decrypt --reps 7 --target-ms 300 |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const l of s.trim().split("\n")){const r=JSON.parse(l);console.log(`| native ${r.case} | ${r.median_us.toFixed(1)} | ${Math.min(...r.us).toFixed(1)}–${Math.max(...r.us).toFixed(1)} |`)}})'
  echo
  echo "The npm package in Node:"
  echo
  node bench/js/decrypt.mjs | sed -n '/^| measurement/,$p'
} >"$OUT/decrypt.md"
cat "$OUT/decrypt.md"
node bench/write-section.mjs decrypt-bench "Decryption: encrypted against clear" "bench/decrypt.sh" <"$OUT/decrypt.md"
