#!/usr/bin/env bash
# benches/warm.sh — the warm paths on the shared corpus, alternating rounds, medians:
#   warm      `privlint check CORPUS` with the cache full and nothing changed
#   rg        ripgrep's PII regex over the same files (the issue's yardstick: warm ≤ 2× rg)
#   one-file  `privlint check ONE_FILE` inside the corpus made a project (a `privlint.toml`
#             at its root, as a pre-commit hook runs it): the rest of the project is indexed
#             from the cache for the repository rules
#   map       `privlint map CORPUS` after a check
# Usage: benches/warm.sh [RUNS]   (corpus as in benches/corpus.sh; its privlint.toml is
#        created for the run and removed after)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUNS="${1:-7}"
with_corpus
created=""
if [[ ! -e "$C/privlint.toml" ]]; then touch "$C/privlint.toml"; created=1; fi
trap '[[ -n "$created" ]] && rm -f "$C/privlint.toml"; rm -rf "$C/.privlint_cache"' EXIT
ONE="$(find "$C/python" -name models.py -size +4k | sort | head -1)"
PII='e_?mail|phone|mobile|ssn|social_?security|passw(?:or)?d|address|birth|dob|credit_?card|card_?number|iban|passport|first_?name|last_?name|full_?name|surname|postcode|postal_?code|zip_?code|national_?id|tax_?id'
"$P" check "$C" --format json -o /dev/null --exit-zero  # fills the cache (and its stamps)
sleep 3  # files the cold run touched are stamped only once two seconds old
"$P" check "$C" --format json -o /dev/null --exit-zero
python3 - "$RUNS" "$P" "$C" "$ONE" "$PII" <<'PY'
import statistics, subprocess, sys, time
runs, p, c, one, pii = int(sys.argv[1]), *sys.argv[2:]
cmds = {
    "warm": [p, "check", c, "--format", "json", "-o", "/dev/null", "--exit-zero"],
    "rg": ["rg", "--no-ignore", "-i", "-n", "-e", pii, f"{c}/python", f"{c}/js", f"{c}/rust"],
    "one-file": [p, "check", one, "--format", "json", "-o", "/dev/null", "--exit-zero"],
    "map": [p, "map", c, "--format", "json", "-o", "/dev/null"],
}
res = {k: [] for k in cmds}
for r in range(runs + 1):
    for k, cmd in cmds.items():
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r:
            res[k].append(time.perf_counter() - t)
rg = statistics.median(res["rg"])
print(f"one file: {one}")
for k, v in res.items():
    m = statistics.median(v)
    print(f"{k:<9} median {m:6.3f} s  (min {min(v):.3f}, max {max(v):.3f})  = {m / rg:4.2f}x rg")
PY
