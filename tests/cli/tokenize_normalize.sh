# ICU normalisation runs before SentencePiece (whose own nmt_nfkc rule then runs as
# usual): encode with --normalize nfkc --lowercase equals spm_encode of the NFKC +
# lower-cased text, the setting is remembered from training, and decode(encode(x)) is
# the normalised x. Python's unicodedata is the independent reference.
source "$(dirname "$0")/common.bash"
T="$TOLMACH_BIN/tolmach-tokenize"
D="$TOLMACH_TEST_DATA/text"
command -v python3 >/dev/null || { echo "skip: python3 not installed"; exit 0; }
command -v spm_encode >/dev/null || { echo "skip: spm_encode not installed"; exit 0; }
normalise() {  # NFKC then lower-case, line by line (Python: an implementation independent of ICU)
  python3 -c '
import sys, unicodedata
for line in sys.stdin.buffer.read().decode("utf-8").split("\n")[:-1]:
    sys.stdout.write(unicodedata.normalize("NFKC", line).lower() + "\n")' < "$1"
}
cat "$D/val.de" "$D/special.txt" > "$W/x"; echo >> "$W/x"
normalise "$W/x" > "$W/x.norm"

"$T" train --input "$D/train.en,$D/train.de" --model-prefix "$W/m" --vocab-size 300 --model-type unigram \
  --character-coverage 1 --normalize nfkc --lowercase --quiet
[ -f "$W/m.tolmach.json" ] || fail "normalisation settings not recorded next to the model"
grep -q '"nfkc"' "$W/m.tolmach.json" || fail "sidecar lacks nfkc"

# Order: ICU first, then the model's own rule, exactly as spm_encode on pre-normalised text.
"$T" encode --model "$W/m.model" < "$W/x" > "$W/out"
spm_encode --model="$W/m.model" < "$W/x.norm" > "$W/ref"
cmp -s "$W/out" "$W/ref" || { diff "$W/out" "$W/ref" | head >&2; fail "encode != spm_encode(normalise(x))"; }
"$T" encode --model "$W/m.model" --threads 2 --batch-lines 3 < "$W/x" | cmp -s - "$W/ref" || fail "threads differ"

# The model's training text was normalised too: no upper-case letter in its vocabulary.
cut -f1 "$W/m.vocab" | grep -v '^<' | grep -q '[[:upper:]]' && fail "upper case in a lower-cased model"

# decode(encode(x)) == normalised x (clean text: SentencePiece's rule keeps its spaces;
# ids: text whose characters the model covers, i.e. its training text).
"$T" encode --model "$W/m.model" < "$D/val.de" | "$T" decode --model "$W/m.model" > "$W/rt"
normalise "$D/val.de" | cmp -s - "$W/rt" || fail "decode(encode(x)) != normalise(x)"
"$T" encode --model "$W/m.model" --output-format id < "$D/train.en" | "$T" decode --model "$W/m.model" --input-format id > "$W/rt"
normalise "$D/train.en" | cmp -s - "$W/rt" || fail "id round trip != normalise(x)"

# Flags override the recorded setting: --normalize none --lowercase=false is plain spm_encode.
"$T" encode --model "$W/m.model" --normalize none --lowercase=false < "$W/x" | cmp -s - <(spm_encode --model="$W/m.model" < "$W/x") \
  || fail "--normalize none does not give plain SentencePiece"

# Word mode uses the same normalisation.
printf 'ＨＥＬＬＯ, \xef\xac\x81ne World!\n' | "$T" encode --words --normalize nfkc --lowercase > "$W/w"
[ "$(cat "$W/w")" == "hello , fine world !" ] || fail "word mode: $(cat "$W/w")"
# Retraining the same prefix without ICU normalisation drops the stale record.
"$T" train --input "$D/train.en" --model-prefix "$W/m" --vocab-size 200 --quiet
[ ! -e "$W/m.tolmach.json" ] || fail "stale normalisation record left next to a retrained model"
echo "ok: ICU normalisation before SentencePiece, remembered, round trip = normalised text"
