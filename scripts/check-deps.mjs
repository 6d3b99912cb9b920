// The package graph runs one way (docs: README "Repository"):
//   core ← protocol ← {client, coordinator, worker, runner, lifecycle};  core ← runner ← {worker, coordinator, cli};
//   lifecycle ← {coordinator, worker};
//   client ← cli;  sdk ← {runner, cli};  nothing depends on cli.
// A package.json that says otherwise fails `pnpm check`. Test-only dependencies (devDependencies) may reach one
// step further up for the system tests named in `testOnly`, never into the cli.
import { existsSync, readdirSync, readFileSync } from "node:fs";

const allowed = {
  "@mcx/core": [],
  "@mcx/sdk": ["@mcx/core"],
  "@mcx/protocol": ["@mcx/core"],
  "@mcx/runner": ["@mcx/core", "@mcx/protocol", "@mcx/sdk"],
  "@mcx/client": ["@mcx/core", "@mcx/protocol"],
  "@mcx/lifecycle": ["@mcx/core", "@mcx/protocol"],
  "@mcx/worker": ["@mcx/core", "@mcx/protocol", "@mcx/runner", "@mcx/lifecycle"],
  "@mcx/coordinator": ["@mcx/core", "@mcx/protocol", "@mcx/runner", "@mcx/lifecycle"],
  // The services run in the CLI's own process (`mcx coordinator`, `mcx worker`).
  "@mcx/cli": ["@mcx/core", "@mcx/runner", "@mcx/client", "@mcx/sdk", "@mcx/coordinator", "@mcx/worker"],
};
/** devDependencies beyond `allowed`: the coordinator's system tests drive it through the client. */
const testOnly = {
  "@mcx/coordinator": ["@mcx/client"],
};

let bad = 0;
const report = (pkg, dep, list) => {
  console.error(
    `error[MCX_LAYERING]: ${pkg} must not depend on ${dep} (allowed: ${list.join(", ") || "none"}) (scripts/check-deps.mjs)`,
  );
  bad++;
};
// Every package, so a new one cannot slip past the graph.
for (const dir of readdirSync(new URL("../packages/", import.meta.url))) {
  const file = new URL(`../packages/${dir}/package.json`, import.meta.url);
  if (!existsSync(file)) continue;
  const pkg = JSON.parse(readFileSync(file, "utf8"));
  if (!(pkg.name in allowed)) {
    console.error(`error[MCX_LAYERING]: packages/${dir} is ${pkg.name}, which has no place in the graph`);
    bad++;
    continue;
  }
  const mcx = (deps) => Object.keys(deps ?? {}).filter((d) => d.startsWith("@mcx/") && d !== "@mcx/testkit");
  for (const d of mcx(pkg.dependencies)) if (!allowed[pkg.name].includes(d)) report(pkg.name, d, allowed[pkg.name]);
  const dev = [...allowed[pkg.name], ...(testOnly[pkg.name] ?? [])];
  for (const d of mcx(pkg.devDependencies)) if (!dev.includes(d)) report(pkg.name, d, dev);
}
process.exit(bad ? 1 : 0);
