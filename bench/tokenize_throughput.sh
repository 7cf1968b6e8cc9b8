#!/usr/bin/env bash
# Encode throughput (lines/s): tolmach-tokenize with 1 and 2 threads vs spm_encode, same
# model, same file (Multi30k train.en + train.de, joint BPE model of 8000 pieces).
# Best of REPEAT runs each. usage: bench/tokenize_throughput.sh [BUILD_DIR] [MULTI30K_DIR] [REPEAT]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build}/bin
M=${2:-$ROOT/../shared/data/multi30k}/raw
REPEAT=${3:-3}
T="$BIN/tolmach-tokenize"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
"$T" train --input "$M/train.en,$M/train.de" --model-prefix "$W/m" --vocab-size 8000 --model-type bpe \
  --seed 1 --threads 2 --quiet
# The input: both sides twice (116k lines, ~7.8 MB), so each run lasts long enough to time.
cat "$M/train.en" "$M/train.de" "$M/train.en" "$M/train.de" > "$W/in"
lines=$(wc -l < "$W/in")
best() {  # best NAME COMMAND... : prints lines/s of the fastest of REPEAT runs
  local name=$1; shift
  local best_s=""
  for _ in $(seq "$REPEAT"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" < "$W/in" > "$W/out"
    t1=$(date +%s.%N)
    best_s=$(echo "$t0 $t1 ${best_s:-1e9}" | awk '{d = $2 - $1; print (d < $3 ? d : $3)}')
  done
  echo "$name $best_s" | awk -v n="$lines" '{printf "%-34s %8.3f s  %10.0f lines/s\n", $1, $2, n / $2}'
  cp "$W/out" "$W/out.$name"
}
echo "input: $lines lines, $(wc -c < "$W/in") bytes; $(nproc) cores; best of $REPEAT"
best spm_encode spm_encode --model="$W/m.model"
best tolmach-tokenize_threads=1 "$T" encode --model "$W/m.model" --threads 1
best tolmach-tokenize_threads=2 "$T" encode --model "$W/m.model" --threads 2
best spm_encode_ids spm_encode --model="$W/m.model" --output_format=id
best tolmach-tokenize_ids_threads=1 "$T" encode --model "$W/m.model" --output-format id --threads 1
best tolmach-tokenize_ids_threads=2 "$T" encode --model "$W/m.model" --output-format id --threads 2
for n in tolmach-tokenize_threads=1 tolmach-tokenize_threads=2; do
  cmp -s "$W/out.spm_encode" "$W/out.$n" || { echo "output of $n differs from spm_encode" >&2; exit 1; }
done
echo "outputs identical to spm_encode"
