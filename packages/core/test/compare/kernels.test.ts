import { describe, expect, it } from "vitest";
import { proportionDifference, proportionEquivalenceP } from "../../src/compare/two-proportion.ts";
import { welchDifference, welchEquivalenceP } from "../../src/compare/welch.ts";

function summary(x: readonly number[]): { n: number; mean: number; sd: number } {
  const n = x.length;
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return { n, mean, sd };
}

// R's `sleep` data set (Cushny & Peebles), extra hours of sleep by group.
const group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe("welchDifference (b − a)", () => {
  it("matches R's t.test(extra ~ group, data = sleep) (Welch)", () => {
    // R: t = -1.8608, df = 17.776, p-value = 0.07939, 95 % CI of group1 − group2: -3.3654832 0.2054832.
    // Here the difference is b − a = group2 − group1, so the signs flip.
    const w = welchDifference(summary(group1), summary(group2), 0.95)!;
    expect(w.diff).toBeCloseTo(1.58, 12);
    expect(w.t).toBeCloseTo(1.8608, 4);
    expect(w.df).toBeCloseTo(17.776, 3);
    expect(w.p).toBeCloseTo(0.07939, 5);
    expect(w.ci[0]).toBeCloseTo(-0.2054832, 6);
    expect(w.ci[1]).toBeCloseTo(3.3654832, 6);
  });

  it("is undefined with fewer than 2 observations on a side or a non-finite summary", () => {
    expect(welchDifference({ n: 1, mean: 1, sd: Number.NaN }, { n: 10, mean: 1, sd: 1 }, 0.95)).toBeUndefined();
    expect(
      welchDifference({ n: 0, mean: Number.NaN, sd: Number.NaN }, { n: 0, mean: Number.NaN, sd: Number.NaN }, 0.95),
    ).toBeUndefined();
    expect(welchDifference({ n: 10, mean: Number.NaN, sd: 1 }, { n: 10, mean: 1, sd: 1 }, 0.95)).toBeUndefined();
    expect(
      welchDifference({ n: 10, mean: 1, sd: Number.POSITIVE_INFINITY }, { n: 10, mean: 1, sd: 1 }, 0.95),
    ).toBeUndefined();
  });

  it("with both sds 0, equal means give p = 1 and different means p = 0", () => {
    expect(welchDifference({ n: 5, mean: 2, sd: 0 }, { n: 7, mean: 2, sd: 0 }, 0.95)).toMatchObject({
      diff: 0,
      p: 1,
      ci: [0, 0],
    });
    expect(welchDifference({ n: 5, mean: 2, sd: 0 }, { n: 7, mean: 3, sd: 0 }, 0.95)).toMatchObject({
      diff: 1,
      p: 0,
      ci: [1, 1],
    });
  });

  it("with one sd 0, has the other side's n − 1 degrees of freedom", () => {
    const w = welchDifference({ n: 5, mean: 2, sd: 0 }, { n: 7, mean: 3, sd: 1 }, 0.95)!;
    expect(w.df).toBeCloseTo(6, 12);
  });

  it("TOST: equivalent within a wide margin, not within a narrow one", () => {
    const a = { n: 1000, mean: 10, sd: 1 };
    const b = { n: 1000, mean: 10.01, sd: 1 };
    // se = √(2/1000) = 0.0447; margin 0.5: t = (0.5 ∓ 0.01)/0.0447 ≈ 11 → p ≈ 0.
    expect(welchEquivalenceP(a, b, 0.5)).toBeLessThan(1e-12);
    expect(welchEquivalenceP(a, b, 0.01)).toBeGreaterThan(0.4);
    expect(welchEquivalenceP(a, b, 0)).toBe(1);
    expect(welchEquivalenceP({ n: 1, mean: 1, sd: Number.NaN }, b, 1)).toBeNaN();
  });
});

describe("proportionDifference (b − a)", () => {
  it("p equals Pearson's χ² test of the 2×2 table (R: prop.test(c(25, 15), c(50, 50), correct = FALSE))", () => {
    // R: X-squared = 4.1667, df = 1, p-value = 0.04123. Re-derived: expected counts 20/30 per row, so
    // χ² = 2·(5²/20 + 5²/30) = 25/6, and z² must equal χ².
    const t = proportionDifference({ successes: 15, n: 50 }, { successes: 25, n: 50 }, 0.95)!;
    expect(t.diff).toBeCloseTo(0.2, 15);
    expect(t.z * t.z).toBeCloseTo(25 / 6, 12);
    expect(t.p).toBeCloseTo(0.04123, 5);
  });

  it("Newcombe's hybrid score interval matches Newcombe (1998), Table II, method 10", () => {
    // Stat. Med. 17:873–890, Table II: (a) 56/70 − 48/80 … (f) 10/10 − 0/20, method 10 limits to 4 decimals.
    const cases: [number, number, number, number, number, number][] = [
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.809],
      [6, 7, 2, 7, 0.0582, 0.8062],
      [5, 56, 0, 29, -0.0381, 0.1926],
      [0, 10, 0, 20, -0.1611, 0.2775],
      [10, 10, 0, 20, 0.6791, 1.0],
    ];
    for (const [xb, nb, xa, na, lo, hi] of cases) {
      const [l, h] = proportionDifference({ successes: xa, n: na }, { successes: xb, n: nb }, 0.95)!.ci;
      expect(l).toBeCloseTo(lo, 4);
      expect(h).toBeCloseTo(hi, 4);
    }
  });

  it("is undefined when a side has no trials", () => {
    expect(proportionDifference({ successes: 0, n: 0 }, { successes: 3, n: 10 }, 0.95)).toBeUndefined();
  });

  it("no variation at all (0 of n on both sides) is p = 1, with a finite interval", () => {
    const t = proportionDifference({ successes: 0, n: 100 }, { successes: 0, n: 200 }, 0.95)!;
    expect(t).toMatchObject({ diff: 0, z: 0, p: 1 });
    expect(t.ci[0]).toBeLessThan(0);
    expect(t.ci[1]).toBeGreaterThan(0);
  });

  it("TOST p is the level at which the (1 − 2α) Newcombe interval touches the margin", () => {
    const a = { successes: 500, n: 10000 };
    const b = { successes: 520, n: 10000 };
    const p = proportionEquivalenceP(a, b, 0.01);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(0.5);
    const [, hi] = proportionDifference(a, b, 1 - 2 * p)!.ci;
    expect(hi).toBeCloseTo(0.01, 8);
    expect(proportionEquivalenceP(a, b, 0.001)).toBe(1);
    expect(proportionEquivalenceP({ successes: 0, n: 0 }, b, 0.01)).toBeNaN();
  });
});
