# Marian models imported (tolmach-convert -f model.npz --vocabs ...) compute what Marian computes:
# three tiny transformers trained by Marian 1.12 (tests/data/marian/make_fixture.sh: post-norm with
# one joint vocabulary, all embeddings tied, swish; pre-norm with separate vocabularies, decoder
# embeddings tied, relu; yml: OPUS-MT's layout, a joint YAML vocabulary over source.spm and
# target.spm) give marian-scorer's log-probability of every validation pair within 1e-3, and the
# post-norm and yml ones marian-decoder's best hypothesis on every test sentence and its n-best
# lists with the same scores (F0 and the normalised total) within 1e-3; for yml that is raw text
# in and out, as spm_encode | marian-decoder | spm_decode. (marian-decoder itself is broken for
# the pre-norm model, see make_fixture.sh.)
source "$(dirname "$0")/common.bash"
M="$TOLMACH_TEST_DATA/marian"
D="$TOLMACH_TEST_DATA/train"
CONVERT="$TOLMACH_BIN/tolmach-convert"
TR="$TOLMACH_BIN/tolmach-translate"

# n-best lines "i ||| hyp ||| F0= s ||| total" -> "i|||hyp|||s|||total" with single spaces trimmed
fields() { awk -F' [|][|][|] ' '{ sub(/^F0= /, "", $3); print $1 "\t" $2 "\t" $3 "\t" $4 }' "$1"; }

import_model() {  # NAME VOCAB...: imported, and its pair scores are marian-scorer's
  local name=$1; shift
  "$CONVERT" -f "$M/$name/model.npz" --vocabs "$@" -t "$W/$name" --quiet || fail "$name: import failed"
  paste -d'\t' "$D/valid.src" "$D/valid.trg" | "$TOLMACH_BIN/tolmach-align" -m "$W/$name" --scores --quiet \
    | awk -F' [|][|][|] ' '{ print $2 }' > "$W/$name.scores"
  paste "$M/$name/scores.txt" "$W/$name.scores" | awk -v name="$name" '
    { d = $1 - $2; if (d < 0) d = -d; if (d > 1e-3) { print name ": pair " NR " scores " $1 " / " $2; bad = 1; exit } }
    END { exit bad || NR != 20 }' >&2 || fail "$name: pair scores differ from marian-scorer's"
}

search() {  # NAME [MODEL [INPUT]]: marian-decoder's best and n-best lists
  local name=$1 model=${2:-$W/$1} input=${3:-$D/valid.src}
  "$TR" -m "$model" -b 4 --normalize 0.6 --quiet < "$input" > "$W/$name.best" || fail "$name: translate failed"
  diff "$M/$name/best.txt" "$W/$name.best" > "$W/diff" || fail "$name: best hypotheses differ from marian-decoder's: $(head -5 "$W/diff")"
  "$TR" -m "$model" -b 4 --normalize 0.6 --n-best --quiet < "$input" > "$W/$name.nbest"
  fields "$M/$name/nbest.txt" > "$W/theirs"
  fields "$W/$name.nbest" > "$W/ours"
  [ "$(wc -l < "$W/ours")" -eq "$(wc -l < "$W/theirs")" ] || fail "$name: n-best lists of other lengths"
  paste "$W/theirs" "$W/ours" | awk -F'\t' -v name="$name" '
    $1 != $5 || $2 != $6 { print name ": n-best entry " NR " differs: " $2 " / " $6; bad = 1; exit }
    { d = $3 - $7; if (d < 0) d = -d; e = $4 - $8; if (e < 0) e = -e
      if (d > 1e-3 || e > 1e-3) { print name ": n-best entry " NR " scores " $3 " " $4 " / " $7 " " $8; bad = 1; exit } }
    END { exit bad }' >&2 || fail "$name: n-best lists differ from marian-decoder's"
}
import_model post "$M/post/vocab.spm"
import_model pre "$M/pre/src.spm" "$M/pre/trg.spm"
search post
# OPUS-MT's layout: the joint vocab.yml alone, source.spm and target.spm found beside it; the
# model directory keeps each .spm with the YAML beside it as its piece map.
import_model yml "$M/yml/vocab.yml"
search yml "$W/yml" "$M/yml/test.src"
for f in vocab.src.model vocab.src.ids.yml vocab.trg.model vocab.trg.ids.yml; do
  [ -f "$W/yml/$f" ] || fail "yml: no $f in the model directory"
done
cmp -s "$M/yml/vocab.yml" "$W/yml/vocab.trg.ids.yml" || fail "yml: vocab.trg.ids.yml is not the YAML vocabulary"
# The same model from --spm, with the YAML elsewhere; and the piece maps travel with a conversion.
mkdir "$W/elsewhere"
cp "$M/yml/vocab.yml" "$W/elsewhere/v.yml"
"$CONVERT" -f "$M/yml/model.npz" --vocabs "$W/elsewhere/v.yml" --spm "$M/yml/source.spm" "$M/yml/target.spm" \
  -t "$W/yml-spm" --quiet || fail "yml: import with --spm failed"
