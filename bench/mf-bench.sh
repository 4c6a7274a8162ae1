#!/usr/bin/env bash
# Model Factory claim benchmark: 1, 4 and 8 claimant JVMs (separate processes, as Airflow workers
# are) on one file:// ledger with the cross-process LogStore. Each claimant warms up, waits at a start
# barrier, claims 20 keys of its own (unrelated runs) and then the same 20 keys as every other
# claimant (a race: exactly one winner per key, checked). Reports claim latency p50/p95 and claims
# per second per claimant count; target p50 < 300 ms.
# Prints a table and writes bench/results/mf.json (bench/results/ is not committed).
#
# Usage: bench/mf-bench.sh [--claimants 1,4,8] [--claims 20]
# Uses the installed mbt-mf, mbt-steps and mbt-compiler jars (~/.m2; installed if missing -- after a
# change, 'mvn -q -pl mbt-mf -am install -DskipTests' first) or MBT_JARS_DIR's, and their classpath.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
RESULTS="$BENCH/results"
CLAIMANTS="1,4,8"
CLAIMS=20
while [ $# -gt 0 ]; do
  case "$1" in
    --claimants) CLAIMANTS="$2"; shift 2 ;;
    --claims) CLAIMS="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "mf-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=lib.sh
. "$BENCH/lib.sh"
bench_classpath mf-bench mbt-mf
mkdir -p "$RESULTS"
javac -nowarn -d "$WORK/classes" -cp "$CP" "$BENCH"/mf/*.java "$BENCH"/common/Bench.java

echo "mf-bench: claimants $CLAIMANTS, $CLAIMS claims each; $(nproc 2>/dev/null || echo '?') cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
java -Xmx512m -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" "${SPARK_FLAGS[@]}" \
  -Dclaimbench.jvmflags="${SPARK_FLAGS[*]} -Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties" \
  -cp "$WORK/classes:$CP" ClaimBench \
  --claimants "$CLAIMANTS" --claims "$CLAIMS" --dir "$WORK/mf" --out "$RESULTS/mf.json"
