#!/usr/bin/env bash
# Translate a big file as N single-threaded tolmach-translate processes over consecutive
# blocks of lines, output in input order: the same lines as one process gives (translation
# is a stateless line filter). With GNU parallel (Debian: parallel):
#   parallel --pipe -k --block 1M -j N tolmach-translate -m MODEL --threads 1 < IN > OUT
# without it, split -n l/N and N background jobs (the same result, one block per job).
#   translate_sharded.sh MODEL IN OUT [JOBS] [tolmach-translate options...]
# Env: BIN (tools directory, default: PATH), BLOCK (parallel's block size, default 1M),
# NO_PARALLEL=1 (use split even when GNU parallel is installed).
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 MODEL IN OUT [JOBS] [tolmach-translate options...]" >&2
  exit 2
fi
MODEL=$1 IN=$2 OUT=$3
shift 3
JOBS=$(nproc)
if [ $# -gt 0 ]; then JOBS=$1; shift; fi
TRANSLATE=${BIN:+$BIN/}tolmach-translate
cmd=("$TRANSLATE" -m "$MODEL" --threads 1 --quiet "$@")
tmp=$(mktemp -d "${OUT}.shards.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ -z "${NO_PARALLEL:-}" ] && command -v parallel > /dev/null; then
  # --pipe cuts stdin at line ends into --block sized pieces; -k keeps their order.
  parallel --will-cite --halt now,fail=1 --pipe -k --block "${BLOCK:-1M}" -j "$JOBS" \
    "${cmd[@]}" < "$IN" > "$tmp/out"
else
  split -n "l/$JOBS" -d -a 4 "$IN" "$tmp/in."  # JOBS pieces, never cutting a line
  pids=()
  for f in "$tmp"/in.*; do
    "${cmd[@]}" < "$f" > "$tmp/out.${f##*/in.}" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done  # set -e: any failed job fails the script
  cat "$tmp"/out.* > "$tmp/out"
fi
mv "$tmp/out" "$OUT"  # whole or not at all
