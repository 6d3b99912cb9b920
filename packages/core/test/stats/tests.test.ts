import { describe, expect, it } from "vitest";
import {
  benjaminiHochberg,
  studentTTwoSidedPValue,
  tostEquivalence,
  twoProportionTest,
  welchTest,
} from "../../src/stats/index.ts";
import { meanAndVariance } from "../rng/statistical-checks.ts";

const DRUG1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const DRUG2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe("welchTest", () => {
  it("reproduces R's t.test(extra ~ group, data = sleep) (Welch)", () => {
    // R: t = -1.8608, df = 17.776, p-value = 0.07939, 95 percent CI -3.3654832 0.2054832.
    // SciPy 1.17.1: ttest_ind(equal_var=False) → t = -1.8608134674868526, p = 0.0793941401873583,
    // df = 17.776473516178488, CI (-3.3654832307117104, 0.20548323071171137).
    const a = meanAndVariance(DRUG1);
    const b = meanAndVariance(DRUG2);
    const r = welchTest(a.mean, Math.sqrt(a.variance), 10, b.mean, Math.sqrt(b.variance), 10);
    expect(r.diff).toBeCloseTo(-1.58, 14);
    expect(r.t).toBeCloseTo(-1.8608134674868526, 12);
    expect(r.df).toBeCloseTo(17.776473516178488, 12);
    expect(r.p).toBeCloseTo(0.0793941401873583, 12);
    const [lo, hi] = r.ci(0.95);
    expect(lo).toBeCloseTo(-3.3654832307117104, 10);
    expect(hi).toBeCloseTo(0.20548323071171137, 10);
  });

  it("n < 2 in either sample gives NaN df, t and p", () => {
    const r = welchTest(1, 1, 1, 0, 1, 10);
    expect(r.df).toBeNaN();
    expect(r.p).toBeNaN();
  });
});

describe("studentTTwoSidedPValue", () => {
  it("matches SciPy and keeps tiny p-values", () => {
    // SciPy 1.17.1: 2 * t.sf(2.5, 15) = 0.024505803246513826
    expect(studentTTwoSidedPValue(2.5, 15)).toBeCloseTo(0.024505803246513826, 14);
    expect(studentTTwoSidedPValue(-2.5, 15)).toBe(studentTTwoSidedPValue(2.5, 15));
    expect(studentTTwoSidedPValue(40, 9)).toBeGreaterThan(0);
    expect(studentTTwoSidedPValue(Number.POSITIVE_INFINITY, 9)).toBe(0);
    // df = ∞ is the normal: 2Φ(−1.959963984540054) = 0.05
    expect(studentTTwoSidedPValue(1.959963984540054, Number.POSITIVE_INFINITY)).toBeCloseTo(0.05, 12);
  });
});

describe("twoProportionTest", () => {
  it.each([
    // Newcombe (1998), Stat. Med. 17:873, Table II, method 10 (hybrid score, no continuity correction), to 4 d.p.
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
  ])("%i/%i − %i/%i: Newcombe hybrid score CI [%f, %f]", (x1, n1, x2, n2, lower, upper) => {
    const [lo, hi] = twoProportionTest(x1, n1, x2, n2).ci(0.95);
    expect(lo).toBeCloseTo(lower, 4);
    expect(hi).toBeCloseTo(upper, 4);
  });

  it("z² equals Pearson's chi-square of the 2×2 table (R prop.test(correct = FALSE))", () => {
    // SciPy 1.17.1: chi2_contingency([[56, 14], [48, 32]], correction=False) → 7.023411371237456, p 0.008045081368196585
    const r = twoProportionTest(56, 70, 48, 80);
    expect(r.diff).toBeCloseTo(0.2, 14);
    expect(r.z * r.z).toBeCloseTo(7.023411371237456, 12);
    expect(r.p).toBeCloseTo(0.008045081368196585, 14);
  });

  it("both proportions 0 (or both 1) give z = 0, p = 1; an empty sample gives NaN and ci [−1, 1]", () => {
    expect(twoProportionTest(0, 10, 0, 20)).toMatchObject({ z: 0, p: 1 });
    expect(twoProportionTest(10, 10, 20, 20)).toMatchObject({ z: 0, p: 1 });
    const empty = twoProportionTest(0, 0, 1, 2);
    expect(empty.p).toBeNaN();
    expect(empty.ci(0.95)).toEqual([-1, 1]);
  });
});

