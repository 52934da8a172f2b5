#!/usr/bin/env python3
"""datasketch peer: MinHash(num_perm) per document + MinHashLSH(threshold), then groups.

Uses datasketch the way its documentation shows for bulk work: one template
MinHash whose permutations are shared by `copy()` (what `MinHash.bulk` /
`MinHash.generator` do internally), `update_batch` with all of a document's
shingles as UTF-8 bytes, an `insertion_session` to fill the index, `query`
per document, and (unless --no-verify) the `MinHash.jaccard` re-check that
`MinHashLSH.query`'s docstring recommends. Candidate pairs are union-found
into groups.
"""

from __future__ import annotations

import json
import time

from datasketch import MinHash, MinHashLSH, __version__ as ds_version

from peers_common import Stages, UnionFind, parse_args, s_curve_midpoint, shingles, write_output


def main() -> None:
    args = parse_args("datasketch")
    st = Stages("datasketch")
    k = args.shingle_words
    template = MinHash(num_perm=args.num_perm)

    # One streaming pass: read a line, shingle it, sketch it. Holding every
    # document's shingle strings at once would cost gigabytes at 100k docs.
    ids: list[str] = []
    sketches: list[MinHash] = []
    t_prep = t_hash = 0.0
    with open(args.jsonl, "r", encoding="utf-8") as f:
        for line in f:
            t0 = time.perf_counter()
            if not line.strip():
                continue
            doc = json.loads(line)
            ids.append(str(doc["id"]))
            toks = [s.encode("utf-8") for s in shingles(doc["text"], k)]
            t1 = time.perf_counter()
            m = template.copy()
            if toks:
                m.update_batch(toks)
            sketches.append(m)
            t_prep += t1 - t0
            t_hash += time.perf_counter() - t1
    st.mark("read+sketch", f"{len(ids)} docs; read+shingle {t_prep:.3f} s, MinHash.update_batch {t_hash:.3f} s")

    lsh = MinHashLSH(threshold=args.threshold, num_perm=args.num_perm)
    with lsh.insertion_session() as session:
        for i, m in enumerate(sketches):
            session.insert(i, m, check_duplication=False)
    st.mark(
        "lsh-insert",
        f"datasketch {ds_version}: b={lsh.b} bands x r={lsh.r} rows, S-curve midpoint ~{s_curve_midpoint(lsh.b, lsh.r):.3f}",
    )

    uf = UnionFind(len(ids))
    candidates = accepted = 0
    thr = args.threshold
    verify = not args.no_verify
    for i, m in enumerate(sketches):
        for j in lsh.query(m):
            if j <= i:  # bucket collisions are symmetric: look at each pair once
                continue
            candidates += 1
            if verify and m.jaccard(sketches[j]) < thr:
                continue
            accepted += 1
            uf.union(i, j)
    st.mark("query+verify" if verify else "query", f"{candidates} candidate pairs, {accepted} kept")

    groups = uf.groups()
    write_output(args.out, ids, groups)
    st.mark("group+write", f"{len(groups)} groups, {sum(map(len, groups))} docs in groups")
    st.total()


if __name__ == "__main__":
    main()
