import { describe, expect, it } from "vitest";
import { createStream, normal } from "../../src/rng/index.ts";
import {
  normalHalfWidth,
  normalQuantile,
  studentTHalfWidth,
  studentTInterval,
  studentTQuantile,
} from "../../src/stats/index.ts";
import { Z_LIMIT } from "../rng/statistical-checks.ts";

describe("quantiles", () => {
  it("normalQuantile matches R qnorm", () => {
    // R: qnorm(0.975) = 1.959964; SciPy 1.17.1: norm.ppf(0.975) = 1.959963984540054, norm.ppf(0.995) = 2.5758293035489004
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
  });

  it("studentTQuantile matches R qt", () => {
    // R: qt(0.975, 9) = 2.262157, qt(0.975, 1) = 12.7062; SciPy 1.17.1: t.ppf(0.975, 9) = 2.262157162798205,
    // t.ppf(0.975, 1) = 12.706204736174694, t.ppf(0.995, 29) = 2.756385903670605
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262157162798205, 12);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736174694, 10);
    expect(studentTQuantile(0.995, 29)).toBeCloseTo(2.756385903670605, 12);
  });

  it("studentTQuantile with df = Infinity is the normal quantile", () => {
    expect(studentTQuantile(0.975, Number.POSITIVE_INFINITY)).toBe(normalQuantile(0.975));
  });
});

describe("studentTInterval", () => {
  it("is mean ± qt(1 − (1 − c)/2, n − 1)·sd/√n", () => {
    // R: 10 + c(-1, 1) * qt(0.975, 9) * 2 / sqrt(10) = 8.569286 11.430714
    const [lo, hi] = studentTInterval(10, 2, 10, 0.95);
    expect(lo).toBeCloseTo(8.569286, 6);
    expect(hi).toBeCloseTo(11.430714, 6);
    expect(studentTHalfWidth(2, 10, 0.95)).toBeCloseTo((2.262157162798205 * 2) / Math.sqrt(10), 12);
    expect(normalHalfWidth(2, 10, 0.95)).toBeCloseTo((1.959963984540054 * 2) / Math.sqrt(10), 12);
  });

  it("n < 2 gives [−Infinity, Infinity]", () => {
    expect(studentTInterval(3, Number.NaN, 1, 0.95)).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(studentTInterval(Number.NaN, Number.NaN, 0, 0.95)).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
    expect(studentTHalfWidth(1, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it("throws RangeError for confidence outside (0, 1)", () => {
    expect(() => studentTInterval(0, 1, 10, 95)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: confidence must be in (0, 1) (got 95)]`,
    );
  });

  it("covers the mean of normal samples (n = 10) 95 % ± 5σ of the time over 10 000 seeded repetitions", () => {
    // Exact for normal data, so coverage ~ Binomial(10 000, 0.95)/10 000 with σ = 0.00218: the band
    // [0.9391, 0.9609] fails a correct implementation with rate 5.7e-7.
    const reps = 10_000;
    const n = 10;
    let covered = 0;
    for (let r = 0; r < reps; r++) {
      const rng = createStream(32, 0, r, 0, 0);
      let mean = 0;
      let m2 = 0;
      for (let i = 0; i < n; i++) {
        const x = 5 + 2 * normal(rng);
        const d = x - mean;
        mean += d / (i + 1);
        m2 += d * (x - mean);
      }
      const [lo, hi] = studentTInterval(mean, Math.sqrt(m2 / (n - 1)), n, 0.95);
      if (lo <= 5 && 5 <= hi) covered++;
    }
    const sigma = Math.sqrt((0.95 * 0.05) / reps);
    expect(Math.abs(covered / reps - 0.95)).toBeLessThan(Z_LIMIT * sigma);
  });
});
