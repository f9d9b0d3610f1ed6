#!/usr/bin/env bash
# benches/prefilter.sh — the lexical tier on and off (`--no-prefilter`) on the full corpus and
# on the hostile 20 MB name-only file, in one sitting, alternating runs: medians, peak RSS,
# how many files the tier deferred and left unparsed, and a check that the findings are
# byte-identical.
#
# Usage: benches/prefilter.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUNS="${1:-5}"
with_corpus
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
python3 -c "open('$W/big.py','w').write(\"def f(user):\n    x = {'a': [1, 2, 3], 'b': user.name}\n    return x\n\" * (20_000_000 // 64))"
printf 'max-file-size = 30000000\nfile-timeout = 0\n' > "$W/privlint.toml"
for _ in $(seq "$RUNS"); do
  /usr/bin/time -f "corpus-on %e %M" "$P" check "$C" --format json -o "$W/on.json" --exit-zero --no-cache 2>>"$W/t"
  /usr/bin/time -f "corpus-off %e %M" "$P" check "$C" --format json -o "$W/off.json" --exit-zero --no-cache --no-prefilter 2>>"$W/t"
  (cd "$W" && /usr/bin/time -f "big-on %e %M" "$P" check big.py --format json -o on-big.json --exit-zero --no-cache 2>>"$W/t")
done
(cd "$W" && /usr/bin/time -f "big-off %e %M" "$P" check big.py --format json -o off-big.json --exit-zero --no-cache --no-prefilter 2>>"$W/t")
python3 - "$W/t" <<'PY'
import collections, statistics, sys
t, m = collections.defaultdict(list), collections.defaultdict(list)
for line in open(sys.argv[1]):
    k, s, kb = line.split()
    t[k].append(float(s)); m[k].append(int(kb))
for k in t:
    print(f"{k:11} median {statistics.median(t[k]):.2f} s  peak {max(m[k]) / 1024:.0f} MiB  runs {t[k]}")
print(f"corpus on / off: {statistics.median(t['corpus-on']) / statistics.median(t['corpus-off']):.2f}x")
PY
strip() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d.pop('summary', None); print(json.dumps(d, sort_keys=True))" "$1"; }
if [[ "$(strip "$W/on.json")" == "$(strip "$W/off.json")" ]]; then echo "corpus findings: identical"; else echo "corpus findings: DIFFER"; exit 1; fi
PRIVLINT_TRACE=1 "$P" check "$C" --format json -o /dev/null --exit-zero --no-cache 2>&1 | grep -E "deferred|not parsed" || true
