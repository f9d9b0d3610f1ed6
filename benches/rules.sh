#!/usr/bin/env bash
# benches/rules.sh — what the repository rules cost: the default rule set against
# `--select pii-in-logs` alone (and, with OLD=path/to/privlint, against an older build), on the
# full corpus, in one sitting, alternating runs; medians and peak RSS.
#
# Usage: benches/rules.sh [RUNS]      (OLD=/path/to/old/privlint benches/rules.sh 5)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUNS="${1:-5}"
with_corpus
T="$(mktemp)"
for _ in $(seq "$RUNS"); do
  /usr/bin/time -f "pii-only %e %M" "$P" check "$C" --format json -o /dev/null --exit-zero --no-cache --select pii-in-logs 2>>"$T"
  /usr/bin/time -f "default %e %M" "$P" check "$C" --format json -o /dev/null --exit-zero --no-cache 2>>"$T"
  if [[ -n "${OLD:-}" ]]; then
    /usr/bin/time -f "old %e %M" "$OLD" check "$C" --format json -o /dev/null --exit-zero --no-cache 2>>"$T"
  fi
done
python3 - "$T" <<'PY'
import collections, statistics, sys
t, m = collections.defaultdict(list), collections.defaultdict(list)
for line in open(sys.argv[1]):
    k, s, kb = line.split()
    t[k].append(float(s)); m[k].append(int(kb))
med = {k: statistics.median(v) for k, v in t.items()}
for k in t:
    print(f"{k:9} median {med[k]:.2f} s  peak {max(m[k]) / 1024:.0f} MiB  runs {t[k]}")
print(f"default / pii-only: {med['default'] / med['pii-only']:.2f}x")
if "old" in med:
    print(f"pii-only / old: {med['pii-only'] / med['old']:.2f}x")
PY
rm -f "$T"
