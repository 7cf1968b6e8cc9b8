# tolmach-align ibm2 end to end: fast_align's links on a Hansards fixture (golden from
# fast_align itself) with -d -v and -d -o -v, and -o's tension pass by pass; TAB input and
# stdin, -O, empty sides, bad input and usage.
source "$(dirname "$0")/common.bash"
A="$TOLMACH_BIN/tolmach-align"
D="$TOLMACH_TEST_DATA/align"

# fast_align's model: the same links, forward and reverse (reverse still written en-fr).
"$A" ibm2 -i "$D/hansards40.en-fr" -d -v --quiet > "$W/fwd"
diff "$D/hansards40.fast_align-d-v.fwd" "$W/fwd" > /dev/null || fail "forward links differ from fast_align's"
"$A" ibm2 -i "$D/hansards40.en-fr" -d -v -r --threads 2 --quiet > "$W/rev"
diff "$D/hansards40.fast_align-d-v.rev" "$W/rev" > /dev/null || fail "reverse links differ from fast_align's"

# -o follows fast_align's tension updates: after passes 2-4 the same tension (both print six
# significant digits: fast_align's "final tension", tolmach's "tension" of the pass), and the
# same links. --exact-tension-gradient departs from both (this fixture tells them apart).
for dir in fwd rev; do
  r=; [ $dir = rev ] && r=-r
  "$A" ibm2 -i "$D/hansards40.en-fr" -d -o -v $r > "$W/o.$dir" 2> "$W/o.$dir.log"
  sed -n 's/^iteration [234]:.*, tension \([^ ]*\)$/\1/p' "$W/o.$dir.log" > "$W/o.$dir.tension"
  diff "$D/hansards40.fast_align-d-o-v.$dir.tension" "$W/o.$dir.tension" > /dev/null ||
    fail "-o $dir: tension differs from fast_align's: $(tr '\n' ' ' < "$W/o.$dir.tension")"
  diff "$D/hansards40.fast_align-d-o-v.$dir" "$W/o.$dir" > /dev/null || fail "-d -o -v $dir links differ from fast_align's"
  "$A" ibm2 -i "$D/hansards40.en-fr" -d -o -v $r --exact-tension-gradient --threads 2 --quiet > "$W/x.$dir"
  ! cmp -s "$D/hansards40.fast_align-d-o-v.$dir" "$W/x.$dir" || fail "--exact-tension-gradient $dir gives fast_align's links"
done

# TAB-separated input on stdin, output through -O, and the recommended -d -o -v: one line per
# pair, every link inside both sentences.
sed 's/ ||| /\t/' "$D/hansards40.en-fr" > "$W/tab"
"$A" ibm2 -d -o -v -O "$W/out" --quiet < "$W/tab"
[ "$(wc -l < "$W/out")" -eq 40 ] || fail "want 40 output lines, got $(wc -l < "$W/out")"
paste -d '#' "$W/tab" "$W/out" | awk -F'#' '{
    split($1, side, "\t"); n = split(side[1], l, " "); m = split(side[2], r, " ")
    k = split($2, links, " ")
    for (x = 1; x <= k; ++x) { split(links[x], ij, "-"); if (ij[1] >= n || ij[2] >= m) { print NR": "links[x]; exit 1 } }
  }' || fail "a link outside its sentence"
grep -q -- '-' "$W/out" || fail "no links at all"
[ "$(grep -c '^$' "$W/out")" -lt 5 ] || fail "too many empty lines"

# A pair with an empty side gets an empty line in its place and is not trained on: every
# other line keeps its links.
{ head -3 "$D/hansards40.en-fr"; echo "||| le chat"; echo "the cat |||"; sed -n '4,40p' "$D/hansards40.en-fr"; } > "$W/gaps"
"$A" ibm2 -i "$W/gaps" -d -v --quiet > "$W/gaps.out"
[ "$(wc -l < "$W/gaps.out")" -eq 42 ] || fail "want 42 lines with the empty sides"
[ -z "$(sed -n 4p "$W/gaps.out")$(sed -n 5p "$W/gaps.out")" ] || fail "empty side not an empty line"
sed '4,5d' "$W/gaps.out" | cmp - "$D/hansards40.fast_align-d-v.fwd" > /dev/null || fail "other lines changed"

# Bad input: one line naming file and line, exit 1, no output file.
{ head -2 "$D/hansards40.en-fr"; echo "no separator on this line"; } > "$W/bad"
expect 1 "line without separator" "$A" ibm2 -i "$W/bad" -O "$W/bad.out"
grep -q "bad:3" "$W/err" || fail "bad line not located: $(cat "$W/err")"
[ ! -e "$W/bad.out" ] || fail "output file left behind"
printf 'a b ||| c\n\xff ||| d\n' > "$W/utf8"
INPUT="$W/utf8" expect 1 "invalid UTF-8" "$A" ibm2
grep -q "<stdin>:2" "$W/err" || fail "stdin line not named: $(cat "$W/err")"
expect 1 "missing input" "$A" ibm2 -i "$W/nothing"

# Bad usage: exit 2.
expect 2 "p0 of 1" "$A" ibm2 -i "$D/hansards40.en-fr" -q 1
expect 2 "no iterations" "$A" ibm2 -i "$D/hansards40.en-fr" -I 0
expect 2 "alpha 0" "$A" ibm2 -i "$D/hansards40.en-fr" -a 0
expect 2 "unknown option" "$A" ibm2 --frobnicate
echo "ok: align ibm2"
