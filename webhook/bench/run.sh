#!/usr/bin/env bash
# Benchmark of the admission webhook against real backends from a lab (needs root):
#  - latency of a 2-network Pod CREATE admission over HTTPS, p50/p99, against the two backend port creates done
#    directly in the same run (overhead ratio);
#  - 1,000 admissions at concurrency 32: errors (must be 0), throughput, the webhook process's RSS.
# The webhook runs as its own JVM (-Xmx256m, like the Deployment's memory limit allows).
# Usage: sudo webhook/bench/run.sh [ovn] [neutron]      (default: both; neutron needs the lab's Neutron packages)
# Knobs: BENCH_OPTS="-Dbench.samples=200 -Dbench.total=1000 -Dbench.concurrency=32"
set -euo pipefail
KINDS=("$@")
[ ${#KINDS[@]} -eq 0 ] && KINDS=(ovn neutron)
exec "$(dirname "$(readlink -f "$0")")/../../scripts/bench-java.sh" webhook io.kubetron.webhook.bench.WebhookBench \
    "${KINDS[@]}"
