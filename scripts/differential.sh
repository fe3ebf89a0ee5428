#!/usr/bin/env bash
# Differential run against libxml2 (tests/differential/README.md):
#
#   scripts/differential.sh [COUNT]        # default 5000 documents and 5000 parser cases
#
# Generates COUNT random well-formed documents (canonical forms of the whole document and of
# every ID'd subtree, six modes, from libxml2 via lxml, cross-checked by refc14n.py and, where
# installed, xmlsec1) and COUNT near-well-formed / malformed parser cases into
# target/differential/ (or $SAML_EDGE_DIFF_OUT), then runs `cargo test --test differential`
# on them and prints a summary. Exit status: that of the Rust comparison.
#
# Environment: SAML_EDGE_DIFF_OUT (output directory), SAML_EDGE_DIFF_XMLSEC (none |
# disagreements | all: which expected outputs xmlsec1 re-checks; default disagreements),
# CARGO_TARGET_DIR as usual.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT="${1:-5000}"
case "$COUNT" in
  ''|*[!0-9]*) echo "usage: $0 [COUNT]" >&2; exit 2 ;;
esac
OUT="${SAML_EDGE_DIFF_OUT:-target/differential}"
XMLSEC="${SAML_EDGE_DIFF_XMLSEC:-disagreements}"

step() { printf '\n== %s\n' "$*"; }

step "python3 + lxml"
if ! python3 -c 'import lxml.etree' 2>/dev/null; then
  python3 -m pip install --quiet lxml 2>/dev/null \
    || python3 -m pip install --quiet --user lxml 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages lxml
fi
python3 -c 'from lxml import etree; print("lxml", etree.__version__, "libxml2", ".".join(map(str, etree.LIBXML_VERSION)))'
command -v xmlsec1 >/dev/null && xmlsec1 --version || echo "xmlsec1 not installed: expected outputs are not re-checked by it"

step "generate $COUNT documents and $COUNT parser cases into $OUT"
rm -rf "$OUT"
mkdir -p "$OUT"
python3 tests/differential/generate.py --docs "$COUNT" --parser "$COUNT" --out "$OUT" --xmlsec "$XMLSEC"

step "compare (cargo test --test differential)"
status=0
SAML_EDGE_DIFF_DIR="$OUT" cargo test --test differential -- --nocapture --test-threads=1 \
  >"$OUT/test.log" 2>&1 || status=$?
grep -E '^(DIFFERENTIAL|test |test result)' "$OUT/test.log" || true
if [ "$status" -ne 0 ] && ! grep -q '^DIFFERENTIAL' "$OUT/test.log"; then
  tail -n 40 "$OUT/test.log"
fi

step "summary"
python3 - "$OUT" "$status" <<'EOF'
import json, os, re, sys
out, status = sys.argv[1], int(sys.argv[2])
s = json.load(open(os.path.join(out, "summary.json")))
log = open(os.path.join(out, "test.log"), encoding="utf-8", errors="replace").read()

def grab(pattern):
    m = re.search(pattern, log)
    return m.groups() if m else None

c = grab(r"DIFFERENTIAL c14n: (\d+) documents, (\d+) subtrees, (\d+) outputs compared, (\d+) mismatches")
p = grab(r"DIFFERENTIAL parser: (\d+) cases \((\d+) accept, (\d+) refuse\), (\d+) parsed forms compared, (\d+) disagreements")
k = grab(r"DIFFERENTIAL parser known deviations \(EXCEPTIONS.md part B\): (\d+) (.*)")
r = grab(r"DIFFERENTIAL parser: (\d+) accepted documents declare relative namespace URIs")
print(f"oracle:                 lxml {s['lxml']}, libxml2 {s['libxml2']}; refc14n.py; "
      f"xmlsec1 {'yes' if s['xmlsec_available'] else 'no'}")
print(f"documents generated:    {s['documents']}")
print(f"subtrees (ID'd):        {s['subtrees']}")
print(f"expected outputs:       {s['outputs']} (spec answer over libxml2's: {s['oracle_fixups']}; "
      f"re-checked by xmlsec1: {s['xmlsec_confirmed']}; unresolved oracle disagreements: "
      f"{len(s['oracle_disagreements'])})")
if c:
    print(f"byte comparisons:       {c[2]} outputs over {c[0]} documents and {c[1]} subtrees -> {c[3]} mismatches")
else:
    print("byte comparisons:       (the c14n test did not report; see test.log)")
print(f"parser cases:           {s['parser_cases']} ({s['parser_accept']} accept, {s['parser_refuse']} refuse, "
      f"of which {s['parser_policy_refusals']} by policy: DOCTYPE / not UTF-8, and "
      f"{s['parser_spec_over_libxml2']} where libxml2 is lenient: EXCEPTIONS.md A4)")
if p:
    print(f"parser disagreements:   {p[4]} (and {p[3]} accepted documents compared as parsed)")
else:
    print("parser disagreements:   (the parser test did not report; see test.log)")
if k:
    print(f"known deviations:       {k[0]} {k[1]} (tests/differential/EXCEPTIONS.md part B)")
if r:
    print(f"relative ns URIs:       {r[0]} accepted documents libxml2 will not canonicalize (C14N 1.0 §2)")
for name in ("c14n-mismatches.txt", "parser-disagreements.txt"):
    path = os.path.join(out, name)
    if os.path.exists(path):
        print(f"all findings:           {path}")
if s["oracle_disagreements"] or s["parser_canonical_disagreements"]:
    print("oracle disagreements (lxml vs refc14n vs xmlsec1) are listed in", os.path.join(out, "summary.json"))
print("result:                 " + ("PASS" if status == 0 else f"FAIL (cargo test exit status {status})"))
EOF
exit "$status"
