#!/usr/bin/env bash
# Translation speed, peak memory and quality of one model in float32, bfloat16 and int8:
# Multi30k test_2016_flickr en->de, beam 4, batches of 32 sentences.
#
#   bash bench/translate_precision.sh [MODEL_DIR] [DATA_DIR] [THREADS] [BUILD_DIR]
#     MODEL_DIR  default models/pretrained/multi30k-en-de
#     DATA_DIR   Multi30k with raw/ and tok/ (default ../shared/data/multi30k)
#   REPEAT=N (default 3): each precision runs N times, the fastest counts (this 2-core VM's
#   timings vary by 10-20% from run to run).
#
# Prints one line per precision: seconds, target subword tokens/s, peak RSS, detokenised
# BLEU and lowercased tokenised BLEU (as recipes/multi30k/run.sh scores).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODEL=${1:-$ROOT/models/pretrained/multi30k-en-de}
DATA=${2:-$ROOT/../shared/data/multi30k}
THREADS=${3:-2}
BIN=${4:-$ROOT/build}/bin
SRC=$DATA/raw/test_2016_flickr.en
[ -f "$SRC" ] || { echo "translate_precision.sh: $SRC missing" >&2; exit 1; }
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
vocab=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["vocabs"][1])' "$MODEL/config.json")

printf '%-9s %8s %10s %9s %8s %8s\n' precision seconds tok/s peak_MB BLEU lc_BLEU
for p in float32 bfloat16 int8; do
  secs=; kb=0
  for _ in $(seq "${REPEAT:-3}"); do
    /usr/bin/time -f '%e %M' -o "$W/time" "$BIN/tolmach-translate" -m "$MODEL" --precision "$p" -b 4 \
      --mini-batch 32 --normalize 0.6 --threads "$THREADS" --quiet -i "$SRC" -o "$W/hyp.$p"
    read -r s k < "$W/time"
    secs=$(awk -v a="${secs:-$s}" -v b="$s" 'BEGIN { print (b < a ? b : a) }')
    kb=$(( k > kb ? k : kb ))
  done
  tokens=$("$BIN/tolmach-tokenize" encode --model "$MODEL/$vocab" < "$W/hyp.$p" | wc -w)
  bleu=$("$BIN/tolmach-score-bleu" "$DATA/raw/test_2016_flickr.de" -i "$W/hyp.$p" -b)
  lc=$("$BIN/tolmach-score-bleu" "$DATA/tok/test_2016_flickr.lc.norm.tok.de" -i "$W/hyp.$p" -lc -b --force)
  awk -v p="$p" -v s="$secs" -v t="$tokens" -v kb="$kb" -v b="$bleu" -v lc="$lc" \
    'BEGIN { printf "%-9s %8.2f %10.0f %9.0f %8s %8s\n", p, s, t / s, kb / 1024, b, lc }'
done
