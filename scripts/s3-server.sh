#!/usr/bin/env bash
# An S3-compatible server on loopback with conditional writes (If-None-Match: * on PUT), for the
# tests of ExclusiveS3LogStore (and for trying s3a:// storage):
#   scripts/s3-server.sh start   fetches S3Proxy (Maven Central, through mvn) into .mbt-tools/s3proxy
#                                if needed, starts it on 127.0.0.1 with in-memory storage
#                                (transient-nio2: creates with If-None-Match: * are a hard link, so
#                                exclusive) and SigV4 authentication, and prints
#                                MBT_S3_ENDPOINT=http://127.0.0.1:<port>, MBT_S3_ACCESS_KEY=…,
#                                MBT_S3_SECRET_KEY=…
#   scripts/s3-server.sh stop    stops it (its objects are gone with it)
#   scripts/s3-server.sh status  prints the same lines if it is up
# State lives in $MBT_S3_HOME (default .mbt-tools/s3-server): s3proxy.conf, server.log, server.pid.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
S3PROXY_VERSION="4.1.0"   # 4.0+ evaluates If-None-Match: * atomically on its nio2 back ends
TOOLS="$ROOT/.mbt-tools/s3proxy"
JAR="$TOOLS/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
HOME_DIR="${MBT_S3_HOME:-$ROOT/.mbt-tools/s3-server}"
ACCESS_KEY="mbt-test"
SECRET_KEY="mbt-test-secret"

install() {
  if [ ! -s "$JAR" ]; then
    echo "fetching org.gaul:s3proxy:$S3PROXY_VERSION (jar-with-dependencies) into $TOOLS" >&2
    mkdir -p "$TOOLS"
    mvn -B -ntp -q dependency:copy -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
      -DoutputDirectory="$TOOLS" >&2
  fi
}

running() { [ -f "$HOME_DIR/server.pid" ] && kill -0 "$(cat "$HOME_DIR/server.pid")" 2>/dev/null; }

report() {
  echo "MBT_S3_ENDPOINT=$(cat "$HOME_DIR/endpoint")"
  echo "MBT_S3_ACCESS_KEY=$ACCESS_KEY"
  echo "MBT_S3_SECRET_KEY=$SECRET_KEY"
}

case "${1:-}" in
  start)
    if running; then report; exit 0; fi
    install
    mkdir -p "$HOME_DIR"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    endpoint="http://127.0.0.1:$port"
    cat > "$HOME_DIR/s3proxy.conf" <<EOF
s3proxy.endpoint=$endpoint
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$ACCESS_KEY
s3proxy.credential=$SECRET_KEY
jclouds.provider=transient-nio2
jclouds.identity=$ACCESS_KEY
jclouds.credential=$SECRET_KEY
EOF
    nohup java -Xmx256m -jar "$JAR" --properties "$HOME_DIR/s3proxy.conf" > "$HOME_DIR/server.log" 2>&1 &
    echo $! > "$HOME_DIR/server.pid"
    for _ in $(seq 1 60); do
      # Any HTTP answer (403 without credentials) means it is listening.
      if python3 -c "import urllib.request, urllib.error, sys
try:
    urllib.request.urlopen('$endpoint/', timeout=2)
except urllib.error.HTTPError:
    pass
" 2>/dev/null; then
        echo "$endpoint" > "$HOME_DIR/endpoint"
        report
        exit 0
      fi
      if ! running; then break; fi
      sleep 0.5
    done
    echo "s3proxy did not come up; its log:" >&2
    tail -20 "$HOME_DIR/server.log" >&2
    exit 1
    ;;
  stop)
    if running; then
      pid=$(cat "$HOME_DIR/server.pid")
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$HOME_DIR/server.pid" "$HOME_DIR/endpoint"
    ;;
  status)
    if running; then report; else echo "not running"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
