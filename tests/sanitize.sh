#!/usr/bin/env bash
# Builds tolmach with sanitizers into its own tree and runs the whole test suite there (not
# part of the default CI: several times slower than a plain build).
#   tests/sanitize.sh [address,undefined | thread] [ctest args...]
# address,undefined -> build-asan/, thread -> build-tsan/. Errors abort the test that hit
# them (-fno-sanitize-recover=all). libgomp (oneDNN's OpenMP) is not instrumented, so under
# thread its own barriers are reported: OMP_NUM_THREADS=1 keeps the worker pool's threads,
# which are ours, as the ones checked.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SAN=${1:-address,undefined}
shift || true
case $SAN in
  thread) B="$ROOT/build-tsan"; export OMP_NUM_THREADS=1 TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ;;
  *) B="$ROOT/build-asan"
     # oneDNN and ICU keep process-lifetime caches: leaks at exit are not ours to fix.
     export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" ;;
esac
launcher=()
command -v ccache > /dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$ROOT" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOLMACH_SANITIZE="$SAN" -DTOLMACH_BENCH=OFF \
  "${launcher[@]}" > /dev/null
nice cmake --build "$B" -j"${JOBS:-2}"
cd "$B" && nice ctest -j"${JOBS:-2}" --output-on-failure --timeout 3000 "$@"
