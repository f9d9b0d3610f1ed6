#!/usr/bin/env bash
# Validates privlint's SARIF for the fixtures with Microsoft's SARIF multitool (from npm):
# any error or warning fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOL=target/sarif-tool
BIN="$TOOL/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [[ ! -x "$BIN" ]]; then
  npm install --prefix "$TOOL" --no-audit --no-fund --silent @microsoft/sarif-multitool@5.7.0 >/dev/null
fi
cargo build --quiet
target/debug/privlint check fixtures --format sarif -o target/fixtures.sarif --exit-zero
"$BIN" validate -o target/sarif-validation.sarif --log ForceOverwrite --level "Error;Warning" target/fixtures.sarif >/dev/null
node -e '
const v = JSON.parse(require("fs").readFileSync(process.argv[1]));
const rs = v.runs[0].results || [];
for (const r of rs) console.error(`${r.level || "warning"} ${r.ruleId}: ${JSON.stringify(r.message.arguments || r.message.text)}`);
const n = JSON.parse(require("fs").readFileSync(process.argv[2])).runs[0].results.length;
if (rs.length) { console.error(`SARIF validation: ${rs.length} problems`); process.exit(1); }
console.log(`SARIF validation: ${n} results, 0 errors, 0 warnings`);
' "$PWD/target/sarif-validation.sarif" "$PWD/target/fixtures.sarif"
# The organisation report (`privlint merge --format sarif`, one run per repository) too.
printf '%s\n' fixtures/pii-in-logs/python tests/data/apps/flask_helpdesk fixtures/no-such-dir > target/org-repos.txt
target/debug/privlint scan --repos target/org-repos.txt -o target/org-shard.json 2>/dev/null
target/debug/privlint merge target/org-shard.json --format sarif -o target/org.sarif
"$BIN" validate -o target/org-validation.sarif --log ForceOverwrite --level "Error;Warning" target/org.sarif >/dev/null
node -e '
const v = JSON.parse(require("fs").readFileSync(process.argv[1]));
const rs = v.runs[0].results || [];
for (const r of rs) console.error(`${r.level || "warning"} ${r.ruleId}: ${JSON.stringify(r.message.arguments || r.message.text)}`);
if (rs.length) { console.error(`organisation SARIF validation: ${rs.length} problems`); process.exit(1); }
console.log("organisation SARIF validation: 0 errors, 0 warnings");
' target/org-validation.sarif
