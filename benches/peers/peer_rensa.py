#!/usr/bin/env python3
"""rensa peer: R-MinHash sketches + RMinHashLSH, then groups.

Uses rensa's batch API as its README recommends for bulk work:
`RMinHash.from_token_sets` builds the sketches of many documents in one call
(in Rust, across Rayon threads), `RMinHashLSH.insert_many` fills the index and
`query_all` returns every document's candidates in one call. Unless
--no-verify, a candidate pair is kept only if `RMinHash.jaccard` >= threshold.
Candidate pairs are union-found into groups.

This is full-set R-MinHash (every shingle counts), the variant comparable to
datasketch and to ours; rensa's faster "rho" pipeline samples token
positions and is deliberately not used. Tokens are passed as `str`, rensa's
fast path (it hashes the UTF-8 content itself).

rensa's LSH needs num_perm % num_bands == 0, so the band count is the divisor
of num_perm that minimises false-positive + false-negative area at the
threshold (datasketch's criterion, which may pick a non-divisor).
"""

from __future__ import annotations

import json
import time
from importlib.metadata import version

from rensa import RMinHash, RMinHashLSH

from peers_common import (
    Stages,
    UnionFind,
    lsh_bands_dividing,
    parse_args,
    s_curve_midpoint,
    shingles,
    write_output,
)

SEED = 42
CHUNK = 4096  # documents per from_token_sets call: bounds memory for shingle strings


def main() -> None:
    args = parse_args("rensa")
    st = Stages("rensa")
    k = args.shingle_words
    num_perm = args.num_perm

    ids: list[str] = []
    sketches: list[RMinHash] = []
    pending: list[list[str]] = []
    t_prep = t_hash = 0.0

    def flush() -> None:
        nonlocal t_hash
        t1 = time.perf_counter()
        sketches.extend(RMinHash.from_token_sets(pending, num_perm=num_perm, seed=SEED))
        pending.clear()
        t_hash += time.perf_counter() - t1

    with open(args.jsonl, "r", encoding="utf-8") as f:
        for line in f:
            t0 = time.perf_counter()
            if not line.strip():
                continue
            doc = json.loads(line)
            ids.append(str(doc["id"]))
            pending.append(shingles(doc["text"], k))
            t_prep += time.perf_counter() - t0
            if len(pending) >= CHUNK:
                flush()
    if pending:
        flush()
    st.mark("read+sketch", f"{len(ids)} docs; read+shingle {t_prep:.3f} s, RMinHash.from_token_sets {t_hash:.3f} s")

    bands, rows = lsh_bands_dividing(args.threshold, num_perm)
    lsh = RMinHashLSH(threshold=args.threshold, num_perm=num_perm, num_bands=bands)
    lsh.insert_many(sketches)
    st.mark(
        "lsh-insert",
        f"rensa {version('rensa')}: {bands} bands x {rows} rows, S-curve midpoint ~{s_curve_midpoint(bands, rows):.3f}",
    )

    results = lsh.query_all(sketches)
    st.mark("query_all")

    uf = UnionFind(len(ids))
    candidates = accepted = 0
    thr = args.threshold
    verify = not args.no_verify
    for i, cands in enumerate(results):
        m = sketches[i]
        for j in cands:
            if j <= i:  # bucket collisions are symmetric: look at each pair once
                continue
            candidates += 1
            if verify and m.jaccard(sketches[j]) < thr:
                continue
            accepted += 1
            uf.union(i, j)
    st.mark("verify+union" if verify else "union", f"{candidates} candidate pairs, {accepted} kept")

    groups = uf.groups()
    write_output(args.out, ids, groups)
    st.mark("group+write", f"{len(groups)} groups, {sum(map(len, groups))} docs in groups")
    st.total()


if __name__ == "__main__":
    main()
