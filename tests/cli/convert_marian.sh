# Marian models imported (tolmach-convert -f model.npz --vocabs ...) compute what Marian computes:
# two tiny transformers trained by Marian 1.12 (tests/data/marian/make_fixture.sh: post-norm with
# one joint vocabulary, all embeddings tied, swish; pre-norm with separate vocabularies, decoder
# embeddings tied, relu) give marian-scorer's log-probability of every validation pair within
# 1e-3, and the post-norm one marian-decoder's best hypothesis on every validation sentence and
# its n-best lists with the same scores (F0 and the normalised total) within 1e-3. (marian-decoder
# itself is broken for the pre-norm model, see make_fixture.sh.)
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

search() {  # NAME: marian-decoder's best and n-best lists
  local name=$1
  "$TR" -m "$W/$name" -b 4 --normalize 0.6 --quiet < "$D/valid.src" > "$W/$name.best" || fail "$name: translate failed"
  diff "$M/$name/best.txt" "$W/$name.best" > "$W/diff" || fail "$name: best hypotheses differ from marian-decoder's: $(head -5 "$W/diff")"
  "$TR" -m "$W/$name" -b 4 --normalize 0.6 --n-best --quiet < "$D/valid.src" > "$W/$name.nbest"
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
# Lower precisions of the same import still translate every line.
"$CONVERT" -f "$M/post/model.npz" --vocabs "$M/post/vocab.spm" -t "$W/int8" --precision int8 --quiet
"$TR" -m "$W/int8" -b 4 --quiet < "$D/valid.src" > "$W/int8.out"
[ "$(wc -l < "$W/int8.out")" -eq 20 ] && grep -q '[a-z]' "$W/int8.out" || fail "int8 import translates nothing"

# Refused with one line, nothing written: no vocabulary, a vocabulary of another size, a YAML
# vocabulary, a truncated .npz.
expect 2 "no --vocabs" "$CONVERT" -f "$M/post/model.npz" -t "$W/x"
grep -q -- "--vocabs" "$W/err" || fail "no --vocabs: $(cat "$W/err")"
expect 1 "wrong vocabulary" "$CONVERT" -f "$M/post/model.npz" --vocabs "$M/pre/trg.spm" -t "$W/x"
grep -q "trg.spm: has 36 pieces, Wemb .* has 40 rows" "$W/err" || fail "wrong vocabulary: $(cat "$W/err")"
echo "</s>: 0" > "$W/vocab.yml"
expect 1 "YAML vocabulary" "$CONVERT" -f "$M/post/model.npz" --vocabs "$W/vocab.yml" -t "$W/x"
grep -q "vocab.yml: .*SentencePiece" "$W/err" || fail "YAML vocabulary: $(cat "$W/err")"
head -c 20000 "$M/post/model.npz" > "$W/truncated.npz"
expect 1 "truncated npz" "$CONVERT" -f "$W/truncated.npz" --vocabs "$M/post/vocab.spm" -t "$W/x"
grep -q "truncated.npz" "$W/err" || fail "truncated npz: $(cat "$W/err")"
[ ! -e "$W/x" ] || fail "a refused import left $W/x behind"
echo ok
