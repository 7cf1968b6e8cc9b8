# Translation at scale (recipes/scaling/translate_sharded.sh): 300 lines of Multi30k through
# the shipped model as 3 single-threaded processes over blocks of lines give exactly the
# lines of one process, in order: with split + background jobs, and with GNU parallel
# --pipe -k when it is installed (small blocks, so there are several).
source "$(dirname "$0")/common.bash"
ROOT=$(cd "$TOLMACH_TEST_DATA/../.." && pwd)
M="$ROOT/models/pretrained/multi30k-en-de"
IN="$TOLMACH_TEST_DATA/scaling/test_2016_flickr.lines9-308.en"
SHARDED="$ROOT/recipes/scaling/translate_sharded.sh"

"$TOLMACH_BIN/tolmach-translate" -m "$M" --quiet --threads 2 < "$IN" > "$W/one.de"
[ "$(wc -l < "$W/one.de")" -eq 300 ] || fail "one process: $(wc -l < "$W/one.de") lines"

BIN="$TOLMACH_BIN" NO_PARALLEL=1 bash "$SHARDED" "$M" "$IN" "$W/split.de" 3
cmp -s "$W/one.de" "$W/split.de" || fail "split into 3 jobs: $(diff "$W/one.de" "$W/split.de" | head -4)"
ls "$W" | grep -q shards && fail "scratch directory left behind"

if command -v parallel > /dev/null; then
  BIN="$TOLMACH_BIN" BLOCK=4k bash "$SHARDED" "$M" "$IN" "$W/parallel.de" 3
  cmp -s "$W/one.de" "$W/parallel.de" || fail "GNU parallel: $(diff "$W/one.de" "$W/parallel.de" | head -4)"
  echo "ok: sharded (split and GNU parallel) == one process"
else
  echo "ok: sharded (split) == one process (GNU parallel not installed: its form not run)"
fi

# A failing job fails the whole run and leaves no output file.
rc=0
BIN="$TOLMACH_BIN" NO_PARALLEL=1 bash "$SHARDED" "$W/no-model" "$IN" "$W/bad.de" 2 2> /dev/null || rc=$?
[ $rc -ne 0 ] || fail "a missing model did not fail the run"
[ ! -e "$W/bad.de" ] || fail "a failed run left an output file"