diff -r "$W/yml" "$W/yml-spm" > "$W/diff" || fail "yml: --spm gives another model directory: $(head -3 "$W/diff")"
"$CONVERT" -f "$W/yml" -t "$W/yml-copy" --quiet
search yml "$W/yml-copy" "$M/yml/test.src"
# Lower precisions of the same import still translate every line.
"$CONVERT" -f "$M/post/model.npz" --vocabs "$M/post/vocab.spm" -t "$W/int8" --precision int8 --quiet
"$TR" -m "$W/int8" -b 4 --quiet < "$D/valid.src" > "$W/int8.out"
[ "$(wc -l < "$W/int8.out")" -eq 20 ] && grep -q '[a-z]' "$W/int8.out" || fail "int8 import translates nothing"

# Refused with one line, nothing written: no vocabulary, a vocabulary of another size, a YAML
# vocabulary without its SentencePiece models or that is not one, a truncated .npz.
expect 2 "no --vocabs" "$CONVERT" -f "$M/post/model.npz" -t "$W/x"
grep -q -- "--vocabs" "$W/err" || fail "no --vocabs: $(cat "$W/err")"
expect 1 "wrong vocabulary" "$CONVERT" -f "$M/post/model.npz" --vocabs "$M/pre/trg.spm" -t "$W/x"
grep -q "trg.spm: has 36 pieces, Wemb .* has 40 rows" "$W/err" || fail "wrong vocabulary: $(cat "$W/err")"
expect 1 "YAML vocabulary without .spm" "$CONVERT" -f "$M/yml/model.npz" --vocabs "$W/elsewhere/v.yml" -t "$W/x"
grep -q "v.yml: .*SentencePiece.*--spm SRC.spm \[TRG.spm\].*source.spm" "$W/err" \
  || fail "YAML without .spm: $(cat "$W/err")"
expect 2 "--spm without YAML" "$CONVERT" -f "$M/post/model.npz" --vocabs "$M/post/vocab.spm" \
  --spm "$M/yml/source.spm" -t "$W/x"
bad_yml() {  # WHAT WANT: the YAML in $W/bad/vocab.yml is refused naming it, saying WANT
  expect 1 "$1" "$CONVERT" -f "$M/yml/model.npz" --vocabs "$W/bad/vocab.yml" -t "$W/x"
  grep -q "bad/vocab.yml:.*$2" "$W/err" || fail "$1: $(cat "$W/err")"
}
mkdir "$W/bad"
cp "$M/yml/source.spm" "$M/yml/target.spm" "$W/bad/"
echo "- </s>" > "$W/bad/vocab.yml"
bad_yml "not a map" "not a map of piece: id"
{ cat "$M/yml/vocab.yml"; printf '\nextra: 5\n'; } > "$W/bad/vocab.yml"
bad_yml "duplicate id" "'extra' has id 5, as"
{ cat "$M/yml/vocab.yml"; printf '\nextra: 99\n'; } > "$W/bad/vocab.yml"
bad_yml "ids not 0..N-1" "has id 99: the ids of"
sed 's/^<\/s>: 0/eos: 0/' "$M/yml/vocab.yml" > "$W/bad/vocab.yml"
bad_yml "no </s>" "no </s>"
n=$(grep -c . "$M/yml/vocab.yml")  # pieces = Wemb's rows
{ cat "$M/yml/vocab.yml"; printf '\nextra: %s\n' "$n"; } > "$W/bad/vocab.yml"
bad_yml "size unlike the embeddings" "has $((n + 1)) pieces, Wemb .* has $n rows"
head -c 20000 "$M/post/model.npz" > "$W/truncated.npz"
expect 1 "truncated npz" "$CONVERT" -f "$W/truncated.npz" --vocabs "$M/post/vocab.spm" -t "$W/x"
grep -q "truncated.npz" "$W/err" || fail "truncated npz: $(cat "$W/err")"
[ ! -e "$W/x" ] || fail "a refused import left $W/x behind"

# A model directory whose piece map no longer fits config.json is refused naming the map.
sed '$d' "$W/yml/vocab.trg.ids.yml" > "$W/short.yml"
cp "$W/short.yml" "$W/yml/vocab.trg.ids.yml"
INPUT="$D/valid.src" expect 1 "piece map unlike config.json" "$TR" -m "$W/yml" --quiet
grep -q "vocab.trg.ids.yml: does not match the model" "$W/err" || fail "piece map unlike config.json: $(cat "$W/err")"
echo ok
