import { availableParallelism } from "node:os";
import { decodeSummaryBytes, planRun, resolveSpec, runShard } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { compilesOnPoolThreads } from "../../src/pool/compile-mode.ts";
import { createShardPool, runEncodedShard } from "../../src/pool/pool.ts";

describe("compilesOnPoolThreads", () => {
  it("compiles on the pool threads only when they fill every core", () => {
    expect(compilesOnPoolThreads(2, 2)).toBe(true);
    expect(compilesOnPoolThreads(3, 2)).toBe(true);
    expect(compilesOnPoolThreads(1, 2)).toBe(false);
    expect(compilesOnPoolThreads(7, 8)).toBe(false);
  });

  it("gives a full pool, started with the flag turned off, the summaries of the main thread", async () => {
    const plan = planRun(
      "r1",
      resolveSpec({ name: "t", simulation: "livepatch", seed: 3, trials: 40, blockTrials: 10, models: ["kgraft"] }),
      10,
    );
    const threads = availableParallelism();
    expect(compilesOnPoolThreads(threads)).toBe(true);
    const pool = createShardPool(threads);
    try {
      const shards = [0, 1, 2, 3];
      const outcomes = await Promise.all(shards.map((s) => runEncodedShard(pool, plan.shardTask(s))));
      for (const [i, outcome] of outcomes.entries()) {
        expect(outcome.ok).toBe(true);
        if (outcome.ok) expect(decodeSummaryBytes(outcome.summaryBytes)).toStrictEqual([runShard(plan.shardTask(i))]);
      }
    } finally {
      await pool.destroy();
    }
  });
});
