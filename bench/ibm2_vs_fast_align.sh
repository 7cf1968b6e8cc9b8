#!/usr/bin/env bash
# tolmach-align ibm2 beside fast_align on the same training text: AER (forward, reverse) of
# the gold sentences and training speed (sentence pairs/s) with 1 and 2 threads.
#
#   bench/ibm2_vs_fast_align.sh [BUILD_DIR]
#
# en-fr: the Hansards gold's 223 dev sentences first, then Multi30k's 29k lower-cased tokenised
# training pairs (so alignments of lines 1-223 are the ones scored). ro-en: the 124 gold
# sentences only (no other ro-en text is available here). Settings: -d -o -v (fast_align's
# recommended ones), default 5 iterations. The whole run is timed: reading, training, writing.
# AER by the small Python helper below (1-based talp gold, "ipj" = possible); it can switch to
# `tolmach-align eval --gold FILE --one-based --hyp FILE` once that lands.
# Env: SHARED (../shared beside the project), PEERS (../peers), FAST_ALIGN, REPEAT (3: best of).
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$HERE/build}
SHARED=${SHARED:-$HERE/../shared}
PEERS=${PEERS:-$HERE/../peers}
FAST_ALIGN=${FAST_ALIGN:-$PEERS/fast_align/build/fast_align}
TOLMACH=$BUILD/bin/tolmach-align
REPEAT=${REPEAT:-3}
PY=/usr/bin/python3
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
[ -x "$FAST_ALIGN" ] || { echo "no fast_align at $FAST_ALIGN (run shared/peers/build.sh fast_align)" >&2; exit 1; }
[ -x "$TOLMACH" ] || { echo "no $TOLMACH (build tolmach-align)" >&2; exit 1; }

D=$SHARED/data
paste -d '\t' "$D/align-enfr-hansards-wpt03/dev.en" "$D/align-enfr-hansards-wpt03/dev.fr" > "$W/enfr.tsv"
paste -d '\t' "$D/multi30k/tok/train.lc.norm.tok.en" "$D/multi30k/tok/train.lc.norm.tok.fr" >> "$W/enfr.tsv"
paste -d '\t' "$D/align-roen-wpt05/dev.ro" "$D/align-roen-wpt05/dev.en" > "$W/roen.tsv"
for c in enfr roen; do sed 's/\t/ ||| /' "$W/$c.tsv" > "$W/$c.txt"; done  # fast_align's own format

# aer GOLD HYP: corpus-level AER (%) of the first |GOLD| lines of HYP (0-based Pharaoh).
aer() {
  "$PY" - "$1" "$2" <<'EOF'
import sys
gold = open(sys.argv[1]).read().splitlines()
hyp = open(sys.argv[2]).read().splitlines()[:len(gold)]
a = s = p = 0
for g, h in zip(gold, hyp):
    sure, poss = set(), set()
    for t in g.split():
        sep = 'p' if 'p' in t else '-'
        i, j = (int(x) - 1 for x in t.split(sep))
        poss.add((i, j))
        if sep == '-': sure.add((i, j))
    links = {tuple(int(x) for x in t.split('-')) for t in h.split()}
    a += len(links); s += len(sure)
    p += len(links & sure) + len(links & poss)
print(f"{100 * (1 - p / (a + s)):.2f}")
EOF
}

# best_time OUT CMD...: runs CMD REPEAT times (stdout to OUT), prints the fastest wall time (s).
best_time() {
  local out=$1; shift
  local best= t0 t1 t
  for _ in $(seq "$REPEAT"); do
    t0=$(date +%s.%N)
    "$@" > "$out" 2> "$W/log"
    t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
  done
  echo "$best"
}

lscpu | grep "Model name" | sed 's/  */ /g'
echo "flags: $(grep -o -w -E 'avx2|avx512f|avx512bw|avx512_bf16|avx512_vnni' /proc/cpuinfo | sort -u | tr '\n' ' ')"
printf "%-6s %-5s %-9s %7s %7s %10s %8s\n" pair dir tool threads secs pairs/s AER%
for c in enfr roen; do
  gold=$D/align-enfr-hansards-wpt03/dev.talp
  [ $c = roen ] && gold=$D/align-roen-wpt05/dev.talp
  n=$(wc -l < "$W/$c.txt")
  for dir in fwd rev; do
    r=; [ $dir = rev ] && r=-r
    for threads in 1 2; do
      t=$(OMP_NUM_THREADS=$threads best_time "$W/fa.out" "$FAST_ALIGN" -i "$W/$c.txt" -d -o -v $r)
      printf "%-6s %-5s %-9s %7d %7.2f %10.0f %8s\n" $c $dir fast_align $threads "$t" "$(echo "$n / $t" | bc -l)" "$(aer "$gold" "$W/fa.out")"
      t=$(best_time "$W/tm.out" "$TOLMACH" ibm2 -i "$W/$c.tsv" -d -o -v $r --threads $threads)
      printf "%-6s %-5s %-9s %7d %7.2f %10.0f %8s\n" $c $dir tolmach $threads "$t" "$(echo "$n / $t" | bc -l)" "$(aer "$gold" "$W/tm.out")"
    done
  done
done
