# The shipped model (models/pretrained/multi30k-en-de) translates fixed inputs to fixed
# outputs: the first 8 lines of Multi30k test_2016_flickr in its default precision and in
# float32 (expected.*, produced when the model was shipped), also when batches are searched
# in parallel; bfloat16 within one sentence of float32; and the README's demo (recipes/demo.sh) runs as the first command does.
source "$(dirname "$0")/common.bash"
ROOT=$(cd "$TOLMACH_TEST_DATA/../.." && pwd)
M="$ROOT/models/pretrained/multi30k-en-de"
P="$TOLMACH_TEST_DATA/pretrained"

"$TOLMACH_BIN/tolmach-translate" -m "$M" --quiet < "$P/test_2016_flickr.head8.en" > "$W/default"
diff "$P/expected.default.de" "$W/default" > "$W/diff" || fail "default precision output changed: $(cat "$W/diff")"
"$TOLMACH_BIN/tolmach-translate" -m "$M" --quiet --precision float32 < "$P/test_2016_flickr.head8.en" > "$W/f32"
diff "$P/expected.float32.de" "$W/f32" > "$W/diff" || fail "float32 output changed: $(cat "$W/diff")"
"$TOLMACH_BIN/tolmach-translate" -m "$M" --quiet --precision bfloat16 < "$P/test_2016_flickr.head8.en" > "$W/bf16"
same=$(paste -d '\t' "$W/f32" "$W/bf16" | awk -F'\t' '$1 == $2' | wc -l)
[ "$same" -ge 7 ] || fail "bfloat16 differs from float32 on $((8 - same)) of 8 sentences"

# Mini-batches searched side by side by two single-threaded workers: the same output.
"$TOLMACH_BIN/tolmach-translate" -m "$M" --quiet --threads 2 --mini-batch 2 < "$P/test_2016_flickr.head8.en" > "$W/workers"
diff "$P/expected.default.de" "$W/workers" > "$W/diff" || fail "output changed with two workers: $(cat "$W/diff")"

# One sentence with alignment and score, as the README shows it.
head -1 "$P/test_2016_flickr.head8.en" | "$TOLMACH_BIN/tolmach-translate" -m "$M" --quiet --n-best -b 4 \
  --alignment hard | head -1 > "$W/nbest"
awk -F' \\|\\|\\| ' 'NF != 5 || $1 != "0" || $3 !~ /^([0-9]+-[0-9]+ ?)+$/ || $4 !~ /^F0= -[0-9.]+$/ { exit 1 }' "$W/nbest" \
  || fail "unexpected n-best line: $(cat "$W/nbest")"

# Empty lines translate to empty lines (marian-decoder's behaviour), in 1-best and n-best output,
# and n-best lines keep their five fields when a hypothesis has no alignment links.
printf '\n\nA dog runs.\n   \n' | "$TOLMACH_BIN/tolmach-translate" -m "$M" --quiet > "$W/empty"
[ "$(wc -l < "$W/empty")" -eq 4 ] && [ -z "$(sed -n 1p "$W/empty")$(sed -n 2p "$W/empty")$(sed -n 4p "$W/empty")" ] \
  && [ -n "$(sed -n 3p "$W/empty")" ] || fail "empty lines: $(cat -A "$W/empty")"
printf '\nA dog runs.\n' | "$TOLMACH_BIN/tolmach-translate" -m "$M" --quiet --n-best -b 2 --alignment > "$W/empty.nbest"
awk -F' \\|\\|\\| ' 'NF != 5 { exit 1 }' "$W/empty.nbest" || fail "n-best lines without 5 fields: $(cat "$W/empty.nbest")"
[ "$(grep -c '^0 ' "$W/empty.nbest")" -eq 1 ] && grep -q '^0 |||  |||  ||| F0= 0 ||| 0$' "$W/empty.nbest" \
  || fail "an empty line's n-best entry: $(cat "$W/empty.nbest")"

bash "$ROOT/recipes/demo.sh" "$TOLMACH_BIN" > "$W/demo" 2> "$W/demo.err" || fail "recipes/demo.sh failed: $(tail -3 "$W/demo.err")"
grep -q "BLEU|nrefs:1" "$W/demo" || fail "the demo printed no BLEU score"
echo ok
