#!/usr/bin/env bash
# A real MLflow tracking server on loopback for the tests (and for trying the mlflow registry):
#   scripts/mlflow-server.sh start   installs MLflow into .mbt-tools/mlflow-venv if needed, starts
#                                    `mlflow server` on 127.0.0.1 (sqlite store, artifact proxy) and
#                                    prints MLFLOW_TRACKING_URI=http://127.0.0.1:<port>
#   scripts/mlflow-server.sh stop    stops it
#   scripts/mlflow-server.sh status  prints the URI if it is up
# State lives in $MBT_MLFLOW_HOME (default .mbt-tools/mlflow-server): mlflow.db, artifacts/, server.pid, uri.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MLFLOW_VERSION="2.17.2"   # the server release matching the Java mlflow-client pinned in pom.xml
VENV="$ROOT/.mbt-tools/mlflow-venv"
HOME_DIR="${MBT_MLFLOW_HOME:-$ROOT/.mbt-tools/mlflow-server}"

install() {
  if [ ! -x "$VENV/bin/mlflow" ] || ! "$VENV/bin/python" -c "import mlflow, sqlalchemy, sys; sys.exit(mlflow.__version__ != '$MLFLOW_VERSION' or sqlalchemy.__version__.startswith('2.1'))" 2>/dev/null; then
    echo "installing mlflow==$MLFLOW_VERSION into $VENV" >&2
    python3 -m venv "$VENV"
    # sqlalchemy pinned: pip may otherwise resolve one without the pool classes mlflow 2.17 imports.
    "$VENV/bin/pip" install -q --disable-pip-version-check "mlflow==$MLFLOW_VERSION" "sqlalchemy==2.0.36" >&2
  fi
}

running() { [ -f "$HOME_DIR/server.pid" ] && kill -0 "$(cat "$HOME_DIR/server.pid")" 2>/dev/null; }

case "${1:-}" in
  start)
    if running; then echo "MLFLOW_TRACKING_URI=$(cat "$HOME_DIR/uri")"; exit 0; fi
    install
    mkdir -p "$HOME_DIR/artifacts"
    port=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    nohup "$VENV/bin/mlflow" server --host 127.0.0.1 --port "$port" --workers 1 \
      --backend-store-uri "sqlite:///$HOME_DIR/mlflow.db" --artifacts-destination "$HOME_DIR/artifacts" \
      > "$HOME_DIR/server.log" 2>&1 &
    echo $! > "$HOME_DIR/server.pid"
    uri="http://127.0.0.1:$port"
    for _ in $(seq 1 120); do
      if "$VENV/bin/python" -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('$uri/health', timeout=2).status != 200)" 2>/dev/null; then
        echo "$uri" > "$HOME_DIR/uri"
        echo "MLFLOW_TRACKING_URI=$uri"
        exit 0
      fi
      if ! running; then break; fi
      sleep 1
    done
    echo "mlflow server did not come up; its log:" >&2
    tail -20 "$HOME_DIR/server.log" >&2
    exit 1
    ;;
  stop)
    if running; then
      pid=$(cat "$HOME_DIR/server.pid")
      # mlflow server runs gunicorn workers in its process group: stop them all.
      pkill -TERM -P "$pid" 2>/dev/null || true
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$HOME_DIR/server.pid" "$HOME_DIR/uri"
    ;;
  status)
    if running; then echo "MLFLOW_TRACKING_URI=$(cat "$HOME_DIR/uri")"; else echo "not running"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
