#!/usr/bin/env bash
# benches/scale.sh — time and peak RSS of a cold run (all rules, --no-cache) on 1, 2 and 4
# copies of the shared corpus, and -j1 vs -j2 on one copy. Linear in size and in cores is the
# aim; peak RSS is printed, not asserted.
# Usage: benches/scale.sh   (corpus as in benches/corpus.sh; copies go to a temporary dir)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
with_corpus
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
for n in 1 2 4; do
  mkdir -p "$W/x$n"
  for i in $(seq 1 "$n"); do cp -r "$C/python" "$C/js" "$C/rust" "$W/x$n/" 2>/dev/null; mkdir -p "$W/x$n/c$i"; mv "$W/x$n/python" "$W/x$n/js" "$W/x$n/rust" "$W/x$n/c$i/"; done
done
printf '%-10s %8s %8s %10s %10s\n' run wall_s cpu_s peak_MiB diagnostics
run() {
  local name="$1"; shift
  /usr/bin/time -f '%e %U %S %M' -o "$W/t" "$P" check "$@" --no-cache --exit-zero --format json -o "$W/out.json" 2>/dev/null
  read -r wall user sys kb < "$W/t"
  printf '%-10s %8s %8.2f %10.1f %10s\n' "$name" "$wall" "$(echo "$user + $sys" | bc -l)" "$(echo "$kb / 1024" | bc -l)" \
    "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['diagnostics']))" "$W/out.json")"
}
run "1x -j1" "$W/x1" -j 1
run "1x" "$W/x1"
run "2x" "$W/x2"
run "4x" "$W/x4"
