#!/usr/bin/env bash
# The split step (SplitPass: two cores by rows) against the one-core step (whose large products and
# epilogues are still shared by chunks), alternating runs on the same machine:
#   bash bench/split-vs-chunks.sh [NNSCOPE] [WORKLOAD] [ROUNDS]
# Each round runs `nnscope bench --workload WORKLOAD --repeat 3` as it is and with
# NNSCOPE_SPLIT_STEP=0; prints the median, best and worst samples/s of each over the rounds.
set -euo pipefail
NNSCOPE=${1:-.build/release/nnscope}
WORKLOAD=${2:-deep-sigmoid}
ROUNDS=${3:-8}
for _ in $(seq "$ROUNDS"); do
  echo "split $("$NNSCOPE" bench --workload "$WORKLOAD" --repeat 3 | tail -1 | awk '{print $3}')"
  echo "one-core $(NNSCOPE_SPLIT_STEP=0 "$NNSCOPE" bench --workload "$WORKLOAD" --repeat 3 | tail -1 | awk '{print $3}')"
done | awk -v w="$WORKLOAD" '
  { n[$1]++; v[$1, n[$1]] = $2 }
  END {
    for (k in n) {
      m = n[k]
      for (i = 1; i <= m; i++) a[i] = v[k, i]
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      printf "%s %s: median %d, best %d, worst %d samples/s (%d runs)\n", w, k, a[int((m + 1) / 2)], a[m], a[1], m
    }
  }' | sort
