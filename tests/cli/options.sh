# One rule per shared option, the same in every tool that has it:
#   --threads N    N threads, 0 = all cores; below 0 bad usage (exit 2, one line naming --threads)
#   --precision P  float32 | bfloat16 | int8 (f32, bf16); anything else bad usage naming --precision
#   input          a missing file is bad input (exit 1): "FILE: cannot open: <the OS's reason>"
#   output         an -o file that cannot be written is bad input (exit 1), and no file appears
# and an internal check that fails is told apart from both (exit 3, "internal error: FILE:LINE").
source "$(dirname "$0")/common.bash"
B="$TOLMACH_BIN"
ROOT=$(cd "$TOLMACH_TEST_DATA/../.." && pwd)
M="$ROOT/models/pretrained/multi30k-en-de"
T="$TOLMACH_TEST_DATA/text"
BL="$TOLMACH_TEST_DATA/bleu"
AL="$TOLMACH_TEST_DATA/align"
NONE="$W/no-such-file"
NODIR="$W/no-such-dir/out"
mentions() { grep -q -- "$1" "$W/err" || fail "$2: stderr does not say '$1': $(cat "$W/err")"; }

printf 'a man rides a bike .\n' > "$W/src.en"
printf 'a man rides a bike . ||| ein mann fährt fahrrad .\n' > "$W/pairs"
"$B/tolmach-tokenize" train --input "$T/train.en" --model-prefix "$W/sp" --vocab-size 200 --quiet

# --threads: -1 is bad usage everywhere; 0 (all cores) is accepted and gives what 1 gives.
threads_cmds=(
  "tolmach-translate -m $M --quiet"
  "tolmach-align -m $M --quiet"
  "tolmach-align ibm2 -i $AL/hansards40.en-fr --quiet"
  "tolmach-tokenize encode --model $W/sp.model"
  "tolmach-tokenize decode --model $W/sp.model"
  "tolmach-tokenize train --input $T/train.en --model-prefix $W/sp2 --vocab-size 200 --quiet"
  "tolmach-score-bleu $BL/wmt17_ref.de -i $BL/wmt17_lium.de"
  "tolmach-train -t $T/train.en $T/train.de -m $W/never --after 1u"
)
for cmd in "${threads_cmds[@]}"; do
  # shellcheck disable=SC2086
  expect 2 "$cmd --threads -1" $B/$cmd --threads -1
  mentions "--threads" "$cmd --threads -1"
  [ ! -e "$W/never" ] || fail "$cmd: bad --threads left a model directory"
done
"$B/tolmach-translate" -m "$M" --quiet --threads 1 < "$W/src.en" > "$W/t1"
"$B/tolmach-translate" -m "$M" --quiet --threads 0 < "$W/src.en" > "$W/t0"
cmp -s "$W/t1" "$W/t0" || fail "translate --threads 0 differs from --threads 1"
"$B/tolmach-align" -m "$M" --quiet --threads 0 < "$W/pairs" > "$W/a0"
"$B/tolmach-align" -m "$M" --quiet --threads 1 < "$W/pairs" > "$W/a1"
cmp -s "$W/a0" "$W/a1" || fail "align --threads 0 differs from --threads 1"
"$B/tolmach-align" ibm2 -i "$AL/hansards40.en-fr" --quiet --threads 0 > "$W/i0"
"$B/tolmach-align" ibm2 -i "$AL/hansards40.en-fr" --quiet --threads 1 > "$W/i1"
cmp -s "$W/i0" "$W/i1" || fail "ibm2 --threads 0 differs from --threads 1"
"$B/tolmach-tokenize" encode --model "$W/sp.model" --threads 0 < "$T/val.en" > "$W/e0"
"$B/tolmach-tokenize" encode --model "$W/sp.model" --threads 1 < "$T/val.en" > "$W/e1"
cmp -s "$W/e0" "$W/e1" || fail "tokenize encode --threads 0 differs from --threads 1"
"$B/tolmach-score-bleu" "$BL/wmt17_ref.de" -i "$BL/wmt17_lium.de" -b --threads 0 > "$W/s0"
"$B/tolmach-score-bleu" "$BL/wmt17_ref.de" -i "$BL/wmt17_lium.de" -b --threads 1 > "$W/s1"
cmp -s "$W/s0" "$W/s1" || fail "score-bleu --threads 0 differs from --threads 1"
# train: 0 passes the option check and fails on the data (bad input, not bad usage).
expect 1 "train --threads 0" "$B/tolmach-train" -t "$NONE" "$NONE" -m "$W/never" --threads 0
mentions "no-such-file: cannot open: No such file or directory" "train --threads 0"

