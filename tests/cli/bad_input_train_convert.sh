# tolmach-train and tolmach-convert under bad input (beside train_errors.sh): a NUL byte, an
# empty corpus, a directory, a model path that is a file, a checkpoint from a newer format,
# faulty model directories to convert; each one line naming the file or flag, nothing
# created. CRLF training text trains (CR is a space to SentencePiece).
source "$(dirname "$0")/common.bash"
source "$(dirname "$0")/model_faults.bash"
TRAIN="$TOLMACH_BIN/tolmach-train" CONV="$TOLMACH_BIN/tolmach-convert"
D="$TOLMACH_TEST_DATA/train"
tiny=(--dim-vocabs 40 --dim-emb 8 --dim-rnn 8 --mini-batch 16 --threads 1)

printf 'ok\nba\0d\n' > "$W/n.src"; printf 'ok\nfine\n' > "$W/n.trg"
expect 1 "NUL" "$TRAIN" -t "$W/n.src" "$W/n.trg" -m "$W/a" "${tiny[@]}"
grep -qF "n.src:2: NUL byte at byte 3" "$W/err" && [ ! -e "$W/a" ] || fail "NUL: $(cat "$W/err")"
: > "$W/e.src"; : > "$W/e.trg"
expect 1 "empty corpus" "$TRAIN" -t "$W/e.src" "$W/e.trg" -m "$W/a" "${tiny[@]}"
grep -qF "e.src: empty" "$W/err" && [ ! -e "$W/a" ] || fail "empty corpus: $(cat "$W/err")"
expect 1 "a directory" "$TRAIN" -t "$W" "$D/train.trg" -m "$W/a" "${tiny[@]}"
grep -qF "$W: is a directory" "$W/err" && [ ! -e "$W/a" ] || fail "directory: $(cat "$W/err")"
expect 1 "-m is a file" "$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/n.src" "${tiny[@]}" --after 1u
grep -qF "n.src" "$W/err" || fail "-m a file: $(cat "$W/err")"
expect 2 "unknown flag" "$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/a" --frobnicate
grep -qF -- "--frobnicate" "$W/err" || fail "unknown flag not named"
expect 2 "wrong type" "$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/a" --dim-emb wide
grep -qF -- "--dim-emb" "$W/err" || fail "wrong type: flag not named: $(cat "$W/err")"

# CRLF text trains like LF text: the same pairs are read and kept.
sed 's/$/\r/' "$D/train.src" > "$W/crlf.src"; sed 's/$/\r/' "$D/train.trg" > "$W/crlf.trg"
"$TRAIN" -t "$W/crlf.src" "$W/crlf.trg" -m "$W/crlf" "${tiny[@]}" --after 2u 2> "$W/crlf.err" || fail "CRLF training failed"
grep -q "200 pairs, 200 kept" "$W/crlf.err" || fail "CRLF: $(grep pairs "$W/crlf.err")"

# A checkpoint from a newer format is refused on resume, naming its config.json; the run is untouched.
"$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/m" "${tiny[@]}" --after 2u 2> /dev/null
step=$(ls -d "$W/m/checkpoints"/step-* | tail -1)
sed -i 's/"tolmach_version"/"model-format": 2, "tolmach_version"/' "$step/config.json"
before=$(cd "$W/m" && find . -type f | sort | xargs md5sum)
expect 1 "newer checkpoint" "$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/m" "${tiny[@]}" --after 4u
grep -qF "$step/config.json: model-format 2 is newer" "$W/err" || fail "newer checkpoint: $(cat "$W/err")"
[ "$(cd "$W/m" && find . -type f | sort | xargs md5sum)" == "$before" ] || fail "the run changed"
expect 1 "convert: newer" "$CONV" -f "$step" -t "$W/c"
grep -qF "$step/config.json: model-format 2" "$W/err" && [ ! -e "$W/c" ] || fail "convert newer: $(cat "$W/err")"

# Faulty model directories given to convert: each named, no output directory.
"$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/good" "${tiny[@]}" --after 1u 2> /dev/null
rm -rf "$W/good/checkpoints"
make_faulty_models "$W/good" "$W/f"
for fault in $MODEL_FAULTS; do
  [ "$fault" = vocab ] && continue  # convert copies vocabularies, it does not read them
  expect 1 "convert: $fault" "$CONV" -f "$W/f/$fault" -t "$W/c"
  grep -qF "$(model_fault_file "$W/f" "$fault")" "$W/err" && [ ! -e "$W/c" ] || fail "convert $fault: $(cat "$W/err")"
done
expect 1 "convert: unwritable -t" "$CONV" -f "$W/good" -t "$W/n.src/x"
grep -qF "n.src" "$W/err" || fail "convert -t: $(cat "$W/err")"
expect 2 "convert: unknown flag" "$CONV" -f "$W/good" -t "$W/c" --frobnicate
expect 2 "convert: wrong value" "$CONV" -f "$W/good" -t "$W/c" --precision int4
grep -qF -- "--precision" "$W/err" || fail "convert: flag not named"
[ ! -e "$W/c" ] || fail "convert left an output directory"
echo ok
