# tolmach-translate under bad input: each case exits with its code (1 bad input, 2 bad
# usage), says so in one line naming the file (and line) or the flag, and leaves no -o file.
# CRLF, empty files and empty lines are not errors; a 1 MB line is bounded by --max-length.
source "$(dirname "$0")/common.bash"
source "$(dirname "$0")/model_faults.bash"
ROOT=$(cd "$TOLMACH_TEST_DATA/../.." && pwd)
M="$ROOT/models/pretrained/multi30k-en-de"
TR=("$TOLMACH_BIN/tolmach-translate" -m "$M" --quiet -b 2)
printf 'A dog.\nTwo men.\n' > "$W/good.txt"
"${TR[@]}" -i "$W/good.txt" > "$W/good.out"

# bad_input CODE WHAT NAMED ARGS...: exit CODE, one line naming NAMED, no -o file.
bad_input() {
  local code=$1 what=$2 named=$3; shift 3
  rm -f "$W/o.txt"
  expect "$code" "$what" "$@" -o "$W/o.txt"
  grep -qF -- "$named" "$W/err" || fail "$what: '$named' not named: $(cat "$W/err")"
  [ ! -e "$W/o.txt" ] || fail "$what: an -o file was left"
  ! ls "$W" | grep -q '\.tmp' || fail "$what: a temporary file was left: $(ls "$W")"
}

printf 'A dog.\nA \xff cat.\n' > "$W/utf8.txt"
bad_input 1 "invalid UTF-8" "utf8.txt:2: invalid UTF-8 at byte 3" "${TR[@]}" -i "$W/utf8.txt"
printf 'A dog.\nA cat.\0\n' > "$W/nul.txt"
bad_input 1 "NUL byte" "nul.txt:2: NUL byte at byte 7" "${TR[@]}" -i "$W/nul.txt"
bad_input 1 "missing file" "$W/none.txt: cannot open" "${TR[@]}" -i "$W/none.txt"
bad_input 1 "a directory" "$W: read error" "${TR[@]}" -i "$W"
expect 1 "unwritable -o" "${TR[@]}" -i "$W/good.txt" -o "$W/good.txt/x"
grep -qF "good.txt/x" "$W/err" || fail "unwritable -o not named: $(cat "$W/err")"
expect 1 "-o a directory" "${TR[@]}" -i "$W/good.txt" -o "$W"
bad_input 2 "unknown flag" "--frobnicate" "${TR[@]}" --frobnicate
bad_input 2 "wrong type" "--beam-size" "${TR[@]}" -b two
bad_input 2 "conflicting: one weight for two models" "--weights" "${TR[@]}" -m "$M" "$M" --weights 1
bad_input 2 "bad --on-bad-line" "--on-bad-line" "${TR[@]}" --on-bad-line maybe

# CRLF: the same translations as LF (SentencePiece maps CR to a space).
sed 's/$/\r/' "$W/good.txt" > "$W/crlf.txt"
"${TR[@]}" -i "$W/crlf.txt" | diff - "$W/good.out" > /dev/null || fail "CRLF input translates differently"
# An empty file gives an empty file (and -o is written); empty lines give empty lines.
: > "$W/empty.txt"
"${TR[@]}" -i "$W/empty.txt" -o "$W/empty.out" && [ -f "$W/empty.out" ] && [ ! -s "$W/empty.out" ] \
  || fail "empty input: no empty -o file"
printf '\nA dog.\n\n\nTwo men.\n\n' | "${TR[@]}" > "$W/gaps.out"
printf '\n%s\n\n\n%s\n\n' "$(sed -n 1p "$W/good.out")" "$(sed -n 2p "$W/good.out")" | diff - "$W/gaps.out" > /dev/null \
  || fail "empty lines: $(cat -A "$W/gaps.out")"
# A 1 MB line: more pieces than --max-length, so an empty line and a warning naming it.
{ echo "A dog."; head -c 1000000 /dev/zero | tr '\0' 'a' | sed 's/a\{9\}/a dog ./g'; echo; echo "Two men."; } > "$W/long.txt"
"$TOLMACH_BIN/tolmach-translate" -m "$M" -b 2 --max-length 200 -i "$W/long.txt" > "$W/long.out" 2> "$W/long.err"
printf '%s\n\n%s\n' "$(sed -n 1p "$W/good.out")" "$(sed -n 2p "$W/good.out")" | diff - "$W/long.out" > /dev/null \
  || fail "1 MB line: $(head -c 300 "$W/long.out")"
grep -q "warning: .*long.txt:2: [0-9]* pieces, more than --max-length 200: an empty line in its place" "$W/long.err" \
  || fail "1 MB line: no warning: $(cat "$W/long.err")"

# Faulty model directories: each named, before any output.
make_faulty_models "$M" "$W/f"
for fault in $MODEL_FAULTS; do
  bad_input 1 "model: $fault" "$(model_fault_file "$W/f" "$fault")" "$TOLMACH_BIN/tolmach-translate" -m "$W/f/$fault" \
    --quiet -i "$W/good.txt"
done
bad_input 1 "missing model" "$W/none" "$TOLMACH_BIN/tolmach-translate" -m "$W/none" -i "$W/good.txt"
echo ok
