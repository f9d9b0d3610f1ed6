#!/usr/bin/env bash
# benches/cache.sh — cold run, warm run (nothing changed) and warm run after touching one
# file, alternating rounds on the shared corpus; medians and ratios to the cold run.
# Usage: benches/cache.sh [RUNS]   (corpus as in benches/corpus.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUNS="${1:-10}"
with_corpus
export PRIVLINT_CACHE_DIR="$(mktemp -d)/cache"
TOUCH="$(find "$C/python" -name '*.py' -size +20k | sort | head -1)"
python3 - "$P" "$C" "$TOUCH" "$RUNS" <<'PY'
import os, shutil, statistics, subprocess, sys, time
p, c, touch, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cache = os.environ["PRIVLINT_CACHE_DIR"]
cmd = [p, "check", c, "--format", "json", "-o", os.devnull, "--exit-zero"]
def timed():
    t = time.perf_counter(); subprocess.run(cmd, check=True); return time.perf_counter() - t
res = {"cold": [], "warm": [], "touched": []}
for r in range(runs + 1):
    shutil.rmtree(cache, ignore_errors=True)
    cold = timed(); warm = timed()
    with open(touch, "a") as f: f.write(f"\n# privlint bench {r}\n")
    touched = timed()
    with open(touch, "rb+") as f:
        data = f.read(); f.seek(0); f.write(data[: data.rindex(b"\n# privlint bench")]); f.truncate()
    if r:  # round 0 warms the page cache
        res["cold"].append(cold); res["warm"].append(warm); res["touched"].append(touched)
cold = statistics.median(res["cold"])
for k, v in res.items():
    m = statistics.median(v)
    print(f"{k:<8} median {m:6.3f} s  (min {min(v):.3f}, max {max(v):.3f})  cold/this = {cold / m:5.1f}x")
PY
