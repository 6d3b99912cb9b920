import { describe, expect, it } from "vitest";
import { bernoulli, createStream } from "../../src/rng/index.ts";
import {
  clopperPearsonInterval,
  ProportionAccumulator,
  ruleOfThreeUpper,
  wilsonInterval,
} from "../../src/stats/index.ts";
import { Z_LIMIT } from "../rng/statistical-checks.ts";

describe("wilsonInterval", () => {
  it.each([
    // Newcombe (1998), Stat. Med. 17:857, Table I, score method without continuity correction; same values from
    // SciPy 1.17.1: binomtest(x, n).proportion_ci(0.95, "wilson").
    [81, 263, 0.2552885198782742, 0.36620957698280004],
    [15, 148, 0.06238639953073629, 0.16048724172330803],
    [0, 20, 0, 0.16112515805281935],
    [1, 29, 0.006113214292762667, 0.17175521879320282],
    [3, 7, 0.1582198552514697, 0.7495416354723428],
    [10, 10, 0.7224672001371109, 1],
  ])("%i of %i: [%f, %f] (SciPy / Newcombe 1998)", (x, n, lower, upper) => {
    const [lo, hi] = wilsonInterval(x, n, 0.95);
    expect(lo).toBeCloseTo(lower, 12);
    expect(hi).toBeCloseTo(upper, 12);
  });

  it("bounds solve |p̂ − p| = z·sqrt(p(1 − p)/n) (checked by substitution)", () => {
    const z = 2.5758293035489004; // SciPy: norm.ppf(0.995)
    const [lo, hi] = wilsonInterval(37, 120, 0.99);
    for (const p of [lo, hi]) expect(Math.abs(37 / 120 - p)).toBeCloseTo(z * Math.sqrt((p * (1 - p)) / 120), 12);
  });

  it("n = 0 gives [0, 1]; x = 0 gives lower exactly 0 and x = n upper exactly 1", () => {
    expect(wilsonInterval(0, 0, 0.95)).toEqual([0, 1]);
    expect(wilsonInterval(0, 50, 0.95)[0]).toBe(0);
    expect(wilsonInterval(50, 50, 0.95)[1]).toBe(1);
  });

  it("throws RangeError for successes outside [0, n], non-integers or confidence outside (0, 1)", () => {
    expect(() => wilsonInterval(5, 4, 0.95)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: successes must be an integer in [0, n] = [0, 4] (got 5)]`,
    );
    expect(() => wilsonInterval(1.5, 4, 0.95)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 1)).toThrow(RangeError);
  });

  it("coverage at p = 0.3, n = 100 over 10 000 seeded repetitions is ≥ 93 % and within 5σ of the exact coverage", () => {
    // Exact coverage C = Σ over x of P(X = x) [0.3 ∈ interval(x)], X ~ Binomial(100, 0.3).
    const n = 100;
    const p = 0.3;
    let pmf = (1 - p) ** n;
    let exact = 0;
    for (let x = 0; x <= n; x++) {
      const [lo, hi] = wilsonInterval(x, n, 0.95);
      if (lo <= p && p <= hi) exact += pmf;
      pmf *= ((n - x) / (x + 1)) * (p / (1 - p));
    }
    expect(exact).toBeGreaterThanOrEqual(0.93);
    // Simulated coverage is Binomial(10 000, C) / 10 000: a 5σ band fails a correct sampler with rate 5.7e-7.
    const reps = 10_000;
    let covered = 0;
    for (let r = 0; r < reps; r++) {
      const rng = createStream(31, 0, r, 0, 0);
      let x = 0;
      for (let i = 0; i < n; i++) x += bernoulli(rng, p) ? 1 : 0;
      const [lo, hi] = wilsonInterval(x, n, 0.95);
      if (lo <= p && p <= hi) covered++;
    }
    const sigma = Math.sqrt((exact * (1 - exact)) / reps);
    expect(Math.abs(covered / reps - exact)).toBeLessThan(Z_LIMIT * sigma);
    expect(covered / reps).toBeGreaterThanOrEqual(0.93);
  });
});

describe("clopperPearsonInterval", () => {
  it.each([
    // R: binom.test(682, 925)$conf.int = 0.7076683 0.7654066 (the example of ?binom.test);
    // SciPy 1.17.1: binomtest(x, n).proportion_ci(0.95, "exact") for all rows.
    [682, 925, 0.707668264079039, 0.7654065582414781],
    [3, 7, 0.09898827844243689, 0.81594843235993],
    [1, 29, 0.0008726468835971072, 0.17764429548841465],
    [0, 10, 0, 0.30849710781876294],
    [10, 10, 0.6915028921812371, 1],
  ])("%i of %i: [%f, %f] (R binom.test / SciPy)", (x, n, lower, upper) => {
    const [lo, hi] = clopperPearsonInterval(x, n, 0.95);
    expect(lo).toBeCloseTo(lower, 10);
    expect(hi).toBeCloseTo(upper, 10);
  });

  it("x = 0 has upper bound 1 − (α/2)^(1/n) exactly (closed form)", () => {
    expect(clopperPearsonInterval(0, 10, 0.95)[1]).toBeCloseTo(1 - 0.025 ** (1 / 10), 13);
    expect(clopperPearsonInterval(0, 0, 0.95)).toEqual([0, 1]);
  });
});

describe("ruleOfThreeUpper", () => {
  it("is 1 − (1 − conf)^(1/n), about 3/n at 95 %", () => {
    expect(ruleOfThreeUpper(100, 0.95)).toBeCloseTo(1 - 0.05 ** (1 / 100), 15);
    expect(ruleOfThreeUpper(100, 0.95)).toBeCloseTo(0.0295, 4);
    expect(ruleOfThreeUpper(1e9, 0.95) * 1e9).toBeCloseTo(-Math.log(0.05), 6);
  });

  it("n = 0 gives 1", () => {
    expect(ruleOfThreeUpper(0, 0.95)).toBe(1);
  });
});

describe("ProportionAccumulator", () => {
  it("counts 0/1 and booleans, strided, and reports p and the Wilson interval", () => {
    const a = new ProportionAccumulator();
    a.pushMany(4, Float64Array.of(1, 7, 0, 7, 1, 7, 1, 7), 2, 0);
    a.push(true);
    a.push(false);
    expect(a.snapshot()).toEqual({ n: 6, successes: 4, p: 4 / 6 });
    expect(a.interval(0.95)).toEqual(wilsonInterval(4, 6, 0.95));
  });

  it("rejects outcomes other than 0 and 1", () => {
    expect(() => new ProportionAccumulator().push(0.5)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: proportion outcome must be 0 or 1 (got 0.5)]`,
    );
    expect(() => new ProportionAccumulator().push(Number.NaN)).toThrow(RangeError);
  });

  it("empty: p is NaN", () => {
    expect(new ProportionAccumulator().snapshot().p).toBeNaN();
  });

  it("merges exactly and round-trips through JSON", () => {
    const a = new ProportionAccumulator();
    a.pushCounts(3, 10);
    const b = new ProportionAccumulator();
    b.pushCounts(5, 7);
    a.merge(b);
    expect(a.toJSON()).toEqual({ n: 17, successes: 8 });
    expect(ProportionAccumulator.fromJSON(JSON.parse(JSON.stringify(a))).toJSON()).toEqual(a.toJSON());
    expect(() => ProportionAccumulator.fromJSON({ n: 3, successes: 4 })).toThrow(RangeError);
  });
});
