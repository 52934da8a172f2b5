#!/usr/bin/env python3
"""Writes the corpora of the linear-cost benchmark (issue 13): N copies of one
seed article as JSONL, either exact or each with three words changed.

    python3 benches/copies/make.py exact 16000 > exact-16000.jsonl
    python3 benches/copies/make.py edited 16000 > edited-16000.jsonl

Deterministic: copy i changes words chosen from i alone.
"""
import json
import pathlib
import sys

kind, n = sys.argv[1], int(sys.argv[2])
seed = sorted(pathlib.Path(__file__).resolve().parents[2].joinpath("seeds").glob("004_*.txt"))[0]
text = seed.read_text(encoding="utf-8")
words = text.split(" ")
for i in range(n):
    if kind == "exact":
        t = text
    else:
        w = list(words)
        for k in range(3):
            j = (i * 7919 + k * 104729) % len(w)
            # Letters only: a word with three digits would count as a figure.
            tag = "".join(chr(97 + (x % 26)) for x in (i, i // 26, i // 676, k))
            w[j] = "edit" + tag
        t = " ".join(w)
    print(json.dumps({"id": f"copy-{i:05d}", "text": t}))
