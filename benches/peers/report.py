#!/usr/bin/env python3
"""Build the comparison table from measure.py records and the tools' JSON output.

Prints a machine description plus one markdown table to stdout and writes
the same text to --md. Columns: wall seconds, docs/s, peak RSS, groups found,
docs in groups, each tool's wall time relative to ours and, when the corpus
carries a `story` label per document, pair precision/recall of the groups
against "same story" (a quality sanity check, not part of the timing).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import time
from collections import Counter
from importlib import metadata


def sh(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_lines() -> list[str]:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    nproc = sh(["nproc"]) or str(os.cpu_count())
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())

    def ver(pkg: str) -> str:
        try:
            return metadata.version(pkg)
        except metadata.PackageNotFoundError:
            return "not installed"

    return [
        f"- machine: {nproc} cores (nproc), CPU `{cpu}`, {mem} RAM, {platform.system()} {platform.release()}",
        f"- load average before the report: {load} (shared machine: compare within one run only)",
        f"- python {platform.python_version()}, datasketch {ver('datasketch')}, rensa {ver('rensa')}, "
        f"numpy {ver('numpy')}; {sh(['rustc', '-V']) or 'rustc not found'}; "
        f"ours at git {sh(['git', 'rev-parse', '--short', 'HEAD']) or '?'}",
    ]


def load_stories(path: str) -> tuple[int, dict[str, object] | None]:
    n = 0
    stories: dict[str, object] = {}
    have_all = True
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            n += 1
            doc = json.loads(line)
            s = doc.get("story")
            if s is None:
                have_all = False
            else:
                stories[str(doc["id"])] = s
    return n, (stories if have_all and stories else None)


def pair_quality(groups: list[list[str]], stories: dict[str, object]) -> tuple[float, float]:
    def c2(x: int) -> int:
        return x * (x - 1) // 2

    true_pairs = sum(c2(c) for c in Counter(stories.values()).values())
    pred = tp = 0
    for g in groups:
        pred += c2(len(g))
        tp += sum(c2(c) for c in Counter(stories.get(i) for i in g if i in stories).values())
    precision = tp / pred if pred else float("nan")
    recall = tp / true_pairs if true_pairs else float("nan")
    return precision, recall


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--records", required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--threshold", type=float, required=True)
    p.add_argument("--md", required=True)
    p.add_argument("--skipped", action="append", default=[], help="NAME=reason for tools not run")
    a = p.parse_args()

    records = []
    if os.path.exists(a.records):
        with open(a.records, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
    n_docs, stories = load_stories(a.corpus)
    size_mb = os.path.getsize(a.corpus) / 1e6

    # With REPEAT, each tool has one record per round: its row gives the median
    # wall and CPU time and the largest peak RSS, and fails if any run failed.
    by_name: dict[str, list[dict]] = {}
    for r in records:
        by_name.setdefault(r["name"], []).append(r)
    rows = []
    for name, runs in by_name.items():
        walls = sorted(x["wall_s"] for x in runs)
        cpus = sorted(x["user_s"] + x["sys_s"] for x in runs)
        r = runs[-1]
        row = {"name": name, "wall": statistics.median(walls), "walls": walls,
               "rss": max(x["max_rss_kb"] for x in runs) / 1024,
               "rc": next((x["rc"] for x in runs if x["rc"] != 0), 0),
               "cpu": statistics.median(cpus)}
        if r["rc"] == 0:
            try:
                with open(r["stdout"], encoding="utf-8") as f:
                    out = json.load(f)
                groups = [[str(m) for m in g["members"]] for g in out["groups"]]
                row["docs"] = out.get("documents", n_docs)
                row["groups"] = len(groups)
                row["in_groups"] = sum(len(g) for g in groups)
                if stories is not None:
                    row["prec"], row["rec"] = pair_quality(groups, stories)
            except (OSError, ValueError, KeyError, TypeError) as e:
                row["error"] = f"unreadable output: {e}"
        rows.append(row)

    ours = next((r for r in rows if r["name"] == "ours" and r["rc"] == 0 and "error" not in r), None)
    header = ["tool", "wall s", "docs/s", "cpu s", "peak RSS MB", "groups", "docs in groups"]
    if stories is not None:
        header += ["pair precision", "pair recall"]
    header.append("vs ours")
    table = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    notes = []
    for r in rows:
        failed = r["rc"] != 0 or "error" in r
        cells = [r["name"], f"{r['wall']:.2f}"]
        if failed:
            why = r.get("error") or f"exit code {r['rc']}"
            notes.append(f"- {r['name']} FAILED ({why}); see target/peers/{r['name']}.log")
            cells += ["—", f"{r['cpu']:.2f}", f"{r['rss']:.0f}", "failed", "—"]
            if stories is not None:
                cells += ["—", "—"]
            cells.append("—")
        else:
            if r["docs"] != n_docs:
                notes.append(f"- {r['name']} reported {r['docs']} documents but the corpus has {n_docs}")
            cells += [f"{n_docs / r['wall']:,.0f}", f"{r['cpu']:.2f}", f"{r['rss']:.0f}",
                      f"{r['groups']:,}", f"{r['in_groups']:,}"]
            if stories is not None:
                cells += [f"{r['prec']:.3f}", f"{r['rec']:.3f}"]
            if ours is None:
                cells.append("n/a (ours not run)")
            elif r is ours:
                cells.append("1.0× (baseline)")
            else:
                ratio = r["wall"] / ours["wall"]
                cells.append(f"ours is {ratio:.1f}× faster" if ratio >= 1 else f"ours is {1 / ratio:.1f}× slower")
        table.append("| " + " | ".join(cells) + " |")
    rounds = max((len(r["walls"]) for r in rows), default=1)
    if rounds > 1:
        notes.append(f"- wall s and cpu s are medians of {rounds} alternated rounds; walls per tool:")
        notes += [f"  - {r['name']}: " + " / ".join(f"{w:.2f}" for w in r["walls"]) for r in rows]
    for s in a.skipped:
        name, _, why = s.partition("=")
        notes.append(f"- {name} not run: {why}")

    lines = [
        "# reprint vs datasketch vs rensa",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M:%S %Z')}.",
        "",
        *machine_lines(),
        f"- corpus: `{a.corpus}`, {n_docs:,} docs, {size_mb:.1f} MB; threshold {a.threshold}, word 5-gram shingles, 128 permutations",
        "- each tool is one process timed end to end (start, read JSONL, sketch, LSH, group, write JSON); "
        "peak RSS is the process high-water mark; cpu s is user+sys (above wall = more than one core busy)",
        "",
        *table,
        "",
    ]
    if stories is not None:
        lines += ["Pair precision/recall count document pairs put in one group against pairs sharing the corpus's `story` label.", ""]
    if notes:
        lines += ["Notes:", *notes, ""]
    text = "\n".join(lines)
    print(text)
    with open(a.md, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
