# tolmach-tokenize against Debian's spm_train / spm_encode / spm_decode on the fixtures:
# same vocabulary, and pieces, ids, n-best lists, samples identical line for line.
source "$(dirname "$0")/common.bash"
T="$TOLMACH_BIN/tolmach-tokenize"
D="$TOLMACH_TEST_DATA/text"
for tool in spm_train spm_encode spm_decode; do
  command -v $tool >/dev/null || { echo "skip: $tool not installed"; exit 0; }
done
SPM_IDS="--pad_id=0 --unk_id=1 --bos_id=2 --eos_id=3"  # tolmach's NMT defaults

same() {  # same FILE_A FILE_B WHAT
  cmp -s "$1" "$2" || { diff "$1" "$2" | head -5 >&2; fail "$3"; }
}

for type in bpe unigram; do
  "$T" train --input "$D/train.en,$D/train.de" --model-prefix "$W/t_$type" --vocab-size 300 \
    --model-type $type --seed 1 --quiet
  spm_train --input="$D/train.en,$D/train.de" --model_prefix="$W/s_$type" --vocab_size=300 \
    --model_type=$type $SPM_IDS --num_threads=1 --random_seed=1 --minloglevel=2
  same "$W/t_$type.vocab" "$W/s_$type.vocab" "$type: vocabulary differs from spm_train"

  for f in val.en val.de train.en special.txt; do
    for fmt in piece id; do
      spm_encode --model="$W/t_$type.model" --output_format=$fmt < "$D/$f" > "$W/ref"
      cat "$D/$f" | "$T" encode --model "$W/t_$type.model" --output-format $fmt > "$W/out"
      same "$W/ref" "$W/out" "$type $f $fmt: differs from spm_encode"
      cat "$D/$f" | "$T" encode --model "$W/t_$type.model" --output-format $fmt --threads 2 --batch-lines 7 > "$W/out2"
      same "$W/ref" "$W/out2" "$type $f $fmt: --threads 2 differs from spm_encode"
      spm_decode --model="$W/t_$type.model" --input_format=$fmt < "$W/ref" > "$W/ref_dec"
      "$T" decode --model "$W/t_$type.model" --input-format $fmt < "$W/out" > "$W/dec"
      same "$W/ref_dec" "$W/dec" "$type $f $fmt: decode differs from spm_decode"
    done
  done
  # Pieces keep every character, so decoding them gives the input back, as normalised
  # by the model's own rule (nmt_nfkc: spaces squeezed, zero-width marks dropped...).
  "$T" encode --model "$W/t_$type.model" < "$D/val.de" | "$T" decode --model "$W/t_$type.model" > "$W/rt"
  same "$D/val.de" "$W/rt" "$type: decode(encode(x)) != x"
  if command -v spm_normalize >/dev/null; then
    "$T" encode --model "$W/t_$type.model" < "$D/special.txt" | "$T" decode --model "$W/t_$type.model" > "$W/rt"
    spm_normalize --model="$W/t_$type.model" < "$D/special.txt" > "$W/norm"
    same "$W/norm" "$W/rt" "$type: decode(encode(x)) != spm_normalize(x)"
  fi
done

# Subword regularisation: same samples as spm_encode with the same seed (one thread).
spm_encode --model="$W/t_unigram.model" --output_format=sample_piece --nbest_size=-1 --alpha=0.1 \
  --random_seed=5 < "$D/val.en" > "$W/ref"
"$T" encode --model "$W/t_unigram.model" --alpha 0.1 --seed 5 < "$D/val.en" > "$W/out"
same "$W/ref" "$W/out" "unigram sampling differs from spm_encode"
cmp -s "$W/out" <(spm_encode --model="$W/t_unigram.model" < "$D/val.en") && fail "sampling gave the best segmentation"
spm_encode --model="$W/t_bpe.model" --output_format=sample_id --alpha=0.1 --random_seed=5 < "$D/val.en" > "$W/ref"
"$T" encode --model "$W/t_bpe.model" --output-format id --alpha 0.1 --seed 5 < "$D/val.en" > "$W/out"
same "$W/ref" "$W/out" "BPE-dropout differs from spm_encode"
spm_encode --model="$W/t_unigram.model" --output_format=nbest_piece --nbest_size=4 < "$D/val.de" > "$W/ref"
"$T" encode --model "$W/t_unigram.model" --nbest 4 < "$D/val.de" > "$W/out"
same "$W/ref" "$W/out" "n-best differs from spm_encode"

# Sampled training (--input-sentence-size) and the other trainer flags, as spm_train does them.
"$T" train --input "$D/train.en,$D/train.de" --model-prefix "$W/t_flags" --vocab-size 500 --model-type bpe \
  --input-sentence-size 200 --seed 3 --user-defined-symbols '<sep>,<2de>' --byte-fallback --split-digits \
  --character-coverage 0.99 --quiet
spm_train --input="$D/train.en,$D/train.de" --model_prefix="$W/s_flags" --vocab_size=500 --model_type=bpe \
  --input_sentence_size=200 --random_seed=3 --user_defined_symbols='<sep>,<2de>' --byte_fallback \
  --split_digits --character_coverage=0.99 $SPM_IDS --num_threads=1 --minloglevel=2
same "$W/t_flags.vocab" "$W/s_flags.vocab" "flagged training differs from spm_train"
grep -q $'^<sep>\t' "$W/t_flags.vocab" || fail "user-defined symbol missing"
grep -q $'^<0xF0>\t' "$W/t_flags.vocab" || fail "byte pieces missing"
"$T" encode --model "$W/t_flags.model" < "$D/special.txt" > "$W/out"
spm_encode --model="$W/t_flags.model" < "$D/special.txt" > "$W/ref"
same "$W/ref" "$W/out" "byte-fallback encoding differs from spm_encode"
echo "ok: tolmach-tokenize matches spm_train/spm_encode/spm_decode"
