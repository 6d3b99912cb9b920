#!/bin/sh
# Stops what infra/local/up.sh started (by the pids in its run dir): SIGTERM, then SIGKILL after 10 s.
#   sh infra/local/down.sh [--purge]    # --purge also deletes the run dir (data, logs, credentials)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${MCX_LOCAL_DIR:-$(dirname "$(dirname "$here")")/.mcx-tmp/local}

stop() {
  name=$1 pidfile=$2
  if [ ! -f "$pidfile" ]; then
    echo "$name: not running" >&2
    return 0
  fi
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    i=0
    while kill -0 "$pid" 2>/dev/null; do
      i=$((i + 1))
      if [ "$i" -gt 100 ]; then
        echo "$name (pid $pid) ignored SIGTERM for 10 s: SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.1
    done
    echo "$name (pid $pid) stopped" >&2
  else
    echo "$name: stale pid file (pid $pid not running)" >&2
  fi
  rm -f "$pidfile"
}

stop redis-server "$dir/redis.pid"
stop nats-server "$dir/nats.pid"
if [ "${1:-}" = "--purge" ]; then
  rm -rf "$dir"
  echo "removed $dir" >&2
fi
