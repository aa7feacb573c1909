#!/usr/bin/env bash
# TUI throughput against `nnscope train`, alternating rounds on the same machine:
#   bash bench/tui-throughput.sh [NNSCOPE] [ROUNDS] [SECONDS]
# Each round runs `nnscope train --epochs 20000 --record FILE` (epochs / wall seconds), then the
# TUI at 120x40 in tmux with the network view open (`n` before `r`), then the TUI on its overview,
# each running SECONDS at --speed max, figures from NNSCOPE_TUI_STATS. Spiral 2-16-16-3 ReLU, SGD,
# batch 10 (the defaults). Prints one line per run and round.
set -euo pipefail
NNSCOPE=${1:-.build/release/nnscope}
ROUNDS=${2:-3}
SECONDS_RUN=${3:-10}
NNSCOPE=$(realpath "$NNSCOPE")
work=$(mktemp -d)
trap 'rm -rf "$work"; tmux kill-session -t nnscope-tp 2>/dev/null || true' EXIT
tui() {  # $1: keys pressed before r
  rm -f "$work/stats" "$work/tui.jsonl"
  tmux new-session -d -s nnscope-tp -x 120 -y 40 \
    "cd '$work' && NNSCOPE_TUI_STATS='$work/stats' '$NNSCOPE' tui --speed max --record '$work/tui.jsonl'"
  sleep 2
  if [ -n "$1" ]; then tmux send-keys -t nnscope-tp "$1"; sleep 0.5; fi
  tmux send-keys -t nnscope-tp r
  sleep "$SECONDS_RUN"
  tmux send-keys -t nnscope-tp q; sleep 0.5; tmux send-keys -t nnscope-tp n
  for _ in $(seq 50); do [ -s "$work/stats" ] && break; sleep 0.2; done
  tmux kill-session -t nnscope-tp 2>/dev/null || true
  awk '{print $6}' "$work/stats"
}
for round in $(seq "$ROUNDS"); do
  rm -f "$work/train.jsonl"
  start=$(date +%s.%N)
  "$NNSCOPE" train --epochs 20000 --record "$work/train.jsonl" > /dev/null
  end=$(date +%s.%N)
  echo "round $round train $(echo "20000 / ($end - $start)" | bc -l | cut -c1-7)"
  echo "round $round tui-network $(tui n)"
  echo "round $round tui-overview $(tui '')"
done