# --precision: one parse, one message.
precision_cmds=(
  "tolmach-translate -m $M --quiet"
  "tolmach-align -m $M --quiet"
  "tolmach-convert -f $M -t $W/never"
  "tolmach-train -t $T/train.en $T/train.de -m $W/never --after 1u"
)
for cmd in "${precision_cmds[@]}"; do
  # shellcheck disable=SC2086
  expect 2 "$cmd --precision fp4" $B/$cmd --precision fp4
  mentions "^tolmach-[a-z-]*: --precision must be float32, bfloat16 or int8, not 'fp4'$" "$cmd --precision fp4"
  [ ! -e "$W/never" ] || fail "$cmd: bad --precision left a directory"
done
expect 2 "train --precision int8" "$B/tolmach-train" -t "$T/train.en" "$T/train.de" -m "$W/never" --precision int8
mentions "training runs in float32 or bfloat16" "train --precision int8"
"$B/tolmach-translate" -m "$M" --quiet --precision f32 < "$W/src.en" > "$W/f32"
"$B/tolmach-translate" -m "$M" --quiet --precision float32 < "$W/src.en" > "$W/float32"
cmp -s "$W/f32" "$W/float32" || fail "--precision f32 is not float32"

# Input: a missing file names itself and the OS's reason, exit 1.
input_cmds=(
  "tolmach-translate -m $M --quiet -i $NONE"
  "tolmach-align -m $M --quiet -i $NONE"
  "tolmach-align -m $M --quiet -s $NONE -t $W/src.en"
  "tolmach-align ibm2 --quiet -i $NONE"
  "tolmach-tokenize encode --model $W/sp.model --input $NONE"
  "tolmach-tokenize decode --model $W/sp.model --input $NONE"
  "tolmach-score-bleu $BL/wmt17_ref.de -i $NONE"
  "tolmach-score-bleu $NONE -i $BL/wmt17_lium.de"
  "tolmach-tokenize train --input $NONE --model-prefix $W/never --quiet"
  "tolmach-tokenize encode --model $NONE"
  "tolmach-train -t $NONE $T/train.de -m $W/never"
)
for cmd in "${input_cmds[@]}"; do
  # shellcheck disable=SC2086
  expect 1 "$cmd" $B/$cmd
  mentions "no-such-file: cannot open: No such file or directory" "$cmd"
done

# Output: a file that cannot be created is bad input, and nothing is left behind.
output_cmds=(
  "tolmach-translate -m $M --quiet -o $NODIR"
  "tolmach-align -m $M --quiet -o $NODIR"
  "tolmach-align ibm2 --quiet -O $NODIR"
  "tolmach-tokenize encode --model $W/sp.model --output $NODIR"
  "tolmach-tokenize decode --model $W/sp.model --output $NODIR"
)
for cmd in "${output_cmds[@]}"; do
  # shellcheck disable=SC2086
  INPUT="$W/pairs" expect 1 "$cmd" $B/$cmd
  mentions "no-such-dir/out" "$cmd"
  [ ! -e "$W/no-such-dir" ] || fail "$cmd created the output's directory"
done

# --help shows float defaults as typed.
"$B/tolmach-translate" --help | grep -q -- "--normalize.*(=0.6)" || fail "translate --help: normalize default not 0.6"
! "$B/tolmach-translate" --help | grep -q "0.600000" || fail "translate --help prints 0.600000..."
! "$B/tolmach-train" --help | grep -q "9.99999\|0.100000\|0.600000" || fail "train --help prints float noise"
"$B/tolmach-align" ibm2 --help | grep -q -- "--p0.*(=0.08)" || fail "ibm2 --help: p0 default not 0.08"

# A failed internal check: exit 3, "internal error: SOURCE:LINE: ...", one line.
expect 3 "internal error" "$TOLMACH_TEST_TOOLS/internal_error"
mentions "^internal_error: internal error: tests/tools/internal_error.cpp:[0-9]*: " "internal error"
echo "options: every shared option's rule holds in every tool"
