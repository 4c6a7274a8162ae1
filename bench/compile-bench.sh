#!/usr/bin/env bash
# Compiler benchmark: generates a project of N pipelines (5 base pipelines, shared !include
# fragments) in a temp directory, compiles all of them in one warm JVM after a warm-up pass, and
# times the cold CLI (bin/mbt --project-dir DIR compile --all) when the launcher exists.
# Prints a table and writes bench/results/compile.json (bench/results/ is not committed).
#
# Usage: bench/compile-bench.sh [--pipelines 1000] [--passes 3] [--cli-runs 3]
# Uses the installed mbt-compiler jar (~/.m2) and its runtime classpath; installs it if missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
RESULTS="$BENCH/results"
PIPELINES=1000
PASSES=3
CLI_RUNS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --pipelines) PIPELINES="$2"; shift 2 ;;
    --passes) PASSES="$2"; shift 2 ;;
    --cli-runs) CLI_RUNS="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "compile-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v mvn >/dev/null || { echo "compile-bench: Maven (mvn) is needed" >&2; exit 2; }
VERSION="0.1.0-SNAPSHOT"
JAR="${MAVEN_REPO:-$HOME/.m2/repository}/io/mbt/mbt-compiler/$VERSION/mbt-compiler-$VERSION.jar"
if [ ! -f "$JAR" ]; then
  echo "compile-bench: $JAR is not installed; installing mbt-compiler (tests skipped) ..." >&2
  (cd "$ROOT" && mvn -B -ntp -q -pl mbt-compiler install -DskipTests)
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mbt-compile-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
(cd "$ROOT" && mvn -B -ntp -q -pl mbt-compiler dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null)
CP="$JAR:$(cat "$WORK/classpath.txt")"

mkdir -p "$WORK/classes" "$RESULTS"
javac -d "$WORK/classes" -cp "$CP" "$BENCH/CompileBench.java"

echo "compile-bench: $PIPELINES pipelines, $PASSES timed passes, $CLI_RUNS cold CLI runs; $(nproc 2>/dev/null || echo '?') cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
java -Xmx2g -cp "$WORK/classes:$CP" CompileBench \
  --pipelines "$PIPELINES" --passes "$PASSES" --cli-runs "$CLI_RUNS" \
  --dir "$WORK/project" --mbt "$ROOT/bin/mbt" --out "$RESULTS/compile.json"
