#!/bin/sh
# Renders infra/redis/users.acl with password hashes: render-acl.sh [OUT]   (default: stdout)
# Reads MCX_REDIS_COORDINATOR_PASSWORD and MCX_REDIS_WORKER_PASSWORD; only SHA-256 hashes reach the output.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${MCX_REDIS_COORDINATOR_PASSWORD:?set MCX_REDIS_COORDINATOR_PASSWORD}"
: "${MCX_REDIS_WORKER_PASSWORD:?set MCX_REDIS_WORKER_PASSWORD}"
hash() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
c="#$(hash "$MCX_REDIS_COORDINATOR_PASSWORD")"
w="#$(hash "$MCX_REDIS_WORKER_PASSWORD")"
# An aclfile allows no comments or blank lines.
rendered=$(sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' \
  -e "s/@COORDINATOR_PASSWORD@/$c/" -e "s/@WORKER_PASSWORD@/$w/" "$here/users.acl")
if [ $# -ge 1 ]; then
  umask 077
  printf '%s\n' "$rendered" > "$1"
else
  printf '%s\n' "$rendered"
fi
