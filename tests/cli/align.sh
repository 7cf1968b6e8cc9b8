# tolmach-align -m: forced alignment of given pairs with the shipped model. Aligning the
# model's own translations gives the links tolmach-translate --alignment printed for them;
# the three input forms agree; the line count is kept (empty sides, threads); bad input is
# one line naming file and line, with no partial -o file.
source "$(dirname "$0")/common.bash"
ROOT=$(cd "$TOLMACH_TEST_DATA/../.." && pwd)
M="$ROOT/models/pretrained/multi30k-en-de"
P="$TOLMACH_TEST_DATA/pretrained"
AL="$TOLMACH_BIN/tolmach-align"
EN="$P/test_2016_flickr.head8.en" DE="$P/test_2016_flickr.head8.de"

"$TOLMACH_BIN/tolmach-translate" -m "$M" --quiet --precision float32 -b 4 --alignment < "$EN" > "$W/tr"
awk -F' \\|\\|\\| ' '{ print $1 > "'"$W/tr.de"'"; print $2 > "'"$W/tr.links"'" }' "$W/tr"
paste -d '\t' "$EN" "$W/tr.de" | "$AL" -m "$M" --quiet --precision float32 > "$W/forced"
diff "$W/tr.links" "$W/forced" > "$W/diff" || fail "forced alignment of translate's output differs: $(cat "$W/diff")"

# Reference translations: ' ||| ' lines, -s/-t files and two threads give the same lines.
paste -d '\t' "$EN" "$DE" | sed 's/\t/ ||| /' > "$W/pairs"
"$AL" -m "$M" --quiet -i "$W/pairs" > "$W/a"
"$AL" -m "$M" --quiet -s "$EN" -t "$DE" --threads 2 --mini-batch 2 -o "$W/b"
diff "$W/a" "$W/b" > /dev/null || fail "-s/-t with two threads differs from ' ||| ' input"
[ "$(wc -l < "$W/a")" -eq 8 ] || fail "want 8 alignment lines"
awk '{ for (i = 1; i <= NF; ++i) if ($i !~ /^[0-9]+-[0-9]+$/) exit 1 }' "$W/a" || fail "not Pharaoh: $(head -2 "$W/a")"

# Soft rows: one group per target word, one weight per source word; scores are log-probs.
head -1 "$W/pairs" | "$AL" -m "$M" --quiet --soft --scores > "$W/soft"
awk -F' \\|\\|\\| ' -v nt="$(head -1 "$DE" | wc -w)" -v ns="$(head -1 "$EN" | wc -w)" '{
  n = split($1, g, " "); if (n != nt) exit 1
  for (i = 1; i <= n; ++i) if (split(g[i], w, ",") != ns) exit 1
  if ($2 !~ /^-[0-9.]+$/) exit 1 }' "$W/soft" || fail "soft output malformed: $(cat "$W/soft")"

# An empty side gives an empty line in place; the others are unchanged.
{ head -2 "$W/pairs"; echo "A dog . ||| "; echo " ||| Ein Hund."; sed -n 3p "$W/pairs"; } > "$W/gaps"
"$AL" -m "$M" --quiet -i "$W/gaps" --scores > "$W/gaps.out"
[ "$(wc -l < "$W/gaps.out")" -eq 5 ] || fail "want 5 lines for 5 pairs"
[ "$(sed -n 3p "$W/gaps.out")" = " ||| " ] && [ "$(sed -n 4p "$W/gaps.out")" = " ||| " ] || fail "empty side: $(cat "$W/gaps.out")"
[ "$(sed -n 5p "$W/gaps.out" | cut -d'|' -f1)" = "$(sed -n 3p "$W/a") " ] || fail "pair after the gaps changed"

# Two directions (the model stands in for its own reverse): intersect within union, both
# within the forward links' span; symmetrisation is `combine`'s, tested against atools there.
"$AL" -m "$M" -r "$M" --quiet -i "$W/pairs" --symmetrize intersect > "$W/inter"
"$AL" -m "$M" -r "$M" --quiet -i "$W/pairs" --symmetrize union > "$W/union"
paste -d '\t' "$W/inter" "$W/union" | awk -F'\t' '{ n = split($2, u, " "); for (i = 1; i <= n; ++i) in_u[u[i]] = 1
  m = split($1, a, " "); for (i = 1; i <= m; ++i) if (!(a[i] in in_u)) exit 1; delete in_u }' \
  || fail "intersect is not within union"
"$AL" -m "$M" -r "$M" --quiet -s "$DE" -t "$EN" --symmetrize intersect > "$W/swapped"
"$AL" combine -i "$W/swapped" -c invert | diff - "$W/inter" > /dev/null || fail "-r is not symmetric in the two models"

# Heat maps: one SVG per pair, gold links marked from a .talp line of each pair.
for _ in 1 2 3 4 5 6 7 8; do echo "1-1 2p2"; done > "$W/gold.talp"
"$AL" -m "$M" --quiet -i "$W/pairs" --heatmap "$W/maps" --gold "$W/gold.talp" --one-based > /dev/null
[ "$(ls "$W/maps" | grep -c '^0000[0-9][0-9]\.svg$')" -eq 8 ] || fail "want 8 heat maps: $(ls "$W/maps")"
grep -q '<svg' "$W/maps/000001.svg" && grep -q 'class="sure" data-source="0" data-target="0"' "$W/maps/000001.svg" \
  && grep -q 'class="possible" data-source="1" data-target="1"' "$W/maps/000001.svg" \
  || fail "heat map without gold marks: $(head -c 300 "$W/maps/000001.svg")"
echo "1-99" > "$W/gold.bad"
expect 1 "gold link beyond the sentence" "$AL" -m "$M" --quiet -i "$W/pairs" --heatmap "$W/maps2" --gold "$W/gold.bad" --one-based
grep -q "gold.bad:1:" "$W/err" || fail "gold error does not name file and line: $(cat "$W/err")"

# Bad input: FILE:LINE, exit 1, nothing written to -o.
printf 'a b ||| c d\nno separator here\n' > "$W/bad"
expect 1 "no separator" "$AL" -m "$M" --quiet -i "$W/bad" -o "$W/bad.out"
grep -q "bad:2:" "$W/err" || fail "error does not name line 2: $(cat "$W/err")"
[ ! -e "$W/bad.out" ] || fail "partial -o file left"
head -3 "$EN" > "$W/three.en"
expect 1 "different line counts" "$AL" -m "$M" --quiet -s "$W/three.en" -t "$DE"
grep -q "three.en:3: ends here but .*head8.de has more lines" "$W/err" || fail "error does not name where one file ends: $(cat "$W/err")"
expect 2 "unknown method" "$AL" -m "$M" --method best
expect 2 "-s without -t" "$AL" -m "$M" -s "$EN"
expect 2 "--symmetrize without -r" "$AL" -m "$M" --symmetrize union
expect 2 "unknown heuristic" "$AL" -m "$M" -r "$M" --symmetrize best
expect 2 "--gold without --heatmap" "$AL" -m "$M" --gold "$W/gold.talp"
expect 1 "missing model" "$AL" -m "$W/none" -i "$W/pairs"
echo ok
