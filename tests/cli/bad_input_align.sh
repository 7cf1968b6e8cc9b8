# tolmach-align (-m, combine, eval, ibm2) under bad input: exit code, one line naming the file
# and line or the flag, no -o / -O file; CRLF, empty files and empty lines are not errors, a
# 1 MB pair is bounded by --max-length.
source "$(dirname "$0")/common.bash"
source "$(dirname "$0")/model_faults.bash"
ROOT=$(cd "$TOLMACH_TEST_DATA/../.." && pwd)
M="$ROOT/models/pretrained/multi30k-en-de"
AL="$TOLMACH_BIN/tolmach-align"
F=("$AL" -m "$M" --quiet)
printf 'A dog . ||| Ein Hund .\nTwo men . ||| Zwei Männer .\n' > "$W/good"
"${F[@]}" -i "$W/good" > "$W/good.out"

# bad_input CODE WHAT NAMED OUTFLAG ARGS...: exit CODE, one line naming NAMED, no output file.
bad_input() {
  local code=$1 what=$2 named=$3 oflag=$4; shift 4
  rm -f "$W/o.txt"
  expect "$code" "$what" "$@" "$oflag" "$W/o.txt"
  grep -qF -- "$named" "$W/err" || fail "$what: '$named' not named: $(cat "$W/err")"
  [ ! -e "$W/o.txt" ] || fail "$what: an output file was left"
}
printf 'A dog . ||| Ein Hund .\nTwo \xff . ||| Zwei .\n' > "$W/utf8"
printf 'A dog . ||| Ein Hund .\nTwo\0 . ||| Zwei .\n' > "$W/nul"
printf 'A dog . ||| Ein Hund .\nno separator\n' > "$W/nosep"
bad_input 1 "invalid UTF-8" "utf8:2: invalid UTF-8 at byte 5" -o "${F[@]}" -i "$W/utf8"
bad_input 1 "NUL" "nul:2: NUL byte at byte 4" -o "${F[@]}" -i "$W/nul"
bad_input 1 "no separator" "nosep:2: no ' ||| '" -o "${F[@]}" -i "$W/nosep"
printf 'A dog .\n' > "$W/one.en"; printf 'Ein Hund .\nZwei .\n' > "$W/two.de"
bad_input 1 "different line counts" "one.en:1: ends here but" -o "${F[@]}" -s "$W/one.en" -t "$W/two.de"
bad_input 1 "missing file" "$W/none: cannot open" -o "${F[@]}" -i "$W/none"
bad_input 1 "a directory" "$W: read error" -o "${F[@]}" -i "$W"
expect 1 "unwritable -o" "${F[@]}" -i "$W/good" -o "$W/good/x"
grep -qF "good/x" "$W/err" || fail "unwritable -o not named: $(cat "$W/err")"
bad_input 2 "unknown flag" "--frobnicate" -o "${F[@]}" --frobnicate
bad_input 2 "wrong type" "--threshold" -o "${F[@]}" --threshold half
bad_input 2 "conflicting: -i and -s/-t" "--input or --source" -o "${F[@]}" -i "$W/good" -s "$W/one.en" -t "$W/two.de"
bad_input 2 "conflicting: --soft with -r" "--soft" -o "${F[@]}" -r "$M" --soft -i "$W/good"
make_faulty_models "$M" "$W/f"
for fault in $MODEL_FAULTS; do
  bad_input 1 "model: $fault" "$(model_fault_file "$W/f" "$fault")" -o "$AL" -m "$W/f/$fault" --quiet -i "$W/good"
done

# CRLF aligns as LF; an empty file gives an empty -o file; empty lines give empty lines.
sed 's/$/\r/' "$W/good" | "${F[@]}" | diff - "$W/good.out" > /dev/null || fail "CRLF aligns differently"
"${F[@]}" -i /dev/null -o "$W/empty.out" && [ -f "$W/empty.out" ] && [ ! -s "$W/empty.out" ] || fail "empty input"
{ echo; sed -n 1p "$W/good"; echo; } | "${F[@]}" > "$W/gaps.out"
printf '\n%s\n\n' "$(sed -n 1p "$W/good.out")" | diff - "$W/gaps.out" > /dev/null || fail "empty lines: $(cat -A "$W/gaps.out")"
# A 1 MB pair: more subwords than --max-length, so an empty line and a warning naming it.
{ sed -n 1p "$W/good"; head -c 1000000 /dev/zero | tr '\0' 'a' | sed 's/a\{9\}/a dog ./g'; echo " ||| Ein Hund ."; } > "$W/long"
"$AL" -m "$M" --max-length 200 -i "$W/long" > "$W/long.out" 2> "$W/long.err"
printf '%s\n\n' "$(sed -n 1p "$W/good.out")" | diff - "$W/long.out" > /dev/null || fail "1 MB pair: $(head -c 200 "$W/long.out")"
grep -q "long:2: longer than --max-length 200" "$W/long.err" || fail "1 MB pair: no warning: $(cat "$W/long.err")"

# combine / eval: Pharaoh files read in lockstep.
printf '0-0 1-1\n2-2\n' > "$W/a1"; printf '0-0\n' > "$W/a2"; printf '0-0\n1-x\n' > "$W/abad"; printf '0-0\n1-1\0\n' > "$W/anul"
bad_input 1 "combine: different line counts" "a2:1: ends here but" -o "$AL" combine -i "$W/a1" -j "$W/a2" -c union
bad_input 1 "combine: bad link" "abad:2: bad link '1-x'" -o "$AL" combine -i "$W/a1" -j "$W/abad" -c union
bad_input 1 "combine: NUL" "anul:2: NUL byte" -o "$AL" combine -i "$W/a1" -j "$W/anul" -c union
bad_input 1 "combine: a directory" "$W: read error" -o "$AL" combine -i "$W" -j "$W/a1" -c union
bad_input 2 "combine: unknown heuristic" "-c" -o "$AL" combine -i "$W/a1" -j "$W/a1" -c best
expect 1 "eval: bad link" "$AL" eval --gold "$W/a1" --hyp "$W/abad"
grep -qF "abad:2: bad link" "$W/err" || fail "eval: $(cat "$W/err")"
expect 1 "eval: a directory" "$AL" eval --gold "$W" --hyp "$W/a1"
grep -qF "$W: read error" "$W/err" || fail "eval: $(cat "$W/err")"
# ibm2: -O is checked before training.
bad_input 1 "ibm2: no separator" "nosep:2: no ' ||| '" -O "$AL" ibm2 --quiet -i "$W/nosep"
bad_input 1 "ibm2: NUL" "nul:2: NUL byte" -O "$AL" ibm2 --quiet -i "$W/nul"
expect 1 "ibm2: unwritable -O" "$AL" ibm2 -i "$W/good" -O "$W/good/x"
grep -qF "good/x" "$W/err" || fail "ibm2 -O: $(cat "$W/err")"
bad_input 2 "ibm2: wrong type" "--iterations" -O "$AL" ibm2 -i "$W/good" -I five
echo ok
