#!/usr/bin/env bash
# Finds reprints on Apache Spark; writes the JSON `dedup --json` prints.
#
#   dist/run-spark.sh INPUT.jsonl [INPUT.jsonl ...] OUTPUT.json [--id-field F]
#       [--text-field F] [--threshold T] [--containment C] [--shingle S]
#       [--num-perm K] [--seed N] [--containment-bands M] [--parquet DIR] [--work DIR]
#       [--partitions N] [--split-bytes N] [--report FILE]
#
# Runs the driver (reprint.spark) with spark-submit on SPARK_MASTER, by
# default a local cluster of two executor processes of one core and 1 GiB
# each on 127.0.0.1 (local-cluster[2,1,1024]). SPARK_SUBMIT_ARGS adds
# options to spark-submit. Run dist/setup.sh first. Exit status as dedup's:
# 0, 1 on an error, 3 if some input lines were skipped.
set -euo pipefail
dist="$(cd "$(dirname "$0")" && pwd)"
venv="${REPRINT_VENV:-$dist/.venv}"
if [ ! -x "$venv/bin/python" ]; then
    echo "run-spark: no $venv: run dist/setup.sh first" >&2
    exit 1
fi
# pip's pyspark is a whole Spark: its package directory is SPARK_HOME, which
# the local cluster's workers need to start executors.
SPARK_HOME="$("$venv/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
export SPARK_HOME
export PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
if [ -z "${JAVA_HOME:-}" ]; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
fi
# shellcheck disable=SC2086
exec "$SPARK_HOME/bin/spark-submit" --master "${SPARK_MASTER:-local-cluster[2,1,1024]}" \
    --conf spark.ui.showConsoleProgress=false ${SPARK_SUBMIT_ARGS:-} \
    "$dist/spark_main.py" "$@"
