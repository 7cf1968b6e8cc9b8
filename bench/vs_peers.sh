#!/usr/bin/env bash
# tolmach beside Marian 1.12 and CTranslate2 4.8, in one run on this machine, same weights:
#
#  1. Training: Multi30k en-de transformer-small (dim 256, 4 heads, ffn 1024, 3+3 layers,
#     all embeddings tied, label smoothing 0.1, the same joint SentencePiece vocabulary of
#     8000 made by Marian, the same --mini-batch-words), target tokens/s of Marian f32 and
#     tolmach f32 (and bf16 where the CPU has bf16 kernels) between update WARMUP and UPDATES.
#  2. Translation of test_2016_flickr (1,000 sentences) with ONE Marian-trained model (trained
#     by ../shared/peers/marian-ct2-translate.sh train, reused when present), imported into
#     tolmach (tolmach-convert -f model.npz) and converted to CTranslate2: wall seconds, target
#     tokens/s, peak RSS, BLEU for marian-decoder f32, CTranslate2 f32/int8, tolmach
#     f32/bf16/int8; beam 4 batch 32, greedy batch 32, and beam 4 batch 1 (ms per sentence).
#
#   bash bench/vs_peers.sh [BUILD_DIR]         (peers from ../shared/peers/build.sh in ../peers)
#   Env: THREADS (2), UPDATES (60), WARMUP (10), BATCH_WORDS (2000), TRAIN_MINUTES (30),
#        SKIP_TRAINING=1, LINES (only the first N test sentences), MODES ("4,32 1,32 4,1": beam,batch), MARIAN_PRELOAD (tcmalloc),
#        PEERS, WORK ($PEERS/exp/multi30k-ende, shared with the peers' script)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
SHARED=$ROOT/../shared
PEERS=${PEERS:-$(cd "$ROOT/.." && pwd)/peers}
DATA=$SHARED/data/multi30k/raw
WORK=${WORK:-$PEERS/exp/multi30k-ende}
THREADS=${THREADS:-2}
UPDATES=${UPDATES:-60}
WARMUP=${WARMUP:-10}
BATCH_WORDS=${BATCH_WORDS:-2000}
MARIAN=$PEERS/marian/build
CT2=$PEERS/ctranslate2
TM=$BUILD/bin
export PEERS WORK TRAIN_MINUTES=${TRAIN_MINUTES:-30} THREADS
[ -x "$MARIAN/marian" ] || { echo "vs_peers.sh: no Marian in $MARIAN (../shared/peers/build.sh marian)" >&2; exit 1; }
# Marian as upstream builds it runs on tcmalloc (../shared/peers/README.md: this build links
# glibc malloc), so it is preloaded; MARIAN_PRELOAD= (empty) measures it without.
MARIAN_PRELOAD=${MARIAN_PRELOAD-/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4}
MARIAN_ENV=(env); [ -n "$MARIAN_PRELOAD" ] && [ -f "$MARIAN_PRELOAD" ] && MARIAN_ENV=(env LD_PRELOAD="$MARIAN_PRELOAD")
SACREBLEU() { PYTHONPATH=$PEERS/sacrebleu /usr/bin/python3 -m sacrebleu "$@"; }
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; kernels: $(grep -o -w 'avx2\|avx512f\|avx512_bf16\|avx512_vnni\|avx_vnni\|amx_tile' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "threads $THREADS; Marian with ${MARIAN_ENV[*]:1}; $(date -u +%F\ %H:%M) UTC"

# The Marian-trained model every engine translates with (and whose vocabulary both train with).
bash "$SHARED/peers/marian-ct2-translate.sh" train >&2
[ -f "$WORK/model.npz" ] && [ -f "$WORK/vocab.spm" ] || { echo "vs_peers.sh: no $WORK/model.npz" >&2; exit 1; }

# ---- 1. training throughput ------------------------------------------------------------
# target tokens/s between the log lines of update WARMUP and UPDATES, from each log's clock.
marian_rate() {  # LOG: Marian prints "Up. N : Sen. S : Cost C : Time T s : R words/s" per disp-freq
  awk -v a="$WARMUP" -v b="$UPDATES" '/Up\. [0-9,]+ :/ { gsub(",", ""); sub("s$", "", $0)
      for (i = 1; i <= NF; i++) { if ($i == "Up.") u = $(i+1);
      if ($i == "Time") { t = $(i+1); sub("s$", "", t) } if ($(i+1) == "words/s") r = $i }
      if (u + 0 > a + 0 && u + 0 <= b + 0) { sum += t; words += t * r } }
    END { if (sum > 0) printf "%.0f", words / sum; else print "n/a" }' "$1"
}
tolmach_rate() {  # LOG: "... Up. N : ... : Words W : ... tok/s" — same window, from the trainer's own figures
  awk -v a="$WARMUP" -v b="$UPDATES" '/Up\. [0-9]+ :/ { for (i = 1; i <= NF; i++) { if ($i == "Up.") u = $(i+1);
      if ($(i+1) ~ /^(words|tok|tokens)\/s$/) r = $i }
      if (u + 0 > a + 0 && u + 0 <= b + 0) { s += r; n++ } }
    END { if (n > 0) printf "%.0f", s / n; else print "n/a" }' "$1"
}
if [ -z "${SKIP_TRAINING:-}" ]; then
  echo
  echo "== training: transformer-small, Multi30k en-de, mini-batch-words $BATCH_WORDS, updates $WARMUP..$UPDATES"
  common_marian=(--type transformer --transformer-postprocess dan --transformer-ffn-activation relu
    --dim-emb 256 --transformer-heads 4 --transformer-dim-ffn 1024 --enc-depth 3 --dec-depth 3
    --tied-embeddings-all --label-smoothing 0.1 --transformer-dropout 0.1 --max-length 100
    --train-sets "$DATA/train.en" "$DATA/train.de" --vocabs "$WORK/vocab.spm" "$WORK/vocab.spm"
    --mini-batch-words "$BATCH_WORDS" --maxi-batch 100 -w 3000 --cpu-threads "$THREADS"
    --learn-rate 0.0005 --lr-warmup 800 --optimizer-params 0.9 0.98 1e-09 --clip-norm 0
    --after-batches "$UPDATES" --disp-freq 5 --seed 1111 --no-shuffle --save-freq 100000 --quiet-translation)
  "${MARIAN_ENV[@]}" "$MARIAN/marian" "${common_marian[@]}" -m "$W/marian.npz" --log "$W/marian.log" 2> /dev/null
  printf '%-18s %8s target tokens/s\n' "marian f32" "$(marian_rate "$W/marian.log")"
  for p in float32 bfloat16; do
    "$TM/tolmach-train" --task transformer-small -t "$DATA/train.en" "$DATA/train.de" \
      --vocabs "$WORK/vocab.spm" "$WORK/vocab.spm" -m "$W/tm-$p" --tied-embeddings-all \
      --label-smoothing 0.1 --dropout 0.1 --max-length 100 --mini-batch-words "$BATCH_WORDS" \
      -l 0.0005 --lr-warmup 800 --optimizer-params 0.9 0.98 1e-09 --clip-norm 0 --threads "$THREADS" \
      --precision "$p" --after "${UPDATES}u" \
      --disp-freq 5 --seed 1111 --log "$W/tm-$p.log" 2> /dev/null
    printf '%-18s %8s target tokens/s%s\n' "tolmach $p" "$(tolmach_rate "$W/tm-$p.log")" \
      "$(grep -q 'as float32' "$W/tm-$p.log" && echo ' (no bf16 kernels: ran as float32)')"
  done
