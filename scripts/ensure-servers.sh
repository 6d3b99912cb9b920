#!/bin/sh
# Installs what the tests need from Debian packages when it is missing: redis-server and nats-server (the tests
# start their own instances on free loopback ports, so services apt may start are stopped again) and chromium
# (the HTML report is rendered in headless Chromium). With --bench, also gcc (the C reference of the kernel
# benchmark) and python3-distributed (Debian's Dask, the peer `pnpm bench` measures beside mcx; the bench looks for
# it in Debian's /usr/bin/python3 when the python3 on the PATH lacks it).
set -e
missing=""
if [ "$1" = "--bench" ]; then
  command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
  /usr/bin/python3 -c 'import distributed' >/dev/null 2>&1 || missing="$missing python3-distributed"
fi
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
command -v nats-server >/dev/null 2>&1 || missing="$missing nats-server"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "error[MCX_ENV]: need$missing; install them (apt-get install$missing) and rerun" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" != 0 ] && SUDO=sudo
echo "installing$missing from apt…" >&2
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
# apt may start a system redis on 6379; our tests never use it.
(command -v service >/dev/null 2>&1 && $SUDO service redis-server stop >/dev/null 2>&1) || true
