#!/bin/sh
# Runs the OVSDB benchmark (ovsdb/src/bench/java): starts its own NB ovsdb-server in a temp dir and prints medians.
# Usage: ovsdb/bench/run.sh   (from anywhere; builds only the ovsdb module's classes, offline)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
cd "$root"
mvn -B -o -q -pl ovsdb test-compile dependency:build-classpath -DincludeScope=test \
    -Dmdep.outputFile="$here/target/bench.classpath" >/dev/null
cp="$here/target/classes:$here/target/test-classes:$(cat "$here/target/bench.classpath")"
exec "$JAVA_HOME/bin/java" -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    io.kubetron.ovsdb.bench.OvsdbBench "$@"
