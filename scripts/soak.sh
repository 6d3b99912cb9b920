#!/bin/sh
# pnpm test:soak: the long versions of the load and chaos tests against real servers (redis-server, nats-server -js,
# the services as processes from the build): 100 000 near-empty shards with the coordinator's and a worker's RSS
# printed as a curve, 20 concurrent runs from 5 clients, a 10 000-point sweep, and the active coordinator SIGKILLed at
# 20 random moments of one run (MCX_CHAOS_SEED picks them). Figures of each fault go to .mcx-tmp/faults/report.jsonl.
set -e
cd "$(dirname "$0")/.."
sh scripts/pnpm.sh run build
MCX_INTEGRATION=1 MCX_SOAK=1 MCX_CHAOS_KILLS="${MCX_CHAOS_KILLS:-20}" sh scripts/pnpm.sh exec vitest run --project integration \
  packages/coordinator/test/faults/soak.int.test.ts packages/coordinator/test/faults/chaos.int.test.ts
cat .mcx-tmp/faults/soak-rss.txt
