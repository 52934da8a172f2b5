"""reprint's stages on Apache Spark: the groups ``dedup --json`` gives, from a
cluster.

    spark-submit dist/spark_main.py INPUT.jsonl [INPUT.jsonl ...] OUTPUT.json [options]

(``dist/run-spark.sh`` sets up the environment and calls this.) Spark only
moves data: it partitions, shuffles, joins and counts. Every hash, score,
unit, link verdict and group comes from the Rust kernels (``reprint._reprint``,
over Arrow batches), so the output is byte for byte what ``dedup --json``
prints for the same input, whatever the partitioning or the order of the
lines.

Each stage writes its result as Parquet under the work directory (the
contract in DESIGN.md): records, docs, units, templates, signed, heads,
links, accepted, components, rows. Every 64-bit unsigned value (content hash,
block key, band key) is stored bit-cast to a signed ``long``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.request
from typing import Iterator, List, Optional

import pyarrow as pa

from . import _reprint

# The kernels' output schemas, as Spark DDL.
RECORDS = "file int, block long, row long, id string, unit long, content binary, error string"
VOTES = "key long, tag long"
KEYS = "key long"
SIGNED = "unit long, len int, bands array<long>, signed binary, content binary, n long"
HEADS = "band int, key long, unit long, len int"
ACCEPTED = "a long, b long, inter int"
ROWS = (
    "group string, id string, representative string, jaccard double, "
    "containment_ab double, containment_ba double, number_overlap double, json string"
)


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="run-spark.sh",
        description="Find reprinted news articles on Apache Spark: the JSON of `dedup --json`.",
    )
    p.add_argument("paths", nargs="+", metavar="INPUT.jsonl ... OUTPUT.json",
                   help="JSONL files (local paths or Hadoop URIs: s3a://, hdfs://, gs://), then the output JSON file")
    p.add_argument("--id-field", default="id", help="field holding the id in JSONL records")
    p.add_argument("--text-field", default="text", help="field holding the text in JSONL records")
    p.add_argument("--threshold", type=float, help="Jaccard similarity that makes two documents reprints")
    p.add_argument("--containment", type=float,
                   help="share of the smaller document found in the larger that makes them reprints")
    p.add_argument("--shingle", help="shingles: words:N, chars:N or auto:N:M (default auto:5:5)")
    p.add_argument("--num-perm", type=int, help="values per MinHash signature")
    p.add_argument("--seed", type=int, help="seed for all hashing")
    p.add_argument("--containment-bands", type=int,
                   help="one-value LSH bands that find a short copy inside a much longer page (default 32; 0 turns them off)")
    p.add_argument("--parquet", metavar="DIR",
                   help="also write one row per document (id, group, representative, scores) as Parquet")
    p.add_argument("--work", metavar="DIR",
                   help="directory (any Hadoop URI) for the stages' Parquet and checkpoints; "
                        "default: a temporary local directory, removed at the end")
    p.add_argument("--partitions", type=int,
                   help="shuffle partitions (spark.sql.shuffle.partitions); also turns off "
                        "adaptive coalescing so that every partition runs")
    p.add_argument("--split-bytes", type=int,
                   help="largest input split in bytes (spark.sql.files.maxPartitionBytes)")
    p.add_argument("--report", metavar="FILE",
                   help="write the run's counts and each executor's completed tasks as JSON")
    args = p.parse_args(argv)
    if len(args.paths) < 2:
        p.error("give at least one input file and the output file")
    args.inputs, args.output = args.paths[:-1], args.paths[-1]
    return args


def _uri(path: str) -> str:
    """A local path as an absolute file URI; a URI as it is."""
    return path if "://" in path else "file://" + os.path.abspath(path)


def run(spark, args: argparse.Namespace) -> int:
    """Runs the stages; returns the exit status (3 if input was skipped, as
    dedup)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    config = _reprint.config_json(args.threshold, args.containment, args.shingle, args.num_perm, args.seed,
                                  args.containment_bands)
    id_field, text_field = args.id_field, args.text_field
    sc = spark.sparkContext

    own_work = args.work is None
    work = tempfile.mkdtemp(prefix="reprint-spark-") if own_work else args.work
    work_uri = _uri(work)
    sc.setCheckpointDir(work_uri + "/checkpoints")

    def kernels():
        return _reprint.Kernels(config, id_field, text_field)

    clock = [time.monotonic()]

    def stage(df, name):
        """Writes a stage's output as Parquet and reads it back."""
        df.write.mode("overwrite").parquet(f"{work_uri}/{name}")
        now = time.monotonic()
        print(f"[spark] {name:<12} {now - clock[0]:8.3f} s", file=sys.stderr)
        clock[0] = now
        return spark.read.parquet(f"{work_uri}/{name}")

    def per_batch(method, extra=None):
        """A mapInArrow function calling a kernel on each batch."""
        def f(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            k = kernels()
            if extra is not None:
                extra(k)
            for b in batches:
                yield getattr(k, method)(b)
        return f

    # 1. Read and prepare. Each line keeps its place in the input (file in
    # argument order, split, row within the split) for the rule on repeated
    # ids. Lines end at "\n" only, and are read as bytes: the kernel trims
    # them and rejects invalid UTF-8 as dedup does.
    parts = []
    for i, path in enumerate(args.inputs):
        parts.append(
            spark.read.option("lineSep", "\n").text(_uri(path)).select(
                F.col("value").cast("binary").alias("value"),
                F.lit(i).cast("int").alias("file"),
                F.col("_metadata.file_block_start").alias("block"),
                F.monotonically_increasing_id().alias("row"),
            )
        )
    lines = parts[0]
    for p in parts[1:]:
        lines = lines.unionByName(p)
    records = stage(lines.mapInArrow(per_batch("read_lines"), RECORDS), "records")

    # 2. Repeated ids: the first record of an id in input order is the one
    # indexed (or rejected); units: documents with equal contents.
    first = Window.partitionBy("id").orderBy("file", "block", "row")
    docs = stage(
        records.where(F.col("id").isNotNull())
        .withColumn("k", F.row_number().over(first))
        .where((F.col("k") == 1) & F.col("content").isNotNull())
        .select("id", "unit", "content"),
        "docs",
    )
    units = stage(
        docs.groupBy("unit").agg(F.first("content").alias("content"), F.count("*").alias("n")),
        "units",
    )

    # 3. Templates: distinct (key, tag) votes counted per key; the kernel
    # keeps the keys that are templates, a short list sent to every task.
    votes = units.select("unit", "content").mapInArrow(per_batch("template_votes"), VOTES)
    counts = votes.distinct().groupBy("key").agg(F.count("*").alias("n"))
    templates = stage(counts.mapInArrow(per_batch("template_keys"), KEYS), "templates")
    keys = sc.broadcast([r.key for r in templates.collect()])

    # 4. Sign every unit under the templates.
    def sign(batches):
        k = kernels()
        k.set_templates(keys.value)
        for b in batches:
            s = k.sign(b.select(["unit", "content"]))
            yield pa.RecordBatch.from_arrays(
                list(s.columns) + [b.column("content"), b.column("n")],
                names=list(s.schema.names) + ["content", "n"],
            )

    signed = stage(units.mapInArrow(sign, SIGNED), "signed")

    # 5. Candidate links: the heads of each bucket (band, key) by a combiner
    # before and after the shuffle by bucket, so that no task holds a whole
    # bucket; then every member is linked to its buckets' heads (a join).
    members = signed.select("unit", "len", F.posexplode("bands").alias("band", "key")).select(
        F.col("band").cast("int").alias("band"), "key", "unit", "len"
    )

    def combine(batches):
        k = kernels()
        rows = list(batches)
        if rows:
            yield k.bucket_heads(rows)

    heads = stage(
        members.mapInArrow(combine, HEADS).repartition("band", "key").mapInArrow(combine, HEADS),
        "heads",
    )
    links = stage(
        members.join(heads.select("band", "key", F.col("unit").alias("head")), ["band", "key"])
        .where(F.col("unit") != F.col("head"))
        .select(F.least("unit", "head").alias("a"), F.greatest("unit", "head").alias("b"))
        .distinct(),
        "links",
    )

    # 6. Verify each link: its two units' contents and shingle sets meet in a
    # join.
    side = lambda x: signed.select(  # noqa: E731
        F.col("unit").alias(x), F.col("content").alias(f"content_{x}"), F.col("signed").alias(f"signed_{x}")
    )
    accepted = stage(
        links.join(side("a"), "a").join(side("b"), "b").mapInArrow(per_batch("verify"), ACCEPTED),
        "accepted",
    )

    # 7. Connected components of the accepted links (labels: the smallest
    # unit as a signed long; any label would do), plus every unit of two or
    # more documents.
    labels = connected_components(accepted.select("a", "b"), log=lambda m: print(f"[spark] {m}", file=sys.stderr))
    components = stage(
        labels.unionByName(
            signed.where(F.col("n") >= 2).select(F.col("unit").alias("node"), F.col("unit").alias("component"))
        ).groupBy("node").agg(F.min("component").alias("component")),
        "components",
    )

    # 8. Group each component: its units with their ids and its links,
    # sorted by component so a kernel streams through them.
    ids = docs.groupBy("unit").agg(F.collect_list("id").alias("ids"))
    unit_rows = (
        components.join(signed, components.node == signed.unit)
        .join(ids, "unit")
        .select(
            "component", "unit", "ids", "content", "signed",
            F.lit(None).cast("long").alias("a"), F.lit(None).cast("long").alias("b"),
            F.lit(None).cast("int").alias("inter"),
        )
    )
    link_rows = accepted.join(components, accepted.a == components.node).select(
        "component",
        F.lit(None).cast("long").alias("unit"),
        F.lit(None).cast("array<string>").alias("ids"),
        F.lit(None).cast("binary").alias("content"),
        F.lit(None).cast("binary").alias("signed"),
        "a", "b", "inter",
    )

    def group(batches):
        g = kernels().grouper()
        for b in batches:
            out = g.feed(b)
            if out.num_rows:
                yield out
        out = g.finish()
        if out.num_rows:
            yield out

    rows = stage(
        unit_rows.unionByName(link_rows)
        .repartition("component")
        .sortWithinPartitions("component")
        .mapInArrow(group, ROWS),
        "rows",
    )

    # 9. Output: the groups' JSON in order of their smallest member id,
    # streamed to the driver partition by partition.
    documents = docs.count()
    total = records.count()
    out_path = args.output
    tmp_out = out_path + ".tmp"
    with open(tmp_out, "w", encoding="utf-8", newline="") as f:
        f.write('{"documents":%d,"groups":[' % documents)
        for i, r in enumerate(rows.where(F.col("json").isNotNull()).orderBy("group").select("json").toLocalIterator()):
            if i:
                f.write(",")
            f.write(r.json)
        f.write('],"new_documents":%d}\n' % documents)
    os.replace(tmp_out, out_path)
    if args.parquet:
        docs.select("id").join(rows.drop("json"), "id", "left").write.mode("overwrite").parquet(_uri(args.parquet))

    skipped = total - documents
    for r in records.where(F.col("error").isNotNull()).select("error").limit(20).collect():
        print(f"skipped: {r.error}", file=sys.stderr)
    if args.report:
        report = {
            "documents": documents,
            "records": total,
            "units": units.count(),
            "templates": len(keys.value),
            "links": links.count(),
            "accepted": accepted.count(),
            "executors": executor_tasks(spark),
        }
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
    if own_work:
        shutil.rmtree(work, ignore_errors=True)
    if skipped:
        print(f"{skipped} input item(s) skipped", file=sys.stderr)
        return 3
    return 0


def connected_components(edges, log=None):
    """Connected components of an edge list ``(a, b)`` as ``(node, component)``,
    ``component`` the smallest node: alternating large-star and small-star
    steps (Kiveris et al., "Connected components in MapReduce and beyond",
    SoCC 2014) until the edges form stars, each step checkpointed. Nothing is
    collected to the driver but two emptiness checks per round."""
    from pyspark.sql import functions as F

    e = edges.select(F.least("a", "b").alias("u"), F.greatest("a", "b").alias("v")).where("u != v").distinct()
    rounds = 0
    while True:
        # Large star: each node x links its larger neighbours to the smallest
        # of its neighbourhood (itself included).
        both = e.select(F.col("u").alias("x"), F.col("v").alias("y")).unionByName(
            e.select(F.col("v").alias("x"), F.col("u").alias("y"))
        )
        m = both.groupBy("x").agg(F.min("y").alias("m")).select("x", F.least("x", "m").alias("m"))
        large = (
            both.where(F.col("y") > F.col("x"))
            .join(m, "x")
            .select(F.col("m").alias("u"), F.col("y").alias("v"))
            .distinct()
        )
        # Small star: each node v links itself and its smaller neighbours to
        # the smallest of them.
        m2 = large.groupBy("v").agg(F.min("u").alias("m"))
        small = (
            large.join(m2, "v")
            .select(F.col("m").alias("u"), F.col("u").alias("v"))
            .where("u != v")
            .unionByName(m2.select(F.col("m").alias("u"), F.col("v").alias("v")))
            .distinct()
            .checkpoint()
        )
        e = small
        rounds += 1
        # Stars: no node is both a centre and a leaf, and every leaf has one
        # centre. Then each star is a component, its centre the smallest node.
        ends = e.select(F.col("v").alias("n"), F.lit(1).alias("leaf"), F.lit(0).alias("centre")).unionByName(
            e.select(F.col("u").alias("n"), F.lit(0).alias("leaf"), F.lit(1).alias("centre"))
        )
        not_star = ends.groupBy("n").agg(F.sum("leaf").alias("leaf"), F.max("centre").alias("centre")).where(
            "leaf > 1 or (leaf = 1 and centre = 1)"
        )
        if not_star.isEmpty():
            break
    if log:
        log(f"connected components: {rounds} rounds")
    return e.select(F.col("v").alias("node"), F.col("u").alias("component")).unionByName(
        e.select(F.col("u").alias("node"), F.col("u").alias("component")).distinct()
    )


def executor_tasks(spark) -> dict:
    """Completed tasks of each executor, from Spark's status REST API."""
    sc = spark.sparkContext
    url = sc.uiWebUrl
    if not url:
        return {}
    with urllib.request.urlopen(f"{url}/api/v1/applications/{sc.applicationId}/allexecutors", timeout=30) as r:
        executors = json.load(r)
    return {e["id"]: e["completedTasks"] for e in executors if e["id"] != "driver"}


def main(argv: Optional[List[str]] = None) -> int:
    """The command line (see ``parse_args``)."""
    from pyspark.sql import SparkSession

    args = parse_args(argv)
    builder = SparkSession.builder.appName("reprint")
    # Arrow batches of prepared contents: keep them well below 2 GiB.
    builder = builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", "2000")
    if args.partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(args.partitions)).config(
            "spark.sql.adaptive.coalescePartitions.enabled", "false"
        )
    if args.split_bytes:
        builder = builder.config("spark.sql.files.maxPartitionBytes", str(args.split_bytes))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    if not args.partitions:
        # Spark's default of 200 shuffle partitions is for large inputs; a
        # few per core keeps small runs short. Set --partitions on a cluster.
        n = max(2, 2 * spark.sparkContext.defaultParallelism)
        spark.conf.set("spark.sql.shuffle.partitions", str(n))
    try:
        return run(spark, args)
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main())
