#!/bin/sh
# npm test: install what the tests need (redis-server and nats-server from apt when absent), build, run every test.
set -e
cd "$(dirname "$0")/.."
sh scripts/ensure-servers.sh
sh scripts/pnpm.sh install --frozen-lockfile --reporter=silent
sh scripts/pnpm.sh run build
sh scripts/pnpm.sh run check
sh scripts/pnpm.sh exec vitest run --project unit
MCX_INTEGRATION=1 sh scripts/pnpm.sh exec vitest run --project integration
