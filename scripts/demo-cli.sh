#!/usr/bin/env bash
# A walk-through of the saml-edge CLI: build it, verify the bundled Entra-shaped response, then show
# how an attack and a certificate rollover are refused and explained. (The login demo is scripts/demo.sh.)
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet --locked
B=target/release/saml-edge
SP=https://auth.iws-hybrid.trendmicro.com/0123456789abcdef
ACS=https://auth.iws-hybrid.trendmicro.com/simplesaml/module.php/saml/sp/saml2-acs.php/ics-sp
IDP=https://sts.windows.net/00000000-0000-0000-0000-000000000000/
common=(--sp-entity-id "$SP" --acs-url "$ACS" --idp-entity-id "$IDP"
        --in-response-to _4fee3b046395c4e751011e97f8900b5273d56685 --now 2026-01-15T10:01:00Z)

show() { # title, then the verify arguments
  local title=$1; shift
  printf '\n\033[1m== %s\033[0m\n$ saml-edge verify %s\n' "$title" "$*"
  local rc=0
  "$B" verify "$@" || rc=$?
  printf '(exit %s)\n' "$rc"
}

show "Entra-shaped response, assertion signed, pinned certificate: accepted" \
  --idp-cert tests/keys/idp-rsa2048.crt "${common[@]}" tests/fixtures/valid/entra_assertion_signed.xml
show "The same response as the ACS receives it (form body): accepted" \
  --idp-cert tests/keys/idp-rsa2048.crt "${common[@]}" tests/fixtures/valid/entra_assertion_signed.form
show "Signature wrapping (XSW3): an unsigned evil Assertion before the signed one: refused" \
  --idp-cert tests/keys/idp-rsa2048.crt "${common[@]}" tests/fixtures/attacks/xsw3_evil_assertion_before.xml
show "Signed with the IdP's next certificate, only the old one pinned: refused, and it says why" \
  --idp-cert tests/keys/idp-rsa2048.crt "${common[@]}" tests/fixtures/valid/rollover_next_key.xml
printf '\nMore: saml-edge inspect --now 2026-01-15T10:01:00Z tests/fixtures/valid/entra_assertion_signed.xml\n'
