#!/usr/bin/env bash
# Builds the npm package (pkg/) and runs the one JS suite (tests/js/suite.mjs) in every runtime it
# targets: Node, Deno, Cloudflare workerd and headless Chromium, then the examples (examples/: Node;
# node:http, Express and Fastify servers; a Worker in workerd; a Worker whose Cron Trigger syncs an
# Entra directory in workerd; a page in Chromium). Installs what it
# needs on a fresh machine (Debian's chromium when /usr/bin/chromium is missing: run as root; npm
# packages from the lockfiles). Prints one line per runtime, then `N passed, N failed` with the totals; exits 1 if any
# runtime failed or did not report.
#
#   scripts/test-js.sh [--no-build] [node|deno|workerd|chromium|memory|examples ...]
#     --no-build   use the existing pkg/dist and tests/js/fixtures.gen.mjs
#     runtimes     run only these (default: all four, memory (tests/js/memory.mjs: the wasm memory bound,
#                  Node) and the examples)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ART=$ROOT/target/js-artifacts
mkdir -p "$ART"

BUILD=1
RUNTIMES=()
EXAMPLES=0
for a in "$@"; do
  case "$a" in
    --no-build) BUILD=0 ;;
    node|deno|workerd|chromium|memory) RUNTIMES+=("$a") ;;
    examples) EXAMPLES=1 ;;
    *) echo "usage: $0 [--no-build] [node|deno|workerd|chromium|memory|examples ...]" >&2; exit 2 ;;
  esac
done
if [ ${#RUNTIMES[@]} -eq 0 ] && [ "$EXAMPLES" = 0 ]; then RUNTIMES=(node deno workerd chromium memory) EXAMPLES=1; fi

step() { printf '\n== %s\n' "$*"; }
want() { local r; for r in "${RUNTIMES[@]}"; do [ "$r" = "$1" ] && return 0; done; return 1; }

if { want chromium || [ "$EXAMPLES" = 1 ]; } && [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  step "install Debian's chromium"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# npm ci unless node_modules already matches the lockfile.
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
step "npm packages"
npm_ci tests/js
if want deno || want workerd || want chromium || [ "$EXAMPLES" = 1 ]; then npm_ci tests/js/runtimes; fi
if [ "$EXAMPLES" = 1 ]; then npm_ci examples; fi

if [ "$BUILD" = 1 ]; then
  step "build the package (scripts/build-pkg.sh)"
  ./scripts/build-pkg.sh
  step "fixtures bundle (tests/js/make-fixtures.mjs)"
  node tests/js/make-fixtures.mjs
fi

declare -A CMD=(
  [node]="node tests/js/node.mjs"
  [deno]="node tests/js/runtimes/run-deno.mjs"
  [workerd]="node tests/js/runtimes/workerd.mjs"
  [chromium]="node tests/js/runtimes/chromium.mjs"
  [memory]="node tests/js/memory.mjs"
)
TOTAL_P=0 TOTAL_F=0 STATUS=0 SUMMARY=()
for r in "${RUNTIMES[@]}"; do
  step "$r: ${CMD[$r]}"
  start=$(date +%s.%N)
  set +e
  ${CMD[$r]} 2>&1 | tee "$ART/$r.log"
  rc=${PIPESTATUS[0]}
  set -e
  secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$ART/$r.log" | tail -n 1 || true)
  if [ -n "$line" ]; then
    p=$(sed -E 's/^([A-Za-z]+: )?([0-9]+) passed.*/\2/' <<<"$line")
    f=$(sed -E 's/^([A-Za-z]+: )?[0-9]+ passed, ([0-9]+) failed.*/\2/' <<<"$line")
  else
    p=0 f=1
  fi
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi  # exited non-zero without counting a failure
  if [ "$p" = 0 ] && [ "$f" = 0 ]; then f=1; fi    # ran no test
  [ "$f" = 0 ] || STATUS=1
  TOTAL_P=$((TOTAL_P + p)) TOTAL_F=$((TOTAL_F + f))
  SUMMARY+=("$(printf 'runtime %-8s %4d ok  %4d failed  %6ss  (exit %s)' "$r" "$p" "$f" "$secs" "$rc")")
done

# The examples (examples/): one that ends with `N passed, M failed` counts those checks (a non-zero
# exit counts a failure too); the others are one test each, passed when they exit 0.
declare -A EXAMPLE=(
  [node]="node examples/node/verify.mjs"
  [node-http]="node examples/node/run.mjs"
  [express]="node examples/express/run.mjs"
  [fastify]="node examples/fastify/run.mjs"
  [worker]="node examples/worker/run.mjs"
  [worker-entra]="node examples/worker-entra/run.mjs"
  [browser]="node examples/browser/run.mjs"
)
if [ "$EXAMPLES" = 1 ]; then
  for x in node node-http express fastify worker worker-entra browser; do
    step "example $x: ${EXAMPLE[$x]}"
    start=$(date +%s.%N)
    set +e
    ${EXAMPLE[$x]} 2>&1 | tee "$ART/example-$x.log"
    rc=${PIPESTATUS[0]}
    set -e
    secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$ART/example-$x.log" | tail -n 1 || true)
    if [ -n "$line" ]; then
      p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line") f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
      if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    elif [ "$rc" = 0 ]; then p=1 f=0; else p=0 f=1; fi
    [ "$f" = 0 ] || STATUS=1
    TOTAL_P=$((TOTAL_P + p)) TOTAL_F=$((TOTAL_F + f))
    SUMMARY+=("$(printf 'example %-9s %4d ok  %4d failed  %6ss  (exit %s)' "$x" "$p" "$f" "$secs" "$rc")")
  done
fi

step "summary (logs in target/js-artifacts/)"
printf '%s\n' "${SUMMARY[@]}"
echo "$TOTAL_P passed, $TOTAL_F failed"
exit $STATUS
