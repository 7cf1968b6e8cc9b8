#!/usr/bin/env bash
# Word alignment from attention against the statistical aligners, on the gold sets' dev halves
# (../shared/data/align-enfr-hansards-wpt03, align-roen-wpt05): AER of
#   - tolmach-align ibm2 (fast_align's model) and fast_align itself (when built), forward,
#     reverse and grow-diag-final-and, trained on the same text;
#   - Transformers (transformer-tiny, joint SentencePiece) trained on that text in both
#     directions, without and with guided alignment (--guided-alignment: ibm2's
#     grow-diag-final-and links), aligned by forced decoding with argmax and shift attention,
#     forward, reverse and symmetrised (-r, grow-diag-final-and);
#   - the stored outputs of fast_align, GIZA++ (Mgiza) and awesome-align in ref-outputs/
#     (trained on millions of sentences elsewhere: anchors, not a same-data comparison).
# Training text: the gold set's own sentence pairs, first (so the aligned dev lines are lines
# 1..N), then for en-fr Multi30k's lower-cased tokenised en-fr training pairs (29,000); ro-en
# has no other parallel text here, so its models see the 124 dev pairs only.
#
# usage: recipes/alignment/run.sh [SHARED_DATA] [MINUTES_PER_MODEL] [WORK_DIR]
#   SHARED_DATA        ../shared/data (default beside the repository)
#   MINUTES_PER_MODEL  training budget of each Transformer (default 15; two train at a time,
#                      one thread each)
#   WORK_DIR           default work/alignment; results.tsv there, one row per system
# Env: PAIRS (default "enfr roen"), BIN (build/bin), FAST_ALIGN (../peers/fast_align/build/fast_align),
# VOCAB (pieces, default 8000 for en-fr, 1000 for ro-en), GUIDED_WEIGHT (default 1.0), UPSAMPLE
# (default 1: the gold set's pairs appear this many times in the training text of every system,
# so that the out-of-domain Hansards / ro-en sentences weigh more beside Multi30k's captions).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${1:-$ROOT/../shared/data}
MINUTES=${2:-15}
WORK=${3:-$ROOT/work/alignment}
BIN=${BIN:-$ROOT/build/bin}
FAST_ALIGN=${FAST_ALIGN:-$ROOT/../peers/fast_align/build/fast_align}
PAIRS=${PAIRS:-enfr roen}
GUIDED_WEIGHT=${GUIDED_WEIGHT:-1.0}
UPSAMPLE=${UPSAMPLE:-1}
AL="$BIN/tolmach-align"
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
for t in align tokenize train translate; do
  [ -x "$BIN/tolmach-$t" ] || { echo "run.sh: $BIN/tolmach-$t: not built (bash setup.sh)" >&2; exit 1; }
done
mkdir -p "$WORK"
RESULTS=$WORK/results.tsv
printf 'pair\tsystem\tdirection\tAER\tprecision\trecall\n' > "$RESULTS"

# score PAIR SYSTEM DIRECTION HYP [--reverse-hyp]: AER of the first |gold| lines of HYP
# (scratch files in $P: HYP may be read-only data).
score() {
  local pair=$1 system=$2 dir=$3 hyp=$4; shift 4
  head -n "$(wc -l < "$GOLD")" "$hyp" > "$P/scored.dev"
  "$AL" eval --gold "$GOLD" --one-based --hyp "$P/scored.dev" -f json "$@" > "$P/scored.json"
  /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("\t".join(sys.argv[2:5] + ["%.2f" % r[k] for k in ("score", "precision", "recall")]))' \
    "$P/scored.json" "$pair" "$system" "$dir" | tee -a "$RESULTS"
}

# train_model DIR SRC TGT [GUIDE]: transformer-tiny within the budget, one thread.
train_model() {
  local dir=$1 src=$2 tgt=$3 guide=${4:-}
  local extra=()
  [ -n "$guide" ] && extra=(--guided-alignment "$guide" --guided-alignment-weight "$GUIDED_WEIGHT")
  [ -f "$dir/model.safetensors" ] && return 0
  timeout -s TERM "${MINUTES}m" "$BIN/tolmach-train" --task transformer-tiny -t "$src" "$tgt" \
    --vocabs "$P/spm.model" "$P/spm.model" -m "$dir" --tied-embeddings-all --mini-batch-words 2500 \
    -l 0.001 --lr-warmup 1000 --lr-decay-inv-sqrt 1000 --label-smoothing 0.1 --clip-norm 0 \
    --transformer-dropout-attention 0 --transformer-dropout-ffn 0 --max-length 150 \
    --disp-freq 200 --save-freq 500 --seed 1 --threads 1 "${extra[@]}" > "$dir.log" 2>&1 || true
  [ -f "$dir/model.safetensors" ] || { echo "run.sh: training $dir failed: $(tail -2 "$dir.log")" >&2; exit 1; }
}

