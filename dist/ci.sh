#!/usr/bin/env bash
# CI of the Spark path (issue 15), run by .ci/run: installs it (dist/setup.sh),
# tests the kernels and the Python Detector, then runs dist/run-spark.sh on two
# executors over a generated corpus with large syndicated groups and a giant
# LSH bucket, and checks that both executors worked and that the JSON is byte
# for byte what `dedup --json` prints; again on the lines shuffled, with
# another partition count and small input splits.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== spark: %s\n' "$*"; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

step "setup (JRE if missing, venv, wheel)"
start=$(date +%s)
dist/setup.sh
echo "setup: $(( $(date +%s) - start )) s"

step "kernel tests"
cargo test --release --quiet --manifest-path dist/Cargo.toml -p reprint-kernels

step "reprint-stages tests"
cargo test --release --quiet --manifest-path dist/Cargo.toml -p reprint-stages

step "Python Detector tests"
cargo run --release --quiet --example dedup -- --json > "$tmp/seeds.json"
DEDUP_SEEDS_JSON="$tmp/seeds.json" dist/.venv/bin/python -m unittest discover -s dist/tests -p 'test_*.py'

step "corpus"
cargo run --release --quiet --example synth_corpus -- --docs 3000 --scenario syndicated --seed 7 \
    --out "$tmp/synth.jsonl"
python3 benches/copies/make.py edited 1500 > "$tmp/copies.jsonl"
python3 dist/make_ci_corpus.py "$tmp/synth.jsonl" "$tmp/copies.jsonl" > "$tmp/corpus.jsonl"
python3 dist/make_ci_corpus.py "$tmp/synth.jsonl" "$tmp/copies.jsonl" --shuffle 11 > "$tmp/shuffled.jsonl"

# dedup and the Spark run on one input, compared; both exit 3 (skipped lines).
compare() {
    local name="$1"
    shift
    local status=0
    cargo run --release --quiet --example dedup -- --json --jsonl "$tmp/$name.jsonl" \
        > "$tmp/$name.expected" 2> "$tmp/$name.dedup.err" || status=$?
    [ "$status" -eq 3 ] || { cat "$tmp/$name.dedup.err"; echo "dedup exited $status"; exit 1; }
    local start
    start=$(date +%s)
    status=0
    dist/run-spark.sh "$tmp/$name.jsonl" "$tmp/$name.json" --report "$tmp/$name.report" "$@" \
        > "$tmp/$name.spark.log" 2>&1 || status=$?
    echo "run-spark.sh $name $*: exit $status, $(( $(date +%s) - start )) s"
    grep '^\[spark\]' "$tmp/$name.spark.log" || true
    [ "$status" -eq 3 ] || { tail -50 "$tmp/$name.spark.log"; echo "run-spark.sh exited $status"; exit 1; }
    cmp "$tmp/$name.expected" "$tmp/$name.json"
    python3 - "$tmp/$name.report" "$tmp/$name.expected" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
expected = json.load(open(sys.argv[2]))
busy = {e: n for e, n in report["executors"].items() if n > 0}
assert len(busy) >= 2, f"fewer than two executors did work: {report['executors']}"
largest = max(len(g["members"]) for g in expected["groups"])
assert largest >= 1000, f"no giant group in the corpus (largest {largest})"
print(f"identical: {expected['documents']} documents, {len(expected['groups'])} groups "
      f"(largest {largest}); tasks per executor {report['executors']}")
PY
}

step "dedup --json vs run-spark.sh"
compare corpus
step "shuffled lines, 7 partitions, 1 MB splits"
compare shuffled --partitions 7 --split-bytes 1000000

step "dedup --json vs reprint-stages run (3 shards; shuffled lines, 2 shards)"
stages() {
    local name="$1" shards="$2" status=0 start
    start=$(date +%s)
    # The corpus in three files, so that shards get different files.
    split -n l/3 -d "$tmp/$name.jsonl" "$tmp/$name.part"
    cargo run --release --quiet --manifest-path dist/Cargo.toml -p reprint-stages -- \
        run --shards "$shards" --work "$tmp/$name.work" --json "$tmp/$name.stages.json" \
        "$tmp/$name.part"0* 2> "$tmp/$name.stages.log" || status=$?
    echo "reprint-stages run $name --shards $shards: exit $status, $(( $(date +%s) - start )) s"
    grep '^\[stages\]' "$tmp/$name.stages.log" || true
    [ "$status" -eq 3 ] || { tail -20 "$tmp/$name.stages.log"; echo "reprint-stages exited $status"; exit 1; }
    cmp "$tmp/$name.expected" "$tmp/$name.stages.json"
}
stages corpus 3
stages shuffled 2
echo "4 passed, 0 failed"
