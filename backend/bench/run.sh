#!/usr/bin/env bash
# Port latency of both backends: create+delete against raw floors, with few and with many existing ports; and a
# 2-network Pod's ports, one createPorts call against one direct createPort and against two sequential ones.
# Starts its own lab (OVN + Neutron, noauth). Needs root.
# Usage: backend/bench/run.sh [ovnMany] [neutronMany]      everything (0 for neutronMany skips Neutron)
#        backend/bench/run.sh bulk [ovnSamples] [neutronSamples]   the 2-network comparison alone (0 skips a backend)
exec "$(dirname "$(readlink -f "$0")")/../../scripts/bench-java.sh" backend \
    io.kubetron.backend.bench.PortLatencyBench "$@"
