#!/usr/bin/env bash
# tolmach-score-bleu end to end through pipes on tests/data/bleu fixtures: sacreBLEU's numbers
# (README example with two reference streams; sentence BLEU / chrF2 of WMT17 uedin-nmt lines),
# output formats, paired tests, and the error exits (no partial output).
source "$(dirname "$0")/common.bash"
B="$TOLMACH_BIN/tolmach-score-bleu"
T="$TOLMACH_TEST_DATA/bleu"
expect_eq() { [[ "$1" == "$2" ]] || fail "$3: got '$1', expected '$2'"; }

# sacreBLEU's README example (test_bleu.py): 13a 48.530827, none 49.1919566, intl 43.91623493
expect_eq "$(cat "$T/readme_hyp.txt" | "$B" "$T/readme_ref1.txt" "$T/readme_ref2.txt" -b -w 6)" 48.530827 "BLEU 13a"
expect_eq "$("$B" "$T/readme_ref1.txt" "$T/readme_ref2.txt" -i "$T/readme_hyp.txt" -b -w 6 -tok none)" 49.191957 "BLEU none"
expect_eq "$("$B" "$T/readme_ref1.txt" "$T/readme_ref2.txt" -i "$T/readme_hyp.txt" -b -w 6 -tok intl)" 43.916235 "BLEU intl"

# -nr 2: the same two references as tab-separated columns of one file.
paste "$T/readme_ref1.txt" "$T/readme_ref2.txt" > "$W/tabrefs"
expect_eq "$("$B" "$W/tabrefs" -nr 2 -b -w 6 < "$T/readme_hyp.txt")" 48.530827 "BLEU with -nr 2"

# Default JSON output carries sacreBLEU 2.x's keys and signature.
json=$("$B" "$T/readme_ref1.txt" "$T/readme_ref2.txt" < "$T/readme_hyp.txt")
python3 - "$json" <<'PY' || fail "json output"
import json, sys
d = json.loads(sys.argv[1])
assert d["name"] == "BLEU" and d["score"] == 48.5, d
assert d["signature"].startswith("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:"), d
assert d["verbose_score"] == "82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)", d
for k in ("nrefs", "case", "eff", "tok", "smooth", "version"):
    assert k in d, k
PY

# Sentence level equals sacreBLEU 2.6.0's sentence BLEU / chrF2 of WMT17 uedin-nmt (first 20 lines).
"$B" "$T/wmt17_ref.de" -i "$T/wmt17_uedin.de" -sl -b -w 6 > "$W/sbleu"
diff -q "$W/sbleu" "$T/wmt17_uedin.sentence_bleu" > /dev/null || fail "sentence BLEU differs from sacreBLEU"
"$B" "$T/wmt17_ref.de" -sl -m chrf -b -w 6 < "$T/wmt17_uedin.de" > "$W/schrf"
diff -q "$W/schrf" "$T/wmt17_uedin.sentence_chrf2" > /dev/null || fail "sentence chrF2 differs from sacreBLEU"
grep -q '^BLEU|nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:.* = ' \
  <("$B" "$T/wmt17_ref.de" -i "$T/wmt17_uedin.de" -sl | head -1) || fail "sentence-level line format"

# Several metrics as text, aligned at '='.
text=$("$B" "$T/wmt17_ref.de" -i "$T/wmt17_uedin.de" -m ter bleu chrf -f text)
expect_eq "$(echo "$text" | wc -l)" 3 "three metric lines"
echo "$text" | sed -n 1p | grep -q '^ *BLEU|' || fail "BLEU first"
echo "$text" | sed -n 3p | grep -q '^TER|nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|' || fail "TER line"
expect_eq "$(echo "$text" | awk '{print index($0, " = ")}' | sort -u | wc -l)" 1 "aligned at '='"

# Paired bootstrap: baseline first, p-values, sacreBLEU's signature fields.
"$B" "$T/wmt17_ref.de" -i "$T/wmt17_lium.de" "$T/wmt17_uedin.de" "$T/wmt17_online_a.de" --paired-bs > "$W/pbs"
grep -q "^Baseline: $T/wmt17_lium.de" "$W/pbs" || fail "baseline row"
expect_eq "$(grep -c '(p = 0\.[0-9]\{4\})' "$W/pbs")" 2 "two p-values"
grep -q 'nrefs:1|bs:1000|seed:12345|case:mixed|eff:no|tok:13a' "$W/pbs" || fail "paired signature"
# Same seed, same numbers; another seed, other resamples.
"$B" "$T/wmt17_ref.de" -i "$T/wmt17_lium.de" "$T/wmt17_uedin.de" "$T/wmt17_online_a.de" -pbs > "$W/pbs2"
cmp -s "$W/pbs" "$W/pbs2" || fail "paired bootstrap not reproducible"
"$B" "$T/wmt17_ref.de" -i "$T/wmt17_lium.de" "$T/wmt17_uedin.de" -pbs --seed 7 | grep -q 'seed:7' || fail "--seed"

# Errors: one line naming file(s) and counts / line, exit 1, nothing on stdout.
head -5 "$T/wmt17_uedin.de" > "$W/short.de"
set +e
"$B" "$T/wmt17_ref.de" -i "$W/short.de" > "$W/out" 2> "$W/err"; rc=$?
set -e
expect_eq "$rc" 1 "line-count mismatch exit"
[[ ! -s "$W/out" ]] || fail "output despite error"
expect_eq "$(wc -l < "$W/err")" 1 "one-line error"
grep -q "short.de" "$W/err" && grep -q "wmt17_ref.de" "$W/err" && grep -q " 5 " "$W/err" && grep -q " 20 " "$W/err" \
  || fail "mismatch message should name both files and counts: $(cat "$W/err")"

{ head -2 "$T/wmt17_uedin.de"; printf 'bad \xff byte\n'; } > "$W/bad.de"
head -3 "$T/wmt17_ref.de" > "$W/ref3.de"
set +e
"$B" "$W/ref3.de" < "$W/bad.de" > "$W/out" 2> "$W/err"; rc=$?
set -e
expect_eq "$rc" 1 "invalid UTF-8 exit"
[[ ! -s "$W/out" ]] || fail "output despite invalid UTF-8"
grep -q '<stdin>:3: invalid UTF-8' "$W/err" || fail "invalid UTF-8 message: $(cat "$W/err")"

set +e
"$B" "$W/ref3.de" -m bleu nope < "$W/ref3.de" > "$W/out" 2> "$W/err"; rc=$?
set -e
expect_eq "$rc" 2 "bad usage exit"

# Empty input: score 0 with a warning.
: > "$W/empty"
out=$("$B" "$W/empty" -b < "$W/empty" 2> "$W/err")
expect_eq "$out" 0.0 "empty input score"
grep -q warning "$W/err" || fail "empty input warning"

# A U+FEFF on line 1 stays part of the first word, as in sacreBLEU (utf-8, not utf-8-sig).
printf '\xef\xbb\xbfHallo Welt\n' > "$W/bom"
printf 'Hallo Welt\n' > "$W/nobom"
expect_eq "$("$B" "$W/nobom" -i "$W/bom" -sl -b -w 2)" 50.00 "BOM kept in the first token (unigram 1/2, bigram smoothed)"
expect_eq "$("$B" "$W/nobom" -i "$W/nobom" -sl -b -w 2)" 100.00 "identical"

echo "score_bleu CLI: all checks passed"
