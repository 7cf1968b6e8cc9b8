#!/usr/bin/env python3
"""End-to-end scoring benchmark for tolmach-score-bleu.

The 16 WMT17 newstest2017 en-de systems x BLEU + chrF2 + TER, one tolmach-score-bleu process
per system as a script would run it, checking that every number equals sacreBLEU 2.6.0's
(scores.sacrebleu-2.6.0.tsv, 6 decimals). Two layouts:
  sequential : one process after the other, each using every core (--threads default)
  2 parallel : two single-threaded processes at a time
Reports wall seconds (best of --repeats) and the CPU seconds the processes used, so a figure
taken on a busy machine can still be judged (wall on an idle machine >= CPU / cores).

  bench/score_bleu_wmt17.py [--bin build/bin] [--data ../shared/data/wmt17-...] [--repeats 3]
"""
import argparse
import concurrent.futures as cf
import os
import resource
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--bin", default=os.path.join(here, "..", "build", "bin"))
ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data",
                                               "wmt17-newstest2017-ende-systems"))
ap.add_argument("--repeats", type=int, default=3)
args = ap.parse_args()

tool = os.path.join(args.bin, "tolmach-score-bleu")
tsv = os.path.join(args.data, "scores.sacrebleu-2.6.0.tsv")
if not os.path.exists(tsv):
    print(f"skip: {args.data} not present")
    sys.exit(0)
ref = os.path.join(args.data, "newstest2017.ref.de")
rows = [l.rstrip("\n").split("\t") for l in open(tsv, encoding="utf-8")][1:]
expected = {r[0]: [f"{float(r[1]):.6f}", f"{float(r[6]):.6f}", f"{float(r[8]):.6f}"] for r in rows}


def score(system, threads):
    out = subprocess.run([tool, ref, "-i", os.path.join(args.data, "systems", system),
                          "-m", "bleu", "chrf", "ter", "-w", "6", "-b", "--threads", str(threads)],
                         check=True, capture_output=True, text=True).stdout
    return system, out.replace("[", "").replace("]", "").replace(",", "").split()


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


print(f"machine: {os.cpu_count()} cores; {len(rows)} systems x (BLEU + chrF2 + TER)")
ok = True
for layout, workers, threads in (("sequential", 1, os.cpu_count()), ("2 parallel", 2, 1)):
    walls, cpus = [], []
    for _ in range(args.repeats):
        c0, t0 = cpu(), time.perf_counter()
        with cf.ThreadPoolExecutor(workers) as pool:
            results = dict(pool.map(lambda s: score(s, threads), expected))
        walls.append(time.perf_counter() - t0)
        cpus.append(cpu() - c0)
    same = sum(results[s] == expected[s] for s in expected)
    ok = ok and same == len(expected)
    print(f"{layout:11s}: best {min(walls):.3f} s wall (runs: {', '.join(f'{w:.3f}' for w in walls)}), "
          f"{min(cpus):.3f} s CPU; {same}/{len(expected)} systems identical to sacreBLEU 2.6.0")
sys.exit(0 if ok else 1)
