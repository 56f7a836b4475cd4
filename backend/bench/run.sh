#!/bin/sh
# Port create+delete latency of both backends against raw floors, with few and with many existing ports.
# Starts its own lab (OVN + Neutron, noauth). Needs root. Usage: backend/bench/run.sh [ovnMany] [neutronMany]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cd "$root"
mvn -B -o -q -pl backend test-compile dependency:build-classpath -DincludeScope=test \
    -Dmdep.outputFile="$here/target/bench.classpath" >/dev/null
cp="$here/target/classes:$here/target/test-classes:$(cat "$here/target/bench.classpath")"
exec "$JAVA_HOME/bin/java" -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    io.kubetron.backend.bench.PortLatencyBench "$@"
