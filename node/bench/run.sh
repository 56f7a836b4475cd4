#!/usr/bin/env bash
# The node agent's benchmark (issue 6): network-ready latency of a Pod with two networks against a raw-script floor
# and the original project's attach sequence, a burst of Pods at once, and the agent's RSS at 100 Pods in a JVM of its
# own (default options and a small heap). Starts its own lab (nbench) and mock API server; removes everything after.
# Needs root. Usage: node/bench/run.sh [pods=30] [warmup=3] [burst=50] [rssPods=100] [settle=150]
#   [phases=seq,burst,rss] ["small=OPT,OPT;OPT,OPT..."] [nmt=true]   (see NodeBench's javadoc)
exec "$(dirname "$(readlink -f "$0")")/../../scripts/bench-java.sh" node io.kubetron.node.bench.NodeBench "$@"
