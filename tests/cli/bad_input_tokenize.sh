# tolmach-tokenize (encode, decode, train) under bad input: exit code, one line naming the
# file and line or the flag, no --output file; CRLF, empty files, empty lines and a 1 MB line
# are not errors.
source "$(dirname "$0")/common.bash"
ROOT=$(cd "$TOLMACH_TEST_DATA/../.." && pwd)
SPM="$ROOT/models/pretrained/multi30k-en-de/vocab.model"
TOK="$TOLMACH_BIN/tolmach-tokenize"
printf 'A dog.\nTwo men.\n' > "$W/good.txt"
"$TOK" encode --model "$SPM" --input "$W/good.txt" > "$W/good.out"

bad_input() {
  local code=$1 what=$2 named=$3; shift 3
  rm -f "$W/o.txt"
  expect "$code" "$what" "$@" --output "$W/o.txt"
  grep -qF -- "$named" "$W/err" || fail "$what: '$named' not named: $(cat "$W/err")"
  [ ! -e "$W/o.txt" ] || fail "$what: an --output file was left"
}
for threads in 1 2; do
  ENC=("$TOK" encode --model "$SPM" --threads "$threads")
  printf 'A dog.\nA \xff cat.\n' > "$W/utf8.txt"
  bad_input 1 "invalid UTF-8 ($threads)" "utf8.txt:2: invalid UTF-8 at byte 3" "${ENC[@]}" --input "$W/utf8.txt"
  printf 'A dog.\nA cat.\0\n' > "$W/nul.txt"
  bad_input 1 "NUL ($threads)" "nul.txt:2: NUL byte at byte 7" "${ENC[@]}" --input "$W/nul.txt"
  bad_input 1 "--words NUL ($threads)" "nul.txt:2: NUL byte" "$TOK" encode --words --threads "$threads" --input "$W/nul.txt"
  printf '5 6\nx\n' > "$W/ids"
  bad_input 1 "decode: not an id ($threads)" "ids:2: not an id: 'x'" "$TOK" decode --model "$SPM" --input-format id \
    --threads "$threads" --input "$W/ids"
done
ENC=("$TOK" encode --model "$SPM")
bad_input 1 "missing file" "$W/none.txt" "${ENC[@]}" --input "$W/none.txt"
bad_input 1 "a directory" "$W: read error" "${ENC[@]}" --input "$W"
expect 1 "unwritable --output" "${ENC[@]}" --input "$W/good.txt" --output "$W/good.txt/x"
grep -qF "good.txt/x" "$W/err" || fail "unwritable --output not named: $(cat "$W/err")"
bad_input 1 "missing model" "$W/none.model" "$TOK" encode --model "$W/none.model" --input "$W/good.txt"
bad_input 1 "not a model" "good.txt: not a valid SentencePiece model" "$TOK" encode --model "$W/good.txt" --input "$W/good.txt"
bad_input 2 "unknown flag" "--frobnicate" "${ENC[@]}" --frobnicate
bad_input 2 "wrong type" "--threads" "${ENC[@]}" --threads two
bad_input 2 "conflicting: --model and --words" "--words" "${ENC[@]}" --words
bad_input 2 "conflicting: --words and id output" "--words" "$TOK" encode --words --output-format id
bad_input 2 "bad --on-bad-line" "--on-bad-line" "${ENC[@]}" --on-bad-line maybe
expect 1 "train: missing input" "$TOK" train --input "$W/none.txt" --model-prefix "$W/p" --vocab-size 20 --quiet
grep -qF "none.txt" "$W/err" && [ ! -e "$W/p.model" ] || fail "train: missing input: $(cat "$W/err")"
expect 1 "train: NUL" "$TOK" train --input "$W/nul.txt" --model-prefix "$W/p" --vocab-size 20 --quiet
grep -qF "nul.txt:2: NUL byte" "$W/err" && [ ! -e "$W/p.model" ] || fail "train: NUL: $(cat "$W/err")"

# CRLF encodes as LF; decode writes no CR either.
sed 's/$/\r/' "$W/good.txt" | "${ENC[@]}" | diff - "$W/good.out" > /dev/null || fail "CRLF encodes differently"
# An empty file gives an empty --output file; empty lines give empty lines.
"${ENC[@]}" --input /dev/null --output "$W/empty.out" && [ -f "$W/empty.out" ] && [ ! -s "$W/empty.out" ] \
  || fail "empty input: no empty --output file"
printf '\nA dog.\n\n' | "${ENC[@]}" > "$W/gaps.out"
printf '\n%s\n\n' "$(sed -n 1p "$W/good.out")" | diff - "$W/gaps.out" > /dev/null || fail "empty lines: $(cat -A "$W/gaps.out")"
# A 1 MB line is one line of pieces (memory grows with the line, no limit applies).
{ head -c 1000000 /dev/zero | tr '\0' 'a' | sed 's/a\{9\}/a dog ./g'; echo; echo "A dog."; } > "$W/long.txt"
"${ENC[@]}" --input "$W/long.txt" --threads 2 > "$W/long.out"
[ "$(wc -l < "$W/long.out")" -eq 2 ] && [ "$(sed -n 2p "$W/long.out")" = "$(sed -n 1p "$W/good.out")" ] \
  && [ "$(head -1 "$W/long.out" | wc -w)" -gt 100000 ] || fail "1 MB line"
echo ok
