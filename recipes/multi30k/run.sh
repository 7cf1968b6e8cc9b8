#!/usr/bin/env bash
# Multi30k en->de with the RNN-attention model or the Transformer, end to end:
#   SentencePiece (joint, VOCAB pieces) -> tolmach-train (time budget) -> tolmach-translate test_2016_flickr
#   -> tolmach-score-bleu: sacreBLEU-style detokenised BLEU on raw text, and lowercased
#   BLEU against the lower-cased, tokenised references in tok/.
#
# usage: recipes/multi30k/run.sh [DATA_DIR] [BUDGET_MINUTES] [WORK_DIR]
#   DATA_DIR        Multi30k with raw/ and tok/ (default ../shared/data/multi30k from the repo root)
#   BUDGET_MINUTES  training wall-clock budget; SIGTERM then makes the trainer save and stop
#                   (default 60). Re-running continues training from the last checkpoint.
#   WORK_DIR        where the vocabulary, model and outputs go (default work/multi30k)
# Settings can be changed through the environment: VOCAB (pieces of the joint SentencePiece
# model, default 8000; read when WORK_DIR has none yet), TYPE (rnn or transformer, default rnn),
# DIM_EMB DIM_RNN ATTENTION (rnn; tied output layer when DIM_EMB = DIM_RNN), DROPOUT (and for the
# transformer DROPOUT_ATTENTION, DROPOUT_FFN: 0.1 each, as the shipped model was trained; TASK: the
# preset, transformer-small by default; WARMUP: updates of linear warm-up, then 1/sqrt decay, 800)
# MINI_BATCH_WORDS LEARN_RATE SMOOTHING (exponential smoothing factor) PRECISION (float32, or
# bfloat16 for mixed-precision training) BEAM NORMALIZE (length normalisation of the test
# translations, default 0.6) THREADS BIN (default build/bin), AFTER (e.g. 3000u:
# stop after that many updates, whichever of it and the budget comes first; for comparisons that
# should not depend on the machine's load; COOLDOWN=N then lowers the learning rate linearly to 0
# over the last N of those updates), ADAM (Adam's beta1 beta2 eps, default "0.9 0.999 1e-8";
# fairseq trains Transformers with "0.9 0.98 1e-8"), SNAPSHOT_MINUTES (default 60: keep and
# score the model of every hour), and SHIP=DIR to write the trained model converted to int8
# (tolmach-convert) there, as models/pretrained was made. TEXT=lc-tok trains and translates the lower-cased,
# Moses-tokenised files of tok/ instead of raw/ (as Wu et al. 2021 trained the 41.0 anchor) and
# then also scores the tokens as they are (sacreBLEU -tok none: fairseq's BLEU on tokenised text).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${1:-$ROOT/../shared/data/multi30k}
BUDGET=${2:-60}
WORK=${3:-$ROOT/work/multi30k}
BIN=${BIN:-$ROOT/build/bin}
TYPE=${TYPE:-rnn}
DIM_EMB=${DIM_EMB:-256}
DIM_RNN=${DIM_RNN:-256}
ATTENTION=${ATTENTION:-additive}
BEAM=${BEAM:-6}
NORMALIZE=${NORMALIZE:-0.6}
THREADS=${THREADS:-0}
TASK=${TASK:-transformer-small}
WARMUP=${WARMUP:-800}
VOCAB=${VOCAB:-8000}
TEXT=${TEXT:-raw}
case "$TEXT" in
  raw) train=raw/train; val=raw/val; test_src=raw/test_2016_flickr.en ;;
  lc-tok) train=tok/train.lc.norm.tok; val=tok/val.lc.norm.tok; test_src=tok/test_2016_flickr.lc.norm.tok.en ;;
  *) echo "run.sh: TEXT must be raw or lc-tok" >&2; exit 2 ;;
esac

for f in $train.en $train.de $val.en $val.de $test_src raw/test_2016_flickr.de tok/test_2016_flickr.lc.norm.tok.de; do
  [ -f "$DATA/$f" ] || { echo "run.sh: $DATA/$f: missing (see DATA_DIR in the usage)" >&2; exit 1; }
done
for t in tokenize train translate score-bleu; do
  [ -x "$BIN/tolmach-$t" ] || { echo "run.sh: $BIN/tolmach-$t: not built (cmake --build build)" >&2; exit 1; }
done
mkdir -p "$WORK"
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# 1. Joint SentencePiece model (unigram, VOCAB pieces) on the training text of both languages.
if [ ! -f "$WORK/spm.model" ]; then
  log "training a joint SentencePiece model ($VOCAB pieces)"
  "$BIN/tolmach-tokenize" train --input "$DATA/$train.en,$DATA/$train.de" --model-prefix "$WORK/spm" \
    --vocab-size "$VOCAB" --seed 1 --quiet
fi

