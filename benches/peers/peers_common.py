"""Shared pieces of the peer near-duplicate pipelines (datasketch, rensa).

Everything both peers must do identically lives here, so the only thing that
differs between `peer_datasketch.py` and `peer_rensa.py` is the library's own
MinHash + LSH work:

* reading the JSONL corpus (`{"id": ..., "text": ...}` per line),
* shingling: lowercase, unicode `\\w+` tokens, word 5-grams joined by a space,
* union-find of the accepted pairs into groups,
* writing `{"documents": N, "groups": [{"members": [ids]}]}` like `dedup --json`,
* stage timings on stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time

WORD_RE = re.compile(r"\w+")
_findall = WORD_RE.findall


def parse_args(tool: str) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=f"{tool} near-duplicate grouping over a JSONL corpus")
    p.add_argument("--jsonl", required=True, help="corpus, one JSON object with id and text per line")
    p.add_argument("--threshold", type=float, default=0.5, help="Jaccard threshold (default 0.5)")
    p.add_argument("--num-perm", type=int, default=128)
    p.add_argument("--shingle-words", type=int, default=5, help="words per shingle (default 5)")
    p.add_argument(
        "--no-verify",
        action="store_true",
        help="union every LSH candidate pair; by default a candidate pair is kept only if the "
        "library's own MinHash Jaccard estimate is >= threshold (the documented LSH idiom)",
    )
    p.add_argument("--out", default="-", help="output JSON path (default stdout)")
    return p.parse_args()


class Stages:
    """Wall-clock stage timer; prints one line per stage to stderr."""

    def __init__(self, tool: str) -> None:
        self.tool = tool
        self.t0 = time.perf_counter()
        self.last = self.t0

    def mark(self, stage: str, note: str = "") -> None:
        now = time.perf_counter()
        extra = f"  ({note})" if note else ""
        print(f"[{self.tool}] {stage:<12} {now - self.last:8.3f} s{extra}", file=sys.stderr, flush=True)
        self.last = now

    def total(self) -> None:
        print(
            f"[{self.tool}] {'total':<12} {time.perf_counter() - self.t0:8.3f} s (in-process, excl. interpreter start)",
            file=sys.stderr,
            flush=True,
        )


def read_corpus(path: str) -> tuple[list[str], list[str]]:
    ids: list[str] = []
    texts: list[str] = []
    loads = json.loads
    with open(path, "r", encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            doc = loads(line)
            ids.append(str(doc["id"]))
            texts.append(doc["text"])
    return ids, texts


def shingles(text: str, k: int) -> list[str]:
    """Distinct word k-grams of `text` (order of first appearance).

    A document with fewer than k words yields its whole token sequence as one
    shingle (or nothing if it has no words), so short documents still match.
    """
    words = _findall(text.lower())
    if len(words) < k:
        return [" ".join(words)] if words else []
    # zip of k shifted views yields the k-grams without per-gram slicing;
    # dict.fromkeys de-duplicates while keeping a deterministic order.
    return list(dict.fromkeys(map(" ".join, zip(*[words[i:] for i in range(k)]))))


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb

    def groups(self) -> list[list[int]]:
        by_root: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            by_root.setdefault(self.find(i), []).append(i)
        return [g for g in by_root.values() if len(g) > 1]


def write_output(path: str, ids: list[str], groups: list[list[int]]) -> None:
    groups = sorted(groups, key=lambda g: (-len(g), g[0]))
    out = {
        "documents": len(ids),
        "groups": [{"members": [ids[i] for i in g]} for g in groups],
    }
    if path == "-":
        json.dump(out, sys.stdout)
        sys.stdout.write("\n")
    else:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(out, f)
            f.write("\n")


def _integrate(f, a: float, b: float, steps: int = 200) -> float:
    """Composite Simpson's rule (steps even); plenty for these smooth curves."""
    h = (b - a) / steps
    s = f(a) + f(b)
    for i in range(1, steps):
        s += (4 if i % 2 else 2) * f(a + i * h)
    return s * h / 3


def lsh_bands_dividing(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) with bands * rows == num_perm minimising FP + FN area.

    Same criterion as datasketch's default (equal false-positive and
    false-negative weights), restricted to exact divisors of num_perm because
    rensa's RMinHashLSH requires num_perm % num_bands == 0.
    """
    best = None
    for b in range(2, num_perm + 1):
        if num_perm % b:
            continue
        r = num_perm // b
        fp = _integrate(lambda s: 1 - (1 - s**r) ** b, 0.0, threshold)
        fn = _integrate(lambda s: (1 - s**r) ** b, threshold, 1.0)
        err = fp + fn
        if best is None or err < best[0]:
            best = (err, b, r)
    assert best is not None
    return best[1], best[2]


def s_curve_midpoint(bands: int, rows: int) -> float:
    """Approximate similarity at which an LSH (b, r) has 50% hit chance."""
    return math.pow(1 - math.pow(0.5, 1 / bands), 1 / rows)
