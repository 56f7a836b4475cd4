#!/usr/bin/env bash
# Benchmark of the lifecycle controller's sweep (needs root: it starts its own lab):
#  - 10,000 owned OVN ports (written straight into Northbound in batched transactions, with the backend's owner
#    external_ids) and 10,000 Pods (fabric8's CRUD mock API server, each listing its port in networksSpec);
#  - median time of one full sweep against the time to list the owned ports once (the ratio).
# Writes the report to lifecycle/bench/RESULTS.md (and prints it).
# Usage: sudo lifecycle/bench/run.sh       Knobs: BENCH_OPTS="-Dbench.ports=10000 -Dbench.runs=5"
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
cd "$ROOT"
if [ -z "${JAVA_HOME:-}" ]; then
    JAVA_HOME=$(ls -d /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null | head -1 || true)
fi
export JAVA_HOME
MVN="mvn -B -q ${MVN_OFFLINE:--o}"
$MVN -pl lifecycle test-compile
CPFILE=$(mktemp)
SNAP=$(mktemp -d)
OUT=$(mktemp)
trap 'rm -rf "$CPFILE" "$SNAP" "$OUT"' EXIT
$MVN -pl lifecycle dependency:build-classpath -DincludeScope=test -Dmdep.outputFile="$CPFILE" >/dev/null
# snapshot the jars: other modules' owners may re-install them into ~/.m2 while the benchmark runs
IFS=: read -r -a JARS <"$CPFILE" || true
for j in "${JARS[@]}"; do
    cp "$j" "$SNAP/$(basename "$(dirname "$(dirname "$j")")")-$(basename "$j")"
done
cp -r lifecycle/target/test-classes lifecycle/target/classes "$SNAP/"
CP="$SNAP/test-classes:$SNAP/classes:$(ls "$SNAP"/*.jar | tr '\n' ':')"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${BENCH_OPTS:-} -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Djava.util.logging.config.file=/dev/null \
    -cp "$CP" io.kubetron.lifecycle.bench.SweepBench | tee "$OUT"
{
    echo "# Lifecycle sweep benchmark"
    echo
    echo "\`lifecycle/bench/run.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores ($(uname -m)), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    cat "$OUT"
} >lifecycle/bench/RESULTS.md
