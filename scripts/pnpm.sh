#!/bin/sh
# Runs the pinned pnpm without corepack (its signature check fails against the registry reachable here).
# Keep the version in step with "packageManager" in package.json.
exec npx --yes pnpm@10.34.8 "$@"
