#!/usr/bin/env bash
# Builds the web UI into web/dist (served by `custos serve`): `npm ci` only when
# web/node_modules is missing or older than package-lock.json, then `npm run build`
# (type check + Vite, a few seconds).
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.package-lock.json  # npm rewrites it at every install
if [[ ! -f $stamp || package-lock.json -nt $stamp ]]; then
  echo "build-web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run build --silent
