#!/usr/bin/env bash
# How the Marian fixtures here were made (needs Marian 1.12 from ../shared/peers/build.sh;
# CI does not run this). Tiny transformers trained by Marian on tests/data/train (the
# reverse-copy task); marian-scorer's log-probabilities of the validation pairs (scores.txt),
# and for post/ and yml/ marian-decoder's best and n-best lists of the validation sources. (This
# Marian's beam search is broken for the pre-norm model: it prints garbage for sentences its
# own scorer gives log-probabilities near 0, so pre/ is checked against the scorer alone.)
#   post/  post-norm "dan", joint SentencePiece vocabulary, all embeddings tied, swish
#   pre/   pre-norm "n" + "da" + top "n", separate vocabularies, decoder embeddings tied, relu
#   yml/   OPUS-MT's layout: source.spm / target.spm (Debian's spm_train; identity normalisation,
#          so no 240 KB NFKC table in each) segment the text, and a joint YAML vocabulary
#          (marian-vocab on the segmented text: frequency order, ids unlike the .spm's) gives the
#          ids; Marian trains and decodes on spm_encode's pieces, and best.txt / nbest.txt hold
#          marian-decoder's hypotheses after spm_decode; test.src is valid.src and two lines with
#          characters source.spm lacks (pieces the YAML maps to <unk>)
#   bash tests/data/marian/make_fixture.sh [PEERS [FIXTURE...]]     (default: post pre yml)
set -euo pipefail
cd "$(dirname "$0")"
PEERS=${1:-../../../../peers}
MARIAN=$PEERS/marian/build
D=../train
common=(--type transformer --dim-emb 32 --transformer-heads 2 --transformer-dim-ffn 64
  --enc-depth 2 --dec-depth 2 --mini-batch 16 --after-batches 800 --learn-rate 0.003
  --lr-warmup 100 --disp-freq 200 --cpu-threads 1 --seed 7 --overwrite)
spm_options=(--sentencepiece-options '--model_type=bpe --hard_vocab_limit=false --normalization_rule_name=identity')
decode=(--beam-size 4 --normalize 0.6 --n-best --mini-batch 1 --maxi-batch 1 --cpu-threads 1 --quiet)
best=(--beam-size 4 --normalize 0.6 --mini-batch 1 --cpu-threads 1 --quiet)

# DIR SRC TRG VOCAB...: marian-scorer's scores of the validation pairs; Marian's training leftovers removed.
score() {
  local m=$1 src=$2 trg=$3; shift 3
  "$MARIAN/marian-scorer" -m $m/model.npz -v "$@" -t "$src" "$trg" --cpu-threads 1 --quiet > $m/scores.txt
  rm -f $m/model.npz.optimizer.npz $m/model.npz.progress.yml $m/model.npz.yml $m/model.npz.decoder.yml $m/train.log
}

make_post() {
  "$MARIAN/marian" "${common[@]}" "${spm_options[@]}" -t "$D/train.src" "$D/train.trg" -m post/model.npz \
    -v post/vocab.spm post/vocab.spm --dim-vocabs 40 40 --tied-embeddings-all \
    --transformer-ffn-activation swish
  "$MARIAN/marian-decoder" -m post/model.npz -v post/vocab.spm post/vocab.spm "${decode[@]}" < "$D/valid.src" > post/nbest.txt
  "$MARIAN/marian-decoder" -m post/model.npz -v post/vocab.spm post/vocab.spm "${best[@]}" < "$D/valid.src" > post/best.txt
  score post "$D/valid.src" "$D/valid.trg" post/vocab.spm post/vocab.spm
}

make_pre() {
  "$MARIAN/marian" "${common[@]}" "${spm_options[@]}" -t "$D/train.src" "$D/train.trg" -m pre/model.npz \
    -v pre/src.spm pre/trg.spm --dim-vocabs 36 36 --tied-embeddings \
    --transformer-preprocess n --transformer-postprocess da --transformer-postprocess-top n \
    --transformer-ffn-activation relu
  score pre "$D/valid.src" "$D/valid.trg" pre/src.spm pre/trg.spm
}

# Text segmented outside Marian, as OPUS-MT does it: spm_encode | marian-decoder | spm_decode.
make_yml() {
  local Y
  Y=$(mktemp -d)
  for side in source:src:40 target:trg:44; do
    IFS=: read -r name ext size <<< "$side"
    spm_train --input="$D/train.$ext" --model_prefix="$Y/$name" --vocab_size="$size" --model_type=bpe \
      --character_coverage=1.0 --normalization_rule_name=identity --minloglevel=2
    mv "$Y/$name.model" yml/$name.spm
    for f in train valid; do spm_encode --model=yml/$name.spm < "$D/$f.$ext" > "$Y/$f.$ext"; done
  done
  { cat "$D/valid.src"; printf 'a fox sees the big zebra\nquick dog runs\n'; } > yml/test.src
  spm_encode --model=yml/source.spm < yml/test.src > "$Y/test.src"
  cat "$Y/train.src" "$Y/train.trg" | "$MARIAN/marian-vocab" 2> /dev/null > yml/vocab.yml
  "$MARIAN/marian" "${common[@]}" -t "$Y/train.src" "$Y/train.trg" -m yml/model.npz \
    -v yml/vocab.yml yml/vocab.yml --tied-embeddings-all
  "$MARIAN/marian-decoder" -m yml/model.npz -v yml/vocab.yml yml/vocab.yml "${best[@]}" < "$Y/test.src" \
    | spm_decode --model=yml/target.spm > yml/best.txt
  # n-best hypotheses (field 2) through spm_decode, the other fields as Marian wrote them
  "$MARIAN/marian-decoder" -m yml/model.npz -v yml/vocab.yml yml/vocab.yml "${decode[@]}" < "$Y/test.src" > "$Y/nbest"
  awk -F' [|][|][|] ' '{ print $2 }' "$Y/nbest" | spm_decode --model=yml/target.spm > "$Y/hyps"
  awk -F' [|][|][|] ' -v OFS=' ||| ' 'NR == FNR { hyp[FNR] = $0; next } { $2 = hyp[FNR]; print }' \
    "$Y/hyps" "$Y/nbest" > yml/nbest.txt
  score yml "$Y/valid.src" "$Y/valid.trg" yml/vocab.yml yml/vocab.yml
  rm -rf "$Y"
}

fixtures=("${@:2}")
((${#fixtures[@]})) || fixtures=(post pre yml)
for m in "${fixtures[@]}"; do
  mkdir -p $m
  rm -f $m/*
  make_$m
  ls -la $m
done
