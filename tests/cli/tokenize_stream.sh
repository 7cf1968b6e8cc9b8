# Streaming through a pipe: one line in, one line out, at once (no read-ahead lag), with
# one thread and with several; order kept on a larger input.
source "$(dirname "$0")/common.bash"
T="$TOLMACH_BIN/tolmach-tokenize"
D="$TOLMACH_TEST_DATA/text"
"$T" train --input "$D/train.en,$D/train.de" --model-prefix "$W/m" --vocab-size 300 --model-type bpe --quiet

# Talk to the tool as a coprocess: write a line, and its answer must come back while
# the input is still open (a filter that waits for a full buffer would time out).
interactive() {  # interactive WHAT COMMAND...
  local what=$1; shift
  coproc TOK { exec "$@"; }
  local pid=$TOK_PID
  for line in "A man in a blue shirt." "" "Ein Hund rennt über die Wiese."; do
    printf '%s\n' "$line" >&"${TOK[1]}"
    local reply=""
    IFS= read -r -t 10 reply <&"${TOK[0]}" || fail "$what: no answer within 10 s to '$line' (read-ahead lag)"
    local want
    want=$(printf '%s\n' "$line" | "$@")
    [ "$reply" == "$want" ] || fail "$what: got '$reply', want '$want'"
  done
  eval "exec ${TOK[1]}>&-"  # close its input: it must finish cleanly
  wait $pid || fail "$what: exit status $?"
}
interactive "encode" "$T" encode --model "$W/m.model"
interactive "encode --threads 2" "$T" encode --model "$W/m.model" --threads 2
interactive "encode ids --threads 3" "$T" encode --model "$W/m.model" --output-format id --threads 3
interactive "encode --words" "$T" encode --words --lowercase
interactive "decode" "$T" decode --model "$W/m.model"

# Throughput path: many lines, several threads, small batches: same output, same order.
for i in 1 2 3 4 5 6 7 8; do cat "$D/train.de" "$D/special.txt"; echo; done > "$W/big"
"$T" encode --model "$W/m.model" < "$W/big" > "$W/one"
[ "$(wc -l < "$W/one")" -eq "$(wc -l < "$W/big")" ] || fail "line count changed"
for n in 2 4; do
  cat "$W/big" | "$T" encode --model "$W/m.model" --threads $n --batch-lines 5 | cmp -s - "$W/one" \
    || fail "--threads $n changed the output"
done
# --input / --output files give the same as the pipe.
"$T" encode --model "$W/m.model" --input "$W/big" --output "$W/file_out" --threads 2
cmp -s "$W/file_out" "$W/one" || fail "--input/--output differ from the pipe"
echo "ok: streaming, no read-ahead lag, threads keep order"
