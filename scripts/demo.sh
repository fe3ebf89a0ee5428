#!/usr/bin/env bash
# The demo (README.md "Quick start"): the captive portal of a web-security proxy signing users in with a
# real IdP. Installs what is missing, then runs demo/run.mjs, which starts SimpleSAMLphp (the IdP),
# the portal Worker in workerd (the SP, using the npm package) and the debugger, prints their URLs
# and the test user's credentials, and stops them all on Ctrl-C.
#
#   scripts/demo.sh                 install what is missing, then run the demo
#   scripts/demo.sh --install-only  only install (scripts/test.sh uses it before tests/e2e/login.mjs)
#
# Installs: simplesamlphp php-cli php-xml php-mbstring (apt; as root, else with sudo), workerd (npm ci
# in demo/, pinned by its lockfile), and builds pkg/dist with scripts/build-pkg.sh when it is missing
# or older than the Rust sources. Needs Node 20+, npm and, to build the package, rustup.
set -euo pipefail
cd "$(dirname "$0")/.."

INSTALL_ONLY=0
case "${1:-}" in
  --install-only) INSTALL_ONLY=1 ;;
  '') ;;
  *) echo "usage: $0 [--install-only]" >&2; exit 2 ;;
esac

step() { printf '== %s\n' "$*" >&2; }

APT=(simplesamlphp php-cli php-xml php-mbstring)
missing=()
for p in "${APT[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]} (apt)"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The package's wasm core: built when missing or older than what it is built from.
WASM=pkg/dist/edge/saml_edge_bg.wasm
if [ ! -f "$WASM" ] || [ -n "$(find src Cargo.toml Cargo.lock -newer "$WASM" -print -quit)" ]; then
  step "building the npm package (scripts/build-pkg.sh)"
  ./scripts/build-pkg.sh
fi

# workerd and the package link, unless node_modules already matches the lockfile.
if [ -f demo/node_modules/.package-lock.json ] &&
   [ demo/node_modules/.package-lock.json -nt demo/package-lock.json ] &&
   [ demo/node_modules/.package-lock.json -nt demo/package.json ]; then
  :
else
  step "npm ci in demo/"
  (cd demo && npm ci --no-audit --no-fund >&2)
fi

[ "$INSTALL_ONLY" = 1 ] && exit 0
exec node demo/run.mjs
