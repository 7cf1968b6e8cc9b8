# Tools stay thin (issue #29): no tool main (tools/<name>.cpp) over 120 lines, and no function
# in tools/ over 60 lines (a function: a line at column 0 ending in ") {" up to the next "}" at
# column 0). Logic that grows belongs in lib/ or models/, with unit tests.
source "$(dirname "$0")/common.bash"
ROOT=$(cd "$TOLMACH_TEST_DATA/../.." && pwd)
for f in "$ROOT"/tools/*.cpp; do
  n=$(wc -l < "$f")
  [ "$n" -le 120 ] || fail "${f#"$ROOT"/} has $n lines (a tool main stays under 120)"
done
long=$(awk 'FNR == 1 { start = 0 }
  start == 0 && /^[A-Za-z].*\)( const)? \{$/ && !/^(namespace|struct|class)/ { start = FNR; name = $0 }
  start && /^}$/ { if (FNR - start + 1 > 60) print FILENAME ":" start ": " FNR - start + 1 " lines"; start = 0 }' \
  "$ROOT"/tools/*.cpp "$ROOT"/tools/*/*.cpp)
[ -z "$long" ] || fail "functions over 60 lines in tools/: $long"
