# Bad input to tolmach-train: one line on stderr, exit 1 (2 for usage), nothing created,
# an existing model directory left as it was.
source "$(dirname "$0")/common.bash"
TRAIN="$TOLMACH_BIN/tolmach-train"
D="$TOLMACH_TEST_DATA/train"
tiny=(--dim-vocabs 40 --dim-emb 8 --dim-rnn 8 --mini-batch 16 --threads 1)

# Different line counts: both counts named, no model directory created.
expect 1 "mismatched" "$TRAIN" -t "$D/train.src" "$D/short.trg" -m "$W/new" "${tiny[@]}"
grep -q "200 lines" "$W/err" && grep -q "150 lines" "$W/err" || fail "counts not named: $(cat "$W/err")"
grep -q "train.src" "$W/err" && grep -q "short.trg" "$W/err" || fail "files not named: $(cat "$W/err")"
[ ! -e "$W/new" ] || fail "model directory created for a broken corpus"

# An existing model stays intact.
"$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/old" "${tiny[@]}" --after 3u 2> /dev/null
before=$(cd "$W/old" && find . -type f | sort | xargs md5sum)
expect 1 "mismatched, existing model" "$TRAIN" -t "$D/train.src" "$D/short.trg" -m "$W/old" "${tiny[@]}" --after 6u
[ "$(cd "$W/old" && find . -type f | sort | xargs md5sum)" == "$before" ] || fail "existing model changed"

expect 1 "missing file" "$TRAIN" -t "$D/nope.src" "$D/train.trg" -m "$W/x" "${tiny[@]}"
grep -q "nope.src" "$W/err" || fail "missing file not named"
printf 'ok\n\xff\xfe bad\n' > "$W/bad.src"; printf 'ok\nfine\n' > "$W/bad.trg"
expect 1 "invalid UTF-8" "$TRAIN" -t "$W/bad.src" "$W/bad.trg" -m "$W/y" "${tiny[@]}"
grep -q "bad.src:2" "$W/err" || fail "invalid UTF-8 not located: $(cat "$W/err")"
[ ! -e "$W/y" ] || fail "model directory created for invalid input"

expect 2 "no -m" "$TRAIN" -t "$D/train.src" "$D/train.trg"
expect 2 "one training file" "$TRAIN" -t "$D/train.src" -m "$W/z"
expect 2 "bad metric" "$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/z" --valid-metrics accuracy
expect 2 "bad --after" "$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/z" --after 10x
expect 2 "bad attention" "$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/z2" "${tiny[@]}" --attention nonsense
expect 2 "bad precision" "$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/z3" "${tiny[@]}" --precision float16
expect 2 "cooldown without an update limit" "$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/z5" "${tiny[@]}" --lr-cooldown 5
expect 2 "cooldown longer than the run" "$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/z5" "${tiny[@]}" --lr-cooldown 5 --after 4u
expect 2 "bad attention dropout" "$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/z4" --type transformer \
  --transformer-dropout-attention 1

# Empty and over-long pairs are skipped and counted.
{ head -5 "$D/train.src"; echo ""; echo "a b c d e f g h i j k l m n o p q r s t u v w x y z"; } > "$W/s.src"
{ head -5 "$D/train.trg"; echo "x"; echo "y"; } > "$W/s.trg"
"$TRAIN" -t "$W/s.src" "$W/s.trg" -m "$W/s" --vocabs "$W/old/vocab.model" "$W/old/vocab.model" "${tiny[@]}" \
  --max-length 20 --after 2u 2> "$W/err" || fail "training with skipped pairs failed: $(cat "$W/err")"
grep -q "7 pairs, 5 kept, 1 skipped as empty, 1 skipped as longer than 20" "$W/err" \
  || fail "skip counts not logged: $(grep pairs "$W/err")"
# --threads 0 (all cores) also when the run makes its vocabulary (SentencePiece was handed 0).
"$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/t0" --dim-vocabs 40 --dim-emb 8 --dim-rnn 8 --mini-batch 16 --threads 0 --after 1u 2> "$W/err" \
  || fail "--threads 0 with a new vocabulary: $(tail -1 "$W/err")"
grep -q "Single process, $(nproc) thread" "$W/err" || fail "threads not resolved: $(grep -i process "$W/err")"
echo "ok: train errors"
