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
SNAP=$(mktemp -d)
trap 'rm -rf "$SNAP"' EXIT
# -am: Kubetron's own modules come from this checkout (their target/classes), never from ~/.m2, so a fresh clone runs;
# every module of the reactor writes the class path file, the module itself last
if ! $MVN -pl "$MODULE" -am test-compile dependency:build-classpath -DincludeScope=test \
    -Dmdep.outputFile="$SNAP/classpath" >"$SNAP/build.log" 2>&1; then
    cat "$SNAP/build.log" >&2
    exit 1
fi
IFS=: read -r -a ENTRIES <"$SNAP/classpath" || true
CP="$SNAP/test-classes:$SNAP/classes"
for e in "${ENTRIES[@]}"; do
    copy="$SNAP/$(basename "$(dirname "$(dirname "$e")")")-$(basename "$e")"
    cp -r "$e" "$copy"
    CP="$CP:$copy"
done
cp -r "$MODULE/target/test-classes" "$MODULE/target/classes" "$SNAP/"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${BENCH_OPTS:-} --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Djava.util.logging.config.file=/dev/null -cp "$CP" "$MAIN" "$@"
