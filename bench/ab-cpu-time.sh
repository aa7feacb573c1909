#!/usr/bin/env bash
# Two nnscope binaries, alternating, in CPU time rather than wall time (on a shared machine the
# wall time of a short run mostly measures the other users). For each round and binary:
# CPU(bench --repeat 1+R) − CPU(bench --repeat 1), divided by R = the CPU milliseconds of one
# training run (trainer set-up included, equal for both). Needs `perf` (Debian: linux-perf).
#   bash bench/ab-cpu-time.sh OLD_BINARY NEW_BINARY WORKLOAD [ROUNDS=5] [R=3]
set -euo pipefail
old=$1; new=$2; workload=$3; rounds=${4:-5}; R=${5:-3}
cpu() { perf stat -x, -e task-clock "$@" 2>&1 >/dev/null | grep task-clock | cut -d, -f1; }
for _ in $(seq "$rounds"); do
    for binary in "$old" "$new"; do
        one=$(cpu "$binary" bench --workload "$workload" --repeat 1 --warmup 0)
        many=$(cpu "$binary" bench --workload "$workload" --repeat $((1 + R)) --warmup 0)
        echo "$binary $workload $(echo "$many $one $R" | awk '{printf "%.2f", ($1 - $2) / $3}') ms"
    done
done
