#!/usr/bin/env bash
# Benchmark of the admission webhook against real backends from a lab (needs root):
#  - latency of a 2-network Pod CREATE admission over HTTPS, p50/p99, against the two backend port creates done
#    directly in the same run (overhead ratio);
#  - 1,000 admissions at concurrency 32: errors (must be 0), throughput, the webhook process's RSS.
# The webhook runs as its own JVM (-Xmx256m, like the Deployment's memory limit allows).
# Usage: sudo webhook/bench/run.sh [ovn] [neutron]      (default: both; neutron needs the lab's Neutron packages)
# Knobs: BENCH_OPTS="-Dbench.samples=200 -Dbench.total=1000 -Dbench.concurrency=32"
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
cd "$ROOT"
if [ -z "${JAVA_HOME:-}" ]; then
    JAVA_HOME=$(ls -d /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null | head -1 || true)
fi
export JAVA_HOME
MVN="mvn -B -q ${MVN_OFFLINE:--o}"
$MVN -pl webhook test-compile
CPFILE=$(mktemp)
trap 'rm -f "$CPFILE"' EXIT
$MVN -pl webhook dependency:build-classpath -DincludeScope=test -Dmdep.outputFile="$CPFILE" >/dev/null
# snapshot the jars: other modules' owners may re-install them into ~/.m2 while the benchmark runs
SNAP=$(mktemp -d)
trap 'rm -rf "$CPFILE" "$SNAP"' EXIT
IFS=: read -r -a JARS <"$CPFILE" || true
for j in "${JARS[@]}"; do
    cp "$j" "$SNAP/$(basename "$(dirname "$(dirname "$j")")")-$(basename "$j")"
done
cp -r webhook/target/test-classes webhook/target/classes "$SNAP/"
CP="$SNAP/test-classes:$SNAP/classes:$(ls "$SNAP"/*.jar | tr '\n' ':')"
KINDS=("$@")
[ ${#KINDS[@]} -eq 0 ] && KINDS=(ovn neutron)
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${BENCH_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$CP" \
    io.kubetron.webhook.bench.WebhookBench "${KINDS[@]}"
