#!/usr/bin/env bash
# The one test command: installs what is missing (Debian packages, a JDK >= 21, kubectl), then runs every unit test
# (*Test) and integration test (*IT, on real OVS/OVN daemons) of every module. Extra arguments go to Maven,
# e.g. ./test.sh -pl lab  or  ./test.sh -DskipITs
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
cd "$ROOT"
if [ "$(id -u)" != 0 ]; then
    echo "./test.sh needs root (network namespaces, Open vSwitch, package installs); re-running with sudo" >&2
    exec sudo -E "$0" "$@"
fi
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

kt_ensure_packages
JAVA_HOME=$(kt_jdk)
export JAVA_HOME
kt_maven_opts
kt_log "JDK: $JAVA_HOME"
# the manifest tests build deploy/ with this kubectl, and fail (not skip) without one
KUBECTL_DIR=$(kt_kubectl "$ROOT")
export PATH="$KUBECTL_DIR:$PATH" KUBETRON_REQUIRE_KUBECTL=1
kt_log "kubectl: $KUBECTL_DIR/kubectl ($KT_KUBECTL_VERSION)"
start=$(date +%s)
mvn -B -ntp -Dstyle.color=never verify "$@"
kt_log "./test.sh: all tests passed in $(( $(date +%s) - start )) s"
