# Sourced first by every tests/cli/*.sh: strict mode, fail, a scratch directory $W removed on
# exit, and expect for the bad-input checks.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# expect CODE WHAT COMMAND...: COMMAND exits with CODE and writes exactly one line on stderr
# (kept in $W/err; stdout in $W/out; stdin from $INPUT, default /dev/null).
expect() {
  local code=$1 what=$2; shift 2
  local rc=0
  "$@" > "$W/out" 2> "$W/err" < "${INPUT:-/dev/null}" || rc=$?
  [ $rc -eq "$code" ] || fail "$what: exit $rc, want $code ($(cat "$W/err"))"
  [ "$(wc -l < "$W/err")" -eq 1 ] || fail "$what: want one line on stderr, got: $(cat "$W/err")"
}