describe("benjaminiHochberg", () => {
  it("adjusted p-values match R p.adjust(p, 'BH') / SciPy false_discovery_control", () => {
    // SciPy 1.17.1: false_discovery_control([0.01, 0.04, 0.03, 0.005]) = [0.02, 0.04, 0.04, 0.02]
    const r = benjaminiHochberg([0.01, 0.04, 0.03, 0.005], 0.03);
    expect(r.adjusted.map((p) => Number(p.toPrecision(12)))).toEqual([0.02, 0.04, 0.04, 0.02]);
    expect(r.rejected).toEqual([true, false, false, true]);
    // SciPy 1.17.1 on ten p-values (McDonald, Handbook of Biological Statistics):
    const p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216];
    const expected = [0.01, 0.04, 0.084, 0.084, 0.084, 0.1, 0.1057142857142857, 0.216, 0.216, 0.216];
    benjaminiHochberg(p, 0.05).adjusted.forEach((a, i) => {
      expect(a).toBeCloseTo(expected[i], 14);
    });
  });

  it("NaN p-values are not counted, stay NaN and are never rejected; empty input gives empty output", () => {
    const r = benjaminiHochberg([0.01, Number.NaN, 0.02], 0.05);
    expect(r.adjusted[0]).toBeCloseTo(0.02, 15);
    expect(r.adjusted[1]).toBeNaN();
    expect(r.adjusted[2]).toBeCloseTo(0.02, 15);
    expect(r.rejected).toEqual([true, false, true]);
    expect(benjaminiHochberg([], 0.05)).toEqual({ rejected: [], adjusted: [] });
  });

  it("throws RangeError for a p-value outside [0, 1]", () => {
    expect(() => benjaminiHochberg([0.5, 1.5])).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: pValues[1] must be in [0, 1] (got 1.5)]`,
    );
  });
});

describe("tostEquivalence", () => {
  it("p is the larger one-sided p-value (SciPy t.sf / t.cdf)", () => {
    // SciPy 1.17.1: t.sf((0.3 + 1)/0.2, 20) = 1.2277313938846342e-06, t.cdf((0.3 - 1)/0.2, 20) = 0.0011275615765285825,
    // t.ppf(0.95, 20) = 1.7247182429207866
    const r = tostEquivalence(0.3, 0.2, 20, 1, 0.05);
    expect(r.pLower).toBeCloseTo(1.2277313938846342e-6, 17);
    expect(r.pUpper).toBeCloseTo(0.0011275615765285825, 15);
    expect(r.p).toBe(r.pUpper);
    expect(r.equivalent).toBe(true);
    expect(r.ci[0]).toBeCloseTo(0.3 - 1.7247182429207866 * 0.2, 12);
    expect(r.ci[1]).toBeCloseTo(0.3 + 1.7247182429207866 * 0.2, 12);
  });

  it("is equivalent exactly when the (1 − 2α) interval lies inside ±margin", () => {
    for (const diff of [-0.9, -0.5, 0, 0.4, 0.6, 0.66, 0.7, 1.2]) {
      const r = tostEquivalence(diff, 0.2, 20, 1, 0.05);
      expect(r.equivalent).toBe(r.ci[0] > -1 && r.ci[1] < 1);
    }
  });

  it("throws RangeError for a non-positive margin", () => {
    expect(() => tostEquivalence(0, 1, 10, 0)).toThrow(RangeError);
  });
});
