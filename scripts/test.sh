#!/bin/sh
# npm test: install what the tests need (redis-server, nats-server, chromium from apt when absent), build, check, run every test.
set -e
cd "$(dirname "$0")/.."
sh scripts/ensure-servers.sh
sh scripts/pnpm.sh install --frozen-lockfile --reporter=silent
sh scripts/pnpm.sh run build
sh scripts/pnpm.sh run check
# ensure-servers.sh installed chromium: the report's browser test must run, not skip.
MCX_REQUIRE_BROWSER=1 sh scripts/pnpm.sh exec vitest run --project unit
MCX_INTEGRATION=1 sh scripts/pnpm.sh exec vitest run --project integration
