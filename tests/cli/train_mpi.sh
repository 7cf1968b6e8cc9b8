# mpirun -np 2 tolmach-train: data parallelism over Open MPI. Two ranks with batches of 8
# sentences give the weights of one process with batches of 16 (the same pairs per update);
# a killed rank ends the job and leaves the last checkpoint complete, which resumes on one
# rank and on two again; a stop signal to one rank stops both after a checkpoint.
# Skipped (77) without mpirun or in a build without MPI.
source "$(dirname "$0")/common.bash"
command -v mpirun > /dev/null || { echo "skip: no mpirun"; exit 77; }
TRAIN="$TOLMACH_BIN/tolmach-train"
COMPARE="$TOLMACH_TEST_TOOLS/compare_weights"
D="$TOLMACH_TEST_DATA/train"
# --bind-to none: a rank's threads are not pinned to one core; vader's single-copy mechanism
# needs ptrace rights that containers often lack.
MPIRUN=(timeout 120 mpirun --allow-run-as-root --oversubscribe --bind-to none
        --mca btl_vader_single_copy_mechanism none -np 2)
small=(-t "$D/train.src" "$D/train.trg" --dim-emb 16 --dim-rnn 24 --threads 1)

# 1. Same weights as one process with the doubled batch: corpus order, no length sorting, so
# update k of one process sees pairs 16k..16k+15 and rank r of two sees 16k+8r..16k+8r+7.
exact=("${small[@]}" --shuffle none --maxi-batch-sort none -l 0.01 --after 4u --disp-freq 1)
"$TRAIN" "${exact[@]}" --dim-vocabs 40 -m "$W/one" --mini-batch 16 2> "$W/one.log" || fail "one process: $(tail -1 "$W/one.log")"
V=(--vocabs "$W/one/vocab.model" "$W/one/vocab.model")
rc=0
"${MPIRUN[@]}" "$TRAIN" "${exact[@]}" "${V[@]}" -m "$W/two" --mini-batch 8 > "$W/two.out" 2> "$W/two.log" || rc=$?
if [ $rc -ne 0 ] && grep -q "this build has no MPI" "$W/two.log"; then echo "skip: built without MPI"; exit 77; fi
[ $rc -eq 0 ] || fail "two ranks: exit $rc: $(tail -5 "$W/two.log")"
grep -q "Data parallel: 2 ranks (Open MPI .*) x 1 thread per rank; effective batch 2 x 8 sentences per update" "$W/two.log" ||
  fail "the log does not state ranks, threads and effective batch: $(grep -i parallel "$W/two.log")"
grep -q "Up\. 4 : .* : all-reduce [0-9.]* ms/up ([0-9.]*%), wait [0-9.]* ms/up" "$W/two.log" || fail "no all-reduce time in the log"
[ "$(grep -c "Training finished after 4 updates" "$W/two.log")" -eq 1 ] || fail "not rank 0 alone logs"
# The cost is of the whole update: the same as one process's.
c1=$(grep -o "Up\. 4 : Cost [0-9.]*" "$W/one.log"); c2=$(grep -o "Up\. 4 : Cost [0-9.]*" "$W/two.log")
[ "$c1" = "$c2" ] || fail "cost differs: '$c1' against '$c2'"
# Tolerance 1e-4 of the largest weight: summing in another order moves Adam's first steps a
# little (4e-6 here); the control (one process with batches of 8: other pairs per update)
# lands ~1e-1 away.
d=$("$COMPARE" "$W/one/model.safetensors" "$W/two/model.safetensors" | awk '{print $2}')
awk -v d="$d" 'BEGIN { exit !(d < 1e-4) }' || fail "two ranks' weights differ from one process's by $d"
"$TRAIN" "${exact[@]}" "${V[@]}" -m "$W/control" --mini-batch 8 2> /dev/null
d=$("$COMPARE" "$W/one/model.safetensors" "$W/control/model.safetensors" | awk '{print $2}')
awk -v d="$d" 'BEGIN { exit !(d > 1e-2) }' || fail "control run too close ($d): the comparison cannot tell"
# bfloat16 on the wire: the same updates to within bf16's rounding, on average over the
# weights (1.5e-4 of the mean weight here; tolerance 2e-3; the control run: 8e-2). The
# largest single difference is ~1e-2: Adam's first steps are ~lr x sign(gradient), and
# rounding flips the sign of a few gradients that are nearly 0.
"${MPIRUN[@]}" "$TRAIN" "${exact[@]}" "${V[@]}" -m "$W/bf16" --mini-batch 8 --allreduce-precision bfloat16 \
  > /dev/null 2> "$W/bf16.log" || fail "bfloat16 all-reduce: $(tail -3 "$W/bf16.log")"
