import { describe, expect, it } from "vitest";
import { chooseBestModel } from "../../src/compare/best-model.ts";
import { proportionDifference } from "../../src/compare/two-proportion.ts";
import { welchDifference } from "../../src/compare/welch.ts";
import type { ContinuousMetric, PointResult, ProportionMetric } from "../../src/result/document.ts";

function continuous(mean: number, sd: number, n: number, nonFinite = 0): ContinuousMetric {
  const half = (1.96 * sd) / Math.sqrt(n);
  return {
    kind: "continuous",
    n,
    nonFinite,
    mean,
    sd,
    se: sd / Math.sqrt(n),
    ci: [mean - half, mean + half],
    min: 0,
    max: 1,
    quantiles: {},
    quantileRelError: 0.01,
    var95: 0,
    cvar95: 0,
    var99: 0,
    cvar99: 0,
    relErr: 0,
    batchMeansSe: 0,
    exceedance: [],
  };
}

function proportion(successes: number, n: number): ProportionMetric {
  return { kind: "proportion", n, successes, p: successes / n, ci: [0, 1] };
}

function point(models: Record<string, Record<string, ContinuousMetric | ProportionMetric>>): PointResult {
  return {
    index: 0,
    params: {},
    trials: 1000,
    stopped: "fixed",
    models: Object.fromEntries(Object.entries(models).map(([k, metrics]) => [k, { metrics }])),
    comparisons: [],
  };
}

describe("chooseBestModel", () => {
  it("names the lowest mean when lower is better, with the Welch difference runner-up − best", () => {
    const p = point({
      a: { t: continuous(2, 1, 1000) },
      b: { t: continuous(1, 1, 1000) },
      c: { t: continuous(3, 1, 1000) },
    });
    const c = chooseBestModel(p, "t", "lower", 0.95)!;
    expect(c).toMatchObject({ best: "b", runnerUp: "a", statistic: "mean", estimate: 1, clear: true });
    const w = welchDifference(
      p.models["b"]!.metrics["t"] as ContinuousMetric,
      p.models["a"]!.metrics["t"] as ContinuousMetric,
      0.95,
    )!;
    expect(c.difference).toEqual({ estimate: 1, ci: w.ci, method: "welch" });
  });

  it("names the highest p when higher is better; a negative difference whose interval excludes 0 is clear", () => {
    const p = point({ a: { ok: proportion(900, 1000) }, b: { ok: proportion(500, 1000) } });
    const c = chooseBestModel(p, "ok", "higher", 0.95)!;
    expect(c).toMatchObject({ best: "a", runnerUp: "b", statistic: "p", estimate: 0.9, clear: true });
    const d = proportionDifference({ successes: 900, n: 1000 }, { successes: 500, n: 1000 }, 0.95)!;
    expect(c.difference).toEqual({ estimate: d.diff, ci: d.ci, method: "newcombe" });
    expect(c.difference!.estimate).toBeCloseTo(-0.4, 12);
  });

  it("uses the point's paired comparison (a − b) when there is one, turned into runner-up − best", () => {
    const p = point({ x: { t: continuous(1.0, 1, 1000) }, y: { t: continuous(1.01, 1, 1000) } });
    // Paired difference x − y = −0.01 with a narrow interval: common random numbers make it clear.
    const q: PointResult = {
      ...p,
      comparisons: [
        { metric: "t", a: "x", b: "y", n: 1000, skipped: 0, meanDiff: -0.01, sd: 0.05, ci: [-0.013, -0.007], p: 0 },
      ],
    };
    const unpaired = chooseBestModel(p, "t", "lower", 0.95)!;
    const paired = chooseBestModel(q, "t", "lower", 0.95)!;
    expect(unpaired).toMatchObject({ best: "x", clear: false });
    expect(paired).toMatchObject({ best: "x", runnerUp: "y", clear: true });
    expect(paired.difference).toEqual({ estimate: 0.01, ci: [0.007, 0.013], method: "paired" });
  });

  it("counts non-finite values as +∞: fewer of them wins before the mean, compared as a fraction", () => {
    // b's finite mean is lower, but 30 % of its values never arrived.
    const p = point({ a: { t: continuous(5, 1, 1000) }, b: { t: continuous(1, 1, 700, 300) } });
    const c = chooseBestModel(p, "t", "lower", 0.95)!;
    expect(c).toMatchObject({ best: "a", runnerUp: "b", statistic: "nonFinite", estimate: 0, clear: true });
    expect(c.difference!.estimate).toBeCloseTo(0.3, 12);
  });

  it("an interval that includes 0 is not clear; one model has no runner-up; no values → undefined", () => {
    const tie = point({ a: { t: continuous(1, 1, 100) }, b: { t: continuous(1.01, 1, 100) } });
    expect(chooseBestModel(tie, "t", "lower", 0.95)).toMatchObject({ best: "a", clear: false });
    const one = chooseBestModel(point({ a: { t: continuous(1, 1, 100) } }), "t", "lower", 0.95)!;
    expect(one.runnerUp).toBeUndefined();
    expect(one.clear).toBe(false);
    expect(chooseBestModel(point({ a: {} }), "t", "lower", 0.95)).toBeUndefined();
  });

  it("lists the models whose values equal the best's exactly", () => {
    const p = point({
      a: { t: continuous(0, 0, 100) },
      b: { t: continuous(0, 0, 100) },
      c: { t: continuous(1, 1, 100) },
    });
    expect(chooseBestModel(p, "t", "lower", 0.95)).toMatchObject({
      best: "a",
      runnerUp: "b",
      equal: ["b"],
      clear: false,
    });
  });

  it("without a declared direction names the lowest", () => {
    const p = point({ a: { k: continuous(3, 1, 500) }, b: { k: continuous(2, 1, 500) } });
    expect(chooseBestModel(p, "k", undefined, 0.95)).toMatchObject({ best: "b", better: undefined, clear: true });
  });
});
