# tolmach-score-bleu under bad input: exit code, one line naming the file (and line) or the
# flag; CRLF scores as LF (sacreBLEU strips trailing whitespace), an empty pair of files
# scores 0 with a warning, a 1 MB line is scored.
source "$(dirname "$0")/common.bash"
S="$TOLMACH_BIN/tolmach-score-bleu"
printf 'A dog runs.\nTwo men sit on a bench.\n' > "$W/ref"
printf 'A dog runs.\nTwo men sit on the bench.\n' > "$W/hyp"
"$S" "$W/ref" -i "$W/hyp" -b > "$W/good"

bad_input() {
  local code=$1 what=$2 named=$3; shift 3
  expect "$code" "$what" "$@"
  grep -qF -- "$named" "$W/err" || fail "$what: '$named' not named: $(cat "$W/err")"
  [ ! -s "$W/out" ] || fail "$what: a score was printed: $(cat "$W/out")"
}
printf 'A dog runs.\nTwo \xff men.\n' > "$W/utf8"
bad_input 1 "invalid UTF-8 hypothesis" "utf8:2: invalid UTF-8 at byte 5" "$S" "$W/ref" -i "$W/utf8"
bad_input 1 "invalid UTF-8 reference" "utf8:2: invalid UTF-8" "$S" "$W/utf8" -i "$W/hyp"
INPUT="$W/utf8" bad_input 1 "invalid UTF-8 stdin" "<stdin>:2: invalid UTF-8" "$S" "$W/ref"
printf 'A dog runs.\nTwo\0 men.\n' > "$W/nul"
bad_input 1 "NUL" "nul:2: NUL byte at byte 4" "$S" "$W/ref" -i "$W/nul"
head -1 "$W/hyp" > "$W/short"
bad_input 1 "different line counts" "short: hypothesis has 1 lines but reference" "$S" "$W/ref" -i "$W/short"
bad_input 1 "missing hypothesis" "$W/none" "$S" "$W/ref" -i "$W/none"
bad_input 1 "missing reference" "$W/none" "$S" "$W/none" -i "$W/hyp"
bad_input 1 "a directory" "$W: is a directory" "$S" "$W/ref" -i "$W"
bad_input 2 "unknown flag" "--frobnicate" "$S" "$W/ref" -i "$W/hyp" --frobnicate
bad_input 2 "wrong type" "--width" "$S" "$W/ref" -i "$W/hyp" -w wide
bad_input 2 "conflicting flags" "--paired-bs and --paired-ar" "$S" "$W/ref" -i "$W/hyp" "$W/hyp" --paired-bs --paired-ar
bad_input 2 "unknown tokenizer" "tokenize" "$S" "$W/ref" -i "$W/hyp" --tokenize moses

sed 's/$/\r/' "$W/hyp" > "$W/crlf"
[ "$("$S" "$W/ref" -i "$W/crlf" -b)" = "$(cat "$W/good")" ] || fail "CRLF scores differently"
: > "$W/empty"
"$S" "$W/empty" -i "$W/empty" -b > "$W/e.out" 2> "$W/e.err" || fail "empty files: exit $?"
[ "$(cat "$W/e.out")" = "0.0" ] && grep -q "warning: empty input" "$W/e.err" || fail "empty files: $(cat "$W/e.out" "$W/e.err")"
printf '\nA dog runs.\n' > "$W/gap.ref"; printf '\nA dog runs.\n' > "$W/gap.hyp"
[ "$("$S" "$W/gap.ref" -i "$W/gap.hyp" -b)" = "100.0" ] || fail "empty lines do not score as empty segments"
{ head -c 1000000 /dev/zero | tr '\0' 'a' | sed 's/a\{9\}/a dog ./g'; echo; } > "$W/long"
[ "$("$S" "$W/long" -i "$W/long" -b)" = "100.0" ] || fail "a 1 MB line does not score 100 against itself"
echo ok
