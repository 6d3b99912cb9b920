import { describe, expect, it } from "vitest";
import { quantileRank, quantileRankInterval } from "../../src/stats/order-statistics.ts";

describe("quantileRank: one convention, the inverse empirical CDF (R type 1)", () => {
  it("x_(⌈qN⌉), floating products snapped: 0.95 · 100 = 95.000…01 is rank 95", () => {
    expect(quantileRank(0.95, 10)).toBe(10);
    expect(quantileRank(0.5, 10)).toBe(5);
    expect(quantileRank(0.95, 100)).toBe(95);
    expect(quantileRank(0.99, 1000)).toBe(990);
    expect(quantileRank(0, 7)).toBe(1);
    expect(quantileRank(1, 7)).toBe(7);
    expect(quantileRank(0.5, 0)).toBeNaN();
    expect(quantileRank(1.5, 3)).toBeNaN();
  });
});

/** P(B ≤ k) for B ~ Binomial(n, q), summed from the pmf in log space (independent of the stdlib code under test). */
function binomialCdf(k: number, n: number, q: number): number {
  let logPmf = n * Math.log1p(-q);
  let total = 0;
  for (let j = 0; j <= k; j++) {
    total += Math.exp(logPmf);
    logPmf += Math.log((n - j) / (j + 1)) + Math.log(q) - Math.log1p(-q);
  }
  return Math.min(1, total);
}

describe("quantileRankInterval: distribution-free binomial ranks (item 12)", () => {
  it("hands out a fresh pair from its memo: a caller's change does not reach the next caller", () => {
    const first = quantileRankInterval(0.5, 100, 0.95);
    first[0] = -1;
    expect(quantileRankInterval(0.5, 100, 0.95)).toEqual([40, 61]);
  });

  it("matches the classical tables: median of 20 → [x(6), x(15)], of 100 → [x(40), x(61)] (Conover 1999, Table A3)", () => {
    expect(quantileRankInterval(0.5, 20, 0.95)).toEqual([6, 15]);
    expect(quantileRankInterval(0.5, 100, 0.95)).toEqual([40, 61]);
  });

  it.each([
    [0.5, 50],
    [0.9, 100],
    [0.99, 1000],
    [0.01, 1000],
    [0.9, 12345],
  ])("q = %f, N = %i: P(l ≤ B ≤ u − 1) ≥ 0.95 for B ~ Binomial(N, q), and no tighter ranks would do", (q, n) => {
    const tail = 0.025;
    const [l, u] = quantileRankInterval(q, n, 0.95);
    const cdf = (k: number) => (k < 0 ? 0 : binomialCdf(k, n, q));
    expect(cdf(l - 1)).toBeLessThanOrEqual(tail);
    expect(1 - cdf(u - 1)).toBeLessThanOrEqual(tail + 1e-12);
    expect(cdf(l)).toBeGreaterThan(tail);
    expect(1 - cdf(u - 2)).toBeGreaterThan(tail);
    expect(cdf(u - 1) - cdf(l - 1)).toBeGreaterThanOrEqual(0.95 - 1e-12);
  });

  it("unbounded ends are explicit: 100 trials cannot bound p99 from above at 95 %", () => {
    const [l, u] = quantileRankInterval(0.99, 100, 0.95);
    expect(u).toBe(101);
    expect(l).toBeGreaterThan(90);
    expect(quantileRankInterval(0.01, 100, 0.95)[0]).toBe(0);
    expect(() => quantileRankInterval(0.5, 10, 1)).toThrow(RangeError);
  });
});
