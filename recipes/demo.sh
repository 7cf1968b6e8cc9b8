#!/usr/bin/env bash
# The README's demo on what ships with the repo: translate English with the pretrained
# Multi30k Transformer (models/pretrained/multi30k-en-de), show one sentence's word
# alignment and model score, score the translations with BLEU; then the subword and
# scoring tools on their own (tests/data).
set -euo pipefail
BIN=${1:-build/bin}
cd "$(dirname "$0")/.."
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
M=models/pretrained/multi30k-en-de
T=tests/data

echo "== tolmach-translate -m $M: the first lines of Multi30k's test_2016_flickr" >&2
"$BIN/tolmach-translate" -m "$M" --quiet < "$T/pretrained/test_2016_flickr.head8.en" | tee "$work/hyp.de"

echo "== one sentence with its word alignment (source-target word indices) and model score" >&2
head -1 "$T/pretrained/test_2016_flickr.head8.en" >&2
head -1 "$T/pretrained/test_2016_flickr.head8.en" |
  "$BIN/tolmach-translate" -m "$M" --quiet --n-best --alignment hard -b 4 | head -1

echo "== tolmach-score-bleu: those translations against the references" >&2
"$BIN/tolmach-score-bleu" "$T/pretrained/test_2016_flickr.head8.de" -i "$work/hyp.de" -m bleu chrf -f text

echo "== tolmach-tokenize: a joint en+de BPE model (500 pieces) from $T/text/train.*" >&2
"$BIN/tolmach-tokenize" train --input "$T/text/train.en,$T/text/train.de" \
  --model-prefix "$work/joint" --vocab-size 500 --model-type bpe --quiet
printf 'Two young children are playing in the sand.\nA man in a blue shirt rides a bicycle.\n' |
  "$BIN/tolmach-tokenize" encode --model "$work/joint.model" | tee "$work/pieces"
echo "== ... and back" >&2
"$BIN/tolmach-tokenize" decode --model "$work/joint.model" < "$work/pieces"

echo "== tolmach-score-bleu: WMT17 uedin-nmt (first 20 lines) against the reference" >&2
"$BIN/tolmach-score-bleu" "$T/bleu/wmt17_ref.de" -i "$T/bleu/wmt17_uedin.de" -m bleu chrf ter -f text
