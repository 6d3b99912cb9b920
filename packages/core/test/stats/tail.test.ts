import { describe, expect, it } from "vitest";
import { createStream, exponential } from "../../src/rng/index.ts";
import { QuantileSketch } from "../../src/stats/quantile-sketch.ts";
import { TailView } from "../../src/stats/tail.ts";
import { valueAtRisk } from "../../src/stats/var-cvar.ts";

function view(values: readonly number[], infinities: { negInf?: number; posInf?: number } = {}): TailView {
  const sketch = new QuantileSketch();
  for (const v of values) sketch.push(v);
  const finite = values.length > 0;
  return new TailView({
    sketch,
    negInf: infinities.negInf ?? 0,
    posInf: infinities.posInf ?? 0,
    min: finite ? Math.min(...values) : Number.POSITIVE_INFINITY,
    max: finite ? Math.max(...values) : Number.NEGATIVE_INFINITY,
  });
}

const oneToTen = Array.from({ length: 10 }, (_, i) => i + 1);

describe("TailView: quantiles, VaR and CVaR under one convention (item 9)", () => {
  it("values 1…10: VaR95 = 10 (not 9), CVaR95 = 10, p50 = 5, CVaR50 = 8", () => {
    const v = view(oneToTen);
    expect(v.quantile(0.95)).toBe(10);
    expect(v.cvar(0.95)).toBe(10);
    expect(v.quantile(0.5)).toBeCloseTo(5, 1);
    // mean of the top 5 values (6 … 10) within the sketch's 1 %
    expect(Math.abs(v.cvar(0.5) - 8)).toBeLessThanOrEqual(0.08);
    const sketch = new QuantileSketch();
    for (const x of oneToTen) sketch.push(x);
    expect(Math.abs(valueAtRisk(sketch, 0.95) - 10)).toBeLessThanOrEqual(0.1);
  });

  it("clamps every sketch value to the exact [min, max]", () => {
    // 1 sits in bucket (1/γ, 1] (representative 0.99), 1.0000001 in (1, γ] (representative 1.01).
    const v = view([1, 1.0000001]);
    expect(v.quantile(0)).toBe(1);
    expect(v.quantile(1)).toBe(1.0000001);
    expect(v.cvar(0.99)).toBe(1.0000001);
    // Interval ends are bucket edges (1/γ and γ here), clamped the same way.
    const twenty = view(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1 : 1.0000001)));
    expect(twenty.quantileInterval(0.5, 0.95)).toEqual([1, 1.0000001]);
  });

  it("infinities rank below and above the finite values; a tail that reaches +∞ reports +∞", () => {
    const v = view(oneToTen, { posInf: 2, negInf: 1 });
    expect(v.n).toBe(13);
    expect(v.quantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(v.quantile(0.9)).toBe(Number.POSITIVE_INFINITY); // rank ⌈11.7⌉ = 12 > 1 + 10
    expect(v.quantile(0.5)).toBeCloseTo(6, 1); // rank 7: the 6th finite value
    expect(v.cvar(0.5)).toBe(Number.POSITIVE_INFINITY);
    expect(v.cvarInterval(0.5, 0.95)).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(view([], { posInf: 3 }).quantile(0.5)).toBe(Number.POSITIVE_INFINITY);
    expect(view([]).quantile(0.5)).toBeNaN();
    expect(view([]).quantileInterval(0.5, 0.95)).toEqual([Number.NaN, Number.NaN]);
  });

  it("CVaR of Exp(1) at 0.95: the interval covers 1 − ln 0.05 = 3.9957 and is about 2 × 1.96 × √(2/(nα)) wide", () => {
    // Manistre–Hancock: Var(CTE) ≈ (Var(X | X > ξ) + q (CTE − ξ)²) / (n(1 − q)) = (1 + 0.95) / (n · 0.05) for Exp(1).
    const rng = createStream(3, 0, 0, 0, 0);
    const n = 100_000;
    const values = Array.from({ length: n }, () => exponential(rng));
    const v = view(values);
    const [lo, hi] = v.cvarInterval(0.95, 0.95);
    const truth = 1 - Math.log(0.05);
    expect(lo).toBeLessThan(truth);
    expect(hi).toBeGreaterThan(truth);
    const se = Math.sqrt(1.95 / (n * 0.05));
    // Half-width = 1.96 se + α·CVaR (sketch error); the tail variance estimate is within 10 % at 5 000 tail values.
    expect((hi - lo) / 2).toBeGreaterThan(1.96 * se * 0.9 + 0.01 * truth * 0.99);
    expect((hi - lo) / 2).toBeLessThan(1.96 * se * 1.1 + 0.01 * truth * 1.01);
  });
});
