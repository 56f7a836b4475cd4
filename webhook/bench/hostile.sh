#!/usr/bin/env bash
# Hostile clients against the webhook while a steady stream of real admissions runs (needs root: a lab with OVN):
#  - p50/p99 of 2-network Pod CREATE admissions quiet, loaded (the same attack on a decoy webhook beside this one: the
#    floor at the same machine load), attacked, and after; ratio attacked / loaded (goal: p99 at most 2x) and attacked /
#    quiet; failed admissions; CPU of the webhook, the attackers (niced: they stand for other machines) and the machine;
#  - the webhook process's RSS and threads before, at most during, and after the attack; whether it lived through it;
#  - what each attacker got (slowloris, slow bodies, stalled handshakes, a connection flood, oversized and malformed
#    bodies, a heap bomb) and the server's own counters.
# The webhook runs as its own JVM (-Xmx256m), as in webhook/bench/run.sh.
# Usage: sudo webhook/bench/hostile.sh
# Knobs: BENCH_OPTS="-Dbench.samples=600 -Dbench.clients=2 -Dbench.thinkMs=100 -Dbench.slowloris=200
#   -Dbench.slowBodies=50 -Dbench.stalled=200 -Dbench.floodHeld=300 -Dbench.floodRate=200 -Dbench.oversizedRate=2
#   -Dbench.heapBombRate=2 -Dbench.malformedRate=20"
set -euo pipefail
exec "$(dirname "$(readlink -f "$0")")/../../scripts/bench-java.sh" webhook io.kubetron.webhook.bench.HostileBench "$@"
