#!/usr/bin/env bash
# Throughput of forced alignment (tolmach-align -m) beside translation (tolmach-translate) of
# the same source text with the same model: sentence pairs (lines) per second, best of REPEAT.
#
#   bench/align_vs_translate.sh [BUILD_DIR] [MODEL] [SOURCE] [TARGET]
#
# Defaults: the shipped en-de model and Multi30k test_2016_flickr (1,000 pairs, raw text).
# Env: THREADS (2), REPEAT (3), PRECISION (the model's).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
MODEL=${2:-$ROOT/models/pretrained/multi30k-en-de}
DATA=$ROOT/../shared/data/multi30k/raw
SRC=${3:-$DATA/test_2016_flickr.en}
TGT=${4:-$DATA/test_2016_flickr.de}
THREADS=${THREADS:-2}
REPEAT=${REPEAT:-3}
P=(); [ -n "${PRECISION:-}" ] && P=(--precision "$PRECISION")
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
lines=$(wc -l < "$SRC")

# best_of NAME COMMAND...: the fastest of REPEAT runs, as "NAME seconds lines/s".
best_of() {
  local name=$1; shift
  local best=""
  for _ in $(seq "$REPEAT"); do
    local s e t
    s=$(date +%s.%N); "$@" > "$W/out"; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  printf '%-28s %8.2f s %9.1f lines/s\n' "$name" "$best" "$(echo "$lines / $best" | bc -l)"
}

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'); $(grep -o -w 'avx2\|avx512f\|avx512_bf16\|avx512_vnni\|avx_vnni' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "$lines lines, $THREADS threads, model $MODEL ${P[*]}"
common=(-m "$MODEL" --quiet --threads "$THREADS" --mini-batch 32 "${P[@]}")
best_of "translate beam 4" "$BUILD/bin/tolmach-translate" "${common[@]}" -b 4 -i "$SRC"
best_of "translate greedy" "$BUILD/bin/tolmach-translate" "${common[@]}" -b 1 -i "$SRC"
best_of "align (forced decoding)" "$BUILD/bin/tolmach-align" "${common[@]}" -s "$SRC" -t "$TGT"
