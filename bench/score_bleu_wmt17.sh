#!/usr/bin/env bash
# End-to-end scoring benchmark: the 16 WMT17 newstest2017 en-de systems x BLEU + chrF2 + TER,
# one tolmach-score-bleu process per system as a script would run it, and a check that every
# number equals sacreBLEU 2.6.0's (scores.sacrebleu-2.6.0.tsv, 6 decimals).
#   bench/score_bleu_wmt17.sh [BIN_DIR] [DATA_DIR] [REPEATS]
# Prints the wall time of each repeat for two layouts: sequential processes using all cores
# (--threads default) and two single-threaded processes at a time (xargs -P 2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-$here/../build/bin}
DATA=${2:-$here/../../shared/data/wmt17-newstest2017-ende-systems}
REPEATS=${3:-3}
B="$BIN/tolmach-score-bleu"
[[ -x "$B" ]] || { echo "build tolmach-score-bleu first ($B)" >&2; exit 1; }
[[ -f "$DATA/scores.sacrebleu-2.6.0.tsv" ]] || { echo "skip: $DATA not present"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
systems=$(ls "$DATA/systems")

score_one() {  # system threads -> "name bleu chrf ter"
  printf '%s %s\n' "$1" "$("$B" "$DATA/newstest2017.ref.de" -i "$DATA/systems/$1" -m bleu chrf ter -w 6 -b --threads "$2" | tr -d '[],' | xargs)"
}
export -f score_one
export B DATA

check() {  # compare with sacreBLEU's BLEU_13a (col 2), chrF2 (col 7), TER (col 9)
  python3 - "$1" "$DATA/scores.sacrebleu-2.6.0.tsv" <<'PY'
import sys
got = {l.split()[0]: l.split()[1:] for l in open(sys.argv[1]) if l.strip()}
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])][1:]
bad = [(r[0], got.get(r[0]), (r[1], r[6], r[8])) for r in rows
       if got.get(r[0]) != [f"{float(r[1]):.6f}", f"{float(r[6]):.6f}", f"{float(r[8]):.6f}"]]
for b in bad: print("MISMATCH", *b)
print(f"{len(rows) - len(bad)}/{len(rows)} systems identical to sacreBLEU 2.6.0 (BLEU, chrF2, TER)")
sys.exit(1 if bad else 0)
PY
}

now() { date +%s.%N; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for layout in sequential-all-threads parallel-2x1-thread; do
  for r in $(seq "$REPEATS"); do
    t0=$(now)
    if [[ $layout == sequential-all-threads ]]; then
      for s in $systems; do score_one "$s" "$(nproc)"; done > "$tmp/out"
    else
      printf '%s\n' $systems | xargs -P 2 -I{} bash -c 'score_one "$1" 1' _ {} > "$tmp/out"
    fi
    t1=$(now)
    printf '%-24s run %d: %.3f s for 16 systems x (BLEU + chrF2 + TER)\n' "$layout" "$r" "$(echo "$t1 - $t0" | bc -l)"
  done
  check "$tmp/out"
done
