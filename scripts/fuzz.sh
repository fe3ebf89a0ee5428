#!/usr/bin/env bash
# Fuzz saml-edge with cargo-fuzz (libFuzzer), one target after another.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
#   scripts/fuzz.sh            # every target, 600 s each
#   scripts/fuzz.sh 10         # smoke run (CI): every target, 10 s each
#   scripts/fuzz.sh 300 verify c14n
#
# Targets (fuzz/fuzz_targets/, checks in fuzz/src/lib.rs): xml_parse, c14n,
# verify, redirect_decode, metadata, post_input, logout, decrypt (encrypted responses with the SP key
# of tests/keys/), and the differential ones:
# rsa_pkcs1 (our PKCS#1 v1.5 verifier against encoded messages signed with the
# private keys in fuzz/keys/, and the rsa crate), x509 (our X.509 reader against
# x509-parser), base64 (our base64 against the base64 crate).
#
# Corpora live in fuzz/corpus/<target> (not in git) and are seeded from the
# test fixtures, the c14n vectors, the certificates under tests/, fuzz/seeds/
# and tests/fuzz/ on every run.
# Crashes, timeouts and OOMs land in fuzz/artifacts/<target>/; after one the
# target is restarted for the rest of its time (at most FUZZ_MAX_RESTARTS
# times). Minimize a crash with
#   (cd fuzz && cargo +nightly fuzz tmin -a <target> artifacts/<target>/crash-...)
# and add it as tests/fuzz/<target>-<short-name> (tests/fuzz_regressions.rs replays it).
#
# Environment: FUZZ_SEED (libFuzzer's -seed; CI's smoke run fixes it, so a CI failure
# replays here: same seeds, same mutations, up to the run's length), FUZZ_TIMEOUT (per input,
# seconds; default 1, at least 5 for rsa_pkcs1), FUZZ_RSS_MB (default 2048), FUZZ_NICE
# (niceness; default 10), FUZZ_MAX_RESTARTS (default 5).
# Exit status: 0 when no target crashed, 1 when one did, 2 on a setup error.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ="$ROOT/fuzz"
SECONDS_PER_TARGET="${1:-600}"
shift || true
ALL_TARGETS=(xml_parse c14n verify redirect_decode metadata post_input rsa_pkcs1 x509 base64 decrypt logout)
if [ "$#" -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi
TIMEOUT="${FUZZ_TIMEOUT:-1}"
RSS_MB="${FUZZ_RSS_MB:-2048}"
NICE="${FUZZ_NICE:-10}"
MAX_RESTARTS="${FUZZ_MAX_RESTARTS:-5}"

case "$SECONDS_PER_TARGET" in
  '' | *[!0-9]*) echo "usage: $0 [SECONDS_PER_TARGET] [TARGET...]" >&2; exit 2 ;;
esac

# Per target: -max_len and dictionary.
max_len() {
  case "$1" in
    xml_parse) echo 65536 ;;
    c14n) echo 32768 ;;          # 6 modes x (document, ID element) x (with, without exclusion) + re-parse
    verify) echo 65536 ;;
    redirect_decode) echo 16384 ;;
    metadata) echo 65536 ;;
    post_input) echo 65536 ;;
    rsa_pkcs1) echo 1024 ;;        # key, mode, message (<= 255 bytes), then EM edits or a signature
    x509) echo 8192 ;;
    base64) echo 16384 ;;
    decrypt) echo 65536 ;;       # encrypted responses (tests/fixtures/encrypted/ are the seeds)
    logout) echo 16384 ;;
    *) echo "unknown target $1 (known: ${ALL_TARGETS[*]})" >&2; exit 2 ;;
  esac
}
dict() {
  case "$1" in
    redirect_decode | post_input | logout) echo "$FUZZ/dict/bindings.dict" ;;
    base64) echo "$FUZZ/dict/base64.dict" ;;
    rsa_pkcs1 | x509) ;;
    *) echo "$FUZZ/dict/xml.dict" ;;
  esac
}
# Per-input timeout: rsa_pkcs1 signs with up to 4096-bit keys (twice for a valid EM),
# which takes a good part of a second in an instrumented build on a busy machine. decrypt may run
# 16 RSA-2048 decryptions for one input (4 EncryptedKeys, 2 rounds, inspection and verification),
# a third of a second each when instrumented (a 1 s limit stopped a 900 s run at its first one).
input_timeout() {
  case "$1" in
    rsa_pkcs1) echo $((TIMEOUT > 5 ? TIMEOUT : 5)) ;;
    decrypt) echo $((TIMEOUT > 10 ? TIMEOUT : 10)) ;;
    *) echo "$TIMEOUT" ;;
  esac
}
# Extra cargo-fuzz options. rsa_pkcs1 spends its time in crypto-bigint's constant-time
# loops, where trace-compares instrumentation costs 7x (13 -> 90 executions/s), so runs of
# a minute or more build it without, in its own target directory (other RUSTFLAGS in the
# shared one would rebuild every dependency twice per run). Smoke runs skip that build.
cargo_fuzz_options() {
  case "$1" in
    rsa_pkcs1) if [ "$SECONDS_PER_TARGET" -ge 60 ]; then
        echo "--no-trace-compares --target-dir $FUZZ/target/no-trace-compares"
      fi ;;
  esac
}

