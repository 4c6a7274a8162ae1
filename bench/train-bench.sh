#!/usr/bin/env bash
# Training pipeline benchmark: MBT (compiler + runner + steps) against the same pipeline hand-written
# directly in Spark ML, in one JVM on one embedded SparkSession (local[*]). Generates a seeded
# Telco-like data set per size (Delta, or Parquet), warms up on the smallest size, then alternates MBT and
# hand-written runs per size and reports medians: wall-time ratio MBT / hand-written (target <= 1.10),
# rows/s, both AUCs, MBT's per-step split and the baseline's per-phase split.
# Prints tables and writes bench/results/train.json (bench/results/ is not committed).
#
# Usage: bench/train-bench.sh [--rows 100000,1000000] [--repeats 2] [--split window|bernoulli] [--format delta|parquet] [--seed 42]
#   --format: the source table's format (default delta: MBT pins it to its version; parquet is copied into the run)
#   --split: the hand-written stratified split; window = exact per-class quotas (what MBT does, default),
#            bernoulli = rand() < test_size (cheaper, stratified only in expectation)
# Uses the installed mbt-steps and mbt-compiler jars (~/.m2; installed if missing) and their classpath;
# MBT_JARS_DIR=DIR takes the jars from DIR/mbt-*/target instead (a private build); MBT_BENCH_JAVA_OPTS adds
# JVM options (e.g. -XX:StartFlightRecording=filename=train.jfr,settings=profile to profile). Needs libgomp.so.1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
RESULTS="$BENCH/results"
ROWS="100000,1000000"
REPEATS=2
SPLIT=window
FORMAT=delta
SEED=42
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    --split) SPLIT="$2"; shift 2 ;;
    --format) FORMAT="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "train-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=lib.sh
. "$BENCH/lib.sh"
bench_classpath train-bench
mkdir -p "$RESULTS"
javac -nowarn -d "$WORK/classes" -cp "$CP" "$BENCH/TrainBench.java" "$BENCH"/train/*.java "$BENCH"/common/*.java

echo "train-bench: rows $ROWS, $REPEATS repeat(s) per size, baseline split $SPLIT, source $FORMAT; $(nproc 2>/dev/null || echo '?') cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
java -Xmx8g ${MBT_BENCH_JAVA_OPTS:-} -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" "${SPARK_FLAGS[@]}" \
  -cp "$WORK/classes:$CP" TrainBench \
  --rows "$ROWS" --repeats "$REPEATS" --split "$SPLIT" --format "$FORMAT" --seed "$SEED" \
  --dir "$WORK/project" --out "$RESULTS/train.json" \
  2> >(quiet_xgboost >&2)
