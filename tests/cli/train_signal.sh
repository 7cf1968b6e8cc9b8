# SIGTERM / SIGINT during training: the run saves a complete checkpoint, validates the weights
# it stopped with (so --keep-best's model includes its last updates) and exits 0; the same
# command then resumes from it.
source "$(dirname "$0")/common.bash"
TRAIN="$TOLMACH_BIN/tolmach-train"
D="$TOLMACH_TEST_DATA/train"
args=(-t "$D/train.src" "$D/train.trg" -m "$W/m" --dim-vocabs 40 --dim-emb 16 --dim-rnn 24
      --mini-batch 16 --disp-freq 1 --save-freq 100000 --threads 1
      --valid-sets "$D/train.src" "$D/train.trg" --valid-freq 100000 --keep-best)

for sig in TERM INT; do
  rm -rf "$W/m"
  "$TRAIN" "${args[@]}" --after 1000000u 2> "$W/log" &
  pid=$!
  # wait until it is training (a few updates logged), then signal it
  for _ in $(seq 1 300); do
    [ "$(grep -c 'Up\. ' "$W/log" || true)" -ge 3 ] && break
    sleep 0.1
  done
  kill -"$sig" $pid
  set +e; wait $pid; rc=$?; set -e
  [ $rc -eq 0 ] || fail "SIG$sig: exit $rc ($(tail -2 "$W/log"))"
  grep -q "Stopped by signal" "$W/log" || fail "SIG$sig: no stop message"
  ck=$(ls -d "$W"/m/checkpoints/step-* | head -1)
  [ -f "$ck/checkpoint.complete" ] || fail "SIG$sig: incomplete checkpoint $ck"
  n=${ck##*step-}
  [ "$n" -ge 3 ] || fail "SIG$sig: checkpoint at update $n"
  grep -q "\"update\": $n" "$ck/trainer_state.json" || fail "SIG$sig: trainer state does not say update $n"
  grep -q "Up\. $n : cross-entropy : [0-9.]* : new best" "$W/log" || fail "SIG$sig: update $n not validated"
  grep -q '"best_valid": [0-9]' "$ck/trainer_state.json" || fail "SIG$sig: the checkpoint lacks the validation"
  [ -f "$W/m/model.safetensors" ] || fail "SIG$sig: no --keep-best model"
  # resumable: the same command (a bit further) continues from update n
  "$TRAIN" "${args[@]}" --after $((n + 2))u 2> "$W/log2" || fail "SIG$sig: resume failed: $(tail -2 "$W/log2")"
  grep -q "Resuming from .*step-$n (update $n)" "$W/log2" || fail "SIG$sig: did not resume from step $n"
  grep -q "Training finished after $((n + 2)) updates" "$W/log2" || fail "SIG$sig: did not finish"
done
echo "ok: signals save a resumable checkpoint"