# 2. Train within the budget: timeout sends SIGTERM, the trainer saves a checkpoint, validates
#    the weights it stopped with (the final model) and exits 0.
case "$TYPE" in
  rnn)
    model_args=(--type rnn --dim-emb "$DIM_EMB" --dim-rnn "$DIM_RNN" --enc-depth 1 --dec-depth 1
                --attention "$ATTENTION" --dropout "${DROPOUT:-0.2}" --mini-batch-words "${MINI_BATCH_WORDS:-1500}"
                -l "${LEARN_RATE:-0.001}" --lr-warmup 500 --clip-norm 5 --after-epochs 60
                --exponential-smoothing "${SMOOTHING:-0.002}" --valid-metrics bleu cross-entropy perplexity
                --valid-beam-size 4 --valid-freq 1000 --early-stopping 10 --keep-checkpoints 4)
    [ "$DIM_EMB" = "$DIM_RNN" ] && model_args+=(--tied-embeddings)
    what="dim-emb $DIM_EMB, dim-rnn $DIM_RNN, attention $ATTENTION" ;;
  transformer)
    # transformer-small with one joint table, Vaswani's schedule and a moving average of the weights;
    # no epoch limit (transformer-tiny passes 100 epochs in 100 minutes): the budget, AFTER or
    # early stopping ends it.
    model_args=(--task "$TASK" --tied-embeddings-all --dropout "${DROPOUT:-0.3}"
                --transformer-dropout-attention "${DROPOUT_ATTENTION:-0.1}" --transformer-dropout-ffn "${DROPOUT_FFN:-0.1}"
                --mini-batch-words "${MINI_BATCH_WORDS:-2500}" -l "${LEARN_RATE:-0.001}" --lr-warmup "$WARMUP"
                --lr-decay-inv-sqrt "$WARMUP" --clip-norm 0 --exponential-smoothing "${SMOOTHING:-0.002}"
                --valid-metrics bleu cross-entropy --valid-beam-size 4 --valid-freq 500
                --early-stopping 10 --keep-checkpoints 6)
    what="$TASK" ;;
  *) echo "run.sh: TYPE must be rnn or transformer" >&2; exit 2 ;;
esac
log "training for at most $BUDGET minutes ($what)"
start=$(date +%s)

# A copy of the model (the best validated so far) every SNAPSHOT_MINUTES (default 60) before the
# budget ends, in WORK/after-Mmin, scored with the final model: BLEU after each hour of training.
snapshot_every() {  # MINUTES
  local m=$1
  while [ "$m" -lt "$BUDGET" ] && sleep $(($1 * 60)); do
    mkdir -p "$WORK/after-${m}min"
    cp "$WORK/model/config.json" "$WORK/model/model.safetensors" "$WORK/model/vocab.model" "$WORK/after-${m}min/"
    m=$((m + $1))
  done
}
rm -rf "$WORK"/after-*min
snapshot_every "${SNAPSHOT_MINUTES:-60}" &
snapshots=$!
trap 'pkill -P "$snapshots" sleep 2>/dev/null || true' EXIT  # ends the snapshot loop with the script
set +e
timeout -s TERM "${BUDGET}m" "$BIN/tolmach-train" "${model_args[@]}" \
  -t "$DATA/$train.en" "$DATA/$train.de" --vocabs "$WORK/spm.model" "$WORK/spm.model" -m "$WORK/model" \
  --maxi-batch 100 --max-length 80 -o adam --label-smoothing 0.1 --seed 1 --threads "$THREADS" \
  --disp-freq 100 --save-freq 500 --valid-sets "$DATA/$val.en" "$DATA/$val.de" \
  --keep-best --log "$WORK/train.log" --precision "${PRECISION:-float32}" ${AFTER:+--after "$AFTER"} \
  ${COOLDOWN:+--lr-cooldown "$COOLDOWN"} ${ADAM:+--optimizer-params $ADAM}
rc=$?
set -e
[ $rc -eq 0 ] || [ $rc -eq 124 ] || { echo "run.sh: training failed (exit $rc)" >&2; exit $rc; }
log "training stopped after $(( ($(date +%s) - start) / 60 )) minutes"

# 3. Translate the test set (beam search, length normalisation) with the final model and each
#    snapshot; 4. score: detokenised (sacreBLEU default 13a) on raw text, and lowercased
#    against the tok references.
evaluate() {  # MODEL_DIR NAME
  log "translating test_2016_flickr with $2 (beam $BEAM, normalize $NORMALIZE)"
  "$BIN/tolmach-translate" -m "$1" -b "$BEAM" --normalize "$NORMALIZE" --threads "$THREADS" --quiet \
    -i "$DATA/$test_src" -o "$WORK/test_2016_flickr.$2.hyp.de"
  if [ "$TEXT" = raw ]; then
    echo "$2: detokenised BLEU (raw references, sacreBLEU 13a):"
    "$BIN/tolmach-score-bleu" "$DATA/raw/test_2016_flickr.de" -i "$WORK/test_2016_flickr.$2.hyp.de" -f text
  else
    echo "$2: BLEU of the tokens as they are (tok/ references, -tok none):"
    "$BIN/tolmach-score-bleu" "$DATA/tok/test_2016_flickr.lc.norm.tok.de" -i "$WORK/test_2016_flickr.$2.hyp.de" \
      -tok none -f text --force
  fi
  echo "$2: lowercased tokenised BLEU (tok/ references, -lc, 13a):"
  "$BIN/tolmach-score-bleu" "$DATA/tok/test_2016_flickr.lc.norm.tok.de" -i "$WORK/test_2016_flickr.$2.hyp.de" \
    -lc -f text --force
}
{
  for snapshot in $(ls -d "$WORK"/after-*min 2>/dev/null | sort -V); do evaluate "$snapshot" "$(basename "$snapshot")"; done
  evaluate "$WORK/model" final
} | tee "$WORK/scores.txt"

# 5. Optionally the model for shipping: int8 weights, int8 by default in tolmach-translate.
if [ -n "${SHIP:-}" ]; then
  log "writing $SHIP (int8)"
  "$BIN/tolmach-convert" -f "$WORK/model" -t "$SHIP" --precision int8 --quiet
fi
