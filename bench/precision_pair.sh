#!/usr/bin/env bash
# int8 (or bfloat16) against float32 translation speed on one core each, run at the same time
# so that both see the same machine (on a shared VM, timings of runs one after the other vary
# by 10-20%); then the cores are swapped. Multi30k test_2016_flickr, beam 4, batches of 32.
#
#   bash bench/precision_pair.sh [MODEL_DIR] [DATA_DIR] [PRECISION] [BUILD_DIR]
#     PRECISION  compared with float32 (default int8); REPEAT=N pairs of runs (default 2)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODEL=${1:-$ROOT/models/pretrained/multi30k-en-de}
DATA=${2:-$ROOT/../shared/data/multi30k}
OTHER=${3:-int8}
BIN=${4:-$ROOT/build}/bin
SRC=$DATA/raw/test_2016_flickr.en
[ -f "$SRC" ] || { echo "precision_pair.sh: $SRC missing" >&2; exit 1; }
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT

one() {  # precision core
  OMP_NUM_THREADS=1 /usr/bin/time -f '%e' -o "$W/time.$1" taskset -c "$2" "$BIN/tolmach-translate" -m "$MODEL" \
    --precision "$1" -b 4 --mini-batch 32 --normalize 0.6 --threads 1 --quiet -i "$SRC" -o "$W/hyp.$1"
}
printf '%-9s %-9s %9s %9s %7s\n' f32_core "$OTHER"_core f32_s "$OTHER"_s speedup
for _ in $(seq "${REPEAT:-2}"); do
  for cores in "0 1" "1 0"; do
    set -- $cores
    one float32 "$1" & one "$OTHER" "$2" & wait
    awk -v a="$1" -v b="$2" -v f="$(cat "$W/time.float32")" -v o="$(cat "$W/time.$OTHER")" \
      'BEGIN { printf "%-9s %-9s %9.2f %9.2f %6.2fx\n", a, b, f, o, f / o }'
  done
done
