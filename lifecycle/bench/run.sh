#!/usr/bin/env bash
# Benchmark of the lifecycle controller's sweep (needs root: it starts its own lab):
#  - 10,000 owned OVN ports (written straight into Northbound in batched transactions, with the backend's owner
#    external_ids) and 10,000 Pods (fabric8's CRUD mock API server, each listing its port in networksSpec);
#  - median time of one full sweep against the time to list the owned ports once (the ratio).
# Writes the report to lifecycle/bench/RESULTS.md (and prints it).
# Usage: sudo lifecycle/bench/run.sh       Knobs: BENCH_OPTS="-Dbench.ports=10000 -Dbench.runs=5"
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
BENCH_OPTS="${BENCH_OPTS:-} -Xmx1g" "$ROOT/scripts/bench-java.sh" lifecycle io.kubetron.lifecycle.bench.SweepBench \
    | tee "$OUT"
JAVA_HOME=$(. "$ROOT/scripts/lib.sh"; kt_jdk)
cd "$ROOT"
{
    echo "# Lifecycle sweep benchmark"
    echo
    echo "\`lifecycle/bench/run.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores ($(uname -m)), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    cat "$OUT"
} >lifecycle/bench/RESULTS.md
