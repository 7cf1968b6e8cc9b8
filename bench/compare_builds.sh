#!/usr/bin/env bash
# Translation speed of two builds (e.g. a worktree of the previous commit and this one), runs
# alternating so that both see the same machine: Multi30k test_2016_flickr, beam 4, batches of
# 32, each precision; prints every run's seconds (wall, user, system) and checks that both builds
# translate identically.
#
#   bash bench/compare_builds.sh OLD_BUILD_DIR [NEW_BUILD_DIR] [MODEL_DIR] [DATA_DIR] [THREADS]
#     NEW_BUILD_DIR  default build; MODEL_DIR default models/pretrained/multi30k-en-de
#   REPEAT=N rounds (default 4); PRECISIONS="int8 float32" (default)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: compare_builds.sh OLD_BUILD_DIR [NEW_BUILD_DIR] [MODEL_DIR] [DATA_DIR] [THREADS]" >&2; exit 2; }
OLD=$1
NEW=${2:-$ROOT/build}
MODEL=${3:-$ROOT/models/pretrained/multi30k-en-de}
DATA=${4:-$ROOT/../shared/data/multi30k}
THREADS=${5:-2}
SRC=$DATA/raw/test_2016_flickr.en
[ -f "$SRC" ] || { echo "compare_builds.sh: $SRC missing" >&2; exit 1; }
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT

for _ in $(seq "${REPEAT:-4}"); do
  for build in old new; do
    bin=$([ $build = old ] && echo "$OLD" || echo "$NEW")/bin
    for p in ${PRECISIONS:-int8 float32}; do
      /usr/bin/time -f "$p $build %e s (user %U, system %S)" -a -o "$W/times" "$bin/tolmach-translate" -m "$MODEL" \
        --precision "$p" -b 4 --mini-batch 32 --normalize 0.6 --threads "$THREADS" --quiet -i "$SRC" -o "$W/hyp.$p.$build"
    done
  done
done
sort "$W/times"
for p in ${PRECISIONS:-int8 float32}; do
  cmp -s "$W/hyp.$p.old" "$W/hyp.$p.new" && echo "$p: same translations" || echo "$p: translations DIFFER"
done
