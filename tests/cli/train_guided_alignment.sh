# tolmach-train --guided-alignment end to end on the tiny reverse-copy corpus, whose true
# alignment is known (word i of n <-> word n-1-i): after the same 150 updates, the guided
# model's forced alignments of the validation pairs (tolmach-align -m, then eval) are much
# closer to it than an unguided model's; a bad alignment file stops training before it
# starts, naming file and line.
source "$(dirname "$0")/common.bash"
D="$TOLMACH_TEST_DATA/train"
AL="$TOLMACH_BIN/tolmach-align"
reverse_links() { awk '{ s = ""; for (i = 0; i < NF; ++i) s = s (i ? " " : "") i "-" (NF - 1 - i); print s }' "$1"; }
reverse_links "$D/train.src" > "$W/train.align"
reverse_links "$D/valid.src" > "$W/valid.gold"

train() {
  "$TOLMACH_BIN/tolmach-train" --task transformer-small -t "$D/train.src" "$D/train.trg" -m "$1" \
    --dim-vocabs 40 --dim-emb 32 --transformer-heads 2 --transformer-dim-ffn 64 --enc-depth 2 --dec-depth 2 \
    --tied-embeddings-all --mini-batch 16 --learn-rate 0.003 --lr-warmup 20 --after 150u --seed 3 "${@:2}"
}
train "$W/guided" --guided-alignment "$W/train.align" --guided-alignment-weight 1 2> "$W/stderr" \
  || fail "guided training failed: $(tail -3 "$W/stderr")"
train "$W/plain" 2> "$W/stderr" || fail "training failed: $(tail -3 "$W/stderr")"
paste -d '\t' "$D/valid.src" "$D/valid.trg" > "$W/valid.pairs"
aer() {
  "$AL" -m "$1" --quiet -i "$W/valid.pairs" > "$W/valid.align"
  "$AL" eval --gold "$W/valid.gold" --hyp "$W/valid.align" | sed -n 's/^AER = //p'
}
guided=$(aer "$W/guided") plain=$(aer "$W/plain")
awk -v g="$guided" -v p="$plain" 'BEGIN { exit !(g < p - 5) }' \
  || fail "guided AER $guided% is not well below the unguided $plain% on the reverse-copy pairs"

# Bad alignment files: too few lines, a link outside its sentence, not Pharaoh.
head -5 "$W/train.align" > "$W/short.align"
expect 1 "short alignment file" train "$W/bad" --guided-alignment "$W/short.align"
grep -q "short.align:5: ends here, before the training files" "$W/err" || fail "line count error: $(cat "$W/err")"
sed '3s/$/ 0-9/' "$W/train.align" > "$W/range.align"
expect 1 "link out of range" train "$W/bad" --guided-alignment "$W/range.align"
grep -q "range.align:3: link 0-9 is outside" "$W/err" || fail "range error: $(cat "$W/err")"
expect 2 "unknown cost" train "$W/bad" --guided-alignment "$W/train.align" --guided-alignment-cost l1
[ ! -e "$W/bad" ] || fail "a failed start left a model directory"
echo ok
