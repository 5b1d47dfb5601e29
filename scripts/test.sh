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
echo "== services"
bash scripts/services.sh up
eval "$(bash scripts/services.sh env)"
echo "== tests (vitest)"
exec npx vitest run "$@"
