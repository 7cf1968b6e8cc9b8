#!/usr/bin/env bash
# tolmach-align combine against fast_align's atools: byte-identical output for invert and
# every heuristic on tests/data/align (real fast_align / Mgiza runs, see its README), stdin and
# -o, and the error exits (one line, FILE:LINE, no partial -o file).
source "$(dirname "$0")/common.bash"
T="$TOLMACH_BIN/tolmach-align"
D="$TOLMACH_TEST_DATA/align"

"$T" combine -i "$D/combine.rev-tgt-src" -c invert > "$W/rev"
cmp "$W/rev" "$D/atools.invert" || fail "invert differs from atools"
HEURISTICS="intersect union grow-diag grow-diag-final grow-diag-final-and"
for h in $HEURISTICS; do
  "$T" combine -i "$D/combine.fwd" -j "$D/atools.invert" -c "$h" > "$W/$h"
  cmp "$W/$h" "$D/atools.$h" || fail "$h differs from atools"
done
# The fixture tells the heuristics apart (else a mix-up could pass).
for a in $HEURISTICS; do for b in $HEURISTICS; do
  [ "$a" = "$b" ] || ! cmp -s "$D/atools.$a" "$D/atools.$b" || fail "fixture: $a and $b agree"
done; done

# atools' underscore spelling, stdin for either file, -o.
"$T" combine -i - -j "$D/atools.invert" -c grow_diag_final_and < "$D/combine.fwd" > "$W/stdin"
cmp "$W/stdin" "$D/atools.grow-diag-final-and" || fail "-i - (stdin)"
"$T" combine -i "$D/combine.fwd" -j - -c grow-diag -o "$W/out.al" < "$D/atools.invert"
cmp "$W/out.al" "$D/atools.grow-diag" || fail "-j - with -o"

# Errors: exit 1 with FILE:LINE for bad input, 2 for bad usage; -o never left half-written.
head -n 5 "$D/atools.invert" > "$W/short"
expect 1 "fewer reverse lines" "$T" combine -i "$D/combine.fwd" -j "$W/short" -c union -o "$W/partial"
grep -q "short:5: ends here but .*combine.fwd has more lines" "$W/err" || fail "line count: $(cat "$W/err")"
[ ! -e "$W/partial" ] || fail "partial output file left behind"
ls "$W" | grep -q '\.tmp\.' && fail "temporary output file left behind"
{ head -n 3 "$D/combine.fwd"; echo "0-0 1:1"; } > "$W/bad"
expect 1 "link without a dash" "$T" combine -i "$W/bad" -j "$D/atools.invert" -c intersect -o "$W/partial"
grep -q "bad:4: bad link '1:1'" "$W/err" || fail "bad link not located: $(cat "$W/err")"
[ ! -e "$W/partial" ] || fail "partial output file left behind"
INPUT="$W/bad" expect 1 "bad link on stdin" "$T" combine -i - -c invert
grep -q "<stdin>:4: " "$W/err" || fail "stdin line not named: $(cat "$W/err")"
expect 1 "missing file" "$T" combine -i "$W/nothing" -j "$D/atools.invert" -c union
grep -q "nothing: cannot open" "$W/err" || fail "missing file not named: $(cat "$W/err")"
echo "0-0" > "$W/old"
expect 1 "bad input keeps the old -o file" "$T" combine -i "$W/bad" -c invert -o "$W/old"
[ "$(cat "$W/old")" = "0-0" ] || fail "-o overwritten on error"

expect 2 "unknown heuristic" "$T" combine -i "$D/combine.fwd" -j "$D/atools.invert" -c grow-diagonal
grep -q "grow-diag-final-and" "$W/err" || fail "heuristics not listed: $(cat "$W/err")"
expect 2 "no -c" "$T" combine -i "$D/combine.fwd" -j "$D/atools.invert"
expect 2 "heuristic without -j" "$T" combine -i "$D/combine.fwd" -c union
expect 2 "invert with -j" "$T" combine -i "$D/combine.fwd" -j "$D/atools.invert" -c invert
expect 2 "both stdin" "$T" combine -i - -j - -c union
echo "ok: align combine"
