#!/usr/bin/env bash
# Data-parallel training on this machine: transformer-small on Multi30k, the same effective
# batch (BATCH target tokens per update) as 1 rank x 2 threads and as 2 ranks x 1 thread
# (mpirun, each rank bound to a core, BATCH/2 tokens each). Prints per configuration the
# target tokens/s and seconds per update (log windows after update SKIP), and for two ranks
# the all-reduce time per update, its share of the update, and the wait for the slower rank.
# These are the inputs of docs/scaling.md's model.
#
#   bash bench/mpi_scaling.sh [BUILD_DIR] [DATA_DIR]
#   UPDATES (default 40), SKIP (default 10: primitive creation, first touches), BATCH (default 4000),
#   BIND (mpirun --bind-to: core, default, or none)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build}/bin
DATA=${2:-$ROOT/../shared/data/multi30k}/raw
UPDATES=${UPDATES:-40} SKIP=${SKIP:-10} BATCH=${BATCH:-4000}
[ -f "$DATA/train.en" ] || { echo "mpi_scaling.sh: $DATA/train.en missing" >&2; exit 1; }
command -v mpirun > /dev/null || { echo "mpi_scaling.sh: no mpirun (apt-get install openmpi-bin)" >&2; exit 1; }
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
"$BIN/tolmach-tokenize" train --input "$DATA/train.en,$DATA/train.de" --model-prefix "$W/spm" \
  --vocab-size 8000 --seed 1 --quiet
train=(--task transformer-small --tied-embeddings-all -t "$DATA/train.en" "$DATA/train.de"
       --vocabs "$W/spm.model" "$W/spm.model" -l 3e-4 --lr-warmup 4000 --seed 1 --disp-freq 5
       --save-freq 100000 --after "${UPDATES}u")

# Mean over the log windows after SKIP: words/s, and for ranks > 1 all-reduce ms, %, wait ms.
summary() {  # LOG
  awk -v skip="$SKIP" '/ Up\. [0-9]+ : Cost/ {
      u = $7; if (u <= skip) next
      n++; ws += $12
      for (i = 1; i <= NF; i++) {
        if ($i == "all-reduce") { ar += $(i + 1); p = $(i + 3); gsub(/[(%),]/, "", p); pc += p }
        if ($i == "wait") wt += $(i + 1)
      }
    }
    END { if (!n) { print "no log windows"; exit 1 }
          printf "%.0f target tokens/s, %.2f s/update", ws / n, '"$BATCH"' / (ws / n)
          if (ar) printf "; all-reduce %.1f ms/update (%.1f%%), waiting for the slower rank %.1f ms/update", ar / n, pc / n, wt / n
          printf "\n" }' "$1"
}

OMP_WAIT_POLICY=passive "$BIN/tolmach-train" "${train[@]}" -m "$W/a" --mini-batch-words "$BATCH" \
  --threads 2 2> "$W/a.log"
params=$(grep -o "with [0-9]* parameters" "$W/a.log" | awk '{print $2}')
echo "transformer-small, $params parameters ($((params * 4 / 1000000)) MB of f32 gradients), $BATCH target tokens per update, $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'), $(nproc) cores"
echo "1 rank  x 2 threads: $(summary "$W/a.log")"
OMP_WAIT_POLICY=passive mpirun --allow-run-as-root --bind-to "${BIND:-core}" -np 2 \
  "$BIN/tolmach-train" "${train[@]}" -m "$W/b" --mini-batch-words $((BATCH / 2)) --threads 1 2> "$W/b.log"
echo "2 ranks x 1 thread:  $(summary "$W/b.log")"
for p in bfloat16; do
  OMP_WAIT_POLICY=passive mpirun --allow-run-as-root --bind-to "${BIND:-core}" -np 2 \
    "$BIN/tolmach-train" "${train[@]}" -m "$W/c" --mini-batch-words $((BATCH / 2)) --threads 1 \
    --allreduce-precision $p 2> "$W/c.log"
  echo "2 ranks x 1 thread, $p gradients: $(summary "$W/c.log")"
done
