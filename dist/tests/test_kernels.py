"""The Spark path's kernels (reprint._reprint.Kernels) driven in memory, with
Python dicts as the shuffles, compared with the Detector on the same
documents: the stages through Arrow give the detector's groups. Fast, and
without Spark (dist/ci.sh runs the Spark comparison).

    dist/.venv/bin/python -m unittest discover -s dist/tests -p 'test_*.py'
"""

import json
import pathlib
import random
import unittest
from collections import defaultdict

import pyarrow as pa

from reprint import Detector, _reprint

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def corpus():
    """The seeds, edited copies of one of them (one large bucket), exact
    copies, a repeated id, broken lines."""
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in SEEDS]
    words = docs[4][1].split(" ")
    rng = random.Random(3)
    for i in range(40):
        w = list(words)
        for _ in range(3):
            w[rng.randrange(len(w))] = "edit" + "".join(rng.choice("abcdefgh") for _ in range(5))
        docs.append((f"copy-{i:02d}", " ".join(w)))
    docs.append(("exact-a", docs[0][1]))
    lines = [json.dumps({"id": i, "text": t}).encode() for i, t in docs]
    lines += [b"not json", b"", b'{"id": "copy-00", "text": "again"}', b'{"id": "empty", "text": " "}']
    return docs, lines


def batch(**columns):
    return pa.RecordBatch.from_pydict(columns)