fi

# ---- 2. translation with one Marian-trained model ---------------------------------------
src=$DATA/test_2016_flickr.en ref=$DATA/test_2016_flickr.de
if [ -n "${LINES:-}" ]; then  # a quick look at the first LINES sentences
  head -n "$LINES" "$src" > "$W/src.en"; head -n "$LINES" "$ref" > "$W/ref.de"; src=$W/src.en ref=$W/ref.de
fi
for p in float32 bfloat16 int8; do
  "$TM/tolmach-convert" -f "$WORK/model.npz" --vocabs "$WORK/vocab.spm" -t "$W/imported-$p" --precision "$p" --quiet
done
# (re)converted whenever model.npz is newer than the CTranslate2 model
if [ -x "$CT2/install/bin/ct2-translator" ] && [ "$WORK/model.npz" -nt "$WORK/ct2_model/model.bin" ]; then
  /usr/bin/python3 - "$WORK" <<'PY'
import json, sys, sentencepiece as s
m = s.SentencePieceProcessor(model_file=sys.argv[1] + "/vocab.spm")
with open(sys.argv[1] + "/vocab.yml", "w", encoding="utf-8") as f:
    for i in range(m.get_piece_size()):
        f.write("%s: %d\n" % (json.dumps(m.id_to_piece(i), ensure_ascii=False), i))
