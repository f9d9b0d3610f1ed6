#!/usr/bin/env bash
# The wheel as a user meets it. Builds the `privlint` wheel with maturin (python/wheel/),
# installs it in a fresh venv with no Rust toolchain on PATH and runs it on a fixture folder;
# then a fresh repository uses the `privlint` pre-commit hook (`language: python`), which
# installs that wheel through the root pyproject.toml (PIP_FIND_LINKS stands in for PyPI).
# Prints the time from nothing to the first hook run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
VENV="$ROOT/target/ci-venv"
[[ -x "$VENV/bin/maturin" ]] ||
  "$VENV/bin/pip" install --quiet --disable-pip-version-check maturin==1.16.0
rm -rf target/wheels
(cd python/wheel && "$VENV/bin/maturin" build --release --quiet 2>&1 | grep -v '^$' | tail -1)
wheel="$(ls target/wheels/privlint-*.whl)"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
# No cargo, no rustc: only the venv and the base system.
bare="$W/venv/bin:/usr/local/bin:/usr/bin:/bin"
python3 -m venv "$W/venv"
"$W/venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
if env -i PATH="$bare" sh -c 'command -v cargo || command -v rustc' >/dev/null; then
  echo "wheel test: cargo is on the bare PATH; the test would not prove anything" >&2
  exit 1
fi
set +e
env -i PATH="$bare" HOME="$W" privlint check fixtures/pii-in-logs/python --format concise >"$W/out"
rc=$?
set -e
if [[ $rc != 1 ]] || ! grep -q 'pii-in-logs' "$W/out"; then
  echo "wheel test: expected findings (exit 1), got exit $rc:" >&2
  cat "$W/out" >&2
  exit 1
fi
echo "wheel: $(basename "$wheel") installed and run: $(tail -1 "$W/out")"

# The pre-commit hook, from nothing: a repository, a config naming the hook at this commit,
# one staged leak. The hook's environment is built by pre-commit from the wheel.
rev="$(git rev-parse HEAD)"
repo="$W/repo"
mkdir "$repo"
git -C "$repo" init -q
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: privlint\n' "$ROOT" "$rev" \
  >"$repo/.pre-commit-config.yaml"
printf 'def f(user):\n    print(user.email)\n' >"$repo/app.py"
git -C "$repo" add .
start=$(date +%s.%N)
set +e
(cd "$repo" && env -i PATH="$bare" HOME="$W" PRE_COMMIT_HOME="$W/pre-commit-home" \
  PIP_FIND_LINKS="$ROOT/target/wheels" PIP_DISABLE_PIP_VERSION_CHECK=1 NO_COLOR=1 \
  "$VENV/bin/pre-commit" run) >"$W/hook" 2>&1
rc=$?
set -e
secs=$(echo "$(date +%s.%N) - $start" | bc)
if [[ $rc != 1 ]] || ! grep -q 'app.py:2:5: .*pii-in-logs' "$W/hook"; then
  echo "wheel test: the privlint hook should fail on app.py, got exit $rc:" >&2
  cat "$W/hook" >&2
  exit 1
fi
printf 'pre-commit hook `privlint` (wheel): installed and first run in %.1f s\n' "$secs"
