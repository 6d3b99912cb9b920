import { describe, expect, it } from "vitest";
import { runInline } from "../../src/engine/run-inline.ts";
import type { ContinuousMetric } from "../../src/result/document.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";
import { quantileRank } from "../../src/stats/order-statistics.ts";
import { simulate } from "../sim/livepatch/helpers.ts";

// kpatch on the reduced workload (docs/livepatch-models.md §3.2): each of ≤ 5 stop_machine attempts passes when no
// one of N = 50 threads is blocked, P(pass) = (1 − p)^N = 0.504 at p = 0.0136, so attempts ∈ {1, …, 5} and the patch
// never applies (tDone = +∞) with probability (1 − 0.504)^5 = 3.0 %: tDone's true VaR99 is +∞ (issue 12, items 3, 4).
const params = {
  workload: "reduced",
  nUser: 50,
  nKthread: 0,
  idleTasks: false,
  deadline: null,
  reduced: { blockedProb: 0.0136 },
};
const TRIALS = 4000;
const doc = runInline(
  resolveSpec({ name: "tails", simulation: "livepatch", models: ["kpatch"], seed: 5, trials: TRIALS, params }),
);
const metrics = doc.points[0]!.models["kpatch"]!.metrics;
const raw = simulate(params, ["kpatch"], TRIALS, 5).kpatch!;
const continuous = (name: string) => metrics[name] as ContinuousMetric;

/** The type-1 quantile of all trials, −∞ < finite < +∞ (NaN left out): x_(max(1, ⌈qN⌉)). */
function exactQuantile(x: Float64Array, q: number): number {
  const sorted = [...x].filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted[quantileRank(q, sorted.length) - 1]!;
}

describe("tail statistics over all trials (issue 12, items 3, 4, 9)", () => {
  it("attempts ∈ {1, …, 5}: every quantile, VaR and CVaR lies in [min, max] (item 3: p01 was 0.99, p99 5.0028)", () => {
    const m = continuous("attempts");
    expect([m.min, m.max]).toEqual([1, 5]);
    for (const v of [...Object.values(m.quantiles), m.var95, m.var99, m.cvar95, m.cvar99]) {
      expect(v).toBeGreaterThanOrEqual(m.min);
      expect(v).toBeLessThanOrEqual(m.max);
    }
    // Integer data and buckets narrower than 1: the clamped estimate is the exact order statistic.
    for (const [k, q] of [
      ["p01", 0.01],
      ["p50", 0.5],
      ["p99", 0.99],
    ] as const) {
      expect(m.quantiles[k]).toBeCloseTo(exactQuantile(raw["attempts"]!, q), 0);
    }
  });

  it("tDone is +∞ in about 3 % of trials: p99, VaR99 and CVaR are +∞, the finite-only variants are labelled (item 4)", () => {
    const m = continuous("tDone");
    expect(m.posInf).toBe(raw["tDone"]!.filter((v) => v === Number.POSITIVE_INFINITY).length);
    expect(m.posInf! / TRIALS).toBeGreaterThan(0.02); // 5σ below 3.0 % at 4 000 trials is 2.4 %
    expect(m.quantiles["p99"]).toBe(Number.POSITIVE_INFINITY);
    expect(m.var99).toBe(Number.POSITIVE_INFINITY);
    expect(m.cvar95).toBe(Number.POSITIVE_INFINITY);
    expect(m.cvar95Ci).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(m.quantileCi!["p99"]![1]).toBe(Number.POSITIVE_INFINITY);
    expect(m.finiteOnly).toBeDefined();
    expect(Number.isFinite(m.finiteOnly!.var99)).toBe(true);
    expect(m.finiteOnly!.var99).toBeLessThanOrEqual(m.max);
    // Below the infinite tail the two agree with the exact all-trials quantile.
    for (const [k, q] of [
      ["p10", 0.1],
      ["p50", 0.5],
      ["p90", 0.9],
    ] as const) {
      const exact = exactQuantile(raw["tDone"]!, q);
      expect(Math.abs(m.quantiles[k]! - exact)).toBeLessThanOrEqual(0.01 * Math.abs(exact) * (1 + 1e-12));
    }
  });

  it("every quantile interval contains the estimate and the exact order statistic (item 12)", () => {
    for (const name of ["tDone", "attempts", "smPauseTotal"]) {
      const m = continuous(name);
      for (const [k, q] of Object.entries({ p05: 0.05, p50: 0.5, p95: 0.95 })) {
        const [lo, hi] = m.quantileCi![k]!;
        expect(lo, `${name} ${k}`).toBeLessThanOrEqual(m.quantiles[k]!);
        expect(hi, `${name} ${k}`).toBeGreaterThanOrEqual(m.quantiles[k]!);
        const exact = exactQuantile(raw[name]!, q);
        expect(lo).toBeLessThanOrEqual(exact);
        expect(hi).toBeGreaterThanOrEqual(exact);
      }
      expect(m.var95Ci).toEqual(m.quantileCi!["p95"]);
    }
  });
});
