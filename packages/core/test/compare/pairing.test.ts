import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compareResults } from "../../src/compare/compare-results.ts";
import { pairedBatchDifference } from "../../src/compare/paired-batches.ts";
import { runInline } from "../../src/engine/run-inline.ts";
import type { ResultDocument } from "../../src/result/document.ts";
import { parseSpecText } from "../../src/spec/parse-text.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";

function run(spec: Record<string, unknown>): ResultDocument {
  return runInline(resolveSpec({ name: "pair", simulation: "rendezvous", ...spec }));
}

// examples/exit-rate-shift.yaml: livepatch's reduced workload, 4 users always blocked, each switching at its first
// kernel exit ~ Exp(λ), so a 1 % faster λ shortens every switch time by 1/1.01 on the same random numbers
// (docs/livepatch-models.md §2.3, §3.5).
const example = parseSpecText(
  readFileSync(new URL("../../../../examples/exit-rate-shift.yaml", import.meta.url), "utf8"),
  "exit-rate-shift.yaml",
) as { params: { reduced: Record<string, unknown> } };
const livepatch = (seed: number, exitRate: number, trials = 20_000) =>
  runInline(
    resolveSpec({
      ...example,
      seed,
      trials,
      params: { ...example.params, reduced: { ...example.params.reduced, exitRate } },
    }),
  );

describe("cross-run pairing over aligned batch means", () => {
  it("pairedBatchDifference: equal weights give the paired t test of the batch differences", () => {
    const d = pairedBatchDifference({ trials: [10, 10, 10, 10], a: [1, 2, 3, 4], b: [1.5, 2.4, 3.7, 4.4] }, 0.95)!;
    // differences 0.5, 0.4, 0.7, 0.4: mean 0.5, sd 0.1414, se 0.0707 (R: t.test(b, a, paired = TRUE): t = 7.0711, p = 0.0058156)
    expect(d.diff).toBeCloseTo(0.5, 12);
    expect(d.df).toBe(3);
    expect(d.t).toBeCloseTo(7.0711, 4);
    expect(d.p).toBeCloseTo(0.0058156, 6);
  });

  it("aligned runs (same seed, point and batch trials): paired tests, said in pairs[] and the notes", () => {
    const a = livepatch(1, 1, 4000);
    const b = livepatch(1, 1.01, 4000);
    const r = compareResults(a, b, { match: "index" });
    expect(r.pairs[0]!.alignedBatches).toBe(16);
    expect(r.notes.join("\n")).toMatch(/aligned runs .* paired t test over 16 aligned batch means/);
    const mean = r.comparisons.find((c) => c.metric === "tLastSwitch" && c.statistic === "mean")!;
    expect(mean.test).toBe("paired-batch-t");
    expect(mean.df).toBe(15);
    // With every value finite the weighted batch difference is b − a.
    expect(mean.diff).toBeCloseTo(mean.b.estimate - mean.a.estimate, 12);
    expect(r.comparisons.filter((c) => c.statistic === "quantile").every((c) => c.test !== "paired-batch-t")).toBe(
      true,
    );
    // Other seed, other trials, or pairing switched off: independent tests.
    for (const other of [
      compareResults(a, livepatch(2, 1.01, 4000), { match: "index" }),
      compareResults(a, livepatch(1, 1.01, 5000), { match: "index" }),
      compareResults(a, b, { match: "index", pairing: "independent" }),
    ]) {
      expect(other.pairs[0]!.alignedBatches).toBe(0);
      expect(other.comparisons.some((c) => c.test === "paired-batch-t")).toBe(false);
    }
  });

  // Power: E[tLastSwitch] = H_4/λ drops by 0.99 %. Paired over 64 batches the t statistic is ≈ 100 (the runs share
  // every exit draw), so a miss at q ≤ 0.05 is impossible in practice; independent Welch tests have z ≈ 1.5 here.
  // scripts/power-study.mjs measures both over 100 seeds.
  it("detects a planted 1 % shift of a livepatch rate at 20 000 trials in each of 5 seeds", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const r = compareResults(livepatch(seed, 1), livepatch(seed, 1.01), { match: "index" });
      const hit = r.significant.find((c) => c.metric === "tLastSwitch" && c.statistic === "mean");
      expect(hit?.test, `seed ${seed}`).toBe("paired-batch-t");
      expect(hit!.relDiff).toBeCloseTo(1 / 1.01 - 1, 3);
    }
  }, 60_000);

  it("a threshold on one side only is listed as unmatched, not dropped (item 5)", () => {
    const a = run({ seed: 1, trials: 500, thresholds: { pause: [0.004] } });
    const b = run({ seed: 2, trials: 500, thresholds: { pause: [0.004, 0.006] } });
    const r = compareResults(a, b);
    expect(r.unmatched).toContainEqual(
      expect.objectContaining({
        what: "threshold",
        threshold: 0.006,
        model: "plain",
        reason: "exceedance threshold 0.006 only in b",
      }),
    );
    expect(r.differs).toBe(true);
  });

  it("nothing comparable is not a difference: comparable false, tested 0 (item 6)", () => {
    const a = run({ seed: 1, trials: 300, params: { rate: 1000 } });
    const b = run({ seed: 2, trials: 300, params: { rate: 2000 } });
    const r = compareResults(a, b);
    expect(r).toMatchObject({ identical: false, tested: 0, comparable: false });
    const models = compareResults(
      run({ seed: 1, trials: 300, models: ["plain"] }),
      run({ seed: 2, trials: 300, models: ["antithetic"] }),
    );
    expect(models).toMatchObject({ tested: 0, comparable: false });
    expect(compareResults(a, run({ seed: 3, trials: 300, params: { rate: 1000 } })).comparable).toBe(true);
  });
});
