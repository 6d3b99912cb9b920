import { describe, expect, it } from "vitest";
import { PairedAccumulator } from "../../src/stats/index.ts";

// R's `sleep` data set (Cushny & Peebles): extra hours of sleep under drug 1 and drug 2, same 10 patients.
const DRUG1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const DRUG2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe("PairedAccumulator", () => {
  it("reproduces R's t.test(extra ~ group, data = sleep, paired = TRUE)", () => {
    // R: t = -4.0621, df = 9, p-value = 0.002833, 95 percent CI -2.4598858 -0.7001142, mean difference -1.58.
    // SciPy 1.17.1: ttest_rel → t = -4.062127683382037, p = 0.002832890197384273,
    // CI (-2.459885763276983, -0.7001142367230175).
    const d = new PairedAccumulator();
    d.pushMany(10, DRUG1, 1, 0, DRUG2, 1, 0);
    const s = d.snapshot();
    expect(s.n).toBe(10);
    expect(s.meanDiff).toBeCloseTo(-1.58, 14);
    expect(s.t).toBeCloseTo(-4.062127683382037, 12);
    expect(s.p).toBeCloseTo(0.002832890197384273, 14);
    const [lo, hi] = d.interval(0.95);
    expect(lo).toBeCloseTo(-2.459885763276983, 12);
    expect(hi).toBeCloseTo(-0.7001142367230175, 12);
  });

  it("counts a pair only when a − b is finite; others are skipped", () => {
    const d = new PairedAccumulator();
    d.push(1, 0);
    d.push(Number.POSITIVE_INFINITY, 0);
    d.push(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
    d.push(Number.NaN, 1);
    d.push(1.7e308, -1.7e308); // difference overflows
    d.push(3, 1);
    expect(d.n).toBe(2);
    expect(d.skipped).toBe(4);
    expect(d.snapshot().meanDiff).toBe(1.5);
  });

  it("n < 2: interval [−∞, ∞], t and p NaN", () => {
    const d = new PairedAccumulator();
    d.push(2, 1);
    expect(d.interval()).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(d.pValue()).toBeNaN();
    expect(d.snapshot().t).toBeNaN();
  });

  it("constant nonzero differences give p = 0", () => {
    const d = new PairedAccumulator();
    for (let i = 0; i < 5; i++) d.push(i + 1, i);
    expect(d.pValue()).toBe(0);
  });

  it("merges and round-trips through JSON exactly", () => {
    const a = new PairedAccumulator();
    a.pushMany(5, DRUG1, 1, 0, DRUG2, 1, 0);
    a.push(Number.NaN, 0);
    const b = new PairedAccumulator();
    b.pushMany(5, DRUG1, 1, 5, DRUG2, 1, 5);
    a.merge(b);
    expect(a.n).toBe(10);
    expect(a.skipped).toBe(1);
    expect(a.snapshot().p).toBeCloseTo(0.002832890197384273, 13);
    const back = PairedAccumulator.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(back.toJSON()).toEqual(a.toJSON());
  });
});
