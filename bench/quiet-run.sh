#!/usr/bin/env bash
# Every figure of the performance goals (docs/benchmarks.md, "One quiet run") from one run, one bench
# after the other so that none shares the two cores with another. Run it on a quiet machine with the
# test services up (`bash scripts/services.sh up`); each bench's whole output goes to
# $QUIET_OUT/<name>.log (default /tmp/forma-quiet), and this script prints the lines that carry the
# figures. QUIET_SKIP (comma-separated names) leaves benches out, e.g. QUIET_SKIP=list-1m,scale.
# bench:scale reuses the data set it built before (/tmp/forma-company-1) and needs the same
# ENCRYPTION_KEY it was built with: QUIET_SCALE_KEY.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${QUIET_OUT:-/tmp/forma-quiet}"
SKIP=",${QUIET_SKIP:-},"
mkdir -p "$OUT"
eval "$(bash scripts/services.sh env)"

run() {
  local name="$1"
  shift
  if [[ "$SKIP" == *",$name,"* ]]; then
    echo "== $name: skipped"
    return
  fi
  echo "== $name: $* (load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M:%S) UTC)"
  local started=$SECONDS
  env "$@" >"$OUT/$name.log" 2>&1
  echo "   exit $?, $((SECONDS - started)) s; figures:"
  grep -E "$FIGURES" "$OUT/$name.log" | tail -n 40 | sed 's/^/   /'
}

# The lines each bench prints its figures on: ratios, rates, percentiles, its last JSON line.
FIGURES='×|/s|p95|ratio|ms|MiB|^\{|^\|'

run store BENCH_N=2000 npx tsx bench/store.bench.ts
run queue npx tsx bench/queue.bench.ts
run flow BENCH_PEER=600 BENCH_EMBEDDED=2000 BENCH_DISTRIBUTED=100 npx tsx bench/flow.bench.ts
run submissions BENCH_PARTS=validate,api,http BENCH_ADAPTERS=embedded BENCH_API_N=2000 BENCH_HTTP_N=2000 \
  npx tsx bench/forms.bench.ts
run phone BENCH_PHONE_RUNS=5 npx tsx bench/phone-form.bench.ts
# shellcheck disable=SC2086 # an unset key must leave no word behind
run scale BENCH_SCALE=1 BENCH_OPENS=3 ${QUIET_SCALE_KEY:+ENCRYPTION_KEY=$QUIET_SCALE_KEY} \
  npx tsx bench/embedded-scale.bench.ts
run list-1m BENCH_PARTS=list BENCH_ADAPTERS=embedded BENCH_LIST_SIZES=1000000 \
  node --max-old-space-size=8192 --expose-gc --import tsx bench/forms.bench.ts
# The same list queries on the distributed mode's store at the largest size the test server
# serves in minutes (FerretDB v1 filters and sorts outside PostgreSQL).
run list-mongodb BENCH_PARTS=list BENCH_ADAPTERS=mongodb BENCH_LIST_SIZES_MONGODB=10000 BENCH_QUERIES_MONGODB=3 \
  npx tsx bench/forms.bench.ts
