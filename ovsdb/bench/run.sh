#!/usr/bin/env bash
# Runs the OVSDB benchmark (ovsdb/src/bench/java): starts its own NB ovsdb-server in a temp dir and prints medians.
# Usage: ovsdb/bench/run.sh
exec "$(dirname "$(readlink -f "$0")")/../../scripts/bench-java.sh" ovsdb io.kubetron.ovsdb.bench.OvsdbBench "$@"
