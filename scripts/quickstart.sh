#!/bin/sh
# npm run quickstart: install, build, run the embedded example through ./mcx (the launcher every README command
# uses) and print its table.
set -e
cd "$(dirname "$0")/.."
sh scripts/pnpm.sh install --frozen-lockfile --reporter=silent
sh scripts/pnpm.sh run build
./mcx run examples/quickstart.yaml
echo "next: ./mcx --help, here in the repository's root, in this shell or any new one" >&2
