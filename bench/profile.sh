#!/usr/bin/env bash
# Where the native time goes: valgrind --tool=callgrind on the 5.6 KB fixture (only
# saml_edge_bench::Verifier::verify and what it calls: reading the fixture and parsing the pinned
# key are not collected), 200 verifications, the release profile plus symbols (bench/native
# [profile.profiling]). Prints the top functions by instructions, self and inclusive, summed per
# function over the source files inlined into it; raw output in target/bench/callgrind.out.
#
#   bench/profile.sh [FILE] [ITERATIONS]
#
# Under valgrind the CPU reports no SHA extensions, so SHA-256 takes sha2's software path here
# (natively it uses SHA-NI where the CPU has it): its share below is larger than in real runs.
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-tests/fixtures/valid/entra_assertion_signed.xml}
N=${2:-200}
OUT=target/bench/callgrind.out
mkdir -p target/bench
cargo build --profile profiling --locked --manifest-path bench/native/Cargo.toml --target-dir target/bench-native --bin saml-edge-bench >&2
valgrind --tool=callgrind --callgrind-out-file=$OUT --toggle-collect='saml_edge_bench::Verifier::verify' \
  target/bench-native/profiling/saml-edge-bench loop "$FILE" "$N" 2> target/bench/callgrind.log
echo "callgrind: $FILE ($(wc -c < "$FILE") bytes), $N verifications; instructions per verification, by function"
for mode in no yes; do
  callgrind_annotate --auto=no --inclusive=$mode --threshold=100 $OUT 2>/dev/null | python3 -c '
import re, sys
inclusive = sys.argv[1] == "yes"
n = int(sys.argv[2])
total, per = None, {}
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$", line)
    if not m:
        continue
    ir, rest = int(m.group(1).replace(",", "")), m.group(2)
    if rest == "PROGRAM TOTALS":
        total = ir
        continue
    rest = re.sub(r" \[[^\]]*\]$", "", rest)
    fm = re.match(r"^(?:.*?\.(?:rs|c|h|S)|\?\?\?):(.*)$", rest)
    fn = fm.group(1) if fm else rest
    per[fn] = max(per.get(fn, 0), ir) if inclusive else per.get(fn, 0) + ir
skip = ("main", "(below main)", "__libc_start", "std::", "core::ops::function", "saml_edge_bench::main", "0x")
rows = sorted(((ir, fn) for fn, ir in per.items() if not (inclusive and fn.startswith(skip))), reverse=True)
print()
print("--- " + ("inclusive" if inclusive else "self (exclusive)") + f" instructions, total {total / n:,.0f} per verification")
for ir, fn in rows[: 25 if inclusive else 15]:
    print(f"{ir / n:>12,.0f} {100 * ir / total:5.1f}%  {fn}")
' $mode "$N"
done
