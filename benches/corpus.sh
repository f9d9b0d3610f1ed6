#!/usr/bin/env bash
# benches/corpus.sh — time privlint against its peers on the shared real-world corpus, in one
# sitting, alternating runs, and report medians, ratios, peak RSS and findings.
#
# Usage: benches/corpus.sh [--small] [RUNS]
#   Corpus:  ../shared/bench/fetch-corpus.sh (downloaded to $CORPUS, default /tmp/privbench/corpus
#            or /tmp/privbench/corpus-small with --small; fetched on first use).
#   Peers:   ../shared/bench/install-peers.sh (venv in $PEERS, default /tmp/peers; installed on
#            first use). ast-grep and Semgrep run the equivalent PII-in-logs rule; ast-grep's
#            every-call rule and ruff are parse-everything anchors, ripgrep's PII regex the
#            read-everything floor.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SHARED:-$HERE/../shared}"
SMALL=""
if [[ "${1:-}" == "--small" ]]; then SMALL="--small"; shift; fi
RUNS="${1:-10}"
if [[ -n "$SMALL" ]]; then C="${CORPUS:-/tmp/privbench/corpus-small}"; else C="${CORPUS:-/tmp/privbench/corpus}"; fi
PEERS="${PEERS:-/tmp/peers}"
OUT="${OUT:-/tmp/privbench/results${SMALL:+-small}}"
mkdir -p "$OUT"
[[ -f "$C/MANIFEST.tsv" ]] || "$SHARED/bench/fetch-corpus.sh" $SMALL "$C"
[[ -x "$PEERS/bin/ast-grep" ]] || PEERS="$PEERS" "$SHARED/bench/install-peers.sh" "$PEERS"
(cd "$HERE" && cargo build --release --quiet)
P="$HERE/target/release/privlint"
SG="$SHARED/bench/peers"
J="$(nproc)"

declare -a NAMES CMDS
add() { NAMES+=("$1"); CMDS+=("$2"); }
add privlint          "$P check $C --format json -o $OUT/privlint.json -j $J --exit-zero --no-cache"
add privlint-j1       "$P check $C --format json -o $OUT/privlint-j1.json -j 1 --exit-zero --no-cache"
add ast-grep-pii      "$PEERS/bin/ast-grep scan -j $J -c $SG/ast-grep/sgconfig.yml --no-ignore vcs --json=stream $C > $OUT/ast-grep-pii.jsonl"
add ast-grep-every-call "$PEERS/bin/ast-grep scan -j $J -c $SG/ast-grep-trivial/sgconfig.yml --no-ignore vcs --json=stream $C > $OUT/ast-grep-every-call.jsonl"
add ruff-ALL          "$PEERS/bin/ruff check --isolated --no-cache --select ALL --exit-zero --output-format concise -o $OUT/ruff.txt $C/python 2>/dev/null"
# Semgrep's PII rule (Python and JS only) is an order of magnitude slower: it runs in the
# first SEMGREP_RUNS rounds (default 3) only. ripgrep's PII regex is the floor: reading
# every file once.
add semgrep-pii       "SEMGREP_ENABLE_VERSION_CHECK=0 $PEERS/bin/semgrep scan --metrics=off --disable-version-check -j $J --no-git-ignore --x-ignore-semgrepignore-files --config $SG/semgrep-pii.yml --json --output $OUT/semgrep-pii.json $C >/dev/null 2>&1"
PII='e_?mail|phone|mobile|ssn|social_?security|passw(?:or)?d|address|birth|dob|credit_?card|card_?number|iban|passport|first_?name|last_?name|full_?name|surname|postcode|postal_?code|zip_?code|national_?id|tax_?id'
add ripgrep-pii       "rg --no-ignore -i -n -e '$PII' $C/python $C/js $C/rust > $OUT/rg.txt"

# Alternating runs (A B C … A B C …): the machine's drift spreads over every tool alike.
python3 - "$OUT/timings.json" "$RUNS" "${SEMGREP_RUNS:-3}" "${NAMES[@]}" -- "${CMDS[@]}" <<'PY'
import json, subprocess, sys, time
out, runs, sg_runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rest = sys.argv[4:]
sep = rest.index("--")
names, cmds = rest[:sep], rest[sep + 1:]
times = {n: [] for n in names}
for r in range(runs + 1):  # the first round warms the page cache and is dropped
    for n, c in zip(names, cmds):
        if n.startswith("semgrep") and r > sg_runs:
            continue
        t = time.perf_counter()
        subprocess.run(c, shell=True, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r:
            times[n].append(time.perf_counter() - t)
json.dump(times, open(out, "w"))
PY

printf '%-20s %9s %9s %9s %9s %8s %9s\n' tool median_s min_s max_s peak_MiB ratio findings | tee "$OUT/results.txt"
for i in "${!NAMES[@]}"; do
  n="${NAMES[$i]}"
  /usr/bin/time -v sh -c "${CMDS[$i]}" 2> "$OUT/$n.time-v.txt" || true
  peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/$n.time-v.txt")
  case "$n" in
    privlint*) f=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['diagnostics']))" "$OUT/$n.json") ;;
    ast-grep*) f=$(wc -l < "$OUT/$n.jsonl") ;;
    ruff*) f=$(grep -cE '^[^ ]+:[0-9]+:[0-9]+: ' "$OUT/ruff.txt" || true) ;;
    semgrep*) f=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['results']))" "$OUT/semgrep-pii.json") ;;
    ripgrep*) f=$(wc -l < "$OUT/rg.txt") ;;
  esac
  python3 - "$OUT/timings.json" "$n" "$peak_kb" "$f" <<'PY' | tee -a "$OUT/results.txt"
import json, statistics, sys
f, name, peak_kb, findings = sys.argv[1:]
res = json.load(open(f))
med = {k: statistics.median(v) for k, v in res.items()}
t = res[name]
ratio = med[name] / med["privlint"]
print(f"{name:<20} {med[name]:9.3f} {min(t):9.3f} {max(t):9.3f} {int(peak_kb)/1024:9.1f} {ratio:7.2f}x {findings:>9}")
PY
done
python3 - "$C/MANIFEST.tsv" "$OUT/privlint.json" <<'PY' | tee -a "$OUT/results.txt"
import json, sys
lines = sum(int(l.split("\t")[4]) for l in open(sys.argv[1]).readlines()[1:])
d = json.load(open(sys.argv[2]))
print(f"corpus: {lines:,} lines; privlint analysed {d['files']['scanned']:,} files "
      f"({d['summary']['lines']:,} lines), skipped {len(d['files']['skipped'])}, errors {len(d['errors'])}")
PY
echo "ratio = median wall time / privlint's median (same sitting, alternating runs). Results in $OUT"
