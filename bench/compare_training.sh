#!/usr/bin/env bash
# Training speed of two builds, runs alternating so that both see the same machine: the
# recipe's transformer-tiny (Multi30k lc-tok, Wu et al.'s settings, 2 threads) for UPDATES
# updates from scratch; prints each run's seconds from update 40 to UPDATES by the log's clock
# (primitive creation and the allocator's first touches excluded; both builds train on the
# same batches in the same order), and the training cost at UPDATES.
#
#   bash bench/compare_training.sh OLD_BUILD_DIR [NEW_BUILD_DIR] [DATA_DIR]
#   REPEAT=N rounds (default 2), UPDATES (default 120), THREADS (default 2)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: compare_training.sh OLD_BUILD_DIR [NEW_BUILD_DIR] [DATA_DIR]" >&2; exit 2; }
OLD=$1
NEW=${2:-$ROOT/build}
DATA=${3:-$ROOT/../shared/data/multi30k}
UPDATES=${UPDATES:-120}
[ -f "$DATA/tok/train.lc.norm.tok.en" ] || { echo "compare_training.sh: $DATA/tok missing" >&2; exit 1; }
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
"$NEW/bin/tolmach-tokenize" train --input "$DATA/tok/train.lc.norm.tok.en,$DATA/tok/train.lc.norm.tok.de" \
  --model-prefix "$W/spm" --vocab-size 8000 --seed 1 --quiet

seconds_after_40() {  # LOG
  awk -v last="$UPDATES" '
    / Up\. [0-9]+ : Cost/ { u = $7; split($2, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]
                            if (u == 40) s0 = s; if (u == last) s1 = s }
    END { printf "%.1f s", s1 - s0 }' "$1"
}

for round in $(seq "${REPEAT:-2}"); do
  for build in old new; do
    bin=$([ $build = old ] && echo "$OLD" || echo "$NEW")/bin
    rm -rf "$W/model" "$W/$build.log"; mkdir -p "$W/model"
    OMP_WAIT_POLICY=passive "$bin/tolmach-train" --task transformer-tiny --tied-embeddings-all --dropout 0.3 \
      --transformer-dropout-attention 0 --transformer-dropout-ffn 0 --mini-batch-words 7000 -l 0.005 \
      --lr-warmup 2000 --lr-decay-inv-sqrt 2000 --clip-norm 0 --exponential-smoothing 0.002 \
      -t "$DATA/tok/train.lc.norm.tok.en" "$DATA/tok/train.lc.norm.tok.de" --vocabs "$W/spm.model" "$W/spm.model" \
      -m "$W/model/m" --maxi-batch 100 --max-length 80 -o adam --label-smoothing 0.1 --seed 1 \
      --threads "${THREADS:-2}" --disp-freq 10 --after "${UPDATES}u" --log "$W/$build.log" 2>/dev/null
    echo "round $round $build: updates 40-$UPDATES in $(seconds_after_40 "$W/$build.log")," \
      "cost at $UPDATES: $(grep -o "Up\. $UPDATES : Cost [0-9.]*" "$W/$build.log" | awk '{print $5}')"
  done
done
