// Build step of `pnpm build` (after tsc -b): type-checks the dashboard page (DOM + preact, its own tsconfig) and
// bundles it with esbuild into dist/dashboard/page/app.js, which `mcx dashboard` serves. Everything the page needs
// is in that one file: no CDN, works offline.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const tsc = spawnSync(
  process.execPath,
  [createRequire(import.meta.url).resolve("typescript/bin/tsc"), "-p", here("../src/dashboard/page/tsconfig.json")],
  { stdio: "inherit" },
);
if (tsc.error || tsc.status !== 0) {
  console.error("error[MCX_INTERNAL]: the dashboard page does not type-check (packages/cli/src/dashboard/page)");
  process.exit(1);
}
await build({
  entryPoints: [here("../src/dashboard/page/main.tsx")],
  outfile: here("../dist/dashboard/page/app.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "none",
  jsx: "automatic",
  jsxImportSource: "preact",
  logLevel: "warning",
});
