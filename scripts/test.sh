#!/usr/bin/env bash
# `npm test`: the whole suite, the way CI runs it — static checks, the services (Redis and a
# MongoDB-wire server, via scripts/services.sh), then every vitest test (unit, contract,
# integration, fault, browser). The last line of the output is `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== format (prettier)"
npx prettier --check --log-level warn .
echo "== lint (eslint)"
npx eslint --max-warnings 0 .
echo "== types (tsc)"
npx tsc -p tsconfig.json
npx tsc -p designer/tsconfig.json
npx tsc -p designer/tsconfig.node.json
echo "== services"
bash scripts/services.sh up
eval "$(bash scripts/services.sh env)"
echo "== web app (designer/dist, built when stale)"
npx tsx scripts/ensure-designer-build.ts
echo "== tests (vitest)"
exec npx vitest run "$@"
