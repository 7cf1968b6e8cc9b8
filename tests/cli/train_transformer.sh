# tolmach-train --type transformer end to end on the tiny reverse-copy corpus: a preset with
# command-line overrides -> model dir of type transformer -> the loss falls -> tolmach-translate
# answers every line (beam, n-best as Marian: id ||| text ||| alignment ||| F0= score ||| normalised). Learning itself is asserted in the unit tests
# (transformer_copy_test); 200 pairs are too few for a quality bar here.
source "$(dirname "$0")/common.bash"
D="$TOLMACH_TEST_DATA/train"

"$TOLMACH_BIN/tolmach-train" --task transformer-small -t "$D/train.src" "$D/train.trg" -m "$W/m" \
  --dim-vocabs 40 --dim-emb 32 --transformer-heads 2 --transformer-dim-ffn 64 --enc-depth 2 --dec-depth 2 \
  --tied-embeddings-all --transformer-prenorm --mini-batch 16 --learn-rate 0.003 --lr-warmup 20 \
  --after 150u --disp-freq 25 --seed 3 --log "$W/train.log" 2> "$W/stderr" || fail "training failed: $(tail -3 "$W/stderr")"

python3 - "$W/m/config.json" <<'PY' || fail "config.json does not describe the requested transformer"
import json, sys
c = json.load(open(sys.argv[1]))
want = {"type": "transformer", "dim-emb": 32, "transformer-heads": 2, "transformer-dim-ffn": 64,
        "enc-depth": 2, "dec-depth": 2, "tied-embeddings-all": True, "transformer-prenorm": True}
bad = {k: c.get(k) for k, v in want.items() if c.get(k) != v}
sys.exit(f"unexpected {bad}" if bad else 0)
PY

# Marian's attention and feed-forward dropout flags reach the model (two updates with them).
"$TOLMACH_BIN/tolmach-train" --task transformer-small -t "$D/train.src" "$D/train.trg" -m "$W/drop" \
  --dim-vocabs 40 --dim-emb 32 --transformer-heads 2 --transformer-dim-ffn 64 --enc-depth 1 --dec-depth 1 \
  --transformer-dropout-attention 0.25 --transformer-dropout-ffn 0.125 --dropout 0.3 --after 2u 2> "$W/stderr" \
  || fail "training with attention / ffn dropout failed: $(tail -3 "$W/stderr")"
python3 -c 'import json, sys; c = json.load(open(sys.argv[1]))
sys.exit(0 if (c["transformer-dropout-attention"], c["transformer-dropout-ffn"]) == (0.25, 0.125) else f"{c}")' \
  "$W/drop/config.json" || fail "dropout flags not in config.json"
# Stored as typed: 0.3, not the float's 0.30000001192092896.
grep -q '"transformer-dropout": 0.3,' "$W/drop/config.json" || fail "dropout not stored as typed: $(grep dropout "$W/drop/config.json")"

first=$(grep -o 'Cost [0-9.]*' "$W/train.log" | head -1 | cut -d' ' -f2)
last=$(grep -o 'Cost [0-9.]*' "$W/train.log" | tail -1 | cut -d' ' -f2)
awk -v a="$first" -v b="$last" 'BEGIN { exit !(b < a - 1.0) }' || fail "loss did not fall: $first -> $last"

# Mixed precision (bf16 GEMM operands in the linear layers) learns as well.
"$TOLMACH_BIN/tolmach-train" --task transformer-small -t "$D/train.src" "$D/train.trg" -m "$W/bf16" \
  --dim-vocabs 40 --dim-emb 32 --transformer-heads 2 --transformer-dim-ffn 64 --enc-depth 2 --dec-depth 2 \
  --tied-embeddings-all --transformer-prenorm --mini-batch 16 --learn-rate 0.003 --lr-warmup 20 \
  --after 150u --disp-freq 25 --seed 3 --precision bfloat16 --log "$W/bf16.log" 2> "$W/stderr" \
  || fail "bf16 training failed: $(tail -3 "$W/stderr")"
bf16=$(grep -o 'Cost [0-9.]*' "$W/bf16.log" | tail -1 | cut -d' ' -f2)
awk -v a="$last" -v b="$bf16" 'BEGIN { exit !(b < a + 0.3 && b > a - 0.3) }' || fail "bf16 final loss $bf16, f32 $last"

"$TOLMACH_BIN/tolmach-translate" -m "$W/m" --quiet -b 4 --n-best --alignment hard < "$D/valid.src" > "$W/nbest"
[ "$(wc -l < "$W/nbest")" -eq 80 ] || fail "expected 4 n-best lines for each of 20 inputs, got $(wc -l < "$W/nbest")"
awk -F' \\|\\|\\| ' 'NF != 5 || $1 !~ /^[0-9]+$/ || $3 !~ /^([0-9]+-[0-9]+ ?)*$/ || $4 !~ /^F0= -?[0-9.]+$/ || $5 !~ /^-?[0-9.]+$/ { exit 1 }' "$W/nbest" \
  || fail "malformed n-best line: $(head -2 "$W/nbest")"
[ "$(cut -d' ' -f1 "$W/nbest" | uniq | wc -l)" -eq 20 ] || fail "n-best ids not grouped in input order"
# --alignment-layer / --alignment-heads choose whose attention aligns: another layer and head
# give other links somewhere; a head the model lacks is one line and exit 1.
"$TOLMACH_BIN/tolmach-translate" -m "$W/m" --quiet -b 2 --alignment soft < "$D/valid.src" > "$W/last"
"$TOLMACH_BIN/tolmach-translate" -m "$W/m" --quiet -b 2 --alignment soft --alignment-layer 1 --alignment-heads 1 \
  < "$D/valid.src" > "$W/first"
[ "$(wc -l < "$W/first")" -eq 20 ] || fail "--alignment-layer 1: expected 20 lines"
! cmp -s "$W/last" "$W/first" || fail "--alignment-layer 1 --alignment-heads 1 gave the default alignment"
set +e
"$TOLMACH_BIN/tolmach-translate" -m "$W/m" --alignment --alignment-heads 5 < "$D/valid.src" > /dev/null 2> "$W/err"; rc=$?
set -e
[ $rc -eq 1 ] && [ "$(wc -l < "$W/err")" -eq 1 ] && grep -q "alignment-heads" "$W/err" || fail "bad head: rc $rc, $(cat "$W/err")"
echo ok
