// Dependencies run one way: core <- worker, core <- coordinator <- cli, core <- sdk <- cli. Fails when a
// package.json says otherwise.
import { readFileSync } from "node:fs";

const allowed = {
  "@mcx/core": [],
  "@mcx/sdk": ["@mcx/core"],
  "@mcx/worker": ["@mcx/core"],
  "@mcx/coordinator": ["@mcx/core"],
  "@mcx/cli": ["@mcx/coordinator", "@mcx/sdk"],
};
let bad = 0;
for (const dir of ["core", "sdk", "worker", "coordinator", "cli"]) {
  const pkg = JSON.parse(readFileSync(new URL(`../packages/${dir}/package.json`, import.meta.url), "utf8"));
  const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) => d.startsWith("@mcx/"));
  for (const d of deps) {
    if (d === "@mcx/testkit") continue;
    if (!allowed[pkg.name].includes(d)) {
      console.error(
        `error[MCX_LAYERING]: ${pkg.name} must not depend on ${d} (allowed: ${allowed[pkg.name].join(", ") || "none"})`,
      );
      bad++;
    }
  }
}
process.exit(bad ? 1 : 0);
