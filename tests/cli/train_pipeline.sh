# The whole path on a tiny reverse-copy corpus: train (vocabulary created, validation with
# BLEU) -> model directory -> translate through a pipe and files; n-best, alignments,
# and an exact resume (N updates in one go == N/2, then the same command again).
source "$(dirname "$0")/common.bash"
TRAIN="$TOLMACH_BIN/tolmach-train"
TR="$TOLMACH_BIN/tolmach-translate"
D="$TOLMACH_TEST_DATA/train"
base=(-t "$D/train.src" "$D/train.trg" --dim-vocabs 40 --dim-emb 16 --dim-rnn 24
      --mini-batch 16 --disp-freq 10 --seed 3 --threads 1)
common=("${base[@]}" --learn-rate 0.01)

"$TRAIN" "${common[@]}" -m "$W/m" --after 50u --save-freq 20 \
  --valid-sets "$D/valid.src" "$D/valid.trg" --valid-metrics cross-entropy bleu perplexity --valid-freq 25 \
  --log "$W/train.log" 2> "$W/stderr" || fail "training failed: $(tail -3 "$W/stderr")"
for f in config.json model.safetensors vocab.model; do [ -s "$W/m/$f" ] || fail "model dir lacks $f"; done
# the last two checkpoints (20, 40 saved by --save-freq; 50 at the end): 40 and 50
[ "$(ls "$W/m/checkpoints")" == "$(printf 'step-40\nstep-50')" ] || fail "checkpoints: $(ls "$W/m/checkpoints" | tr '\n' ' ')"
for f in config.json model.safetensors optimizer.safetensors trainer_state.json checkpoint.complete; do
  [ -s "$W/m/checkpoints/step-50/$f" ] || fail "checkpoint lacks $f"
done
grep -q '"update": 50' "$W/m/checkpoints/step-50/trainer_state.json" || fail "trainer_state.json: no update 50"
grep -q 'Up. 50 : bleu : ' "$W/train.log" || fail "no BLEU validation in the log file"
grep -q 'Up. 25 : perplexity : ' "$W/stderr" || fail "no perplexity validation on stderr"
grep -q '200 kept' "$W/stderr" || fail "no corpus statistics logged"
if grep -q $'\r' "$W/stderr"; then fail "progress bar drawn although stderr is not a terminal"; fi

# The loss went down between the first and the last log line.
first=$(grep -o 'Cost [0-9.]*' "$W/train.log" | head -1 | cut -d' ' -f2)
last=$(grep -o 'Cost [0-9.]*' "$W/train.log" | tail -1 | cut -d' ' -f2)
awk -v a="$first" -v b="$last" 'BEGIN { exit !(b < a - 0.5) }' || fail "loss did not go down: $first -> $last"

# Validation BLEU is what tolmach-score-bleu reports for tolmach-translate's output
# (same weights: the model dir holds update 50; same search: beam 6, normalize 0.6).
logged=$(grep -o 'Up. 50 : bleu : [0-9.]*' "$W/train.log" | awk '{print $NF}')
"$TR" -m "$W/m" --quiet -b 6 --normalize 0.6 < "$D/valid.src" > "$W/valid.hyp"
scored=$("$TOLMACH_BIN/tolmach-score-bleu" "$D/valid.trg" -i "$W/valid.hyp" -b -w 2)
[ "$logged" == "$scored" ] || fail "validation BLEU $logged != tolmach-score-bleu $scored"

# Translate through a pipe: one line out per line in, also with -i/-o and other batching.
head -12 "$D/valid.src" > "$W/in"
"$TR" -m "$W/m" --quiet < "$W/in" > "$W/out" || fail "translate failed"
[ "$(wc -l < "$W/out")" -eq 12 ] || fail "expected 12 lines, got $(wc -l < "$W/out")"
grep -q '[a-z]' "$W/out" || fail "empty translations"
"$TR" -m "$W/m" --quiet -i "$W/in" -o "$W/out2" --mini-batch 3 --maxi-batch 2
cmp -s "$W/out" "$W/out2" || fail "-i/-o with other batching differ from the pipe"
# An ensemble (Marian's -m A B --weights): a model with itself at weights 0.5 0.5 translates
# as alone; with an earlier checkpoint of its run it answers every line.
"$TR" -m "$W/m" "$W/m" --weights 0.5 0.5 --quiet < "$W/in" > "$W/self"
cmp -s "$W/out" "$W/self" || fail "a model ensembled with itself translates differently"
"$TR" -m "$W/m" "$W/m/checkpoints/step-40" --quiet < "$W/in" > "$W/ensemble"
# A weight scales a single model's scores too (as Marian's --weights): F0 doubles at weight 2.
head -1 "$W/in" | "$TR" -m "$W/m" --quiet -b 1 --n-best > "$W/w1"
head -1 "$W/in" | "$TR" -m "$W/m" --weights 2 --quiet -b 1 --n-best > "$W/w2"
paste -d '|' "$W/w1" "$W/w2" | awk -F'F0= ' '{ split($2, a, " "); split($3, b, " ");
  exit !(b[1] / a[1] > 1.999 && b[1] / a[1] < 2.001) }' || fail "--weights 2: scores not doubled: $(cat "$W/w1" "$W/w2")"
