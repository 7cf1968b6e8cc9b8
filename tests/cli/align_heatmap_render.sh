#!/usr/bin/env bash
# Attention heat maps drawn by a real browser: headless Chromium screenshots the SVGs that
# tests/tools/write_heatmap writes, and the pixels must show what the picture promises (dark
# blue cells, orange predicted dots, red gold outlines, dark label text). A malformed SVG
# shows Chromium's XML error page instead and fails. Exits 77 (skipped) without chromium, a
# dev tool only: apt-get install chromium. TOLMACH_KEEP_PNG=DIR keeps the screenshots to look at.
source "$(dirname "$0")/common.bash"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "SKIP: chromium not installed" >&2
  exit 77
fi

"${TOLMACH_TEST_TOOLS:?}/write_heatmap" "$W/maps" || fail "write_heatmap"

# Counts pixels by kind in an 8-bit RGB(A) PNG, decoded with zlib alone (no imaging library).
cat > "$W/pixels.py" <<'EOF'
import struct, sys, zlib

def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, "want 8-bit RGB(A), not interlaced"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):  # undo the PNG row filter
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1: line[i] = (line[i] + a) & 255
            elif kind == 2: line[i] = (line[i] + b) & 255
            elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return [tuple(row[x * channels:x * channels + 3]) for row in rows for x in range(width)]

px = pixels(sys.argv[1])
kinds = {
    "distinct colours": len(set(px)),
    "dark blue cell": sum(1 for r, g, b in px if b > r + 40 and 0.2126 * r + 0.7152 * g + 0.0722 * b < 110),
    "orange dot": sum(1 for r, g, b in px if r > 200 and 100 < g < 170 and b < 80),
    "red outline": sum(1 for r, g, b in px if r > 190 and g < 70 and b < 70),
    "dark text": sum(1 for r, g, b in px if max(r, g, b) < 90 and abs(r - b) < 20),
}
print(" ".join(f"{k}={v}" for k, v in kinds.items()))
EOF

# want PNG MIN...: each kind (in the order above) has at least MIN pixels.
want() {
  local png=$1; shift
  local counts
  counts=$(/usr/bin/python3 "$W/pixels.py" "$png") || fail "$png: cannot read the PNG"
  echo "$(basename "$png"): $counts" >&2
  local kinds=("distinct colours" "dark blue cell" "orange dot" "red outline" "dark text") i=0 min
  for min in "$@"; do
    local have
    have=$(grep -o "${kinds[$i]}=[0-9]*" <<< "$counts" | cut -d= -f2)
    [ "$have" -ge "$min" ] || fail "$(basename "$png"): $have ${kinds[$i]} pixels, want >= $min (blank or broken picture?)"
    i=$((i + 1))
  done
}

shoot() {
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$W/profile.XXXXXX")" --screenshot="$2" --window-size=800,600 \
    "file://$1" > "$W/chromium.log" 2>&1 || fail "chromium on $1: $(tail -3 "$W/chromium.log")"
  [ -s "$2" ] || fail "chromium wrote no screenshot of $1"
}

shoot "$W/maps/000001.svg" "$W/lecture.png"
shoot "$W/maps/000002.svg" "$W/odd.png"
# The lecture pair: 14 dots, 13 solid and 1 dashed outline, 10 cells at >= 0.8 (576 px each).
want "$W/lecture.png" 40 1000 500 500 500
# Odd words: escaped specials and a 42-letter word still draw the map (1 dark cell, 3 dots).
want "$W/odd.png" 40 400 150 100 500

if [ -n "${TOLMACH_KEEP_PNG:-}" ]; then
  mkdir -p "$TOLMACH_KEEP_PNG" && cp "$W/lecture.png" "$W/odd.png" "$TOLMACH_KEEP_PNG/"
fi
echo "align_heatmap_render: ok"
