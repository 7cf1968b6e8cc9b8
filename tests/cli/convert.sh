# tolmach-convert end to end: a tiny Transformer's last checkpoints averaged and stored as
# int8 / bfloat16 -> smaller files whose "precision" becomes tolmach-translate's default;
# --precision overrides it; bad input fails with one line and leaves no output behind.
source "$(dirname "$0")/common.bash"
D="$TOLMACH_TEST_DATA/train"

"$TOLMACH_BIN/tolmach-train" --task transformer-small -t "$D/train.src" "$D/train.trg" -m "$W/m" \
  --dim-vocabs 40 --dim-emb 32 --transformer-heads 2 --transformer-dim-ffn 64 --enc-depth 1 --dec-depth 1 \
  --tied-embeddings-all --mini-batch 16 --learn-rate 0.003 --lr-warmup 20 --after 90u --save-freq 30 \
  --keep-checkpoints 3 --exponential-smoothing 0.01 --seed 3 2> "$W/stderr" \
  || fail "training failed: $(tail -3 "$W/stderr")"
ls -d "$W/m/checkpoints"/step-* > "$W/steps"
[ "$(wc -l < "$W/steps")" -eq 3 ] || fail "expected 3 kept checkpoints, got $(cat "$W/steps")"

"$TOLMACH_BIN/tolmach-convert" -f $(cat "$W/steps") -t "$W/int8" --precision int8 --quiet \
  || fail "converting to int8 failed"
"$TOLMACH_BIN/tolmach-convert" -f "$W/m" -t "$W/bf16" --precision bfloat16 --quiet || fail "converting to bf16 failed"
f32=$(stat -c %s "$W/m/model.safetensors")
[ "$(stat -c %s "$W/int8/model.safetensors")" -lt $((f32 * 4 / 10)) ] || fail "int8 file is not well under half of f32"
[ "$(stat -c %s "$W/bf16/model.safetensors")" -lt $((f32 * 6 / 10)) ] || fail "bf16 file is not half of f32"
grep -q '"precision": "int8"' "$W/int8/config.json" || fail "int8 config has no precision"
[ -f "$W/int8/vocab.model" ] || fail "the vocabulary was not copied next to the converted model"

for m in int8 bf16; do
  "$TOLMACH_BIN/tolmach-translate" -m "$W/$m" -b 2 < "$D/valid.src" > "$W/out.$m" 2> "$W/log.$m" || fail "$m translate failed"
  [ "$(wc -l < "$W/out.$m")" -eq 20 ] || fail "$m: expected 20 lines"
done
grep -q ", int8[) ]" "$W/log.int8" || fail "the int8 model did not run in int8 by default: $(cat "$W/log.int8")"
"$TOLMACH_BIN/tolmach-translate" -m "$W/int8" -b 2 --precision float32 < "$D/valid.src" 2> "$W/log.f32" > /dev/null
grep -q "float32)" "$W/log.f32" || fail "--precision float32 did not override the model's default"

# Bad input: one line, the right exit code, no output directory.
set +e
"$TOLMACH_BIN/tolmach-translate" -m "$W/int8" --precision fp4 < /dev/null > /dev/null 2> "$W/err"; rc=$?
[ $rc -eq 2 ] && [ "$(wc -l < "$W/err")" -eq 1 ] && grep -q "precision" "$W/err" || fail "bad --precision: rc $rc, $(cat "$W/err")"
"$TOLMACH_BIN/tolmach-convert" -f "$W/m" "$W/nowhere" -t "$W/avg" 2> "$W/err"; rc=$?
[ $rc -eq 1 ] && [ "$(wc -l < "$W/err")" -eq 1 ] && grep -q "nowhere" "$W/err" || fail "missing input: rc $rc, $(cat "$W/err")"
[ ! -e "$W/avg" ] || fail "a failed conversion left $W/avg behind"
set -e
echo ok
