#!/usr/bin/env bash
# Records the example sessions in sessions/ with `nnscope train --record`. Each tells one story
# (see sessions/README.md). Run from anywhere: `make sessions`, or
#   NNSCOPE=.build/debug/nnscope bash scripts/make-sessions.sh
# A checkpoint after every epoch (--checkpoint-every 1), so a replay draws the decision boundary of
# every epoch as it forms. Recorded in the environment as it is (OPENBLAS_CORETYPE included), so the
# files verify bit for bit where CI runs them; on a CPU whose OpenBLAS kernel differs, --verify
# reports the first differing bit.
set -euo pipefail
cd "$(dirname "$0")/.."
NNSCOPE="${NNSCOPE:-.build/release/nnscope}"
OUT=sessions
mkdir -p "$OUT"

record() {
    local name="$1"; shift
    echo "recording $OUT/$name.jsonl"
    # Exit status 3 means the run diverged: that is the story of some sessions, the file is complete.
    "$NNSCOPE" train --jsonl --checkpoint-every 1 --force --record "$OUT/$name.jsonl" "$@" > /dev/null || [ $? -eq 3 ]
}

# 1. Vanishing gradients: ten logistic layers; the gradient norm shrinks layer by layer towards the input.
record vanishing-logistic --dataset spiral --layers 32,32,32,32,32,32,32,32,32,32 --activation logistic --lr 0.1 --epochs 40

# 2. Dying ReLUs: biases start at -5, so most units never fire and their gradient is zero for good.
record dying-relu --dataset spiral --layers 32,32 --activation relu --bias-init=-5 --lr 0.1 --epochs 60

# 2b. The course's remedy: the same network and biases with batch normalisation; no unit stays dead.
record dying-relu-batchnorm --dataset spiral --layers 32,32 --activation relu --bias-init=-5 --lr 0.1 --epochs 60 --batch-norm

# 3. The same spiral with three activations (same seed, same network shape).
for act in relu tanh gelu; do
    record "spiral-$act" --dataset spiral --layers 16,16 --activation "$act" --lr 0.1 --epochs 120
done

# 4. XOR with a minimal logistic network: three hidden units and one logistic output (2-3-1, binary cross-entropy).
record xor-minimal --dataset xor --layers 3 --activation logistic --loss bce --optimizer adam --lr 0.05 --epochs 300

# 5. Universal approximation: one tanh layer fits a sine (needs the `sine` dataset of the Datasets module).
if "$NNSCOPE" train --dataset sine --epochs 0 > /dev/null 2>&1; then
    record sine-fit --dataset sine --layers 16 --activation tanh --optimizer adam --lr 0.01 --epochs 300
else
    echo "skipping $OUT/sine-fit.jsonl: this nnscope has no 'sine' dataset"
fi
