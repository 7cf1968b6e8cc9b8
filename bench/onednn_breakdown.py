#!/usr/bin/env python3
"""Where oneDNN's time goes: reads ONEDNN_VERBOSE=1 output on stdin, prints the time per
primitive and problem shape, and the matmuls' GFLOP/s.

Sizes of 1000 and more that change from batch to batch are shown as N (a vocabulary of
exactly 8000, the recipes' default, is kept) and 4-D problems (attention's [B, H, T, T]
products, head reshapes) as Bx<dim 1>x.x., so that one line sums all batches of one layer
kind. Example, updates 20-40 of the recipe's transformer-tiny (the first updates are skipped:
they include kernel generation):

    ONEDNN_VERBOSE=1 build/bin/tolmach-train ... --after 40u > verbose.log 2>&1
    grep '^onednn_verbose,exec' verbose.log | tail -n 7000 | bench/onednn_breakdown.py
"""
import collections
import re
import sys


def shape_class(problem):
    problem = re.sub(r"(?<!\d)(?!8000(?!\d))\d{4,}(?!\d)", "N", problem)
    return re.sub(r"(?<![\dx])\d+x(\d+)x\d+x\d+", r"Bx\1x.x.", problem)


def matmul_flops(problem):
    a, b = ([int(x) for x in operand.split("x")] for operand in problem.split(":")[:2])
    batch = 1
    for x in a[:-2]:
        batch *= x
    return 2 * batch * a[-2] * a[-1] * b[-1]


def main():
    times, calls = collections.Counter(), collections.Counter()
    total_ms = matmul_ms = flops = 0.0
    for line in sys.stdin:
        fields = line.rstrip("\n").split(",")
        if len(fields) < 4 or fields[1] != "exec":
            continue
        primitive, impl, problem, ms = fields[3], fields[4], fields[-2], float(fields[-1])
        key = f"{primitive} ({impl}) {shape_class(problem)}"
        times[key] += ms
        calls[key] += 1
        total_ms += ms
        if primitive == "matmul":
            matmul_ms += ms
            flops += matmul_flops(problem)
    if total_ms == 0:
        sys.exit("onednn_breakdown: no 'onednn_verbose,exec' lines on stdin")
    for key, ms in times.most_common(25):
        print(f"{ms:9.0f} ms {100 * ms / total_ms:5.1f}% {calls[key]:6d} calls  {key}")
    print(f"total {total_ms / 1e3:.1f} s; matmul {flops / 1e9:.1f} GFLOP in {matmul_ms / 1e3:.1f} s = "
          f"{flops / matmul_ms / 1e6:.1f} GFLOP/s")


if __name__ == "__main__":
    main()
