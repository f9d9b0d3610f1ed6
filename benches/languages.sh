#!/usr/bin/env bash
# benches/languages.sh — privlint (all default rules) against ast-grep's PII-in-logs rule in
# wall *and* CPU time (user + system), on the whole corpus and on each language's part of it,
# in one sitting, alternating runs: medians and the privlint / ast-grep ratios. Where the time
# goes by language shows what is left to gain: ast-grep parses every file, so a language
# where the two cost the same is one where privlint's parse (and reading) of product code is
# all there is.
#
# Usage: benches/languages.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUNS="${1:-5}"
with_corpus
PEERS="${PEERS:-/tmp/peers}"
[[ -x "$PEERS/bin/ast-grep" ]] || PEERS="$PEERS" "$SHARED/bench/install-peers.sh" "$PEERS"
CFG="$SHARED/bench/peers/ast-grep/sgconfig.yml"
J="$(nproc)"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
for _ in $(seq "$RUNS"); do
  for part in . js python rust; do
    (cd "$C" && /usr/bin/time -f "privlint $part %e %U %S" "$P" check "$part" -j "$J" \
      --format json -o /dev/null --exit-zero --no-cache 2>>"$W/t")
    (cd "$C" && /usr/bin/time -f "ast-grep $part %e %U %S" "$PEERS/bin/ast-grep" scan -j "$J" \
      -c "$CFG" --no-ignore vcs --json=stream "$part" >/dev/null 2>>"$W/t")
  done
done
python3 - "$W/t" <<'PY'
import collections, statistics, sys
wall, cpu = collections.defaultdict(list), collections.defaultdict(list)
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) != 5:
        continue
    tool, part, e, u, s = p
    wall[tool, part].append(float(e))
    cpu[tool, part].append(float(u) + float(s))
med = lambda xs: statistics.median(xs)
print(f"{'part':8} {'privlint wall/CPU':>18} {'ast-grep wall/CPU':>18} {'ratio wall':>11} {'ratio CPU':>10}")
for part in [".", "js", "python", "rust"]:
    pw, pc = med(wall["privlint", part]), med(cpu["privlint", part])
    aw, ac = med(wall["ast-grep", part]), med(cpu["ast-grep", part])
    name = "corpus" if part == "." else part
    print(f"{name:8} {pw:8.2f} / {pc:6.2f} s {aw:8.2f} / {ac:6.2f} s {pw / aw:10.2f}x {pc / ac:9.2f}x")
PY
