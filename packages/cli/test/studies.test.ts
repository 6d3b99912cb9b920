import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assertBuilt } from "./helpers/cli.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));

function study(script: string, args: readonly string[]): Record<string, unknown> {
  assertBuilt();
  const r = spawnSync(process.execPath, [`scripts/${script}`, ...args, "--json"], { cwd: root, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

// Smoke versions of the two studies the README and docs/statistics.md quote (the full ones take minutes). The
// bounds are loose on purpose: with 200 replicates a 95 % interval's coverage is within 0.95 ± 5 × 0.0154, and
// the quantile intervals are ≥ 0.95 by construction.
describe("scripts/coverage-study.mjs and scripts/power-study.mjs (smoke)", () => {
  it("coverage study: every interval of the table, and the adaptive-stopping rows", () => {
    const r = study("coverage-study.mjs", ["--replicates", "200"]) as {
      rows: { statistic: string; trials: number; coverage: number }[];
      stopping: { plain: { coverage: number }; sequential: { coverage: number; trials: number } };
    };
    expect(r.rows).toHaveLength(20);
    for (const row of r.rows.filter((x) => /mean|paired|proportion/.test(x.statistic)))
      expect(row.coverage, `${row.statistic} at ${row.trials}`).toBeGreaterThanOrEqual(0.87);
    for (const row of r.rows.filter((x) => /order statistics/.test(x.statistic)))
      expect(row.coverage, `${row.statistic} at ${row.trials}`).toBeGreaterThanOrEqual(0.87);
    expect(r.stopping.sequential.coverage).toBeGreaterThanOrEqual(0.94);
  }, 60_000);

  it("power study: aligned runs detect the planted 1 % shift; seed-only pairs are not flagged", () => {
    const r = study("power-study.mjs", ["--seeds", "3"]) as {
      alignedPairs: number;
      detectedPaired: number;
      falseFlags: number;
    };
    expect(r.alignedPairs).toBe(1);
    expect(r.detectedPaired).toBe(1);
    expect(r.falseFlags).toBeLessThanOrEqual(1 / 3);
  }, 60_000);
});
