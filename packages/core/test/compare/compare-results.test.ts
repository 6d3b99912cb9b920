import { describe, expect, it } from "vitest";
import { compareResults } from "../../src/compare/compare-results.ts";
import { runInline } from "../../src/engine/run-inline.ts";
import type { ResultDocument } from "../../src/result/document.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";

function run(spec: Record<string, unknown>): ResultDocument {
  return runInline(resolveSpec({ name: "cmp", simulation: "rendezvous", ...spec }));
}

/** Harmonic number H_n: E[max of n iid Exp(1)]. */
function harmonic(n: number): number {
  let h = 0;
  for (let k = 1; k <= n; k++) h += 1 / k;
  return h;
}

describe("compareResults", () => {
  it("equal digests short-circuit to identical", () => {
    const a = run({ seed: 3, trials: 500, params: { nCpu: 8 } });
    const b = run({ seed: 3, trials: 500, params: { nCpu: 8 } });
    const r = compareResults(a, b);
    expect(r).toMatchObject({ identical: true, differs: false, comparisons: [], significant: [] });
  });

  it("compares every model × metric statistic of matched points, b − a", () => {
    const a = run({ seed: 1, trials: 2000, params: { nCpu: 8 }, thresholds: { pause: [0.004] } });
    const b = run({ seed: 2, trials: 2000, params: { nCpu: 8 }, thresholds: { pause: [0.004] } });
    const r = compareResults(a, b);
    expect(r.identical).toBe(false);
    expect(r.pairs).toEqual([{ a: 0, b: 0, paramsDiffer: [], alignedBatches: 0 }]);
    expect(r.comparisons.map((c) => `${c.model}.${c.metric}.${c.statistic}${c.quantile ?? ""}`).sort()).toEqual([
      "antithetic.pause.exceedance",
      "antithetic.pause.mean",
      "antithetic.pause.quantilep50",
      "antithetic.pause.quantilep90",
      "antithetic.pause.quantilep99",
      "plain.late.p",
      "plain.pause.exceedance",
      "plain.pause.mean",
      "plain.pause.quantilep50",
      "plain.pause.quantilep90",
      "plain.pause.quantilep99",
    ]);
    expect(r.tested).toBe(11);
    const mean = r.comparisons.find((c) => c.model === "plain" && c.statistic === "mean")!;
    const ma = a.points[0]!.models["plain"]!.metrics["pause"]!;
    const mb = b.points[0]!.models["plain"]!.metrics["pause"]!;
    if (ma.kind !== "continuous" || mb.kind !== "continuous") throw new Error("pause is continuous");
    expect(mean.test).toBe("welch-t");
    expect(mean.diff).toBe(mb.mean - ma.mean);
    expect(mean.ci[0]).toBeLessThan(mean.diff);
    expect(mean.ci[1]).toBeGreaterThan(mean.diff);
    expect(mean.q).toBeGreaterThanOrEqual(mean.p);
    // q is p.adjust(p, "BH") over the family, re-derived here the slow way: q_i = min over p_j ≥ p_i of m·p_j/rank_j.
    const ps = r.comparisons.map((c) => c.p);
    const m = ps.length;
    const rank = (v: number) => ps.filter((x) => x <= v).length;
    for (const c of r.comparisons) {
      const slow = Math.min(1, ...ps.filter((x) => x >= c.p).map((x) => (m * x) / rank(x)));
      expect(c.q).toBeCloseTo(slow, 12);
    }
    expect(r.notes).toContain("spec hashes differ: the runs come from different specs");
  });

  // Each pair is two runs of the same spec with different seeds, so every null hypothesis is true. BH at q controls
  // the family-wise error under the complete null, so a pair is flagged with probability ≤ q = 0.05. The bound is
  // q + 3σ, σ = √(q(1 − q)/200) = 0.0154: at most 19 of 200 pairs (false failure < 0.2 % even at exactly q).
  it("flags at most the nominal FDR rate + 3σ of 200 same-spec, different-seed pairs", () => {
    const pairs = 200;
    const fdr = 0.05;
    let flagged = 0;
    let tested = 0;
    for (let i = 0; i < pairs; i++) {
      const spec = { trials: 2000, params: { nCpu: 8 }, thresholds: { pause: [0.004] } };
      const r = compareResults(run({ ...spec, seed: 2 * i + 100 }), run({ ...spec, seed: 2 * i + 101 }), { fdr });
      tested += r.comparisons.filter((c) => c.test !== "none").length;
      if (r.differs) flagged++;
    }
    expect(tested).toBe(pairs * 11);
    const sigma = Math.sqrt((fdr * (1 - fdr)) / pairs);
    expect(flagged / pairs).toBeLessThanOrEqual(fdr + 3 * sigma);
  }, 120_000);

  // rate 1000 → 1050 shifts E[pause] = H_8/rate by −4.76 %. With 20 000 trials per run the Welch z is about
  // 0.1294 ms / (1.707 ms / √20000) ≈ 10.7, so power is 1 − 10⁻¹⁵ even after the BH adjustment.
  it("detects a planted 5 % shift in the mean (rate 1000 vs 1050)", () => {
    const a = run({ seed: 7, trials: 20000, params: { nCpu: 8, rate: 1000 } });
    const b = run({ seed: 8, trials: 20000, params: { nCpu: 8, rate: 1050 } });
    const byParams = compareResults(a, b);
    expect(byParams.pairs).toEqual([]);
    expect(byParams.differs).toBe(true);
    expect(byParams.notes.join("\n")).toMatch(/match "index"/);

    const r = compareResults(a, b, { match: "index" });
    expect(r.pairs).toEqual([{ a: 0, b: 0, paramsDiffer: [{ path: "rate", a: 1000, b: 1050 }], alignedBatches: 0 }]);
    const trueDiff = harmonic(8) / 1050 - harmonic(8) / 1000;
    for (const model of ["plain", "antithetic"]) {
      const c = r.significant.find((x) => x.model === model && x.metric === "pause" && x.statistic === "mean");
      expect(c, model).toBeDefined();
      const se = (c!.ci[1] - c!.ci[0]) / (2 * 1.96);
      // 5σ: the estimate is within 5 standard errors of the exact shift.
      expect(Math.abs(c!.diff - trueDiff)).toBeLessThan(5 * se);
      expect(c!.relDiff).toBeCloseTo(1000 / 1050 - 1, 1);
    }
    expect(r.differs).toBe(true);
  });

  it("TOST: same spec is equivalent within 5 %; a 4.8 % shift is not equivalent within 1 %", () => {
    const spec = { trials: 20000, params: { nCpu: 8 } };
    const same = compareResults(run({ ...spec, seed: 11 }), run({ ...spec, seed: 12 }), { equivalenceMargin: 0.05 });
    const means = same.comparisons.filter((c) => c.statistic === "mean");
    expect(means).toHaveLength(2);
    for (const c of means) expect(c.equivalence).toMatchObject({ equivalent: true });
    expect(same.equivalent.length).toBeGreaterThanOrEqual(2);

    const shifted = compareResults(
      run({ ...spec, seed: 11 }),
      run({ ...spec, seed: 12, params: { nCpu: 8, rate: 1050 } }),
      {
        equivalenceMargin: 0.01,
        match: "index",
      },
    );
    for (const c of shifted.comparisons.filter((x) => x.statistic === "mean"))
      expect(c.equivalence?.equivalent).toBe(false);
  });

  it("pairs sweep points by parameters, whatever their order, and reports the unmatched ones", () => {
    const a = run({ seed: 1, trials: 300, params: { nCpu: 4 }, sweep: { grid: { rate: [1000, 2000] } } });
    const b = run({
      seed: 2,
      trials: 300,
      params: { nCpu: 4 },
      sweep: { list: [{ rate: 2000 }, { rate: 1000 }, { rate: 3000 }] },
    });
    const r = compareResults(a, b);
    expect(r.pairs.map((p) => [p.a, p.b])).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(r.unmatched).toEqual([{ what: "point", pointB: 2, reason: "point only in b" }]);
    expect(r.differs).toBe(true);

    const byIndex = compareResults(a, b, { match: "index" });
    expect(byIndex.pairs.map((p) => p.paramsDiffer.map((d) => d.path))).toEqual([["rate"], ["rate"]]);
    expect(byIndex.unmatched).toEqual([{ what: "point", pointB: 2, reason: "point only in b" }]);
  });

  it("reports models present on one side only", () => {
    const a = run({ seed: 1, trials: 300, params: { nCpu: 4 } });
    const b = run({ seed: 2, trials: 300, params: { nCpu: 4 }, models: ["plain"] });
    const r = compareResults(a, b);
    // Different model lists change the spec, not the parameters: the point still pairs.
    expect(r.pairs).toHaveLength(1);
    expect(r.unmatched).toEqual([
      { what: "model", pointA: 0, pointB: 0, model: "antithetic", reason: "model only in a" },
    ]);
  });

  it("never cries wolf on n = 0 or NaN statistics: untested, kept out of BH, with a note", () => {
    const a = run({ seed: 1, trials: 300, params: { nCpu: 4 } });
    const b = run({ seed: 2, trials: 300, params: { nCpu: 4 } });
    // A structural edge case (a point whose metric saw no finite value), made from a real document.
    const pause = b.points[0]!.models["plain"]!.metrics["pause"]!;
    if (pause.kind !== "continuous") throw new Error("pause is continuous");
    const empty = { ...pause, n: 0, nonFinite: 300, mean: Number.NaN, sd: Number.NaN, se: Number.NaN };
    const late = b.points[0]!.models["plain"]!.metrics["late"]!;
    const noTrials = { ...late, n: 0, successes: 0, p: Number.NaN };
    const broken: ResultDocument = {
      ...b,
      digest: "sha256:edited",
      points: [
        { ...b.points[0]!, models: { ...b.points[0]!.models, plain: { metrics: { pause: empty, late: noTrials } } } },
      ],
    };
    const r = compareResults(a, broken);
    const mean = r.comparisons.find((c) => c.model === "plain" && c.statistic === "mean")!;
    expect(mean).toMatchObject({ test: "none", p: Number.NaN, q: Number.NaN, significant: false });
    expect(mean.note).toMatch(/fewer than 2 finite values/);
    const p = r.comparisons.find((c) => c.metric === "late")!;
    expect(p).toMatchObject({ test: "none", significant: false, note: "no trials (n = 300 vs 0)" });
    // The non-finite fraction jumped from 0 to 1: that one is a real, detected difference.
    const nonFinite = r.comparisons.find((c) => c.statistic === "nonFinite")!;
    expect(nonFinite.significant).toBe(true);
  });

  it("rejects an fdr outside (0, 1) and a non-positive margin", () => {
    const a = run({ seed: 1, trials: 100, params: { nCpu: 2 } });
    expect(() => compareResults(a, a, { fdr: 0 })).toThrow(RangeError);
    expect(() => compareResults(a, a, { fdr: 1.5 })).toThrow(/fdr must be in \(0, 1\) \(got 1.5\)/);
    expect(() => compareResults(a, a, { equivalenceMargin: -1 })).toThrow(
      /equivalenceMargin must be a positive number/,
    );
  });
});
