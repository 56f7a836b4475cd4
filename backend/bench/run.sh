#!/usr/bin/env bash
# Port create+delete latency of both backends against raw floors, with few and with many existing ports.
# Starts its own lab (OVN + Neutron, noauth). Needs root. Usage: backend/bench/run.sh [ovnMany] [neutronMany]
exec "$(dirname "$(readlink -f "$0")")/../../scripts/bench-java.sh" backend \
    io.kubetron.backend.bench.PortLatencyBench "$@"
