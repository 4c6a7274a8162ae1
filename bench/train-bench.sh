#!/usr/bin/env bash
# Training pipeline benchmark: MBT (compiler + runner + steps) against the same pipeline hand-written
# directly in Spark ML, in one JVM on one embedded SparkSession (local[*]). Generates a seeded
# Telco-like data set per size (Parquet), warms up on the smallest size, then alternates MBT and
# hand-written runs per size and reports medians: wall-time ratio MBT / hand-written (target <= 1.10),
# rows/s, both AUCs, MBT's per-step split and the baseline's per-phase split.
# Prints tables and writes bench/results/train.json (bench/results/ is not committed).
#
# Usage: bench/train-bench.sh [--rows 100000,1000000] [--repeats 2] [--split window|bernoulli] [--seed 42]
#   --split: the hand-written stratified split; window = exact per-class quotas (what MBT does, default),
#            bernoulli = rand() < test_size (cheaper, stratified only in expectation)
# Uses the installed mbt-steps and mbt-compiler jars (~/.m2; installed if missing) and their classpath;
# MBT_JARS_DIR=DIR takes the jars from DIR/mbt-*/target instead (a private build). Needs libgomp.so.1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
RESULTS="$BENCH/results"
ROWS="100000,1000000"
REPEATS=2
SPLIT=window
SEED=42
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    --split) SPLIT="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "train-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v mvn >/dev/null || { echo "train-bench: Maven (mvn) is needed" >&2; exit 2; }
VERSION="0.1.0-SNAPSHOT"
M2="${MAVEN_REPO:-$HOME/.m2/repository}"
if [ -n "${MBT_JARS_DIR:-}" ]; then
  JARS="$MBT_JARS_DIR/mbt-steps/target/mbt-steps-$VERSION.jar:$MBT_JARS_DIR/mbt-compiler/target/mbt-compiler-$VERSION.jar"
else
  JARS="$M2/io/mbt/mbt-steps/$VERSION/mbt-steps-$VERSION.jar:$M2/io/mbt/mbt-compiler/$VERSION/mbt-compiler-$VERSION.jar"
fi
for jar in ${JARS//:/ }; do
  if [ ! -f "$jar" ]; then
    if [ -n "${MBT_JARS_DIR:-}" ]; then
      echo "train-bench: $jar is missing; build it with 'mvn -B -ntp -q -pl mbt-steps -am package -DskipTests' in $MBT_JARS_DIR" >&2
      exit 2
    fi
    echo "train-bench: $jar is not installed; installing mbt-compiler and mbt-steps (tests skipped) ..." >&2
    (cd "$ROOT" && mvn -B -ntp -q -pl mbt-steps -am install -DskipTests)
    break
  fi
done
if ! ldconfig -p 2>/dev/null | grep -q 'libgomp\.so\.1'; then
  echo "train-bench: warning: libgomp.so.1 not found by ldconfig; XGBoost's native library needs it (apt-get install libgomp1)" >&2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mbt-train-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# Spark is 'provided' in mbt-steps: the test scope is the one that includes it.
(cd "$ROOT" && mvn -B -ntp -q -o -pl mbt-steps dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null) \
  || (cd "$ROOT" && mvn -B -ntp -q -pl mbt-steps dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null)
CP="$JARS:$(cat "$WORK/classpath.txt")"

mkdir -p "$WORK/classes" "$RESULTS"
javac -nowarn -d "$WORK/classes" -cp "$CP" "$BENCH/TrainBench.java" "$BENCH"/train/*.java

# Spark's own Java 17 flags (spark-submit adds them itself; a plain java launcher must).
SPARK_FLAGS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)

echo "train-bench: rows $ROWS, $REPEATS repeat(s) per size, baseline split $SPLIT; $(nproc 2>/dev/null || echo '?') cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
# XGBoost's native code prints every round's train metric and each worker's rank to stderr; drop those.
quiet_xgboost() {
  awk '/^\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\] (\[[0-9]+\]\t|Task [0-9]+ got rank)/ { skip = 1; next }
       skip && /^$/ { skip = 0; next }
       { skip = 0; print; fflush() }'
}
java -Xmx8g -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" "${SPARK_FLAGS[@]}" \
  -cp "$WORK/classes:$CP" TrainBench \
  --rows "$ROWS" --repeats "$REPEATS" --split "$SPLIT" --seed "$SEED" \
  --dir "$WORK/project" --out "$RESULTS/train.json" \
  2> >(quiet_xgboost >&2)
