#!/usr/bin/env bash
# Serving benchmark: batch scoring throughput of MBT's serving pipeline against the same job
# hand-written in Spark (PipelineModel.transform + one Delta write), in one JVM on one embedded
# SparkSession (local[*]). Trains one XGBoost model with MBT first (not timed), generates a seeded
# scoring Delta table per size, warms up, then alternates the two sides per size and reports medians:
# rows/s of each, the throughput ratio MBT / hand-written (target >= 0.9), MBT's per-step split,
# and whether both wrote the same predictions.
# Prints tables and writes bench/results/serve.json (bench/results/ is not committed).
#
# Usage: bench/serve-bench.sh [--rows 1000000] [--train-rows 100000] [--repeats 3] [--seed 42]
# Uses the installed mbt-steps and mbt-compiler jars (~/.m2; installed if missing) and their classpath;
# MBT_JARS_DIR=DIR takes the jars from DIR/mbt-*/target instead (a private build). Needs libgomp.so.1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
RESULTS="$BENCH/results"
ROWS="1000000"
TRAIN_ROWS="100000"
REPEATS=3
SEED=42
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --train-rows) TRAIN_ROWS="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "serve-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=lib.sh
. "$BENCH/lib.sh"
bench_classpath serve-bench
mkdir -p "$RESULTS"
javac -nowarn -d "$WORK/classes" -cp "$CP" "$BENCH/ServeBench.java" "$BENCH"/serve/*.java "$BENCH"/common/*.java \
  "$BENCH/train/TelcoData.java" "$BENCH/train/JobTimes.java"

echo "serve-bench: rows $ROWS, $REPEATS repeat(s) per size, model trained on $TRAIN_ROWS rows; $(nproc 2>/dev/null || echo '?') cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
java -Xmx8g -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" "${SPARK_FLAGS[@]}" \
  -cp "$WORK/classes:$CP" ServeBench \
  --rows "$ROWS" --train-rows "$TRAIN_ROWS" --repeats "$REPEATS" --seed "$SEED" \
  --dir "$WORK/project" --out "$RESULTS/serve.json" \
  2> >(quiet_xgboost >&2)
