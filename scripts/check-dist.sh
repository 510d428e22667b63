#!/usr/bin/env bash
# dist/ is what GitHub runs: it must be exactly what `npm run package` makes from the source.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s package >/dev/null
if [ -n "$(git status --porcelain -- dist)" ]; then
  echo "dist/ is stale: run 'npm run package' and commit dist/." >&2
  git status --porcelain -- dist >&2
  git --no-pager diff --stat -- dist >&2 || true
  exit 1
fi
echo "dist/ matches the source."
