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
paste -d '|' "$EN" /dev/null /dev/null "$DE" | sed 's/|||/ ||| /' > "$W/pairs"
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

# Bad input: FILE:LINE, exit 1, nothing written to -o.
printf 'a b ||| c d\nno separator here\n' > "$W/bad"
expect 1 "no separator" "$AL" -m "$M" --quiet -i "$W/bad" -o "$W/bad.out"
grep -q "bad:2:" "$W/err" || fail "error does not name line 2: $(cat "$W/err")"
[ ! -e "$W/bad.out" ] || fail "partial -o file left"
head -3 "$EN" > "$W/three.en"
expect 1 "different line counts" "$AL" -m "$M" --quiet -s "$W/three.en" -t "$DE"
grep -q "head8.de:4:" "$W/err" || fail "error does not name the longer file's line 4: $(cat "$W/err")"
expect 2 "unknown method" "$AL" -m "$M" --method best
expect 2 "-s without -t" "$AL" -m "$M" -s "$EN"
expect 1 "missing model" "$AL" -m "$W/none" -i "$W/pairs"
echo ok
