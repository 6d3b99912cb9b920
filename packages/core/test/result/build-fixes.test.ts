import { describe, expect, it } from "vitest";
import { planRun } from "../../src/engine/plan.ts";
import { runInline } from "../../src/engine/run-inline.ts";
import { RunMerger } from "../../src/engine/run-merger.ts";
import { runShard } from "../../src/engine/run-shard.ts";
import { buildResult } from "../../src/result/build.ts";
import type { ContinuousMetric, ProportionMetric } from "../../src/result/document.ts";
import { rendezvous } from "../../src/sim/rendezvous/index.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";
import { studentTTwoSidedPValue } from "../../src/stats/tests.ts";

/** Per-trial pause of the rendezvous `plain` model, straight from the kernel (the raw values the engine sees). */
function rawPauses(seed: number, trials: number, params: { nCpu: number; rate: number }): Float64Array {
  const kernel = rendezvous.createKernel(rendezvous.params.parse(params), ["plain"]);
  const out = new Float64Array(2);
  return Float64Array.from({ length: trials }, (_, trial) => {
    kernel.runTrial({ seed, point: 0, trial }, out);
    return out[0]!;
  });
}

describe("result document fixes (issue 12)", () => {
  it("confidence 0.5 with a zero-success proportion: no crash, one-sided bound 1 − 0.5^(1/n) (item 1)", () => {
    const doc = runInline(
      resolveSpec({
        name: "c50",
        simulation: "rendezvous",
        seed: 1,
        trials: 400,
        confidence: 0.5,
        params: { threshold: 10 },
      }),
    );
    const late = doc.points[0]!.models["plain"]!.metrics["late"] as ProportionMetric;
    expect(late.successes).toBe(0);
    expect(late.upper).toBeCloseTo(1 - 0.5 ** (1 / 400), 15);
  });

  it("batch means weigh each block by its size and report how many blocks (item 7: 1 100 trials, a short last block)", () => {
    const params = { nCpu: 4, rate: 1000 };
    const doc = runInline(
      resolveSpec({
        name: "bm",
        simulation: "rendezvous",
        models: ["plain"],
        seed: 9,
        trials: 1100,
        blockTrials: 250,
        params,
      }),
    );
    const m = doc.points[0]!.models["plain"]!.metrics["pause"] as ContinuousMetric;
    const x = rawPauses(9, 1100, params);
    const blocks = [0, 250, 500, 750, 1000].map((start) => x.subarray(start, Math.min(start + 250, 1100)));
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const blockMean = (b: Float64Array) => b.reduce((s, v) => s + v, 0) / b.length;
    // Var(m̄) ≈ Σ n_b (m_b − m̄)² / ((B − 1) N): each block mean has variance σ²/n_b.
    const weighted = Math.sqrt(blocks.reduce((s, b) => s + b.length * (blockMean(b) - mean) ** 2, 0) / (4 * 1100));
    expect(m.batchCount).toBe(5);
    expect(m.batchMeansSe).toBeCloseTo(weighted, 12);
    expect(m.batchMeans).toHaveLength(5);
  });

  it("paired p-values keep their precision far out (t ≫ 8.3), and carry BH q-values over the point (item 8)", () => {
    // immediate − livepatch tDone on the default workload: t ≈ 40 at 100 trials, where 2(1 − F(|t|)) is 0.
    const doc = runInline(
      resolveSpec({ name: "far", simulation: "livepatch", models: ["immediate", "livepatch"], seed: 42, trials: 100 }),
    );
    const comparisons = doc.points[0]!.comparisons;
    const far = comparisons.find((c) => c.metric === "tDone")!;
    const t = far.meanDiff / (far.sd / Math.sqrt(far.n));
    expect(Math.abs(t)).toBeGreaterThan(9);
    expect(far.p).toBeGreaterThan(0);
    expect(far.p).toBeLessThan(1e-20);
    expect(far.p).toBe(studentTTwoSidedPValue(t, far.n - 1));
    const ps = comparisons.map((c) => c.p).filter((p) => !Number.isNaN(p));
    const rank = (v: number) => ps.filter((x) => x <= v).length;
    for (const c of comparisons.filter((x) => !Number.isNaN(x.p))) {
      const slow = Math.min(1, ...ps.filter((x) => x >= c.p).map((x) => (ps.length * x) / rank(x)));
      expect(c.q).toBeCloseTo(slow, 12);
    }
  });

  it("figure of merit 1 / (relErr² · seconds) for every continuous metric, outside the digest", () => {
    const spec = resolveSpec({ name: "fom", simulation: "rendezvous", seed: 2, trials: 1000 });
    const plan = planRun("fom", spec, 1000);
    const merger = new RunMerger(plan);
    for (let i = 0; i < plan.shardCount; i++) merger.apply(runShard(plan.shardTask(i)));
    const meta = { runId: "fom", startedAt: "t", mode: "embedded" as const, threads: 1 };
    const slow = buildResult(merger, { ...meta, wallSeconds: 4 });
    const fast = buildResult(merger, { ...meta, wallSeconds: 2 });
    expect(slow.digest).toBe(fast.digest);
    const pause = slow.points[0]!.models["plain"]!.metrics["pause"] as ContinuousMetric;
    const entry = slow.fom!.metrics.find((f) => f.model === "plain" && f.metric === "pause")!;
    expect(entry.fom).toBeCloseTo(1 / (pause.relErr ** 2 * 4), 9);
    expect(fast.fom!.metrics.find((f) => f.model === "plain" && f.metric === "pause")!.fom).toBeCloseTo(
      2 * entry.fom,
      6,
    );
    expect(slow.fom!.metrics.map((f) => `${f.model}.${f.metric}`)).toEqual(["plain.pause", "antithetic.pause"]);
  });
});
