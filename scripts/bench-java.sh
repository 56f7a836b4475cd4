#!/usr/bin/env bash
# Runs a module's benchmark main class (from its src/bench/java, compiled as test sources) with the module's test
# class path. The jars are copied first: a build that re-installs them into ~/.m2 mid-run must not change what runs.
# Usage: scripts/bench-java.sh MODULE MAIN_CLASS [ARGS...]    Knobs: BENCH_OPTS (JVM options), MVN_OFFLINE (default -o)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source=lib.sh
. "$ROOT/scripts/lib.sh"
MODULE=$1 MAIN=$2
shift 2
cd "$ROOT"
JAVA_HOME=$(kt_jdk)
export JAVA_HOME
kt_maven_opts
MVN="mvn -B -q ${MVN_OFFLINE:--o}"
$MVN -pl "$MODULE" test-compile
SNAP=$(mktemp -d)
trap 'rm -rf "$SNAP"' EXIT
$MVN -pl "$MODULE" dependency:build-classpath -DincludeScope=test -Dmdep.outputFile="$SNAP/classpath" >/dev/null
IFS=: read -r -a JARS <"$SNAP/classpath" || true
for j in "${JARS[@]}"; do
    cp "$j" "$SNAP/$(basename "$(dirname "$(dirname "$j")")")-$(basename "$j")"
done
cp -r "$MODULE/target/test-classes" "$MODULE/target/classes" "$SNAP/"
CP="$SNAP/test-classes:$SNAP/classes:$(ls "$SNAP"/*.jar | tr '\n' ':')"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${BENCH_OPTS:-} --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Djava.util.logging.config.file=/dev/null -cp "$CP" "$MAIN" "$@"
