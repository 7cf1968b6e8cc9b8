# On a terminal tolmach-train draws a live bar (epoch, updates, words/s, loss, lr, ETA);
# the --log file gets only the plain log lines.
source "$(dirname "$0")/common.bash"
TRAIN="$TOLMACH_BIN/tolmach-train"
D="$TOLMACH_TEST_DATA/train"
command -v script > /dev/null || { echo "skip: no 'script' to give the trainer a terminal"; exit 0; }
cmd="'$TRAIN' -t '$D/train.src' '$D/train.trg' -m '$W/m' --dim-vocabs 40 --dim-emb 8 --dim-rnn 8 --mini-batch 4 --after 100u --disp-freq 50 --log '$W/log'"
script -qec "$cmd" /dev/null > "$W/tty" 2>&1 < /dev/null || fail "training under a terminal failed: $(tail -2 "$W/tty")"
grep -q $'\r' "$W/tty" || fail "no bar redrawn on the terminal"
grep -aq 'ep 1 | up [0-9]*/100 \[[#.]*\] | [0-9]* words/s | loss [0-9.]* | lr [0-9.e+-]*' "$W/tty" \
  || fail "bar lacks epoch/updates/words/loss/lr: $(tr '\r' '\n' < "$W/tty" | grep -a 'ep ' | head -2)"
grep -aq '| ETA ' "$W/tty" || fail "bar has no ETA"
grep -q $'\r' "$W/log" && fail "bar drawn into the log file"
grep -q 'Up. 100 : Cost' "$W/log" || fail "log file lacks the log lines"
echo "ok: live bar on a terminal, plain lines in the log"