[ "$(wc -l < "$W/ensemble")" -eq 12 ] || fail "ensemble: expected 12 lines, got $(wc -l < "$W/ensemble")"
"$TR" -m "$W/m" --quiet --threads 2 --mini-batch 3 --alignment hard < "$W/in" > "$W/workers"
"$TR" -m "$W/m" --quiet --threads 1 --mini-batch 3 --alignment hard < "$W/in" > "$W/serial"
cmp -s "$W/serial" "$W/workers" || fail "two workers (one batch each) translate otherwise than one thread"
"$TR" -m "$W/m" --quiet -b 1 < "$W/in" > "$W/greedy"
[ "$(wc -l < "$W/greedy")" -eq 12 ] || fail "greedy: wrong line count"

# n-best: K lines per input, ids in input order, Moses format with scores.
"$TR" -m "$W/m" --quiet -b 4 --n-best < "$W/in" > "$W/nbest"
[ "$(wc -l < "$W/nbest")" -eq 48 ] || fail "n-best: expected 48 lines, got $(wc -l < "$W/nbest")"
for i in $(seq 0 11); do
  [ "$(grep -c "^$i ||| " "$W/nbest")" -eq 4 ] || fail "n-best: sentence $i has not 4 lines"
done
awk -F' \\|\\|\\| ' 'NF != 4 || $3 !~ /^F0= -?[0-9.e-]+$/ || $4 !~ /^-?[0-9.e-]+$/ { print; bad = 1 } END { exit bad }' \
  "$W/nbest" || fail "n-best lines not 'id ||| text ||| F0= score ||| normalised'"
[ "$(cut -d' ' -f1 "$W/nbest" | uniq | tr '\n' ' ')" == "$(seq 0 11 | tr '\n' ' ')" ] || fail "n-best ids out of order"

# Alignments: word pairs within the sentence lengths; soft rows per target word.
"$TR" -m "$W/m" --quiet --alignment hard < "$W/in" > "$W/align"
paste -d'\t' "$W/in" "$W/align" | awk -F'\t' '{
    n = split($1, src, " "); split($2, parts, " \\|\\|\\| "); m = split(parts[1], trg, " ")
    k = split(parts[2], links, " ")
    for (i = 1; i <= k; i++) {
      if (links[i] !~ /^[0-9]+-[0-9]+$/) { print "bad link " links[i]; exit 1 }
      split(links[i], st, "-"); if (st[1] >= n || st[2] >= m) { print "out of range " links[i] " in " $0; exit 1 }
    }
  }' || fail "hard alignment malformed"
"$TR" -m "$W/m" --quiet --alignment soft < "$W/in" > "$W/soft"
paste -d'\t' "$W/in" "$W/soft" | awk -F'\t' '{
    n = split($1, src, " "); split($2, parts, " \\|\\|\\| "); m = split(parts[1], trg, " ")
    r = split(parts[2], rows, " "); if (r != m) { print "rows " r " != words " m; exit 1 }
    for (i = 1; i <= r; i++) if (split(rows[i], w, ",") != n) { print "row width"; exit 1 }
  }' || fail "soft alignment malformed"
"$TR" -m "$W/m" --quiet --alignment 0.1 -b 2 --n-best < "$W/in" | awk -F' \\|\\|\\| ' 'NF != 5 { exit 1 }' \
  || fail "n-best with alignment: expected 5 fields"

# Exact resume: 30 updates in one go == 15, then the same command (with --after 30u).
"$TRAIN" "${common[@]}" -m "$W/full" --after 30u 2> /dev/null
"$TRAIN" "${common[@]}" -m "$W/half" --after 15u 2> /dev/null
"$TRAIN" "${common[@]}" -m "$W/half" --after 30u 2> "$W/resume.log"
grep -q 'Resuming from .*step-15' "$W/resume.log" || fail "second run did not resume: $(head -3 "$W/resume.log")"
cmp -s "$W/full/model.safetensors" "$W/half/model.safetensors" || fail "resumed weights differ from one run"
# Separate vocabularies, created where --vocabs says, copied into the model directory.
"$TRAIN" "${common[@]}" -m "$W/sep" --vocabs "$W/v/src.model" "$W/v/trg.model" --after 3u 2> /dev/null
[ -s "$W/v/src.model" ] && [ -s "$W/v/trg.model" ] || fail "vocabularies not created at --vocabs"
cmp -s "$W/v/src.model" "$W/sep/vocab.src.model" && cmp -s "$W/v/trg.model" "$W/sep/vocab.trg.model" \
  || fail "vocabularies not copied into the model directory"
[ "$("$TR" -m "$W/sep" --quiet -b 2 < "$W/in" | wc -l)" -eq 12 ] || fail "separate vocabularies: translate failed"
# Early stopping: with learning rate 0 the validation loss never improves on the first
# one, so two stalled validations (updates 10, 15) end the run at update 15.
"$TRAIN" "${base[@]}" -m "$W/es" --learn-rate 0 --after 100u --valid-sets "$D/valid.src" "$D/valid.trg" \
  --valid-freq 5 --early-stopping 2 2> "$W/es.log"
grep -q "Up. 15 : cross-entropy : .* : stalled 2 times" "$W/es.log" || fail "no stalled validations logged"
grep -q "Early stopping" "$W/es.log" && grep -q "Training finished after 15 updates" "$W/es.log" \
  || fail "early stopping did not stop at update 15: $(tail -2 "$W/es.log")"
echo "ok: train -> model dir -> translate, n-best, alignments, exact resume"
