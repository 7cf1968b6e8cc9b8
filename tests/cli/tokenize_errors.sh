# Bad input and bad usage: one line on stderr naming file and line, exit 1 (input) or 2
# (usage), no partial output file; --replace-invalid carries on; empty lines stay.
source "$(dirname "$0")/common.bash"
T="$TOLMACH_BIN/tolmach-tokenize"
D="$TOLMACH_TEST_DATA/text"
"$T" train --input "$D/train.en" --model-prefix "$W/m" --vocab-size 200 --model-type bpe --quiet

# expect_error CODE STDERR_PATTERN COMMAND...: expect (common.bash) with stdin from $W/in, and
# the one line on stderr matches the pattern.
expect_error() {
  local code=$1 pattern=$2; shift 2
  INPUT="$W/in" expect "$code" "'$*'" "$@"
  grep -qE -- "$pattern" "$W/err" || fail "'$*' stderr '$(cat "$W/err")' lacks /$pattern/"
}

# Invalid UTF-8 on line 3: lines 1-2 come out, then the error names line 3.
printf 'A dog.\n\n\xc3\x28 broken\nA cat.\n' > "$W/in"
for threads in 1 2; do
  expect_error 1 '^tolmach-tokenize: <stdin>:3: invalid UTF-8' "$T" encode --model "$W/m.model" --threads $threads
  printf 'A dog.\n\n' | "$T" encode --model "$W/m.model" | cmp -s - "$W/out" \
    || fail "lines before the bad one not written (threads $threads)"
done
cp "$W/in" "$W/in.txt"
expect_error 1 "in.txt:3: invalid UTF-8" "$T" encode --model "$W/m.model" --input "$W/in.txt" --output "$W/o.txt"
[ ! -e "$W/o.txt" ] || fail "partial output file left behind"
ls "$W" | grep -q '\.tmp' && fail "temporary file left behind"

# --replace-invalid: carries on with U+FFFD; empty lines stay empty lines.
"$T" encode --model "$W/m.model" --replace-invalid < "$W/in" > "$W/out"
[ "$(wc -l < "$W/out")" -eq 4 ] || fail "--replace-invalid lost lines"
[ "$(sed -n 2p "$W/out")" == "" ] || fail "empty line not kept"
# (SentencePiece's nmt_nfkc rule drops U+FFFD; the word mode shows the replacement.)
"$T" encode --words --replace-invalid < "$W/in" | sed -n 3p | grep -qx $'\xef\xbf\xbd ( broken' || fail "no U+FFFD"

# Training on a bad corpus names file and line and writes no model.
expect_error 1 "in.txt:3: invalid UTF-8" "$T" train --input "$W/in.txt" --model-prefix "$W/bad" --vocab-size 20 --quiet
[ ! -e "$W/bad.model" ] && [ ! -e "$W/bad.vocab" ] || fail "model written from a bad corpus"

# Models: missing, corrupt.
: > "$W/in"
expect_error 1 "absent.model: cannot open" "$T" encode --model "$W/absent.model"
echo "not a model" > "$W/corrupt.model"
expect_error 1 "corrupt.model: not a valid SentencePiece model" "$T" encode --model "$W/corrupt.model"
expect_error 1 "corrupt.model: not a valid SentencePiece model" "$T" decode --model "$W/corrupt.model"

# Decode: ids that are not numbers or not in the vocabulary name their line.
printf '5 6 7\n5 x 7\n' > "$W/in"
expect_error 1 '<stdin>:2: not an id' "$T" decode --model "$W/m.model" --input-format id
printf '5 6 7\n\n9 200\n' > "$W/in"
expect_error 1 '<stdin>:3: id 200 is outside the vocabulary' "$T" decode --model "$W/m.model" --input-format id --threads 2

# Usage errors exit 2.
: > "$W/in"
expect_error 2 "missing command" "$T"
expect_error 2 "unknown command" "$T" frobnicate
expect_error 2 "exactly one of --model and --words" "$T" encode
expect_error 2 "output-format" "$T" encode --model "$W/m.model" --output-format proto
expect_error 2 "normalize" "$T" encode --model "$W/m.model" --normalize nfd
expect_error 2 "n-best lists need a unigram model" "$T" encode --model "$W/m.model" --nbest 3
"$T" train --input "$D/train.en" --model-prefix "$W/c" --vocab-size 60 --model-type char --quiet
expect_error 2 "no subword sampling" "$T" encode --model "$W/c.model" --alpha 0.1
expect_error 2 "threads" "$T" encode --model "$W/m.model" --threads -1  # 0 is all cores (tests/cli/options.sh)
expect_error 2 "model-type" "$T" train --input "$D/train.en" --model-prefix "$W/x" --model-type bogus
expect_error 2 "model-prefix" "$T" train --input "$D/train.en"
expect_error 2 "unrecognised|unrecognized" "$T" encode --model "$W/m.model" --no-such-flag
# Too large a vocabulary for the corpus: SentencePiece's reason, exit 1, no model.
expect_error 1 "Vocabulary size" "$T" train --input "$D/val.en" --model-prefix "$W/big" --vocab-size 5000 --quiet
[ ! -e "$W/big.model" ] || fail "model written after failed training"
echo "ok: errors name file and line, exit codes 1/2, no partial files"
