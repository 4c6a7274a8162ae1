# Shared by the Spark benchmarks (train-bench.sh, serve-bench.sh); source it, then call
# bench_classpath NAME [MODULE]: sets CP (the installed jars of MODULE -- mbt-steps by default, or
# mbt-mf -- and of the modules it uses, or MBT_JARS_DIR's, plus MODULE's test-scope classpath, which
# includes Spark) and WORK (a temp directory removed on
# exit). SPARK_FLAGS are Spark's own Java 17 flags (spark-submit adds them; a plain java launcher
# must); quiet_xgboost filters XGBoost's per-round log lines from stderr.

bench_classpath() {
  local name="$1"
  local module="${2:-mbt-steps}"
  local modules="mbt-steps mbt-compiler"
  [ "$module" = mbt-mf ] && modules="mbt-mf mbt-steps mbt-compiler"
  command -v mvn >/dev/null || { echo "$name: Maven (mvn) is needed" >&2; exit 2; }
  local version="0.1.0-SNAPSHOT"
  local m2="${MAVEN_REPO:-$HOME/.m2/repository}"
  local jars="" m
  for m in $modules; do
    if [ -n "${MBT_JARS_DIR:-}" ]; then
      jars="$jars${jars:+:}$MBT_JARS_DIR/$m/target/$m-$version.jar"
    else
      jars="$jars${jars:+:}$m2/io/mbt/$m/$version/$m-$version.jar"
    fi
  done
  local jar
  for jar in ${jars//:/ }; do
    if [ ! -f "$jar" ]; then
      if [ -n "${MBT_JARS_DIR:-}" ]; then
        echo "$name: $jar is missing; build it with 'mvn -B -ntp -q -pl $module -am package -DskipTests' in $MBT_JARS_DIR" >&2
        exit 2
      fi
      echo "$name: $jar is not installed; installing $module and the modules it uses (tests skipped) ..." >&2
      (cd "$ROOT" && mvn -B -ntp -q -pl "$module" -am install -DskipTests)
      break
    fi
  done
  if ! ldconfig -p 2>/dev/null | grep -q 'libgomp\.so\.1'; then
    echo "$name: warning: libgomp.so.1 not found by ldconfig; XGBoost's native library needs it (apt-get install libgomp1)" >&2
  fi
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/mbt-$name.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
  # Spark is 'provided' in the modules: the test scope is the one that includes it.
  (cd "$ROOT" && mvn -B -ntp -q -o -pl "$module" dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null) \
    || (cd "$ROOT" && mvn -B -ntp -q -pl "$module" dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null)
  CP="$jars:$(cat "$WORK/classpath.txt")"
  mkdir -p "$WORK/classes"
}

SPARK_FLAGS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)

# XGBoost's native code prints every round's train metric and each worker's rank to stderr; drop those.
quiet_xgboost() {
  awk '/^\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\] (\[[0-9]+\]\t|Task [0-9]+ got rank)/ { skip = 1; next }
       skip && /^$/ { skip = 0; next }
       { skip = 0; print; fflush() }'
}