for pair in $PAIRS; do
  case "$pair" in
    enfr) G=$DATA/align-enfr-hansards-wpt03; L1=en; L2=fr; EXTRA=multi30k/tok/train.lc.norm.tok; V=${VOCAB:-8000} ;;
    roen) G=$DATA/align-roen-wpt05; L1=ro; L2=en; EXTRA=; V=${VOCAB:-1000} ;;
    *) echo "run.sh: unknown pair $pair (enfr, roen)" >&2; exit 2 ;;
  esac
  P=$WORK/$pair; mkdir -p "$P"; GOLD=$G/dev.talp
  cp "$G/dev.$L1" "$P/train.src"; cp "$G/dev.$L2" "$P/train.tgt"
  if [ -n "$EXTRA" ]; then cat "$DATA/$EXTRA.$L1" >> "$P/train.src"; cat "$DATA/$EXTRA.$L2" >> "$P/train.tgt"; fi
  for _ in $(seq 2 "$UPSAMPLE"); do cat "$G/dev.$L1" >> "$P/train.src"; cat "$G/dev.$L2" >> "$P/train.tgt"; done
  paste -d '\t' "$P/train.src" "$P/train.tgt" > "$P/train.pairs"
  log "$pair: $(wc -l < "$P/train.pairs") training pairs (the gold set's $UPSAMPLE times)"

  # 1. The statistical aligners (fast_align's recommended -d -o -v), timed.
  for dir in fwd rev; do
    r=(); [ $dir = rev ] && r=(-r)
    s=$(date +%s.%N); "$AL" ibm2 -i "$P/train.pairs" -d -o -v "${r[@]}" --quiet -O "$P/ibm2.$dir"; e=$(date +%s.%N)
    log "$pair ibm2 $dir: $(wc -l < "$P/train.pairs" | awk -v t="$(echo "$e - $s" | bc)" '{ printf "%.0f pairs/s", $1 / t }')"
    if [ -x "$FAST_ALIGN" ]; then
      sed 's/\t/ ||| /' "$P/train.pairs" > "$P/train.fa"
      s=$(date +%s.%N); "$FAST_ALIGN" -i "$P/train.fa" -d -o -v "${r[@]}" > "$P/fast_align.$dir" 2> /dev/null; e=$(date +%s.%N)
      log "$pair fast_align $dir: $(wc -l < "$P/train.pairs" | awk -v t="$(echo "$e - $s" | bc)" '{ printf "%.0f pairs/s", $1 / t }')"
    fi
  done
  for sys in ibm2 fast_align; do
    [ -f "$P/$sys.fwd" ] || continue
    "$AL" combine -i "$P/$sys.fwd" -j "$P/$sys.rev" -c grow-diag-final-and -o "$P/$sys.gdfa"
    for dir in fwd rev gdfa; do score "$pair" "$sys" "$dir" "$P/$sys.$dir"; done
  done
  "$AL" combine -i "$P/ibm2.gdfa" -c invert -o "$P/ibm2.gdfa.inverted"  # the reverse model's guide

  # 2. Transformers both ways, plain and guided, two at a time (one thread each).
  [ -f "$P/spm.model" ] || "$BIN/tolmach-tokenize" train --input "$P/train.src,$P/train.tgt" \
    --model-prefix "$P/spm" --vocab-size "$V" --seed 1 --quiet
  log "$pair: training 4 Transformers, $MINUTES minutes each, two at a time"
  train_model "$P/fwd" "$P/train.src" "$P/train.tgt" & train_model "$P/rev" "$P/train.tgt" "$P/train.src" & wait
  train_model "$P/fwd-guided" "$P/train.src" "$P/train.tgt" "$P/ibm2.gdfa" &
  train_model "$P/rev-guided" "$P/train.tgt" "$P/train.src" "$P/ibm2.gdfa.inverted" & wait

  # 3. Forced alignment of the dev pairs (the first lines of the training text).
  n=$(wc -l < "$GOLD"); head -n "$n" "$P/train.pairs" > "$P/dev.pairs"
  for model in "" -guided; do
    for method in argmax shift; do
      name="transformer$model.$method"
      "$AL" -m "$P/fwd$model" -i "$P/dev.pairs" --method "$method" --quiet --threads 2 -o "$P/$name.fwd"
      cut -f2 "$P/dev.pairs" | paste -d '\t' - <(cut -f1 "$P/dev.pairs") > "$P/dev.swapped"
      "$AL" -m "$P/rev$model" -i "$P/dev.swapped" --method "$method" --quiet --threads 2 -o "$P/$name.rev"
      "$AL" -m "$P/fwd$model" -r "$P/rev$model" -i "$P/dev.pairs" --method "$method" --quiet --threads 2 \
        -o "$P/$name.gdfa"
      score "$pair" "tolmach-$name" fwd "$P/$name.fwd"
      score "$pair" "tolmach-$name" rev "$P/$name.rev" --reverse-hyp
      score "$pair" "tolmach-$name" gdfa "$P/$name.gdfa"
    done
  done

  # 4. The published-scale anchors stored with the gold set.
  for f in "$G"/ref-outputs/*.dev; do
    name=$(basename "$f" .pharaoh0.dev)
    case "$name" in *rev-tgt-src-order*) score "$pair" "${name%.rev-tgt-src-order}" rev "$f" --reverse-hyp ;;
                    *) score "$pair" "${name%.*}" "${name##*.}" "$f" ;; esac
  done
done
log "results: $RESULTS"
