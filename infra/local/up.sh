#!/bin/sh
# Starts a local redis-server and nats-server -js from the system binaries (no containers), with the ACL users of
# infra/redis/users.acl and the NATS users of infra/nats/auth.conf, plus a local-only `dev` user for both.
#
#   eval "$(sh infra/local/up.sh)"      # start (or reuse) and export MCX_* for this shell as user `dev`
#   . .mcx-tmp/local/worker.env         # or take one role's least-privilege credentials instead
#   sh infra/local/down.sh [--purge]    # stop; --purge also deletes data and credentials
#
# Settings (environment): MCX_LOCAL_DIR (default <repo>/.mcx-tmp/local), MCX_LOCAL_REDIS_PORT (6379),
# MCX_LOCAL_NATS_PORT (4222). Exports go to stdout, everything else to stderr.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
infra=$(dirname "$here")
dir=${MCX_LOCAL_DIR:-$(dirname "$infra")/.mcx-tmp/local}
redis_port=${MCX_LOCAL_REDIS_PORT:-6379}
nats_port=${MCX_LOCAL_NATS_PORT:-4222}

for bin in redis-server redis-cli nats-server; do
  command -v "$bin" >/dev/null 2>&1 || {
    echo "error[MCX_ENV]: $bin not found (install it: apt-get install redis-server nats-server, or sh scripts/ensure-servers.sh)" >&2
    exit 1
  }
done

mkdir -p "$dir/redis" "$dir/nats/jetstream"
chmod 700 "$dir"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Credentials: generated once, kept in the run dir (mode 600) so restarts keep working clients.
creds="$dir/credentials.env"
if [ ! -f "$creds" ]; then
  rnd() { od -An -N18 -tx1 /dev/urandom | tr -d ' \n'; }
  umask 077
  cat > "$creds" <<CREDS
MCX_REDIS_COORDINATOR_PASSWORD=$(rnd)
MCX_REDIS_WORKER_PASSWORD=$(rnd)
MCX_REDIS_DEV_PASSWORD=$(rnd)
MCX_NATS_COORDINATOR_PASSWORD=$(rnd)
MCX_NATS_WORKER_PASSWORD=$(rnd)
MCX_NATS_CLI_PASSWORD=$(rnd)
MCX_NATS_DEV_PASSWORD=$(rnd)
CREDS
  umask 022
fi
set -a
. "$creds"
set +a

redis_url() { echo "redis://$1:$2@127.0.0.1:$redis_port"; }
nats_url="nats://127.0.0.1:$nats_port"

if alive "$dir/redis.pid"; then
  echo "redis-server already running (pid $(cat "$dir/redis.pid"))" >&2
else
  # The dev user may play every role: the coordinator's rules are a superset of the worker's (the same commands, and
  # the lease key `mcx:coordinator:*` besides the queue's keys); the cli role does not use Redis.
  dev_rules=$(sed -n 's/^user coordinator on @COORDINATOR_PASSWORD@ //p' "$infra/redis/users.acl")
  [ -n "$dev_rules" ] || { echo "error[MCX_ENV]: no coordinator user in $infra/redis/users.acl" >&2; exit 1; }
  sh "$infra/redis/render-acl.sh" > "$dir/redis/users.acl"
  echo "user dev on #$(printf '%s' "$MCX_REDIS_DEV_PASSWORD" | sha256sum | cut -d' ' -f1) $dev_rules" >> "$dir/redis/users.acl"
  chmod 600 "$dir/redis/users.acl"
  cat > "$dir/redis/redis.conf" <<CONF
port $redis_port
bind 127.0.0.1
dir $dir/redis
appendonly yes
save ""
maxmemory-policy noeviction
aclfile $dir/redis/users.acl
daemonize yes
pidfile $dir/redis.pid
logfile $dir/redis.log
CONF
  redis-server "$dir/redis/redis.conf"
  i=0
  until redis-cli -p "$redis_port" --user dev --pass "$MCX_REDIS_DEV_PASSWORD" --no-auth-warning ping 2>/dev/null | grep -q PONG; do
    i=$((i + 1))
    if [ "$i" -gt 300 ]; then
      echo "error[MCX_ENV]: redis-server did not answer on port $redis_port (see $dir/redis.log):" >&2
      tail -n 3 "$dir/redis.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "redis-server on 127.0.0.1:$redis_port (pid $(cat "$dir/redis.pid"))" >&2
fi

if alive "$dir/nats.pid"; then
  echo "nats-server already running (pid $(cat "$dir/nats.pid"))" >&2
else
  # auth.conf plus the local dev user (all subjects).
  sed '/{ user: cli,/a\
    { user: dev, password: $MCX_NATS_DEV_PASSWORD }' "$infra/nats/auth.conf" > "$dir/nats/auth.conf"
  cat > "$dir/nats/nats.conf" <<CONF
server_name: mcx-local
listen: 127.0.0.1:$nats_port
max_payload: 8MB
pid_file: "$dir/nats.pid"
jetstream {
  store_dir: "$dir/nats/jetstream"
  max_memory_store: 256MB
  max_file_store: 10GB
}
include ./auth.conf
CONF
  : > "$dir/nats.log"
  nohup nats-server -c "$dir/nats/nats.conf" -l "$dir/nats.log" >/dev/null 2>&1 &
  i=0
  until grep -q "Server is ready" "$dir/nats.log" 2>/dev/null; do
    i=$((i + 1))
    if [ "$i" -gt 300 ] || grep -q "\[FTL\]" "$dir/nats.log" 2>/dev/null; then
      echo "error[MCX_ENV]: nats-server did not start on port $nats_port (see $dir/nats.log):" >&2
      tail -n 3 "$dir/nats.log" >&2
      alive "$dir/nats.pid" && kill "$(cat "$dir/nats.pid")"
      exit 1
    fi
    sleep 0.1
  done
  echo "nats-server -js on 127.0.0.1:$nats_port (pid $(cat "$dir/nats.pid"))" >&2
fi

# One env file per role, for least-privilege local runs.
umask 077
cat > "$dir/coordinator.env" <<ENV
export MCX_REDIS_URL='$(redis_url coordinator "$MCX_REDIS_COORDINATOR_PASSWORD")'
export MCX_NATS_URL='$nats_url'
export MCX_NATS_USER='coordinator'
export MCX_NATS_PASSWORD='$MCX_NATS_COORDINATOR_PASSWORD'
ENV
cat > "$dir/worker.env" <<ENV
export MCX_REDIS_URL='$(redis_url worker "$MCX_REDIS_WORKER_PASSWORD")'
export MCX_NATS_URL='$nats_url'
export MCX_NATS_USER='worker'
export MCX_NATS_PASSWORD='$MCX_NATS_WORKER_PASSWORD'
ENV
cat > "$dir/cli.env" <<ENV
export MCX_NATS_URL='$nats_url'
export MCX_NATS_USER='cli'
export MCX_NATS_PASSWORD='$MCX_NATS_CLI_PASSWORD'
ENV
# Relative to the current directory when under it: the path to type in the next command.
case $dir in "$(pwd)"/*) shown=${dir#"$(pwd)"/} ;; *) shown=$dir ;; esac
echo "role credentials: $shown/{coordinator,worker,cli}.env" >&2

echo "export MCX_REDIS_URL='$(redis_url dev "$MCX_REDIS_DEV_PASSWORD")'"
echo "export MCX_NATS_URL='$nats_url'"
echo "export MCX_NATS_USER='dev'"
echo "export MCX_NATS_PASSWORD='$MCX_NATS_DEV_PASSWORD'"
