import { describe, expect, it } from "vitest";
import { confidenceSequenceHalfWidth, proportionConfidenceSequence } from "../../src/stats/confidence-sequence.ts";
import { studentTHalfWidth } from "../../src/stats/intervals.ts";

describe("asymptotic confidence sequence (Waudby-Smith et al. 2024, Thm 2.2; item 11)", () => {
  it("equals σ√(2(nρ² + 1)/(n²ρ²) · log(√(nρ² + 1)/α)) with ρ² = (−2 log α + log(1 − 2 log α))/n*", () => {
    const alpha = 0.05;
    const nStar = 1000;
    const rho2 = (-2 * Math.log(alpha) + Math.log(1 - 2 * Math.log(alpha))) / nStar;
    for (const n of [10, 1000, 123_456]) {
      const v = n * rho2 + 1;
      const expected = 2.5 * Math.sqrt(((2 * v) / (n * n * rho2)) * Math.log(Math.sqrt(v) / alpha));
      expect(confidenceSequenceHalfWidth(2.5, n, 0.95, nStar)).toBeCloseTo(expected, 12);
    }
  });

  it("is wider than the fixed-n interval everywhere (≈ 1.55 × at n = n*, 95 %) and still shrinks like √(log n / n)", () => {
    const ratio = confidenceSequenceHalfWidth(1, 1000, 0.95, 1000) / studentTHalfWidth(1, 1000, 0.95);
    expect(ratio).toBeGreaterThan(1.5);
    expect(ratio).toBeLessThan(1.6);
    for (const n of [20, 200, 20_000, 2_000_000])
      expect(confidenceSequenceHalfWidth(1, n, 0.95, 1000)).toBeGreaterThan(studentTHalfWidth(1, n, 0.95));
    expect(confidenceSequenceHalfWidth(1, 4_000_000, 0.95, 1000)).toBeLessThan(
      confidenceSequenceHalfWidth(1, 1_000_000, 0.95, 1000) / 1.8,
    );
    expect(confidenceSequenceHalfWidth(1, 1, 0.95, 1000)).toBe(Number.POSITIVE_INFINITY);
  });

  it("proportions: plug-in p̃ = (s + 1)/(n + 2), clipped to [0, 1], never collapsing at 0 or n", () => {
    const [lo, hi] = proportionConfidenceSequence(0, 1000, 0.95, 1000);
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThan(0);
    expect(proportionConfidenceSequence(0, 0, 0.95, 100)).toEqual([0, 1]);
  });
});
