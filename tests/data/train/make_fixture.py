#!/usr/bin/env python3
"""Writes the tiny reverse-copy corpus the trainer CLI tests use (deterministic):
target = source words in reverse order. Run from this directory."""
import random

WORDS = ("red blue green small big cat dog bird house tree man woman child ball "
         "runs sits eats sees the a on in with near").split()
rng = random.Random(20261125)

def make(n):
    src, trg = [], []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(2, 7))]
        src.append(" ".join(words))
        trg.append(" ".join(reversed(words)))
    return src, trg

for name, n in (("train", 200), ("valid", 20)):
    s, t = make(n)
    open(f"{name}.src", "w").write("\n".join(s) + "\n")
    open(f"{name}.trg", "w").write("\n".join(t) + "\n")
