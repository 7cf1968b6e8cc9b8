# translate, tokenize, align and score-bleu killed (SIGKILL, SIGTERM) in the middle of a run,
# with input still arriving through a FIFO: no -o file appears (only the AtomicFile's
# "<out>.tmp.<pid>.<n>" temporary can stay after SIGKILL, never a file under the -o name);
# score-bleu, which writes only at the end, prints nothing.
source "$(dirname "$0")/common.bash"
ROOT=$(cd "$TOLMACH_TEST_DATA/../.." && pwd)
M="$ROOT/models/pretrained/multi30k-en-de"
B="$TOLMACH_BIN"

# killed SIG NAME LINE COMMAND...: COMMAND reads the FIFO $W/in; after LINE was sent twice
# (and the tool has read it), SIG it; no $W/o.txt may exist.
killed() {
  local sig=$1 name=$2 line=$3; shift 3
  rm -f "$W/in" "$W/o.txt" "$W"/o.txt.tmp.*
  mkfifo "$W/in"
  "$@" > "$W/stdout" 2> /dev/null &
  local pid=$!
  exec 3> "$W/in"
  printf '%s\n%s\n' "$line" "$line" >&3
  for _ in $(seq 1 100); do  # until the tool has the lines (it flushes what it read to -o's temporary)
    [ -n "$(ls "$W" | grep 'o\.txt\.tmp\.' || true)" ] && break
    [ "$name" = score-bleu ] && { sleep 0.5; break; }
    sleep 0.1
  done
  kill -"$sig" $pid
  wait $pid 2> /dev/null || true
  exec 3>&-
  [ ! -e "$W/o.txt" ] || fail "$name killed by SIG$sig left $W/o.txt"
}
for sig in KILL TERM; do
  killed $sig translate "A dog runs." "$B/tolmach-translate" -m "$M" --quiet -i "$W/in" -o "$W/o.txt"
  killed $sig tokenize "A dog runs." "$B/tolmach-tokenize" encode --model "$M/vocab.model" --input "$W/in" --output "$W/o.txt"
  killed $sig align "A dog runs . ||| Ein Hund läuft ." "$B/tolmach-align" -m "$M" --quiet -i "$W/in" -o "$W/o.txt"
  killed $sig ibm2 "A dog runs . ||| Ein Hund läuft ." "$B/tolmach-align" ibm2 --quiet -i "$W/in" -O "$W/o.txt"
  printf 'A dog runs.\nA dog runs.\n' > "$W/ref"
  killed $sig score-bleu "A dog runs." "$B/tolmach-score-bleu" "$W/ref" -i "$W/in"
  [ ! -s "$W/stdout" ] || fail "score-bleu killed by SIG$sig printed: $(cat "$W/stdout")"
done
echo ok
