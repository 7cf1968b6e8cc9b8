#!/usr/bin/env python3
"""Independent safetensors reader for tests (stdlib only: struct + json).

Usage: read_safetensors.py FILE > dump.json
Checks the layout the reference implementation writes (8-byte LE header length, header
padded with spaces to a multiple of 8, tensors back to back sorted by descending dtype then
name, data covering the file exactly) and prints
{"header_len", "metadata", "order": [names], "tensors": {name: {dtype, shape, values}}}.
Exits 1 with a message on any violation.
"""
import json
import struct
import sys

# Reference dtype order (increasing alignment) and struct codes.
DTYPES = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16",
          "I32", "U32", "F32", "F64", "I64", "U64"]
CODES = {"BOOL": "?", "U8": "B", "I8": "b", "I16": "h", "U16": "H", "F16": "e",
         "BF16": "H", "I32": "i", "U32": "I", "F32": "f", "F64": "d", "I64": "q", "U64": "Q",
         "F8_E5M2": "B", "F8_E4M3": "B"}


def die(msg):
    sys.stderr.write("read_safetensors.py: %s\n" % msg)
    sys.exit(1)


def main(path):
    blob = open(path, "rb").read()
    if len(blob) < 8:
        die("file shorter than 8 bytes")
    (n,) = struct.unpack("<Q", blob[:8])
    if 8 + n > len(blob):
        die("header runs past end of file")
    raw = blob[8:8 + n]
    if n % 8 != 0:
        die("header length %d is not a multiple of 8" % n)
    text = raw.decode("utf-8")
    stripped = text.rstrip(" ")
    if len(text) - len(stripped) >= 8:
        die("more padding than needed")
    header = json.loads(stripped)
    metadata = header.pop("__metadata__", None)
    data = blob[8 + n:]
    entries = sorted(header.items(), key=lambda kv: kv[1]["data_offsets"])
    expected_order = sorted(header, key=lambda k: (-DTYPES.index(header[k]["dtype"]), k))
    order = [k for k, _ in entries]
    if order != expected_order:
        die("tensor order %s differs from reference order %s" % (order, expected_order))
    pos = 0
    out = {}
    for name, info in entries:
        begin, end = info["data_offsets"]
        if begin != pos:
            die("tensor %s not contiguous" % name)
        pos = end
        code = CODES[info["dtype"]]
        count = 1
        for d in info["shape"]:
            count *= d
        if struct.calcsize("<%d%s" % (count, code)) != end - begin:
            die("tensor %s: size mismatch" % name)
        values = list(struct.unpack("<%d%s" % (count, code), data[begin:end]))
        if info["dtype"] == "BF16":  # bf16 is the top half of an f32
            values = [struct.unpack("<f", struct.pack("<I", v << 16))[0] for v in values]
        out[name] = {"dtype": info["dtype"], "shape": info["shape"], "values": values}
    if pos != len(data):
        die("data section has %d bytes, tensors cover %d" % (len(data), pos))
    json.dump({"header_len": n, "metadata": metadata, "order": order, "tensors": out},
              sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
