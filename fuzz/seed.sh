#!/usr/bin/env bash
# Seeds each target's corpus (fuzz/corpus/TARGET, not checked in) from the fixtures, the
# leak corpus and the test apps. Usage: bash fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
seed() { # target, find expression...
  local t=$1; shift
  mkdir -p "fuzz/corpus/$t"
  find fixtures tests/data "$@" -type f -print0 | while IFS= read -r -d '' f; do
    cp "$f" "fuzz/corpus/$t/$(sha256sum "$f" | cut -c1-16)"
  done
}
seed python -name '*.py'
seed javascript \( -name '*.js' -o -name '*.jsx' \)
seed typescript \( -name '*.ts' -o -name '*.tsx' \)
seed rust -name '*.rs'
seed sql -name '*.sql'
seed prisma -name '*.prisma'
seed template \( -name '*.html' -o -name '*.txt' \)
seed config -name '*.toml'
# The lexical tier's target: a language byte (0 Python, 1 JSX, 2 TS, 3 TSX, 4 Rust), then a
# code file.
mkdir -p fuzz/corpus/lexical
for pair in 0:py 1:js 2:ts 3:tsx 4:rs; do
  find fixtures tests/data -type f -name "*.${pair#*:}" -print0 | while IFS= read -r -d '' f; do
    { printf "\\x$(printf %02x "${pair%%:*}")"; cat "$f"; } > "fuzz/corpus/lexical/$(sha256sum "$f" | cut -c1-16)"
  done
done
mkdir -p fuzz/corpus/suppression fuzz/corpus/baseline
grep -rhoE 'privlint: ?ignore[^"]*' fixtures tests/data | head -200 | while IFS= read -r l; do
  printf '%s' "$l" > "fuzz/corpus/suppression/$(printf '%s' "$l" | sha256sum | cut -c1-16)"
done
./target/release/privlint check fixtures --no-cache --exit-zero --format concise \
  --write-baseline fuzz/corpus/baseline/fixtures.json >/dev/null 2>&1 || true
echo "seeded: $(ls fuzz/corpus | while read -r t; do printf '%s=%s ' "$t" "$(ls "fuzz/corpus/$t" | wc -l)"; done)"
