# Bad input to tolmach-translate: one line naming what is wrong, exit 1 (2 for usage), no
# partial output file.
source "$(dirname "$0")/common.bash"
TRAIN="$TOLMACH_BIN/tolmach-train"
TR="$TOLMACH_BIN/tolmach-translate"
D="$TOLMACH_TEST_DATA/train"
"$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/m" --dim-vocabs 40 --dim-emb 8 --dim-rnn 8 --after 2u 2> /dev/null

expect 1 "missing model dir" "$TR" -m "$W/nothing"
grep -q "$W/nothing" "$W/err" || fail "missing model dir not named: $(cat "$W/err")"
mkdir "$W/empty"
expect 1 "model dir without config" "$TR" -m "$W/empty"
grep -q "config.json" "$W/err" || fail "config.json not named: $(cat "$W/err")"
cp -r "$W/m" "$W/broken" && printf 'not a model' > "$W/broken/model.safetensors"
expect 1 "broken weights" "$TR" -m "$W/broken"
grep -q "model.safetensors" "$W/err" || fail "weights file not named: $(cat "$W/err")"

printf 'red cat\nblue \xff dog\nsmall\n' > "$W/bad.txt"
expect 1 "invalid UTF-8 file" "$TR" -m "$W/m" --quiet -i "$W/bad.txt" -o "$W/result"
grep -q "bad.txt:2" "$W/err" || fail "invalid UTF-8 not located: $(cat "$W/err")"
[ ! -e "$W/result" ] || fail "partial output file left behind"
ls "$W" | grep -q '\.tmp\.' && fail "temporary output file left behind"
INPUT="$W/bad.txt" expect 1 "invalid UTF-8 stdin" "$TR" -m "$W/m" --quiet
grep -q "<stdin>:2" "$W/err" || fail "stdin line not named: $(cat "$W/err")"

expect 2 "no -m" "$TR"
expect 2 "bad alignment" "$TR" -m "$W/m" --alignment maybe
expect 2 "beam 0" "$TR" -m "$W/m" -b 0
expect 2 "unknown option" "$TR" -m "$W/m" --frobnicate
expect 2 "a weight per model" "$TR" -m "$W/m" "$W/m" --weights 1
expect 2 "weight 0" "$TR" -m "$W/m" "$W/m" --weights 0 1
"$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/other" --dim-vocabs 30 --dim-emb 8 --dim-rnn 8 --after 1u 2> /dev/null
expect 1 "ensemble with another vocabulary" "$TR" -m "$W/m" "$W/other"
grep -q "other/config.json" "$W/err" || fail "the mismatched model not named: $(cat "$W/err")"
cp -r "$W/m" "$W/m2"  # the same sizes, another vocabulary file
"$TOLMACH_BIN/tolmach-tokenize" train --input "$D/valid.trg" --model-prefix "$W/v2" --vocab-size 40 --quiet
cp "$W/v2.model" "$W/m2/vocab.model"
expect 1 "ensemble with another vocabulary file" "$TR" -m "$W/m" "$W/m2"
grep -q "m2/vocab.model" "$W/err" || fail "the mismatched vocabulary not named: $(cat "$W/err")"
echo "ok: translate errors"
