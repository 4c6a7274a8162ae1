#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs, builds, runs every module's
# tests, then checks the CLI end to end on the example projects. Exit code 0 only if all passed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

need() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif need sudo; then sudo "$@"; else "$@"; fi; }

# --- system packages: Java 17+, Maven, and libgomp (XGBoost's native library needs it) -------------
missing=()
need java || missing+=(openjdk-17-jdk-headless)
need mvn || missing+=(maven)
ldconfig -p 2>/dev/null | grep -q 'libgomp.so.1' || missing+=(libgomp1)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  as_root apt-get update -qq && as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== MLflow tracking server on loopback (for the mlflow registry tests)"
export MBT_MLFLOW_HOME="$(mktemp -d)"
cleanup() {
  scripts/mlflow-server.sh stop || true
  scripts/s3-server.sh stop || true
  rm -rf "${MBT_S3_HOME:-}"
  rm -rf "$MBT_MLFLOW_HOME" "${SUBMIT_WORK:-}"
}
trap cleanup EXIT
MBT_MLFLOW_TRACKING_URI="$(scripts/mlflow-server.sh start | sed -n 's/^MLFLOW_TRACKING_URI=//p')"
export MBT_MLFLOW_TRACKING_URI
echo "mlflow server at $MBT_MLFLOW_TRACKING_URI"

echo "== S3-compatible server on loopback (S3Proxy, for the s3a LogStore tests)"
export MBT_S3_HOME="$(mktemp -d)"
eval "$(scripts/s3-server.sh start | grep '^MBT_S3_' | sed 's/^/export /')"
echo "s3 server at $MBT_S3_ENDPOINT"

echo "== build and unit/integration tests (mvn verify)"
mvn -B -ntp verify

echo "== CLI end to end on the examples"
export MBT_SKIP_BUILD=1   # just built
dag_passed=0
for project in examples/telecom-churn examples/bike-sharing; do
  bin/mbt --project-dir "$project" validate
  bin/mbt --project-dir "$project" compile --all
  out=$(bin/mbt --project-dir "$project" test) || { echo "$out"; exit 1; }
  echo "$out" | tail -1 | sed 's/^/DAG assertions: /'
  dag_passed=$((dag_passed + $(echo "$out" | tail -1 | cut -d' ' -f1)))
done
echo "== spark-submit: the application jar under a real spark-submit (pyspark 3.5.7 from PyPI)"
VENV="$ROOT/.venv"
if [ ! -x "$VENV/bin/spark-submit" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "pyspark==3.5.7"
fi
# pyspark's spark-submit finds its home with whatever python is first on PATH: point it at the venv's.
export SPARK_HOME="$("$VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
export PATH="$VENV/bin:$PATH"
M2="${MAVEN_REPO:-$HOME/.m2/repository}"
DELTA_JARS="$M2/io/delta/delta-spark_2.12/3.3.3/delta-spark_2.12-3.3.3.jar,$M2/io/delta/delta-storage/3.3.3/delta-storage-3.3.3.jar"
APP_JAR=$(ls mbt-spark-driver/target/mbt-spark-driver-*-spark.jar)
SUBMIT_WORK=$(mktemp -d)
cp -r examples/telecom-churn "$SUBMIT_WORK/"
rm -rf "$SUBMIT_WORK/telecom-churn/target" "$SUBMIT_WORK/telecom-churn/local_artifacts" "$SUBMIT_WORK/telecom-churn/mbt_registry" "$SUBMIT_WORK/telecom-churn/lake" "$SUBMIT_WORK/telecom-churn/lake_artifacts" "$SUBMIT_WORK/telecom-churn/mf/datasets"
"$VENV/bin/spark-submit" --master "local[2]" --driver-memory 2g --driver-java-options "-Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties" --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 \
  --jars "$DELTA_JARS" --class io.mbt.driver.SparkDriverMain "$APP_JAR" \
  run --select churn_lr_v1 --project-dir "$SUBMIT_WORK/telecom-churn"
grep -q '"status" : "success"' "$SUBMIT_WORK/telecom-churn/target/churn_lr_v1/run_results.json"
echo "spark-submit run of churn_lr_v1: success"

echo "== spark-submit: a Model Factory run (seed, dataset pin, mf request, mf submit) with conf/spark-delta-logstores.conf"
mbt_submit() {
  "$VENV/bin/spark-submit" --master "local[2]" --driver-memory 2g --driver-java-options "-Dlog4j2.configurationFile=$ROOT/conf/log4j2.properties" \
    --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 --properties-file "$ROOT/conf/spark-delta-logstores.conf" \
    --jars "$DELTA_JARS" --class io.mbt.driver.SparkDriverMain "$APP_JAR" "$@" --project-dir "$SUBMIT_WORK/telecom-churn"
}
REQUEST="$SUBMIT_WORK/telecom-churn/mf/requests/churn-baseline.yaml"
sed -i 's/churn_xgb_v1/churn_lr_v1/' "$REQUEST"
mbt_submit seed --target lake
mbt_submit dataset pin churn_lr_v1 --target lake --out mf/datasets/telco
mbt_submit mf request "$REQUEST"
mf_out=$(mbt_submit mf submit "$REQUEST" --wait) || { echo "$mf_out"; exit 1; }
echo "$mf_out" | grep -q ': SUCCESS_PUBLISHED' || { echo "$mf_out"; exit 1; }
echo "spark-submit Model Factory run of churn_lr_v1: SUCCESS_PUBLISHED"

unit=$(cat */target/surefire-reports/TEST-*.xml | grep -o '<testsuite [^>]*tests="[0-9]*"' | sed 's/.*tests="\([0-9]*\)"/\1/' | awk '{s+=$1} END {print s+0}')
echo "== all tests passed (JUnit $unit, DAG assertions $dag_passed, spark-submit 2)"
echo "total: $((unit + dag_passed + 2)) passed, 0 failed"
