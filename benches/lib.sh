# benches/lib.sh — sourced by the bench scripts: the checkout in $HERE, the shared bench
# tools in $SHARED, the pinned corpus in $C (fetched on first use), a release build of
# privlint in $P.
HERE="$(cd "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)"
SHARED="${SHARED:-$HERE/../shared}"
C="${CORPUS:-/tmp/privbench/corpus}"
with_corpus() {
  [[ -f "$C/MANIFEST.tsv" ]] || "$SHARED/bench/fetch-corpus.sh" "$C"
}
(cd "$HERE" && cargo build --release --quiet)
P="$HERE/target/release/privlint"
