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
# Wall time says what a user waits; CPU time (user + sys) is steadier on a shared machine.
best() {  # best NAME COMMAND... : lines/s of the fastest of REPEAT runs, and its CPU seconds
  local name=$1; shift
  local best_line=""
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -f "%e %U %S" -o "$W/time" "$@" < "$W/in" > "$W/out"
    best_line=$( (cat "$W/time"; echo "${best_line:-1e9 0 0}") | sort -g | head -1)
  done
  echo "$name $best_line" | awk -v n="$lines" \
    '{printf "%-32s wall %7.3f s %9.0f lines/s   cpu %7.3f s\n", $1, $2, n / $2, $3 + $4}'
  cp "$W/out" "$W/out.$name"
}
echo "input: $lines lines, $(wc -c < "$W/in") bytes; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); best of $REPEAT"
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
