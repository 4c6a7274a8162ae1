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

echo "== build and unit/integration tests (mvn verify)"
mvn -B -ntp verify

echo "== CLI end to end on the examples"
export MBT_SKIP_BUILD=1   # just built
for project in examples/telecom-churn examples/bike-sharing; do
  bin/mbt --project-dir "$project" validate
  bin/mbt --project-dir "$project" compile --all
  bin/mbt --project-dir "$project" test
done
echo "== all tests passed"