PY
  PYTHONPATH=$CT2/python LD_LIBRARY_PATH=$CT2/install/lib /usr/bin/python3 -m ctranslate2.converters.marian \
    --model_path "$WORK/model.npz" --vocab_paths "$WORK/vocab.yml" "$WORK/vocab.yml" --output_dir "$WORK/ct2_model" --force > /dev/null
fi
spm_encode --model "$WORK/vocab.spm" < "$src" > "$W/src.sp"
lines=$(wc -l < "$src")

# run NAME HYP COMMAND...: wall seconds and peak RSS by /usr/bin/time; a row of the table.
# A HYP ending in .sp holds SentencePiece pieces (CTranslate2's output), detokenised after timing.
run() {
  local name=$1 hyp=$2; shift 2
  /usr/bin/time -f '%e %M' -o "$W/time" "$@" 2> /dev/null || { echo "$name failed" >&2; return; }
  read -r secs rss < "$W/time"
  if [[ $hyp == *.sp ]]; then spm_decode --model "$WORK/vocab.spm" < "$hyp" > "${hyp%.sp}"; hyp=${hyp%.sp}; fi
  local toks bleu
  toks=$(spm_encode --model "$WORK/vocab.spm" < "$hyp" | wc -w)
  bleu=$(SACREBLEU "$ref" -i "$hyp" -b)
  printf '%-22s %7.2f s %8.0f tok/s %7.1f ms/sent %6.0f MiB  BLEU %5s\n' "$name" "$secs" \
    "$(echo "$toks / $secs" | bc -l)" "$(echo "1000 * $secs / $lines" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$bleu"
}
for mode in ${MODES:-"4,32" "1,32" "4,1"}; do
  mode=${mode/,/ }
  read -r beam batch <<< "$mode"
  echo
  echo "== translation: test_2016_flickr, $lines sentences, beam $beam, batch $batch, normalize 1"
  run "marian-decoder f32" "$W/marian.de" "${MARIAN_ENV[@]}" "$MARIAN/marian-decoder" -m "$WORK/model.npz" -v "$WORK/vocab.spm" "$WORK/vocab.spm" \
    --beam-size "$beam" --normalize 1 --mini-batch "$batch" --maxi-batch 100 --maxi-batch-sort src \
    --cpu-threads "$THREADS" -w 512 --quiet -i "$src" -o "$W/marian.de"
  if [ -x "$CT2/install/bin/ct2-translator" ]; then
    for c in float32 int8; do
      run "ctranslate2 $c" "$W/ct2-$c.de.sp" env LD_LIBRARY_PATH="$CT2/install/lib" "$CT2/install/bin/ct2-translator" \
        --model "$WORK/ct2_model" --device cpu --compute_type "$c" --inter_threads 1 --intra_threads "$THREADS" \
        --beam_size "$beam" --length_penalty 1 --max_decoding_length 256 --batch_size "$batch" \
        --src "$W/src.sp" --out "$W/ct2-$c.de.sp"
    done
  fi
  for p in float32 bfloat16 int8; do
    run "tolmach $p" "$W/tm-$p.de" "$TM/tolmach-translate" -m "$W/imported-$p" -b "$beam" --normalize 1 \
      --mini-batch "$batch" --threads "$THREADS" --quiet -i "$src" -o "$W/tm-$p.de"
  done
done
