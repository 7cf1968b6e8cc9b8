#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/, -DTOLMACH_FUZZ=ON) and runs each for
# SECONDS_PER_TARGET (default 600) on one core, niced, one after another, from a seed corpus
# made of tests/data. Logs and corpora in build-fuzz/runs/<target>/; a crash leaves
# crash-* there and stops the script with exit 1 (turn it into a tests/unit regression test).
#   tests/fuzz/run.sh [TARGET ...]      (default: every fuzz_* target)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B="$ROOT/build-fuzz"
SECS=${SECONDS_PER_TARGET:-600}
cmake -S "$ROOT" -B "$B" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release -DTOLMACH_FUZZ=ON \
  -DTOLMACH_BENCH=OFF -DBUILD_TESTING=OFF > /dev/null
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_safetensors fuzz_line_readers fuzz_bleu_tokenizers)
nice cmake --build "$B" -j2 --target "${targets[@]}"

seed() {  # seed TARGET DIR: a few inputs of the kind the target reads
  local dir=$2 D="$ROOT/tests/data"
  mkdir -p "$dir"
  case $1 in
    fuzz_safetensors)
      python3 - "$dir" <<'PY'
import json, struct, sys
def save(name, header, data):
    text = json.dumps(header).encode(); text += b' ' * ((8 - len(text) % 8) % 8)
    open(sys.argv[1] + '/' + name, 'wb').write(struct.pack('<Q', len(text)) + text + data)
save('f32', {'w': {'dtype': 'F32', 'shape': [2, 2], 'data_offsets': [0, 16]}}, bytes(range(16)))
save('mixed', {'__metadata__': {'format': 'pt'}, 'a': {'dtype': 'BF16', 'shape': [3], 'data_offsets': [0, 6]},
               'b': {'dtype': 'I8', 'shape': [2, 1], 'data_offsets': [6, 8]}, 'c': {'dtype': 'F64', 'shape': [], 'data_offsets': [8, 16]}},
     bytes(16))
save('empty', {}, b'')
save('zero', {'z': {'dtype': 'U8', 'shape': [0, 4], 'data_offsets': [0, 0]}}, b'')
PY
      ;;
    fuzz_line_readers)
      cp "$D/align/enfr30.talp" "$D/align/combine.fwd" "$D/align/hansards40.en-fr" "$D/data/tiny.src" "$D/data/bad_utf8.src" "$dir/"
      head -c 2000 "$D/pretrained/test_2016_flickr.head8.en" > "$dir/en"
      { head -3 "$D/pretrained/test_2016_flickr.head8.en"; printf '\xff'; head -3 "$D/pretrained/test_2016_flickr.head8.de"; } > "$dir/two-files"
      printf 'a b ||| c d\r\n\nx\ty\nno separator\na\0b ||| c\n' > "$dir/pairs"
      ;;
    fuzz_bleu_tokenizers)
      head -c 4000 "$D/bleu/wmt17_ref.de" > "$dir/de"
      cp "$D/bleu/readme_hyp.txt" "$D/bleu/readme_ref1.txt" "$dir/"
      printf '中文句子，测试。\nDon'"'"'t stop — 3.5%% of $100!\n「日本語」\n' > "$dir/mixed"
      ;;
  esac
}

for t in "${targets[@]}"; do
  run="$B/runs/$t"
  mkdir -p "$run/corpus"
  [ -n "$(ls -A "$run/corpus")" ] || seed "$t" "$run/corpus"
  echo "$t: ${SECS}s, log $run/log"
  (cd "$run" && nice "$B/fuzz/$t" -max_total_time="$SECS" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 \
     corpus > log 2>&1) || { echo "$t: crashed, see $run/log and $run/crash-*"; exit 1; }
  grep -E "^(stat::number_of_executed_units|Done)" "$run/log" | tr '\n' ' '; echo
done
