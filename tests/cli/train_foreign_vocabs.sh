# Any SentencePiece model is a vocabulary: one made by plain spm_train (unk 0, bos 1, eos 2,
# no pad) and one in Marian's layout (eos 0, unk 1, neither pad nor bos) train and translate;
# the ids they lack get tolmach's own after the last piece, recorded in config.json, and the
# text is cut exactly as spm_encode cuts it.
source "$(dirname "$0")/common.bash"
command -v spm_train > /dev/null || { echo "spm_train (Debian sentencepiece) missing" >&2; exit 1; }
TRAIN="$TOLMACH_BIN/tolmach-train"
TR="$TOLMACH_BIN/tolmach-translate"
D="$TOLMACH_TEST_DATA/train"
cat "$D/train.src" "$D/train.trg" > "$W/joint.txt"
spm_train --input="$W/joint.txt" --model_prefix="$W/plain" --vocab_size=40 --model_type=bpe \
  --minloglevel=2 > /dev/null 2>&1
spm_train --input="$W/joint.txt" --model_prefix="$W/marian" --vocab_size=40 --model_type=bpe \
  --eos_id=0 --unk_id=1 --bos_id=-1 --pad_id=-1 --minloglevel=2 > /dev/null 2>&1
spm_train --input="$D/train.src" --model_prefix="$W/src" --vocab_size=30 --model_type=bpe \
  --eos_id=0 --unk_id=1 --bos_id=-1 --pad_id=-1 --minloglevel=2 > /dev/null 2>&1

run() {  # NAME SRC_VOCAB TRG_VOCAB
  "$TRAIN" --type transformer -t "$D/train.src" "$D/train.trg" --vocabs "$2" "$3" -m "$W/$1" \
    --dim-emb 16 --transformer-heads 2 --transformer-dim-ffn 32 --enc-depth 1 --dec-depth 1 \
    --mini-batch 16 --after 20u --seed 3 --threads 1 2> "$W/$1.err" \
    || fail "$1: training failed: $(tail -3 "$W/$1.err")"
  head -5 "$D/valid.src" | "$TR" -m "$W/$1" --quiet > "$W/$1.out" || fail "$1: translate failed"
  [ "$(wc -l < "$W/$1.out")" -eq 5 ] || fail "$1: expected 5 lines"
}
key() { grep -o "\"$2\": [0-9]*" "$W/$1/config.json" | awk '{print $2}'; }

run plain "$W/plain.model" "$W/plain.model"   # 40 pieces: pad gets 40
[ "$(key plain pad-id) $(key plain bos-id) $(key plain eos-id) $(key plain tgt-vocab-size)" == "40 1 2 41" ] \
  || fail "spm_train layout: $(grep -E 'id|size' "$W/plain/config.json" | tr -d ' \n')"
run marian "$W/marian.model" "$W/marian.model"   # pad 40, bos 41
[ "$(key marian pad-id) $(key marian bos-id) $(key marian eos-id) $(key marian src-vocab-size)" == "40 41 0 42" ] \
  || fail "Marian layout: $(grep -E 'id|size' "$W/marian/config.json" | tr -d ' \n')"
run apart "$W/src.model" "$W/marian.model"   # the source pads with its own id 30
[ "$(key apart src-pad-id) $(key apart src-vocab-size) $(key apart pad-id)" == "30 32 40" ] \
  || fail "separate vocabularies: $(grep -E 'id|size' "$W/apart/config.json" | tr -d ' \n')"

# The model directory's vocabulary cuts text as spm_encode does.
"$TOLMACH_BIN/tolmach-tokenize" encode --model "$W/marian/vocab.model" < "$D/valid.src" > "$W/ours"
spm_encode --model "$W/marian.model" < "$D/valid.src" > "$W/theirs"
cmp -s "$W/ours" "$W/theirs" || fail "tokenisation differs from spm_encode"

# A vocabulary without eos cannot end a sentence: refused, naming the file.
spm_train --input="$W/joint.txt" --model_prefix="$W/noeos" --vocab_size=40 --model_type=bpe \
  --eos_id=-1 --minloglevel=2 > /dev/null 2>&1
expect 1 "no eos" "$TRAIN" --type transformer -t "$D/train.src" "$D/train.trg" --vocabs "$W/noeos.model" "$W/noeos.model" \
  -m "$W/noeos-run" --after 1u
grep -q "noeos.model: .*no eos" "$W/err" || fail "no eos: $(cat "$W/err")"
[ ! -e "$W/noeos-run" ] || fail "a refused run left its model directory behind"
# A model whose vocabulary file was swapped for one of another size is refused at load.
cp "$W/plain.model" "$W/marian/vocab.model"
INPUT="$D/valid.src" expect 1 "swapped vocabulary" "$TR" -m "$W/marian" --quiet
grep -q "vocab.model.*does not match the model" "$W/err" || fail "swapped vocabulary: $(cat "$W/err")"
echo ok
