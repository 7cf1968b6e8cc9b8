# tolmach-train killed with SIGKILL at several moments (TOLMACH_TEST_CHECKPOINT_PAUSE_MS
# stretches every save so that kills land inside checkpoint writes too), then the same
# command again, until it finishes: every checkpoint on disk that is marked complete loads
# (tolmach-convert) and is bitwise the uninterrupted run's; the run resumes from the last
# complete one and ends at the same update count with the same weights. Determinism: two
# uninterrupted runs with the same seed, threads and data write identical checkpoints.
source "$(dirname "$0")/common.bash"
TRAIN="$TOLMACH_BIN/tolmach-train"
D="$TOLMACH_TEST_DATA/train"
args=(-t "$D/train.src" "$D/train.trg" --dim-vocabs 40 --dim-emb 8 --dim-rnn 8 --mini-batch 16 --threads 1
      --after 40u --save-freq 4 --keep-checkpoints 100 --disp-freq 1 --seed 7)

"$TRAIN" "${args[@]}" -m "$W/ref" 2> "$W/ref.log" || fail "reference run failed"
"$TRAIN" "${args[@]}" -m "$W/ref2" 2> /dev/null || fail "second reference run failed"
for ck in "$W"/ref/checkpoints/step-*; do
  for f in model.safetensors optimizer.safetensors trainer_state.json config.json; do
    cmp -s "$ck/$f" "$W/ref2/checkpoints/${ck##*/}/$f" || fail "not deterministic: ${ck##*/}/$f differs"
  done
done
cmp -s "$W/ref/model.safetensors" "$W/ref2/model.safetensors" || fail "not deterministic: final model differs"

# check_run: every complete checkpoint loads and equals the reference's; returns (in $torn)
# how many step directories are incomplete or hold temporary files (a kill inside a save).
check_run() {
  torn=0
  [ -d "$W/k/checkpoints" ] || return 0
  for ck in "$W"/k/checkpoints/step-*; do
    [ -e "$ck" ] || continue
    if [ ! -f "$ck/checkpoint.complete" ] || ls "$ck" | grep -q '\.tmp\.'; then
      torn=$((torn + 1))
      [ -f "$ck/checkpoint.complete" ] && ls "$ck" | grep -q '\.tmp\.' && fail "${ck##*/}: marked complete beside temporary files"
      continue
    fi
    "$TOLMACH_BIN/tolmach-convert" -f "$ck" -t "$W/loaded" --quiet 2> "$W/conv.err" || fail "${ck##*/} does not load: $(cat "$W/conv.err")"
    rm -rf "$W/loaded"
    for f in model.safetensors optimizer.safetensors trainer_state.json; do
      cmp -s "$ck/$f" "$W/ref/checkpoints/${ck##*/}/$f" || fail "${ck##*/}/$f differs from the uninterrupted run's"
    done
  done
}

kills=0 torn_total=0
export TOLMACH_TEST_CHECKPOINT_PAUSE_MS=40
for delay in 0.15 0.4 0.7 0.3 0.9 0.5 1.1 0.6 0.8 1.3; do
  "$TRAIN" "${args[@]}" -m "$W/k" 2>> "$W/k.log" &
  pid=$!
  sleep "$delay"
  if kill -KILL $pid 2> /dev/null; then kills=$((kills + 1)); fi
  wait $pid 2> /dev/null || true
  check_run
  torn_total=$((torn_total + torn))
  grep -q "Training finished" "$W/k.log" && break
done
[ $kills -ge 3 ] || fail "only $kills kills landed (the runs are too fast for the delays)"
[ $torn_total -ge 1 ] || fail "no kill landed inside a checkpoint write"
unset TOLMACH_TEST_CHECKPOINT_PAUSE_MS
"$TRAIN" "${args[@]}" -m "$W/k" 2> "$W/last.log" || fail "the last rerun failed: $(tail -2 "$W/last.log")"
grep -q "Training finished after 40 updates" "$W/last.log" || fail "did not end at update 40: $(tail -2 "$W/last.log")"
grep -q "Resuming from" "$W/k.log" || fail "no rerun resumed"
check_run
cmp -s "$W/k/model.safetensors" "$W/ref/model.safetensors" || fail "the killed and resumed run ends with other weights"
# The costs logged after resuming are the uninterrupted run's (tolerance 0: bitwise).
grep -ho "Up\. [0-9]* : Cost [0-9.]*" "$W/k.log" "$W/last.log" | sort -u > "$W/k.costs"
grep -o "Up\. [0-9]* : Cost [0-9.]*" "$W/ref.log" | sort -u > "$W/ref.costs"
comm -23 "$W/k.costs" "$W/ref.costs" | grep . && fail "a resumed update logged another cost"
echo "ok: $kills kills, $torn_total torn saves seen"
