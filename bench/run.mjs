// `pnpm bench`: runs every benchmark in one session and prints the ratios side by side. Benchmarks compare
// things measured in the same run (the VM swings ±15–25 % between runs); nothing here is a test.
// Each benchmark script prints JSON lines; a line with `ratio` (and optionally `target`, `gate`) is a headline.
// A headline with `lowerIsBetter` (a time, a cost) passes when it is at most its gate.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv.slice(2);
const benches = [
  "startup.mjs",
  "livepatch-kernel.mjs",
  "threads.mjs",
  "distributed.mjs",
  "dispatch.mjs",
  "stages.mjs",
  "growth.mjs",
  "capacity.mjs",
  "sdk-trial-vs-kernel.mjs",
  "user-simulation.mjs",
  "faults-latency.mjs",
].filter((b) => only.length === 0 || only.some((o) => b.startsWith(o)));

if (!existsSync(new URL("../packages/cli/dist/main.js", import.meta.url))) {
  console.error("error[MCX_BENCH]: build first (pnpm build)");
  process.exit(1);
}

const headlines = [];
let failedGate = false;
for (const bench of benches) {
  const path = `${here}${bench}`;
  if (!existsSync(path)) continue;
  process.stderr.write(`\n▶ ${bench}\n`);
  const r = spawnSync(process.execPath, [path], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 15 * 60_000,
  });
  for (const line of r.stdout.split("\n")) {
    if (!line.startsWith("{")) {
      if (line.trim()) process.stdout.write(`  ${line}\n`);
      continue;
    }
    const row = JSON.parse(line);
    process.stdout.write(`  ${line}\n`);
    if (typeof row.ratio === "number") headlines.push(row);
  }
  if (r.status !== 0) {
    console.error(`error[MCX_BENCH]: ${bench} exited with ${r.status ?? r.signal}`);
    failedGate = true;
  }
}

console.log(`\n${"ratio (≤ marks a figure that must stay at most its gate)".padEnd(66)} measured  target  gate`);
for (const h of headlines) {
  const pass = h.gate === undefined || (h.lowerIsBetter ? h.ratio <= h.gate : h.ratio >= h.gate);
  if (!pass) failedGate = true;
  const fmt = (x) => (x === undefined ? "   -  " : x.toFixed(2).padStart(6));
  const name = `${h.lowerIsBetter ? "≤ " : ""}${h.name}`;
  const miss = h.lowerIsBetter ? "  ✗ above gate" : "  ✗ below gate";
  console.log(`${name.padEnd(66)} ${fmt(h.ratio)}  ${fmt(h.target)}  ${fmt(h.gate)} ${pass ? "" : miss}`);
}
process.exit(failedGate ? 1 : 0);
