#!/usr/bin/env bash
# `duplicates` on packages/*/src, the measure issue 14 sets (at most 20 pairs, none between the SQLite and PostgreSQL
# stores). `duplicates --repo` takes one folder, so the src folders are copied into a scratch folder and read there.
# Left out: packages/dashboard/src/api/openapi.ts, GENERATED from the collector's /openapi.json (npm run gen:api): it
# repeats the collector's shapes by construction (that is its job), and its 256 internal runs are the generator's.
# Usage: bash scripts/duplicates-src.sh [duplicates options, e.g. --most 40]
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="$(mktemp -d "${TMPDIR:-/tmp}/llmo-dup-src.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
for src in packages/*/src; do
  name="$(basename "$(dirname "$src")")"
  mkdir -p "$scratch/$name"
  cp -r "$src" "$scratch/$name/"
done
rm -f "$scratch/dashboard/src/api/openapi.ts"
find "$scratch" -name '__pycache__' -prune -exec rm -rf {} +
duplicates --repo "$scratch" --seconds 120 "$@" | sed "s#$scratch/##g"
