import { parseSpecText, resolveSpec, runInline } from "@mcx/core";
import { beforeAll, describe, expect, it } from "vitest";
import { runEmbedded } from "../../src/embedded/run-embedded.ts";
import { shardTaskFile } from "../../src/pool/pool.ts";
import { measureSecondsPerTrial } from "../../src/sizing/pilot.ts";
import { sizeRun } from "../../src/sizing/size-run.ts";

const SPEC = resolveSpec(
  parseSpecText(
    "name: emb\nsimulation: rendezvous\nseed: 9\ntrials: 4000\nsweep:\n  grid: { nCpu: [4, 16, 64] }\n",
    "emb.yaml",
  ),
);

// Piscina threads load dist/pool/shard-task.js: these tests need `pnpm build` first (scripts/test.sh does it).
beforeAll(() => {
  shardTaskFile();
});

describe("runEmbedded", () => {
  it("gives runInline's digest with 1 and 2 threads and any shard size", async () => {
    const expected = runInline(SPEC).digest;
    const one = await runEmbedded(SPEC, { threads: 1, shardTrials: 500 });
    const two = await runEmbedded(SPEC, { threads: 2, shardTrials: 1500 });
    expect(one.digest).toBe(expected);
    expect(two.digest).toBe(expected);
    expect(one.points).toEqual(two.points);
    expect([one.run.mode, one.run.threads, two.run.threads]).toEqual(["embedded", 1, 2]);
  });

  it("sizes shardTrials: auto from a pilot and reports it before running", async () => {
    let planned: number | undefined;
    const doc = await runEmbedded(SPEC, { threads: 2, onPlan: (p) => (planned = p.shardTrials) });
    expect(planned).toBe(doc.run.shardTrials);
    expect(doc.run.shardTrials % 250).toBe(0);
    expect(doc.digest).toBe(runInline(SPEC).digest);
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
  it("measures a positive, finite time per trial within its budget", () => {
    const t0 = performance.now();
    const s = measureSecondsPerTrial(SPEC, { budgetSeconds: 0.05 });
    expect(performance.now() - t0).toBeLessThan(1000);
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
