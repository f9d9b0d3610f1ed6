#!/usr/bin/env bash
# Real applications from the registries, for hand-checking findings: fetches each pinned app
# into DIR (default $TMPDIR/privlint-apps: outside any repository, for a scan below a
# repository indexes the whole repository for the repository rules), runs the release build on it and writes one
# findings listing per app and rule group under DIR/findings/: `NAME.txt` for `pii-in-logs`,
# `NAME.repo.txt` for the repository rules (`over-collection`, `missing-deletion`).
# Usage: bash benches/apps.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-${TMPDIR:-/tmp}/privlint-apps}
mkdir -p "$DIR/dl" "$DIR/src" "$DIR/findings"
DIR=$(cd "$DIR" && pwd)
PY=(ckan==2.12.0 mailman==3.3.10 weblate==5.14.3 django-helpdesk==2.6.1 flaskbb==2.0.2
  pretalx==2025.2.2 indico==3.2.9)
NPM=(@node-red/runtime@5.0.7 @node-red/editor-api@5.0.7 @verdaccio/auth@8.0.4
  verdaccio-htpasswd@13.0.3 @directus/api@23.3.2 payload@3.90.2 @vendure/core@3.7.3
  @strapi/core@5.54.0 @strapi/admin@5.54.0 uptime-kuma@2.0.0-dev.0
  @actual-app/sync-server@25.6.0 @nocobase/server@2.2.15 n8n-core@2.41.1
  umami@2.10.0 @medusajs/medusa@1.20.10 flowise@3.1.4 cnpmjs.org@2.1.0 nestjs-prisma-cli@1.0.12)
CRATES=(himalaya@2.2.1 sqlpage@0.47.0 kanidmd_lib@1.7.4 kanidm_proto@1.7.4 meli@0.9.0 melib@0.9.0
  lemmy:lemmy_db_schema@0.19.21 lemmy:lemmy_db_views@0.19.21 lemmy:lemmy_db_views_actor@0.19.21
  lemmy:lemmy_api_common@0.19.21 kellnr:kellnr-db@6.13.0 kellnr:kellnr-entity@6.13.0
  kellnr:kellnr-auth@6.13.0)

for p in "${PY[@]}"; do
  name=${p%%==*}
  [[ -d "$DIR/src/$name" ]] && continue
  (cd "$DIR/dl" && pip download --quiet --no-deps "$p" -d "py-$name")
  mkdir -p "$DIR/src/$name"
  for f in "$DIR/dl/py-$name"/*; do
    case "$f" in
      *.whl) (cd "$DIR/src/$name" && python3 -m zipfile -e "$f" .) ;;
      *.tar.gz) tar xzf "$f" -C "$DIR/src/$name" ;;
    esac
  done
done
for p in "${NPM[@]}"; do
  name=$(echo "${p%@*}" | tr -d '@' | tr '/' '-')
  [[ -d "$DIR/src/$name" ]] && continue
  tgz=$(cd "$DIR/dl" && npm pack --silent "$p" | tail -1)
  mkdir -p "$DIR/src/$name" && tar xzf "$DIR/dl/$tgz" -C "$DIR/src/$name"
done
# Crates: a throwaway project fetches each pinned crate, which is then copied out of cargo's
# registry sources. `APP:crate@version` puts several crates of one application in one folder
# (an entity crate and the crate that deletes its rows are one application).
for c in "${CRATES[@]}"; do
  app=${c%%:*}; c=${c#*:}
  name=${c%@*}; ver=${c#*@}
  [[ "$app" == "$c" ]] && app=$name
  [[ -d "$DIR/src/rs-$app/$name-$ver" ]] && continue
  proj="$DIR/dl/rs-$name"
  mkdir -p "$proj/src" && touch "$proj/src/lib.rs"
  printf '[package]\nname = "fetch-%s"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n%s = "=%s"\n' \
    "${name//_/-}" "$name" "$ver" > "$proj/Cargo.toml"
  (cd "$proj" && cargo fetch --quiet)
  src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"$name-$ver" | head -1)
  mkdir -p "$DIR/src/rs-$app" && cp -r "$src" "$DIR/src/rs-$app/"
done

cargo build --release --quiet
for app in "$DIR"/src/*; do
  name=$(basename "$app")
  ./target/release/privlint check "$app" --no-cache --select pii-in-logs --format concise \
    --exit-zero > "$DIR/findings/$name.txt" 2>/dev/null || true
  ./target/release/privlint check "$app" --no-cache --select over-collection,missing-deletion \
    --format concise --exit-zero > "$DIR/findings/$name.repo.txt" 2>/dev/null || true
  printf '%-36s %4s pii-in-logs %4s over-collection %4s missing-deletion\n' "$name" \
    "$(grep -c 'pii-in-logs' "$DIR/findings/$name.txt" || true)" \
    "$(grep -c 'over-collection' "$DIR/findings/$name.repo.txt" || true)" \
    "$(grep -c 'missing-deletion' "$DIR/findings/$name.repo.txt" || true)"
done
