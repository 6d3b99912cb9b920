#!/bin/sh
# npm run quickstart: install, build, run the embedded example and print its table.
set -e
cd "$(dirname "$0")/.."
sh scripts/pnpm.sh install --frozen-lockfile --reporter=silent
sh scripts/pnpm.sh run build
node packages/cli/dist/main.js run examples/quickstart.yaml
