#!/usr/bin/env bash
# benches/hostile.sh — time and peak memory of privlint (release build) on each hostile input
# of tests/hostile.rs, generated here under a temporary directory: 50,000-term binary
# expressions and 50,000-deep nesting per language, a 20 MB Python file and a 5 MB single
# line (the size limit raised), a 3 GB sparse file, 100,000 tiny files.
# Usage: benches/hostile.sh   (needs GNU time at /usr/bin/time)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
W="$(mktemp -d)"
trap 'rm -rf "$W"' EXIT
export XDG_CACHE_HOME="$W/home"
python3 - "$W" <<'PY'
import os, sys
w = sys.argv[1]
N = 50_000
terms = " + ".join(["a"] * N)
one = {
    "binop.py": f"x = {terms}\n",
    "binop.js": f"const x = {terms};\n",
    "binop.ts": f"const x: number = {terms};\n",
    "binop.rs": f"fn f() {{ let x = {terms}; }}\n",
    "calls.py": "x = " + "f(" * N + "1" + ")" * N + "\n",
    "calls.js": "x = " + "f(" * N + "1" + ")" * N + ";\n",
    "arrows.js": "const f = " + "() => " * N + "1;\n",
    "closures.rs": "fn main() { let f = " + "|| " * N + "1; }\n",
    "big.py": "def f(user):\n    x = {'a': [1, 2, 3], 'b': user.name}\n    return x\n" * (20_000_000 // 64),
    "line.js": "const a = [" + ",".join(["'abcdefgh'"] * 500_000) + "];\n",
}
for name, text in one.items():
    d = os.path.join(w, "one", name.replace(".", "_"))
    os.makedirs(d)
    open(os.path.join(d, "privlint.toml"), "w").write("max-file-size = 30000000\nfile-timeout = 0\n")
    open(os.path.join(d, name), "w").write(text)
d = os.path.join(w, "one", "sparse")
os.makedirs(d)
with open(os.path.join(d, "sparse.py"), "wb") as f:
    f.truncate(3 << 30)
for i in range(100):
    os.makedirs(os.path.join(w, "tiny", f"d{i}"))
    for j in range(1000):
        open(os.path.join(w, "tiny", f"d{i}", f"f{j}.py"), "w").write(
            "import logging\nlogging.info(user.email)\n" if j % 2 == 0 else "x = 1\n")
PY
# Each input twice: as a user runs it, and with --no-prefilter, which parses every file (most
# of these inputs hold nothing but names, so the lexical tier alone would not parse them: the
# second run is the parsers' worst case).
printf '%-14s %9s %11s %9s %11s  %s\n' input seconds "peak MiB" "no-pf s" "no-pf MiB" outcome
for d in "$W"/one/* "$W/tiny"; do
  name="$(basename "$d")"
  # Named explicitly, so the minified-file heuristic does not skip the 5 MB line.
  target="$(find "$d" -maxdepth 1 -type f ! -name privlint.toml | head -1)"
  [[ "$name" == tiny ]] && target="$d"
  cols=()
  for extra in "" "--no-prefilter"; do
    # shellcheck disable=SC2086
    /usr/bin/time -f '%e %M' -o "$W/t" "$P" check --no-cache $extra --format concise "$target" > "$W/out" 2>&1 || true
    read -r secs kb < <(tail -1 "$W/t")
    cols+=("$secs" "$(echo "$kb / 1024" | bc -l)")
  done
  printf '%-14s %9s %11.1f %9s %11.1f  %s\n' "$name" "${cols[@]}" "$(tail -1 "$W/out" | cut -c1-70)"
done