def run_kernels(k, lines, parts=3):
    """All stages over `lines`, each shuffle a dict; returns the group JSONs
    in output order and the number of documents."""
    n = len(lines)
    records = []
    step = max(1, n // parts)
    for s in range(0, n, step):
        chunk = lines[s : s + step]
        b = batch(
            value=pa.array(chunk, pa.binary()),
            file=pa.array([0] * len(chunk), pa.int32()),
            block=pa.array([s] * len(chunk), pa.int64()),
            row=pa.array(range(len(chunk)), pa.int64()),
        )
        records += k.read_lines(b).to_pylist()
    first = {}
    for r in sorted(records, key=lambda r: (r["file"], r["block"], r["row"])):
        if r["id"] is not None and r["id"] not in first:
            first[r["id"]] = r
    docs = {i: r for i, r in first.items() if r["content"] is not None}
    units, ids = {}, defaultdict(list)
    for i, r in docs.items():
        units[r["unit"]] = r["content"]
        ids[r["unit"]].append(i)
    ulist = sorted(units)
    ubatch = batch(unit=pa.array(ulist, pa.int64()), content=pa.array([units[u] for u in ulist], pa.binary()))

    votes = set(map(tuple, (r.values() for r in k.template_votes(ubatch).to_pylist())))
    counts = defaultdict(int)
    for key, _ in votes:
        counts[key] += 1
    keys = k.template_keys(batch(key=pa.array(list(counts), pa.int64()), n=pa.array(list(counts.values()), pa.int64())))
    k.set_templates(keys.column("key").to_pylist())

    signed = {r["unit"]: r for r in k.sign(ubatch).to_pylist()}
    members = [(band, key, u, r["len"]) for u, r in signed.items() for band, key in enumerate(r["bands"])]
    random.Random(5).shuffle(members)
    mbatches = [
        batch(
            band=pa.array([m[0] for m in part], pa.int32()),
            key=pa.array([m[1] for m in part], pa.int64()),
            unit=pa.array([m[2] for m in part], pa.int64()),
            len=pa.array([m[3] for m in part], pa.int32()),
        )
        for part in (members[i::parts] for i in range(parts))
    ]
    # The combiner on each part, then on all the parts' heads.
    heads = k.bucket_heads([k.bucket_heads([b]) for b in mbatches]).to_pylist()
    by_bucket = defaultdict(list)
    for h in heads:
        by_bucket[(h["band"], h["key"])].append(h["unit"])
    links = sorted(
        {(min(u, h), max(u, h)) for band, key, u, _ in members for h in by_bucket[(band, key)] if h != u}
    )
    side = lambda us, what: pa.array([signed[u][what] if what == "signed" else units[u] for u in us], pa.binary())  # noqa: E731
    a, b = [x for x, _ in links], [y for _, y in links]
    accepted = k.verify(
        batch(
            a=pa.array(a, pa.int64()), b=pa.array(b, pa.int64()),
            content_a=side(a, "content"), signed_a=side(a, "signed"),
            content_b=side(b, "content"), signed_b=side(b, "signed"),
        )
    ).to_pylist()

    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for r in accepted:
        x, y = find(r["a"]), find(r["b"])
        if x != y:
            parent[max(x, y)] = min(x, y)
    nodes = {r["a"] for r in accepted} | {r["b"] for r in accepted} | {u for u in ulist if len(ids[u]) >= 2}
    comp = {u: find(u) for u in nodes}
    rows = [(comp[u], dict(unit=u, ids=ids[u], content=units[u], signed=signed[u]["signed"])) for u in nodes]
    rows += [(comp[r["a"]], dict(a=r["a"], b=r["b"], inter=r["inter"])) for r in accepted]
    rows.sort(key=lambda r: r[0])
    cols = dict(component=[], unit=[], ids=[], content=[], signed=[], a=[], b=[], inter=[])
    for c, r in rows:
        cols["component"].append(c)
        for name in ("unit", "ids", "content", "signed", "a", "b", "inter"):
            cols[name].append(r.get(name))
    types = dict(component=pa.int64(), unit=pa.int64(), ids=pa.list_(pa.string()), content=pa.binary(),
                 signed=pa.binary(), a=pa.int64(), b=pa.int64(), inter=pa.int32())
    g = k.grouper()
    out = []
    half = len(rows) // 2
    for lo, hi in ((0, half), (half, len(rows))):
        out += g.feed(batch(**{n: pa.array(v[lo:hi], types[n]) for n, v in cols.items()})).to_pylist()
    out += g.finish().to_pylist()
    groups = sorted((r["group"], r["json"]) for r in out if r["json"] is not None)
    return [j for _, j in groups], len(docs), out


class KernelsTest(unittest.TestCase):
    def test_the_kernels_give_the_detectors_groups(self):
        docs, lines = corpus()
        config = _reprint.config_json(None, None, None, None, None)
        k = _reprint.Kernels(config, "id", "text")
        groups, documents, rows = run_kernels(k, lines)
        d = Detector()
        rejected = d.insert_batch(docs)
        self.assertEqual(rejected, [])
        self.assertEqual(documents, len(d))
        expected = [
            {
                "representative": g["representative"],
                "members": [
                    {"id": m["id"], **{s: m["scores"][s] for s in ("jaccard", "containment_ab", "containment_ba", "number_overlap")}}
                    for m in g["members"]
                ],
            }
            for g in d.groups()
        ]
        self.assertEqual([json.loads(g) for g in groups], expected)
        self.assertTrue(any(len(g["members"]) >= 30 for g in expected), "no large group in the corpus")
        # One row per member, each with its group's smallest id.
        self.assertEqual(len(rows), sum(len(g["members"]) for g in expected))
        for r in rows:
            self.assertEqual(d.group_of(r["id"])["members"][0]["id"], r["group"])

    def test_lines_are_read_as_dedup_reads_them(self):
        k = _reprint.Kernels(_reprint.config_json(None, None, None, None, None), "key", "body")
        lines = [
            "\ufeff{\"key\": 12, \"body\": \"Some text here for a document.\"}\r".encode(),
            b"   ",
            b'{"key": "x", "body": "caf\xff"}',
            b'{"key": "y"}',
        ]
        out = k.read_lines(
            batch(
                value=pa.array(lines, pa.binary()),
                file=pa.array([0] * 4, pa.int32()),
                block=pa.array([0] * 4, pa.int64()),
                row=pa.array(range(4), pa.int64()),
            )
        ).to_pylist()
        self.assertEqual([r["row"] for r in out], [0, 2, 3])
        self.assertEqual(out[0]["id"], "12")
        self.assertIsNotNone(out[0]["content"])
        self.assertIsNone(out[0]["error"])
        self.assertTrue(all(r["id"] is None and r["error"] for r in out[1:]), out[1:])

    def test_a_damaged_content_is_an_error(self):
        k = _reprint.Kernels(_reprint.config_json(None, None, None, None, None), "id", "text")
        with self.assertRaises(_reprint.ReprintError):
            k.sign(batch(unit=pa.array([1], pa.int64()), content=pa.array([b"\x01junk"], pa.binary())))


if __name__ == "__main__":
    unittest.main()
