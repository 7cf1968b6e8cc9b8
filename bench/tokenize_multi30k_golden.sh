#!/usr/bin/env bash
# Golden check on the full Multi30k corpus: train a joint en+de model with tolmach-tokenize
# and with spm_train (same settings), then encode every Multi30k raw file (all languages)
# with tolmach-tokenize and with spm_encode, as pieces and as ids, and count identical lines;
# and check decode(encode(x)) == x as normalised by the model's own rule (spm_normalize).
# usage: bench/tokenize_multi30k_golden.sh [BUILD_DIR] [MULTI30K_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build}/bin
M=${2:-$ROOT/../shared/data/multi30k}/raw
T="$BIN/tolmach-tokenize"
[ -x "$T" ] || { echo "build tolmach-tokenize first ($T)" >&2; exit 1; }
[ -d "$M" ] || { echo "no Multi30k at $M" >&2; exit 1; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
status=0
same_lines() {  # same_lines A B: how many line numbers hold the same line in A and B
  awk 'NR == FNR { a[FNR] = $0; next } (FNR in a) && a[FNR] == $0 { c++ } END { print c + 0 }' "$1" "$2"
}
for type in bpe unigram; do
  "$T" train --input "$M/train.en,$M/train.de" --model-prefix "$W/t" --vocab-size 8000 --model-type $type \
    --seed 1 --threads 2 --quiet
  spm_train --input="$M/train.en,$M/train.de" --model_prefix="$W/s" --vocab_size=8000 --model_type=$type \
    --pad_id=0 --unk_id=1 --bos_id=2 --eos_id=3 --random_seed=1 --num_threads=2 --minloglevel=2
  if cmp -s "$W/t.vocab" "$W/s.vocab"; then echo "$type: vocabulary identical to spm_train (8000 pieces)";
  else echo "$type: vocabulary DIFFERS from spm_train"; status=1; fi
  total=0; same=0; rt=0
  for f in "$M"/*; do
    for fmt in piece id; do
      spm_encode --model="$W/t.model" --output_format=$fmt < "$f" > "$W/ref"
      "$T" encode --model "$W/t.model" --output-format $fmt --threads 2 < "$f" > "$W/out"
      n=$(wc -l < "$f")
      k=$(same_lines "$W/ref" "$W/out")
      [ "$(wc -l < "$W/out")" -eq "$n" ] || k=0
      total=$((total + n)); same=$((same + k))
      printf '%-8s %-24s %-5s lines %6d identical %6d\n' $type "$(basename "$f")" $fmt $n $k
    done
    "$T" encode --model "$W/t.model" < "$f" | "$T" decode --model "$W/t.model" > "$W/rt"
    spm_normalize --model="$W/t.model" < "$f" > "$W/norm"
    rt=$((rt + $(same_lines "$W/norm" "$W/rt")))
  done
  echo "$type: $same of $total lines identical to spm_encode (pieces and ids)"
  echo "$type: decode(encode(x)) == normalised x on $rt of $((total / 2)) lines"
  [ $same -eq $total ] && [ $rt -eq $((total / 2)) ] || status=1
done
exit $status
