// Post-build step of `pnpm build` (after tsc -b): tsc copies no non-TS files and sets no file modes.
// Makes the CLI entry executable, so `mcx` works as a linked binary (pnpm link, npm link, a container PATH).
import { chmodSync, existsSync } from "node:fs";

const bins = ["packages/cli/dist/main.js"];
for (const rel of bins) {
  const file = new URL(`../${rel}`, import.meta.url);
  if (!existsSync(file)) {
    console.error(`error[MCX_INTERNAL]: ${rel} was not built (scripts/copy-assets.mjs)`);
    process.exit(1);
  }
  chmodSync(file, 0o755);
}
