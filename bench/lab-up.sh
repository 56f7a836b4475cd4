#!/usr/bin/env bash
# Benchmark: time from nothing to a ready lab (`kubetron lab up`), N runs (default 5), against the floor of
# starting the same JVM and CLI without doing anything (`kubetron --version`), measured in the same run.
# Prints medians and the ratio. Needs root. Usage: sudo bench/lab-up.sh [N]
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
N=${1:-5}
K="$ROOT/kubetron"
"$K" --version >/dev/null   # builds if needed, outside the measurement
NAME=ktbench
"$K" lab down --name $NAME >/dev/null 2>&1 || true

ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

ready=() wall=() floor=()
for i in $(seq "$N"); do
    t0=$(ms); "$K" --version >/dev/null; floor+=($(( $(ms) - t0 )))
    t0=$(ms)
    out=$("$K" lab up --name $NAME --nb-port 47641 --sb-port 47642 --nb-ssl-port 47643 2>&1 >/dev/null)
    wall+=($(( $(ms) - t0 )))
    ready+=($(sed -n 's/.* up in \([0-9]*\) ms.*/\1/p' <<<"$out"))
    "$K" lab status --name $NAME >/dev/null
    "$K" lab down --name $NAME >/dev/null 2>&1
done
mr=$(printf '%s\n' "${ready[@]}" | median)
mw=$(printf '%s\n' "${wall[@]}" | median)
mf=$(printf '%s\n' "${floor[@]}" | median)
echo "lab up, ready (in-process, incl. PKI): runs ${ready[*]} ms -> median $mr ms"
echo "lab up, whole command (JVM + up):      runs ${wall[*]} ms -> median $mw ms"
echo "floor, kubetron --version:             runs ${floor[*]} ms -> median $mf ms"
awk -v w="$mw" -v f="$mf" -v r="$mr" 'BEGIN {printf "ratio whole command / floor: %.2f; ready time = %.2f x floor\n", w/f, r/f}'
