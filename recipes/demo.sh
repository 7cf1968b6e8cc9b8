#!/usr/bin/env bash
# The README's demo pipeline on data that ships with the repo (tests/data):
# learn a joint subword model, segment English through a pipe and back, and score a
# WMT17 system output with BLEU, chrF and TER as sacreBLEU would.
set -euo pipefail
BIN=${1:-build/bin}
cd "$(dirname "$0")/.."
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
T=tests/data

echo "== tolmach-tokenize: a joint en+de BPE model (500 pieces) from $T/text/train.*" >&2
"$BIN/tolmach-tokenize" train --input "$T/text/train.en,$T/text/train.de" \
  --model-prefix "$work/joint" --vocab-size 500 --model-type bpe --quiet

printf 'Two young children are playing in the sand.\nA man in a blue shirt rides a bicycle.\n' |
  "$BIN/tolmach-tokenize" encode --model "$work/joint.model" | tee "$work/pieces"
echo "== ... and back" >&2
"$BIN/tolmach-tokenize" decode --model "$work/joint.model" < "$work/pieces"

echo "== tolmach-score-bleu: WMT17 uedin-nmt (first 20 lines) against the reference" >&2
"$BIN/tolmach-score-bleu" "$T/bleu/wmt17_ref.de" -i "$T/bleu/wmt17_uedin.de" -m bleu chrf ter -f text
