#!/usr/bin/env python3
"""Writes the Spark CI test's corpus (dist/ci.sh) as JSONL bytes on stdout:
a synthetic corpus (large syndicated groups), the edited copies of
benches/copies/make.py (one story 1,500 times: a giant LSH bucket), and the
input edge cases dedup's reader handles (repeated ids, numeric ids, a
byte-order mark, CRLF, blank lines, broken JSON, invalid UTF-8, an empty
text).

    python3 dist/make_ci_corpus.py SYNTH.jsonl COPIES.jsonl [--shuffle SEED] > corpus.jsonl

With --shuffle, the lines are in a pseudo-random order (deterministic).
"""
import json
import random
import sys

args = sys.argv[1:]
seed = None
if "--shuffle" in args:
    i = args.index("--shuffle")
    seed = int(args[i + 1])
    del args[i : i + 2]
lines = []
for path in args:
    with open(path, "rb") as f:
        lines.extend(l.rstrip(b"\n") for l in f if l.strip())

synth = json.loads(lines[0])
text = synth["text"]
edge = [
    # The same id again: the first in input order is indexed.
    json.dumps({"id": synth["id"], "text": "A different text under a repeated id, long enough to be a document of its own."}).encode(),
    # Numeric ids, as written.
    b'{"id": 1.50, "text": ' + json.dumps(text).encode() + b"}",
    b'{"id": 7, "text": ' + json.dumps(text + " Reporting by staff.").encode() + b"}",
    # A byte-order mark, CRLF, surrounding blanks.
    "\ufeff".encode() + json.dumps({"id": "bom", "text": text}).encode() + b"\r",
    b"   ",
    b"",
    # Broken records.
    b"not json",
    b'{"id": "", "text": "empty id"}',
    b'{"id": null, "text": "null id"}',
    b'{"id": "no-text"}',
    b'{"id": "bad-utf8", "text": "caf\xff"}',
    b'{"id": "empty-text", "text": "  "}',
    # Exact copies only (a unit of two documents with no other link).
    json.dumps({"id": "exact-1", "text": "Twin text: the council approved the new budget for road repairs on Tuesday, officials said."}).encode(),
    json.dumps({"id": "exact-2", "text": "Twin text: the council approved the new budget for road repairs on Tuesday, officials said."}).encode(),
    json.dumps({"id": "exact-1", "text": "repeated id after its first"}).encode(),
    # The first record of an id was rejected (empty text): dedup rejects the
    # later ones too (within a 32 MB chunk of its input; see the report).
    json.dumps({"id": "empty-text", "text": text}).encode(),
]
lines[1:1] = edge
if seed is not None:
    random.Random(seed).shuffle(lines)
out = sys.stdout.buffer
for l in lines:
    out.write(l + b"\n")
