#!/usr/bin/env bash
# How the Marian fixtures here were made (needs Marian 1.12 from ../shared/peers/build.sh;
# CI does not run this). Two tiny transformers trained by Marian on tests/data/train (the
# reverse-copy task); marian-scorer's log-probabilities of the validation pairs (scores.txt),
# and for post/ marian-decoder's best and n-best lists of the validation sources. (This
# Marian's beam search is broken for the pre-norm model: it prints garbage for sentences its
# own scorer gives log-probabilities near 0, so pre/ is checked against the scorer alone.)
#   post/  post-norm "dan", joint SentencePiece vocabulary, all embeddings tied, swish
#   pre/   pre-norm "n" + "da" + top "n", separate vocabularies, decoder embeddings tied, relu
#   bash tests/data/marian/make_fixture.sh [PEERS]
set -euo pipefail
cd "$(dirname "$0")"
PEERS=${1:-../../../../peers}
MARIAN=$PEERS/marian/build
D=../train
common=(--type transformer --dim-emb 32 --transformer-heads 2 --transformer-dim-ffn 64
  --enc-depth 2 --dec-depth 2 --mini-batch 16 --after-batches 800 --learn-rate 0.003
  --lr-warmup 100 --disp-freq 200 --cpu-threads 1 --seed 7 --overwrite
  --sentencepiece-options '--model_type=bpe --hard_vocab_limit=false --normalization_rule_name=identity')
decode=(--beam-size 4 --normalize 0.6 --n-best --mini-batch 1 --maxi-batch 1 --cpu-threads 1 --quiet)

mkdir -p post pre
rm -f post/* pre/*
"$MARIAN/marian" "${common[@]}" -t "$D/train.src" "$D/train.trg" -m post/model.npz \
  -v post/vocab.spm post/vocab.spm --dim-vocabs 40 40 --tied-embeddings-all \
  --transformer-ffn-activation swish
"$MARIAN/marian" "${common[@]}" -t "$D/train.src" "$D/train.trg" -m pre/model.npz \
  -v pre/src.spm pre/trg.spm --dim-vocabs 36 36 --tied-embeddings \
  --transformer-preprocess n --transformer-postprocess da --transformer-postprocess-top n \
  --transformer-ffn-activation relu
"$MARIAN/marian-decoder" -m post/model.npz -v post/vocab.spm post/vocab.spm "${decode[@]}" < "$D/valid.src" > post/nbest.txt
"$MARIAN/marian-decoder" -m post/model.npz -v post/vocab.spm post/vocab.spm --beam-size 4 --normalize 0.6 \
  --mini-batch 1 --cpu-threads 1 --quiet < "$D/valid.src" > post/best.txt
for m in post pre; do
  vocabs=(post/vocab.spm post/vocab.spm)
  [ $m = pre ] && vocabs=(pre/src.spm pre/trg.spm)
  "$MARIAN/marian-scorer" -m $m/model.npz -v "${vocabs[@]}" -t "$D/valid.src" "$D/valid.trg" --cpu-threads 1 \
    --quiet > $m/scores.txt
  rm -f $m/model.npz.optimizer.npz $m/model.npz.progress.yml $m/model.npz.yml $m/model.npz.decoder.yml $m/train.log
done
ls -la post pre