# --- tools ------------------------------------------------------------------
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "== installing the nightly toolchain (cargo-fuzz needs -Zsanitizer)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi

# --- seeds ------------------------------------------------------------------
# Copy FILE into DIR under the SHA-1 of its content (what libFuzzer names corpus files),
# so seeding twice adds nothing.
seed() {
  local dir="$1"; shift
  mkdir -p "$dir"
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "$dir/$(sha1sum "$f" | cut -c1-40)"
  done
}
# Every certificate in the text files under tests/ (not in node_modules, where the JS runtimes'
# binaries quote PEM): the PEM files as they are, each PEM block and each single-line
# <ds:X509Certificate> of the XML fixtures as DER.
seed_certificates() {
  local dir="$1" tmp pem
  tmp="$(mktemp -d)"
  { grep -rlI --exclude-dir=node_modules -e '-----BEGIN CERTIFICATE-----' "$ROOT/tests" || true; } | while read -r pem; do
    seed "$dir" "$pem"
    awk -v out="$tmp/$(basename "$pem")" '
      /-----BEGIN CERTIFICATE-----/ { body = ""; inside = 1; next }
      /-----END CERTIFICATE-----/ { n++; print body > (out "." n ".b64"); close(out "." n ".b64"); inside = 0; next }
      inside { body = body $0 }' "$pem"
  done
  { grep -rhoIE --exclude-dir=node_modules 'X509Certificate>[^<]+<' "$ROOT/tests" || true; } | sed -E 's/^X509Certificate>//; s/<$//' | tr -d ' \t\r' |
    sort -u | awk -v out="$tmp/xml" '{ print > (out "." NR ".b64") }'
  local b64
  for b64 in "$tmp"/*.b64; do
    [ -f "$b64" ] || continue
    base64 -d <"$b64" >"${b64%.b64}.der" 2>/dev/null || true
    [ -s "${b64%.b64}.der" ] && seed "$dir" "${b64%.b64}.der"
  done
  rm -rf "$tmp"
}
seed_target() {
  local t="$1" dir="$FUZZ/corpus/$1"
  shopt -s nullglob
  case "$t" in
    xml_parse | c14n)
      seed "$dir" "$ROOT"/tests/fixtures/*/*.xml "$ROOT"/tests/c14n/cases/*/input.xml "$ROOT"/tests/c14n/w3c/*/input.xml ;;
    verify)
      seed "$dir" "$ROOT"/tests/fixtures/valid/* "$ROOT"/tests/fixtures/attacks/* ;;
    redirect_decode)
      seed "$dir" "$FUZZ"/seeds/redirect_decode/* ;;
    metadata)
      seed "$dir" "$ROOT"/tests/fixtures/metadata/*.xml ;;
    post_input)
      seed "$dir" "$ROOT"/tests/fixtures/valid/*.b64 "$ROOT"/tests/fixtures/valid/*.form \
        "$ROOT"/tests/fixtures/attacks/*.b64 "$ROOT"/tests/fixtures/valid/entra_assertion_signed.xml \
        "$ROOT"/tests/fixtures/valid/xml_declaration_utf8.xml ;;
    rsa_pkcs1)
      seed "$dir" "$FUZZ"/seeds/rsa_pkcs1/* ;;
    x509)
      seed_certificates "$dir" ;;
    base64)
      seed "$dir" "$FUZZ"/seeds/base64/* "$ROOT"/tests/keys/*.crt "$ROOT"/tests/fixtures/valid/*.b64 ;;
    decrypt)
      seed "$dir" "$ROOT"/tests/fixtures/encrypted/valid/* "$ROOT"/tests/fixtures/encrypted/attacks/*.xml ;;
    logout)
      seed "$dir" "$ROOT"/tests/fixtures/sp/redirect/*.url "$ROOT"/tests/fixtures/sp/post/*.form ;;
  esac
  # Earlier findings are seeds too.
  seed "$dir" "$ROOT"/tests/fuzz/"$t"-*
  shopt -u nullglob
}

# --- run --------------------------------------------------------------------
mkdir -p "$FUZZ/logs"
SUMMARY="$FUZZ/logs/summary.txt"
: >"$SUMMARY"
status=0
cd "$FUZZ"
for t in "${TARGETS[@]}"; do
  len="$(max_len "$t")"
  seed_target "$t"
  read -r -a options <<<"$(cargo_fuzz_options "$t")"
  dictionary="$(dict "$t")"
  libfuzzer_options=()
  [ -n "$dictionary" ] && libfuzzer_options=(-dict="$dictionary")
  [ -n "${FUZZ_SEED:-}" ] && libfuzzer_options+=(-seed="$FUZZ_SEED")
  echo "== $t: building ${options[*]}"
  nice -n "$NICE" cargo +nightly fuzz build --debug-assertions "${options[@]}" "$t"
  art="$FUZZ/artifacts/$t"
  mkdir -p "$art"
  before="$(find "$art" -type f | wc -l)"
  log="$FUZZ/logs/$t.log"
  : >"$log"
  runs=0 ran=0 restarts=0
  start=$(date +%s)
  while :; do
    left=$((SECONDS_PER_TARGET - ran))
    [ "$left" -gt 0 ] || break
    echo "== $t: fuzzing ${left}s (max_len $len, timeout $(input_timeout "$t")s, rss ${RSS_MB} MB) -> logs/$t.log"
    t0=$(date +%s)
    rc=0
    nice -n "$NICE" cargo +nightly fuzz run --debug-assertions "${options[@]}" "$t" "corpus/$t" -- \
      -max_total_time="$left" -max_len="$len" -rss_limit_mb="$RSS_MB" -timeout="$(input_timeout "$t")" \
      "${libfuzzer_options[@]}" -print_final_stats=1 >>"$log" 2>&1 || rc=$?
    t1=$(date +%s)
    ran=$((ran + t1 - t0))
    # A run that crashes prints no final stats: count its executions from the last status line.
    done_runs="$(tail -n 50 "$log" | sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' | tail -n 1)"
    if [ -z "$done_runs" ]; then
      done_runs="$(tail -n 200 "$log" | sed -n 's/^#\([0-9]*\).*/\1/p' | tail -n 1)"
    fi
    runs=$((runs + ${done_runs:-0}))
    [ "$rc" -eq 0 ] && break
    if [ "$(find "$art" -type f | wc -l)" -eq "$before" ] && ! grep -q 'SUMMARY: \|ERROR: libFuzzer' "$log"; then
      echo "== $t: cargo fuzz failed (exit $rc) without an artifact; see $log" >&2
      status=2
      break
    fi
    restarts=$((restarts + 1))
    if [ "$restarts" -gt "$MAX_RESTARTS" ]; then
      echo "== $t: $restarts crashes, not restarting again" >&2
      break
    fi
  done
  elapsed=$(($(date +%s) - start))
  last="$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 || true)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")"
  corp="$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$last")"
  new_artifacts="$(find "$art" -type f -newermt "@$start" | sort)"
  crashes="$(grep -c . <<<"$new_artifacts" || true)"
  line="$t: seconds=$elapsed fuzzed=${ran}s runs=$runs cov=${cov:-?} ft=${ft:-?} corpus=${corp:-?} crashes=$crashes"
  echo "$line" | tee -a "$SUMMARY"
  if [ "$crashes" -gt 0 ]; then
    status=$((status > 1 ? status : 1))
    sed 's/^/    /' <<<"$new_artifacts" | tee -a "$SUMMARY"
    # CI keeps only what is printed: the failure as libFuzzer reported it, and each input.
    echo "== $t: what failed (from logs/$t.log)"
    grep -E -A4 "panicked at|^==[0-9]+== ?ERROR|^SUMMARY: |ERROR: libFuzzer" "$log" | head -n 60 | sed 's/^/    /' || true
    while read -r a; do
      [ -f "$a" ] || continue
      echo "== $t: $(basename "$a") ($(wc -c <"$a") bytes), base64 of its first 4096 bytes:"
      head -c 4096 "$a" | base64 -w 100 | sed 's/^/    /'
    done <<<"$new_artifacts"
  fi
done
echo "== summary (also in fuzz/logs/summary.txt)"
cat "$SUMMARY"
exit "$status"
