# --on-bad-line in translate, tokenize (encode, decode) and align: error (the default) exits
# 1 naming FILE:LINE and writes no -o file; empty keeps the line count (an empty line and a
# warning per bad line); skip-with-warning drops the line. Bad: invalid UTF-8, a NUL byte.
source "$(dirname "$0")/common.bash"
ROOT=$(cd "$TOLMACH_TEST_DATA/../.." && pwd)
M="$ROOT/models/pretrained/multi30k-en-de"
TR="$TOLMACH_BIN/tolmach-translate" TOK="$TOLMACH_BIN/tolmach-tokenize" AL="$TOLMACH_BIN/tolmach-align"
printf 'A dog.\nbad \xff line\nA cat\0x.\nTwo men.\n' > "$W/in.txt"
printf 'A dog.\nTwo men.\n' > "$W/good.txt"

# check TOOL_OUTPUT GOOD_OUTPUT: with empty, lines 1 and 4 are the good lines' and 2, 3 are
# empty; with skip-with-warning the output is the good lines' output.
check_policies() {
  local name=$1; shift
  "$@" < "$W/good.txt" > "$W/good.out"
  "$@" --on-bad-line empty < "$W/in.txt" > "$W/empty.out" 2> "$W/empty.err"
  [ "$(wc -l < "$W/empty.out")" -eq 4 ] || fail "$name empty: want 4 lines: $(cat "$W/empty.out")"
  [ "$(sed -n 1p "$W/empty.out")" = "$(sed -n 1p "$W/good.out")" ] && [ -z "$(sed -n 2p "$W/empty.out")" ] \
    && [ -z "$(sed -n 3p "$W/empty.out")" ] && [ "$(sed -n 4p "$W/empty.out")" = "$(sed -n 2p "$W/good.out")" ] \
    || fail "$name empty: $(cat -A "$W/empty.out")"
  grep -q "warning: <stdin>:2: invalid UTF-8 at byte 5 (an empty line in its place)" "$W/empty.err" \
    && grep -q "warning: <stdin>:3: NUL byte at byte 6" "$W/empty.err" || fail "$name empty warnings: $(cat "$W/empty.err")"
  "$@" --on-bad-line skip-with-warning < "$W/in.txt" > "$W/skip.out" 2> "$W/skip.err"
  diff "$W/good.out" "$W/skip.out" > /dev/null || fail "$name skip: $(cat "$W/skip.out")"
  [ "$(grep -c 'skipped' "$W/skip.err")" -eq 2 ] || fail "$name skip warnings: $(cat "$W/skip.err")"
  INPUT="$W/in.txt" expect 1 "$name default" "$@"
  grep -q "<stdin>:2: invalid UTF-8 at byte 5" "$W/err" || fail "$name error does not name line 2: $(cat "$W/err")"
  expect 1 "$name error -o" "$@" --on-bad-line error -i "$W/in.txt" -o "$W/o.txt"
  [ ! -e "$W/o.txt" ] || fail "$name left a partial -o file"
  expect 2 "$name bad policy" "$@" --on-bad-line skip
  grep -q -- "--on-bad-line" "$W/err" || fail "$name: the flag is not named: $(cat "$W/err")"
}
check_policies translate "$TR" -m "$M" --quiet
check_policies "translate threads" "$TR" -m "$M" --quiet --threads 2 --mini-batch 1
# tokenize spells -i / -o as --input / --output.
check_tok() { local a=(); for x in "$@"; do if [ "$x" = -i ]; then a+=(--input); elif [ "$x" = -o ]; then a+=(--output); else a+=("$x"); fi; done; "${a[@]}"; }
check_policies encode check_tok "$TOK" encode --model "$M/vocab.model"
check_policies "encode threads" check_tok "$TOK" encode --model "$M/vocab.model" --threads 2 --batch-lines 1
check_policies "encode words" check_tok "$TOK" encode --words

# decode: a line that is not ids is bad too.
printf '5 6\nx 7\n8\n' > "$W/ids"
"$TOK" decode --model "$M/vocab.model" --input-format id --on-bad-line empty < "$W/ids" > "$W/ids.out" 2> "$W/ids.err"
[ "$(wc -l < "$W/ids.out")" -eq 3 ] && [ -z "$(sed -n 2p "$W/ids.out")" ] || fail "decode empty: $(cat -A "$W/ids.out")"
grep -q "<stdin>:2: not an id: 'x' (an empty line in its place)" "$W/ids.err" || fail "decode warning: $(cat "$W/ids.err")"

# align: ' ||| ' lines; a line without a separator is bad as well; -s/-t stay in step.
printf 'A dog . ||| Ein Hund .\nbad \xff ||| x\nno separator\nTwo men . ||| Zwei Männer .\n' > "$W/pairs"
printf 'A dog . ||| Ein Hund .\nTwo men . ||| Zwei Männer .\n' > "$W/good.pairs"
"$AL" -m "$M" --quiet -i "$W/good.pairs" > "$W/good.al"
"$AL" -m "$M" --quiet -i "$W/pairs" --on-bad-line empty > "$W/empty.al" 2> "$W/al.err"
printf '%s\n\n\n%s\n' "$(sed -n 1p "$W/good.al")" "$(sed -n 2p "$W/good.al")" | diff - "$W/empty.al" > /dev/null \
  || fail "align empty: $(cat -A "$W/empty.al")"
grep -q "pairs:3: no ' ||| ' (or TAB) between the two sides (an empty line in its place)" "$W/al.err" || fail "align warning: $(cat "$W/al.err")"
printf 'A dog .\nA \xff cat .\nTwo men .\n' > "$W/s" && printf 'Ein Hund .\nEine Katze .\nZwei Männer .\n' > "$W/t"
"$AL" -m "$M" --quiet -s "$W/s" -t "$W/t" --on-bad-line skip-with-warning > "$W/skip.al" 2> /dev/null
diff "$W/good.al" "$W/skip.al" > /dev/null || fail "align -s/-t skip out of step: $(cat "$W/skip.al")"
expect 1 "align default" "$AL" -m "$M" --quiet -s "$W/s" -t "$W/t" -o "$W/al.o"
grep -q "/s:2: invalid UTF-8" "$W/err" && [ ! -e "$W/al.o" ] || fail "align error: $(cat "$W/err")"
echo ok
