#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/, separate scratch path .build-fuzz) and runs each for SECONDS.
# A crash's reproducer is copied to Tests/FaultTests/Regressions/TARGET-NAME, where FaultTests replays it.
#
#     scripts/faults/fuzz.sh SECONDS [TARGET...]      (targets: session command expression csv idx json safetensors npz)
# FUZZ_SEED=N fixes libFuzzer's seed (CI uses 1); 0 or unset: a random one.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(session command expression csv idx json safetensors npz)
export SWIFT_BACKTRACE=enable=no
if ! command -v swift >/dev/null; then export PATH="/opt/swift/usr/bin:$PATH"; fi
(cd Fuzz && swift build --scratch-path ../.build-fuzz -Xswiftc -sanitize=fuzzer,address 2>&1 | grep -Ev "ld.gold: warning: Cannot export local symbol" )
binary=.build-fuzz/debug/NNScopeFuzz
work=.build-fuzz/corpus
status=0
for target in "${targets[@]}"; do
  corpus="$work/$target"; artifacts="$work/$target-crashes/"
  mkdir -p "$corpus" "$artifacts"
  # Seeds: the example sessions' first lines, the command corpus, small CSV/IDX files, committed regressions.
  case "$target" in
    session) for f in sessions/*.jsonl; do head -c 4096 "$f" > "$corpus/seed-$(basename "$f")"; done ;;
    command) printf 'set lr 0.05' > "$corpus/seed-set"; printf 'graph x*y at x=1,y=2' > "$corpus/seed-graph"; printf 'dataset "csv:a b.csv" label=2' > "$corpus/seed-dataset" ;;
    expression) printf 'sin(x)*y^2+exp(-x)/log(z)' > "$corpus/seed-expr" ;;
    csv) printf 'x,y,label\n1,2,a\n3,4,b\n"5",6e1,a\n' > "$corpus/seed-csv" ;;
    idx) printf '\x03\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x01\x07\x09\x00\x00\x08\x01\x00\x00\x00\x02\x00\x01' > "$corpus/seed-idx" ;;
    json) printf '{"a":[1,2.5e3,"x\\u00e9",true,null,{"b":{}}]}' > "$corpus/seed-json" ;;
    safetensors|npz) cp Tests/FaultTests/Regressions/"$target"-seed-* "$corpus/" 2>/dev/null || true ;;
  esac
  for f in Tests/FaultTests/Regressions/"$target"-*; do [ -e "$f" ] && cp "$f" "$corpus/"; done
  echo "== fuzz $target for ${seconds}s"
  if ! "$binary" "$target" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$artifacts" -print_final_stats=1 -seed="${FUZZ_SEED:-0}" "$corpus" > "$work/$target.log" 2>&1; then
    status=1
    echo "!! $target found a crash:"; grep -E "ERROR|SUMMARY|Fatal" "$work/$target.log" | head -5
    for crash in "$artifacts"*; do
      [ -e "$crash" ] || continue
      cp "$crash" "Tests/FaultTests/Regressions/$target-$(basename "$crash")"
      echo "   reproducer: Tests/FaultTests/Regressions/$target-$(basename "$crash")"
    done
  fi
  grep -E "^Done|stat::number_of_executed_units|cov:" "$work/$target.log" | tail -2
done
exit $status
