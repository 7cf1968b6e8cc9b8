# Sourced by the bad_input_* tests: faulty copies of a good model directory, one fault each,
# and the file each error must name. make_faulty_models SRC DIR writes DIR/<fault>/ for every
# fault in MODEL_FAULTS; model_fault_file DIR FAULT prints the file the error names.
MODEL_FAULTS="truncated offsets dtype shape arch dims vocab newer"

make_faulty_models() {
  local src=$1 dir=$2 f
  for f in $MODEL_FAULTS; do rm -rf "$dir/$f"; mkdir -p "$dir"; cp -r "$src" "$dir/$f"; done
  local w=model.safetensors size
  size=$(stat -c %s "$src/$w")
  head -c $((size / 2)) "$src/$w" > "$dir/truncated/$w"
  # A header that lies: offsets past the data, a dtype or a shape that does not fit the span.
  python3 - "$src/$w" "$dir" <<'PY'
import json, struct, sys
src, out = sys.argv[1], sys.argv[2]
data = open(src, 'rb').read()
n = struct.unpack('<Q', data[:8])[0]
header = json.loads(data[8:8 + n])
first = sorted((v['data_offsets'][0], k) for k, v in header.items() if k != '__metadata__')[0][1]
def save(fault, change):
    h = json.loads(data[8:8 + n])
    change(h[first])
    text = json.dumps(h).encode()
    text += b' ' * ((8 - len(text) % 8) % 8)
    open(out + '/' + fault + '/model.safetensors', 'wb').write(struct.pack('<Q', len(text)) + text + data[8 + n:])
save('offsets', lambda t: t.update(data_offsets=[t['data_offsets'][0], t['data_offsets'][1] + 10**9]))
save('dtype', lambda t: t.update(dtype='F16' if t['dtype'] != 'F16' else 'F32'))
save('shape', lambda t: t.update(shape=[2 * t['shape'][0]] + t['shape'][1:]))
PY
  sed -i 's/"type": "[a-z]*"/"type": "lstm9"/' "$dir/arch/config.json"
  local dim
  dim=$(sed -n 's/.*"dim-emb": \([0-9]*\).*/\1/p' "$src/config.json")
  sed -i "s/\"dim-emb\": $dim/\"dim-emb\": $((2 * dim))/" "$dir/dims/config.json"
  sed -i 's/"tolmach_version"/"model-format": 2, "tolmach_version"/' "$dir/newer/config.json"
  # Another model's vocabulary (of another size) must be refused before translating.
  printf 'a b c d e f g h i j\nk l m n o p\n' > "$dir/vocab.txt"
  "$TOLMACH_BIN/tolmach-tokenize" train --input "$dir/vocab.txt" --model-prefix "$dir/other" --vocab-size 20 \
    --model-type char --quiet 2> /dev/null
  local vocab
  vocab=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["vocabs"][0])' "$src/config.json")
  cp "$dir/other.model" "$dir/vocab/$vocab"
}

model_fault_file() {
  case $2 in
    arch|newer) echo "$1/$2/config.json" ;;
    vocab) echo "$1/$2/vocab" ;;  # the vocabulary file
    dims) echo "$1/$2/model.safetensors" ;;  # the tensor that no longer fits
    *) echo "$1/$2/model.safetensors" ;;
  esac
}
