import { resolveSpec } from "@mcx/core";
import { MERGE_FIXTURES } from "@mcx/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import { runEmbedded } from "../../src/embedded/run-embedded.ts";
import { shardTaskFile } from "../../src/pool/pool.ts";
import { measureSecondsPerTrial } from "../../src/sizing/pilot.ts";
import { sizeRun } from "../../src/sizing/size-run.ts";

// Golden digest: a merge fixture whose statistics are checked against closed forms (tooling/testkit).
const { embedded } = MERGE_FIXTURES;
const SPEC = resolveSpec(embedded.spec);

// Piscina threads load dist/pool/shard-task.js: these tests need `pnpm build` first (scripts/test.sh does it).
beforeAll(() => {
  shardTaskFile();
});

describe("runEmbedded", () => {
  it("gives the fixture's golden digest with 1 and 2 threads and any shard size", async () => {
    const expected = embedded.digest;
    const one = await runEmbedded(SPEC, { threads: 1, shardTrials: 500 });
    const two = await runEmbedded(SPEC, { threads: 2, shardTrials: 1500 });
    expect(one.digest).toBe(expected);
    expect(two.digest).toBe(expected);
    expect(one.points).toEqual(two.points);
    expect([one.run.mode, one.run.threads, two.run.threads]).toEqual(["embedded", 1, 2]);
  });

  it("sizes shardTrials: auto from its first shards (the pilot), and reports the size before they are merged", async () => {
    const events: string[] = [];
    let plan: { shardTrials: number; secondsPerTrial: number | undefined } | undefined;
    const doc = await runEmbedded(SPEC, {
      threads: 2,
      onPlan: (p) => {
        plan = p;
        events.push("plan");
      },
      onProgress: () => events.push("progress"),
    });
    expect(events[0]).toBe("plan");
    expect(events.filter((e) => e === "plan")).toHaveLength(1);
    expect(plan!.secondsPerTrial).toBeGreaterThan(0);
    // Whole blocks of 250, at least one, at most one point's 4 000 trials; the plan the run used.
    expect(plan!.shardTrials % 250).toBe(0);
    expect(plan!.shardTrials).toBeGreaterThanOrEqual(250);
    expect(plan!.shardTrials).toBeLessThanOrEqual(4000);
    // Each of the 3 points starts with its pilot: ceil(2 threads × 2 tasks ÷ 3 points) = 2 one-block shards, then
    // shards of the size the pilot gave over its other 14 blocks, the last 2 threads' worth of them in quarters.
    const blocks = plan!.shardTrials / 250;
    const quarter = Math.max(1, Math.floor(blocks / 4));
    const tail = quarter < blocks ? Math.min(2 * blocks, 14) : 0;
    expect(doc.run.shards.planned).toBe(3 * (2 + Math.ceil((14 - tail) / blocks) + Math.ceil(tail / quarter)));
    expect(doc.digest).toBe(embedded.digest);
  });

  it("returns status cancelled when aborted before it starts", async () => {
    const doc = await runEmbedded(SPEC, { threads: 1, shardTrials: 250, signal: AbortSignal.abort() });
    expect(doc.status).toBe("cancelled");
  });

  it("fails with the shard's error code when a shard fails in a thread", async () => {
    // A point whose params the kernel rejects cannot come from resolveSpec, so forge one past validation.
    const bad = { ...SPEC, points: [{ index: 0, params: { nCpu: -1, rate: 1, threshold: 0 } }] };
    await expect(runEmbedded(bad, { threads: 1, shardTrials: 250 })).rejects.toMatchObject({
      code: "MCX_SPEC_INVALID",
    });
  });
});

describe("pilot", () => {
  it("measures a positive, finite time per trial", () => {
    const s = measureSecondsPerTrial(SPEC, { budgetSeconds: 0.05 });
    expect(s).toBeGreaterThan(0);
    expect(Number.isFinite(s)).toBe(true);
  });

  it("sizeRun counts shards of the plan", () => {
    const { size } = sizeRun({ ...SPEC, shardTrials: 1000 });
    expect(size).toMatchObject({
      points: 3,
      trialsPerPoint: 4000,
      totalTrials: 12000,
      shardTrials: 1000,
      shardCount: 12,
    });
  });
});
