#!/usr/bin/env bash
# The long variants of the fault suite (Tests/FaultTests with NNSCOPE_LONG_FAULTS=1): 100 kills of a
# recording train, 50 kills of save, every truncation and 10,000 byte flips of a 50 KB session,
# a 1 GiB line, 100,000 random REPL lines, 100,000 soak epochs. Prints the figures the README quotes.
# NNSCOPE_FAULT_SEED=N repeats a run's random choices.
set -euo pipefail
cd "$(dirname "$0")/../.."
export SWIFT_BACKTRACE=enable=no NNSCOPE_LONG_FAULTS=1
if ! command -v swift >/dev/null; then export PATH="/opt/swift/usr/bin:$PATH"; fi
swift build
swift test --filter FaultTests 2>&1 | tee .build/faults.log | grep -Ev "^(◇|↳)"
