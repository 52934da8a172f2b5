#!/usr/bin/env bash
# Side-by-side near-duplicate grouping: reprint's `dedup` example vs the Python
# libraries datasketch and rensa, on one JSONL corpus, each timed end to end as
# its own process. See benches/peers/README.md.
#
#   benches/peers/run.sh [FILE.jsonl]
#
# Env: THRESHOLD (default 0.5), DOCS (default 100000, only when generating the
# corpus), TOOLS (default "ours datasketch rensa": a subset to run),
# DEDUP_BIN (use this prebuilt dedup binary instead of building ours),
# REPEAT (default 1: rounds of all tools, alternated; the table gives medians).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

FILE=""
if [[ $# -gt 1 || ${1:-} == -h || ${1:-} == --help ]]; then
    sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
fi
if [[ $# -eq 1 ]]; then
    [[ -f $1 ]] || { echo "run.sh: no such corpus file: $1" >&2; exit 2; }
    FILE="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
fi

cd "$ROOT"
THRESHOLD="${THRESHOLD:-0.5}"
DOCS="${DOCS:-100000}"
TOOLS="${TOOLS:-ours datasketch rensa}"
REPEAT="${REPEAT:-1}"
[[ $REPEAT =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: REPEAT must be a positive number, got '$REPEAT'" >&2; exit 2; }
OUT=target/peers
VENV=target/peers-venv
BIN="${DEDUP_BIN:-${CARGO_TARGET_DIR:-target}/release/examples/dedup}"
mkdir -p "$OUT"

want() { [[ " $TOOLS " == *" $1 "* ]]; }

# --- 1. virtualenv with the pinned peers (reinstalled only when requirements change)
if [[ ! -x $VENV/bin/python ]]; then
    echo "== creating $VENV"
    python3 -m venv "$VENV"
fi
if ! cmp -s "$HERE/requirements.txt" "$VENV/.peers-requirements"; then
    echo "== pip install -r benches/peers/requirements.txt"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
    cp "$HERE/requirements.txt" "$VENV/.peers-requirements"
fi
PY="$VENV/bin/python"

# --- 2. corpus
if [[ -z $FILE ]]; then
    FILE="$ROOT/$OUT/corpus.jsonl"
    params="synth_corpus --docs $DOCS --boilerplate heavy --noise light --seed 1"
    if [[ -s $FILE && "$(cat "$OUT/corpus.params" 2>/dev/null)" == "$params" ]]; then
        echo "== reusing $OUT/corpus.jsonl ($params)"
    else
        echo "== generating corpus: $params"
        rm -f "$OUT/corpus.params"
        if ! cargo run --quiet --release --example synth_corpus -- \
            --docs "$DOCS" --boilerplate heavy --noise light --seed 1 --out "$FILE"; then
            echo "run.sh: could not generate the corpus with the synth_corpus example;" >&2
            echo "        pass an existing JSONL file instead: benches/peers/run.sh FILE.jsonl" >&2
            exit 1
        fi
        echo "$params" > "$OUT/corpus.params"
    fi
fi

# --- 3. build ours (not timed)
SKIPPED=()
if want ours && [[ -n ${DEDUP_BIN:-} ]]; then
    echo "== using DEDUP_BIN=$DEDUP_BIN (not building)"
    [[ -x $BIN ]] || { echo "run.sh: DEDUP_BIN is not an executable: $BIN" >&2; exit 2; }
elif want ours; then
    echo "== cargo build --release --example dedup (log: $OUT/build-dedup.log)"
    if cargo build --release --example dedup >"$OUT/build-dedup.log" 2>&1 && [[ -x $BIN ]]; then
        :
    else
        echo "!! SKIPPING ours: 'cargo build --release --example dedup' failed (last lines below; full log $OUT/build-dedup.log)"
        tail -n 5 "$OUT/build-dedup.log" | sed 's/^/   | /'
        SKIPPED+=(--skipped "ours=cargo build --release --example dedup failed (see $OUT/build-dedup.log)")
        TOOLS="${TOOLS//ours/}"
    fi
fi

# --- 4. run each tool as its own timed process
RECORDS="$OUT/records.jsonl"
rm -f "$RECORDS"
cat "$FILE" > /dev/null   # warm the page cache so no tool pays the first disk read
echo "== corpus $FILE ($(wc -l < "$FILE") lines), threshold $THRESHOLD"

run_tool() {   # NAME CMD...
    local name=$1; shift
    echo "-- $name"
    "$PY" "$HERE/measure.py" --name "$name" --record "$RECORDS" \
        --stdout "$OUT/$name.json" --stderr "$OUT/$name.log" -- "$@"
    grep -E '^\[' "$OUT/$name.log" | sed 's/^/     /' || true
}

# Rounds alternate the tools, so that a slow spell of the shared machine does
# not fall on one tool only.
for round in $(seq "$REPEAT"); do
    if [[ $REPEAT -gt 1 ]]; then echo "== round $round of $REPEAT"; fi
    if want ours; then
        run_tool ours "$BIN" --jsonl "$FILE" --json --timings --threshold "$THRESHOLD" \
            --shingle words:5 --num-perm 128
    fi
    if want datasketch; then
        run_tool datasketch "$PY" "$HERE/peer_datasketch.py" --jsonl "$FILE" \
            --threshold "$THRESHOLD" --num-perm 128 --shingle-words 5
    fi
    if want rensa; then
        run_tool rensa "$PY" "$HERE/peer_rensa.py" --jsonl "$FILE" \
            --threshold "$THRESHOLD" --num-perm 128 --shingle-words 5
    fi
done

# --- 5. one table (stdout + markdown)
echo
"$PY" "$HERE/report.py" --records "$RECORDS" --corpus "$FILE" --threshold "$THRESHOLD" \
    --md "$OUT/results.md" ${SKIPPED[@]+"${SKIPPED[@]}"}
echo
echo "(written to $OUT/results.md; groups in $OUT/<tool>.json, stage timings in $OUT/<tool>.log)"