grep -q "gradients all-reduced in bfloat16" "$W/bf16.log" || fail "the log does not say bfloat16"
d=$("$COMPARE" "$W/one/model.safetensors" "$W/bf16/model.safetensors" | awk '{print $4}')
awk -v d="$d" 'BEGIN { exit !(d < 2e-3) }' || fail "bfloat16 gradients moved the weights by $d on average"
d=$("$COMPARE" "$W/one/model.safetensors" "$W/control/model.safetensors" | awk '{print $4}')
awk -v d="$d" 'BEGIN { exit !(d > 2e-2) }' || fail "control run too close on average ($d)"

# The pid of rank $2 of the mpirun job $1.
rank_pid() {
  local p
  for p in $(pgrep -P "$1"); do
    tr '\0' '\n' < "/proc/$p/environ" 2> /dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$2" && { echo "$p"; return; }
  done
}
# Start a long two-rank run in the background ($job: mpirun's pid) and wait for update $1.
long=("${small[@]}" "${V[@]}" -m "$W/long" --mini-batch 8 --disp-freq 1 --save-freq 3)
start_long() {
  mpirun --allow-run-as-root --oversubscribe --bind-to none --mca btl_vader_single_copy_mechanism none \
    -np 2 "$TRAIN" "${long[@]}" --after 100000u > /dev/null 2> "$W/long.log" &
  job=$!
  for _ in $(seq 1 600); do
    grep -q "Up\. $1 :" "$W/long.log" && return
    kill -0 $job 2> /dev/null || fail "the run ended early: $(tail -3 "$W/long.log")"
    sleep 0.1
  done
  fail "no update $1 after 60 s"
}
finish() {  # wait for mpirun (at most 60 s); $rc its exit code
  for _ in $(seq 1 600); do kill -0 $job 2> /dev/null || break; sleep 0.1; done
  kill -0 $job 2> /dev/null && { kill -9 $job; fail "mpirun did not end"; }
  rc=0; wait $job || rc=$?
}

# 2. A killed rank: the job ends with mpirun's message naming it, non-zero; the last
# checkpoint is complete and resumes with one rank, then with two.
start_long 7
pid=$(rank_pid $job 1)
[ -n "$pid" ] || fail "no rank 1 under mpirun $job"
kill -9 "$pid"
finish
[ $rc -ne 0 ] || fail "killing rank 1 left mpirun's exit code 0"
grep -q "process rank 1 .* exited on signal 9" "$W/long.log" || fail "no clear error: $(tail -4 "$W/long.log")"
ck=$(ls -d "$W"/long/checkpoints/step-* | sort -V | tail -1)
[ -f "$ck/checkpoint.complete" ] || fail "last checkpoint $ck incomplete"
n=${ck##*step-}
[ "$n" -ge 6 ] || fail "last checkpoint at update $n"
"$TRAIN" "${long[@]}" --after $((n + 2))u 2> "$W/resume1.log" || fail "resume on one rank: $(tail -2 "$W/resume1.log")"
grep -q "Resuming from .*step-$n (update $n)" "$W/resume1.log" || fail "did not resume from step $n"
grep -q "Single process, 1 thread" "$W/resume1.log" || fail "no single-process line"
# (with validation after every update: rank 0 alone validates, the other waits)
"${MPIRUN[@]}" "$TRAIN" "${long[@]}" --after $((n + 4))u --valid-sets "$D/valid.src" "$D/valid.trg" \
  --valid-freq 1 > /dev/null 2> "$W/resume2.log" || fail "resume on two ranks: $(tail -3 "$W/resume2.log")"
grep -q "Resuming from .*step-$((n + 2)) (update $((n + 2)))" "$W/resume2.log" || fail "two ranks did not resume"
grep -q "Training finished after $((n + 4)) updates" "$W/resume2.log" || fail "two ranks did not finish"
v=$(grep -o "Up\. [0-9]* : cross-entropy" "$W/resume2.log" | sort -k2,2n | uniq -c | awk '{print $3 "x" $1}' | tr '\n' ' ')
[ "$v" = "$((n + 3))x1 $((n + 4))x1 " ] || fail "validations (update x times): $v"

# 3. SIGTERM to rank 1 alone: both stop after the same update, rank 0 saves, exit 0.
rm -rf "$W/long"
start_long 4
kill -TERM "$(rank_pid $job 1)"
finish
[ $rc -eq 0 ] || fail "SIGTERM to rank 1: exit $rc: $(tail -4 "$W/long.log")"
m=$(grep -o "Stopped by a signal to another rank after update [0-9]*" "$W/long.log" | awk '{print $NF}')
[ -n "$m" ] || fail "no stop message: $(tail -3 "$W/long.log")"
[ -f "$W/long/checkpoints/step-$m/checkpoint.complete" ] || fail "no checkpoint at update $m"
echo "ok: mpirun -np 2 matches one process, survives a killed rank, stops on a signal"
