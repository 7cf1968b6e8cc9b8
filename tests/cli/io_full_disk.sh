# A full disk (a small tmpfs; needs root to mount, else exit 77 = skipped): a checkpoint that
# no longer fits fails with one line naming the file and "No space left on device", the
# previous checkpoint stays complete and loadable, and no temporary or truncated file is
# left; an -o / --output that does not fit is not left behind either.
source "$(dirname "$0")/common.bash"
TRAIN="$TOLMACH_BIN/tolmach-train"
D="$TOLMACH_TEST_DATA/train"
mkdir "$W/disk"
mount -t tmpfs -o size=320k tmpfs "$W/disk" 2> /dev/null || { echo "skipped: cannot mount a tmpfs"; exit 77; }
trap 'umount "$W/disk" 2> /dev/null; rm -rf "$W"' EXIT
tiny=(--dim-vocabs 40 --dim-emb 8 --dim-rnn 8 --mini-batch 16 --threads 1)
# train_fails WHAT ARGS...: exit 1 with the error as the last line of its log (in $W/err).
train_fails() {
  local what=$1 rc=0; shift
  "$TRAIN" "$@" 2> "$W/log" || rc=$?
  [ $rc -eq 1 ] || fail "$what: exit $rc, want 1: $(tail -2 "$W/log")"
  tail -1 "$W/log" > "$W/err"
  grep -q "^tolmach-train: " "$W/err" || fail "$what: the last line is not the error: $(cat "$W/err")"
}

# The vocabulary (~240 KB) and one checkpoint (~50 KB) fit in 320 KB; the second checkpoint does not.
"$TRAIN" -t "$D/train.src" "$D/train.trg" -m "$W/vocab" "${tiny[@]}" --after 1u 2> /dev/null
v="$W/vocab/vocab.model"
train_fails "checkpoint on a full disk" -t "$D/train.src" "$D/train.trg" -m "$W/disk/m" --vocabs "$v" "$v" \
  "${tiny[@]}" --after 10u --save-freq 2 --keep-checkpoints 1
grep -q "disk/m/checkpoints/step-4/.*: write failed: No space left on device" "$W/err" || fail "unclear error: $(cat "$W/err")"
[ -f "$W/disk/m/checkpoints/step-2/checkpoint.complete" ] || fail "the previous checkpoint is gone or incomplete: $(ls -R "$W/disk/m")"
[ ! -e "$W/disk/m/checkpoints/step-4/checkpoint.complete" ] || fail "the failed checkpoint is marked complete"
! find "$W/disk" -name '*.tmp.*' | grep -q . || fail "temporary files left: $(find "$W/disk" -name '*.tmp.*')"
cmp -s "$v" "$W/disk/m/vocab.model" || fail "the vocabulary copy is not whole"
"$TOLMACH_BIN/tolmach-convert" -f "$W/disk/m/checkpoints/step-2" -t "$W/loaded" --quiet || fail "step-2 does not load"
# Freed space: the same command resumes from step-2 (and fails again at step-4, cleanly).
train_fails "resume on the full disk" -t "$D/train.src" "$D/train.trg" -m "$W/disk/m" --vocabs "$v" "$v" \
  "${tiny[@]}" --after 10u --save-freq 2 --keep-checkpoints 1
grep -q "Resuming from .*step-2" "$W/log" || fail "did not resume from step-2: $(cat "$W/log")"
[ -f "$W/disk/m/checkpoints/step-2/checkpoint.complete" ] || fail "step-2 lost on the second attempt"

# -o / --output larger than the free space: one line, no file.
rm -rf "$W/disk/m"
head -c 300000 /dev/zero > "$W/disk/filler"   # leaves ~20 KB
for i in $(seq 1 2000); do echo "A dog runs in the park with a red ball."; done > "$W/big.en"
expect 1 "tokenize --output on a full disk" "$TOLMACH_BIN/tolmach-tokenize" encode --model "$v" --input "$W/big.en" \
  --output "$W/disk/o.txt"
grep -q "disk/o.txt: write failed: No space left on device" "$W/err" || fail "tokenize: $(cat "$W/err")"
expect 1 "align ibm2 -O on a full disk" "$TOLMACH_BIN/tolmach-align" ibm2 --quiet -d -i <(sed 's/.*/a b c d e f g h ||| a b c d e f g h/' "$W/big.en") \
  -O "$W/disk/o.txt"
grep -q "disk/o.txt: write failed: No space left on device" "$W/err" || fail "ibm2: $(cat "$W/err")"
[ "$(ls "$W/disk")" = filler ] || fail "files left on the full disk: $(ls "$W/disk")"
echo ok
