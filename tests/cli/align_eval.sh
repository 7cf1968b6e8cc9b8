#!/usr/bin/env bash
# tolmach-align eval: AER / precision / recall on 30 en-fr Hansards lines (numbers from a separate
# implementation, tests/data/align/README.md), text and JSON, stdin, --reverse-hyp, and the
# error exits. (The shared data's README numbers: tests/unit/align_aer_golden_test.cpp.)
source "$(dirname "$0")/common.bash"
T="$TOLMACH_BIN/tolmach-align"
D="$TOLMACH_TEST_DATA/align"
expect_eq() { [[ "$1" == "$2" ]] || fail "$3: got '$1', expected '$2'"; }

expect_eq "$("$T" eval --gold "$D/enfr30.talp" --one-based --hyp "$D/enfr30.awesome-align")" \
  "$(printf 'AER = 3.44\nprecision = 98.98\nrecall = 93.51')" "awesome-align text"
expect_eq "$("$T" eval --gold "$D/enfr30.talp" --one-based --reverse-hyp < "$D/enfr30.fastalign.rev-tgt-src" | tr '\n' ' ')" \
  "AER = 11.37 precision = 88.55 recall = 88.74 " "reverse hypothesis from stdin"
expect_eq "$("$T" eval --gold "$D/enfr30.talp" --one-based --hyp - < "$D/enfr30.fastalign.rev-tgt-src" | head -1)" \
  "AER = 65.19" "target-source hypothesis scored unswapped"
json=$("$T" eval --gold "$D/enfr30.talp" --one-based -i "$D/enfr30.awesome-align" -f json)
python3 - "$json" <<'PY' || fail "json output: $json"
import json, sys
d = json.loads(sys.argv[1])
assert d["name"] == "AER" and d["score"] == 3.44 and d["precision"] == 98.98 and d["recall"] == 93.51, d
assert (d["sentences"], d["links"], d["sure"], d["possible"], d["links_sure"], d["links_possible"]) == (30, 293, 231, 760, 216, 290), d
PY

# Errors: one line, FILE:LINE, exit 1 (2 for usage).
head -n 29 "$D/enfr30.awesome-align" > "$W/short"
expect 1 "fewer hypothesis lines" "$T" eval --gold "$D/enfr30.talp" --one-based --hyp "$W/short"
grep -q "short:29: ends here but .*enfr30.talp has more lines" "$W/err" || fail "line count: $(cat "$W/err")"
{ head -n 6 "$D/enfr30.awesome-align"; echo "0-0 12"; } > "$W/nodash"
head -n 7 "$D/enfr30.talp" > "$W/gold7"
expect 1 "hypothesis link without a dash" "$T" eval --gold "$W/gold7" --one-based --hyp "$W/nodash"
grep -q "nodash:7: bad link '12'" "$W/err" || fail "hypothesis link not located: $(cat "$W/err")"
{ head -n 6 "$D/enfr30.talp"; echo "1-1 2p2 3"; } > "$W/nodash.talp"
expect 1 "gold link without a dash" "$T" eval --gold "$W/nodash.talp" --one-based --hyp "$D/enfr30.awesome-align"
grep -q "nodash.talp:7: bad link '3'" "$W/err" || fail "gold link not located: $(cat "$W/err")"
{ head -n 6 "$D/enfr30.talp"; echo "1-1 0p2"; } > "$W/zero.talp"
expect 1 "position 0 in a 1-based gold" "$T" eval --gold "$W/zero.talp" --one-based --hyp "$D/enfr30.awesome-align"
grep -q "zero.talp:7: bad link '0p2': position 0 in a 1-based file" "$W/err" || fail "0 in 1-based gold: $(cat "$W/err")"
expect 1 "missing gold" "$T" eval --gold "$W/nothing" --hyp "$D/enfr30.awesome-align"
grep -q "nothing: cannot open" "$W/err" || fail "missing file not named: $(cat "$W/err")"
expect 2 "no --gold" "$T" eval --hyp "$D/enfr30.awesome-align"
expect 2 "bad format" "$T" eval --gold "$D/enfr30.talp" --hyp "$D/enfr30.awesome-align" -f yaml

echo "ok: align eval"
