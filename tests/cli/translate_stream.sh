# Interactive use: each line written to tolmach-translate is answered while its input is
# still open (no waiting for a full window), and the answers equal batch translation.
source "$(dirname "$0")/common.bash"
TRAIN="$TOLMACH_BIN/tolmach-train"
TR="$TOLMACH_BIN/tolmach-translate"
D="$TOLMACH_TEST_DATA/train"
"$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/m" --dim-vocabs 40 --dim-emb 16 --dim-rnn 16 \
  --learn-rate 0.01 --after 20u 2> /dev/null
head -4 "$D/valid.src" > "$W/in"
"$TR" -m "$W/m" --quiet -b 3 < "$W/in" > "$W/batch"

coproc TRC { exec "$TR" -m "$W/m" --quiet -b 3 --maxi-batch 100; }
pid=$TRC_PID
i=0
while IFS= read -r line; do
  i=$((i + 1))
  printf '%s\n' "$line" >&"${TRC[1]}"
  reply=""
  IFS= read -r -t 20 reply <&"${TRC[0]}" || fail "no answer within 20 s to line $i (waits for a full window)"
  want=$(sed -n "${i}p" "$W/batch")
  [ "$reply" == "$want" ] || fail "line $i: interactive '$reply' != batch '$want'"
done < "$W/in"
eval "exec ${TRC[1]}>&-"
wait $pid || fail "exit status $?"
echo "ok: interactive translation answers each line at once"
