import { describe, expect, it } from "vitest";
import { createStream, normal } from "../../src/rng/index.ts";
import { Moments } from "../../src/stats/index.ts";
import { meanAndVariance } from "../rng/statistical-checks.ts";

function momentsOf(x: ArrayLike<number>): Moments {
  const m = new Moments();
  m.pushMany(x.length, x);
  return m;
}

describe("Moments (Welford / Chan)", () => {
  it("computes mean, sample variance, sd and se", () => {
    // R: mean(1:10) = 5.5, var(1:10) = 9.166667, sd(1:10) = 3.02765, sd(1:10)/sqrt(10) = 0.9574271
    const m = momentsOf(Float64Array.from({ length: 10 }, (_, i) => i + 1));
    expect(m.n).toBe(10);
    expect(m.mean).toBe(5.5);
    expect(m.sampleVariance).toBeCloseTo(9.166667, 6);
    expect(m.sd).toBeCloseTo(3.02765, 5);
    expect(m.se).toBeCloseTo(0.9574271, 7);
    expect(m.populationVariance).toBeCloseTo(8.25, 14);
  });

  it("empty: mean NaN; n < 2: variance, sd and se NaN", () => {
    const m = new Moments();
    expect(m.mean).toBeNaN();
    expect(m.sampleVariance).toBeNaN();
    m.push(3);
    expect(m.mean).toBe(3);
    expect(m.sampleVariance).toBeNaN();
    expect(m.sd).toBeNaN();
    expect(m.se).toBeNaN();
  });

  it("stays accurate at a large offset (1e9 + noise of sd 1e-3) where Σx² − (Σx)²/n fails", () => {
    const rng = createStream(5, 0, 0, 0, 0);
    const x = Float64Array.from({ length: 100_000 }, () => 1e9 + 1e-3 * normal(rng));
    const reference = meanAndVariance(x); // two-pass
    const m = momentsOf(x);
    expect(Math.abs(m.mean - reference.mean) / reference.mean).toBeLessThan(1e-13);
    // Chan, Golub & LeVeque (1983): the updating algorithm's relative error grows like κ·ε with condition
    // number κ = sqrt(1 + mean²/variance) = 1e12 here, so κ·ε = 2.2e-4 (measured: 4.0e-5).
    const kappa = Math.sqrt(1 + reference.mean ** 2 / reference.variance);
    expect(Math.abs(m.sampleVariance - reference.variance) / reference.variance).toBeLessThan(kappa * Number.EPSILON);
    // The textbook one-pass formula is off by orders of magnitude here (shown for contrast).
    let s = 0;
    let ss = 0;
    for (const v of x) {
      s += v;
      ss += v * v;
    }
    const naive = (ss - (s * s) / x.length) / (x.length - 1);
    expect(Math.abs(naive - reference.variance) / reference.variance).toBeGreaterThan(1);
  });

  it("pushMany reads a strided column", () => {
    const m = new Moments();
    m.pushMany(3, Float64Array.of(9, 1, 9, 2, 9, 3), 2, 1);
    expect(m.n).toBe(3);
    expect(m.mean).toBe(2);
    expect(m.sampleVariance).toBe(1);
  });

  it("Chan merge of many blocks agrees with the sequential result within 1e-12 relative", () => {
    const rng = createStream(6, 0, 0, 0, 0);
    const x = Float64Array.from({ length: 50_000 }, () => 3 + 2 * normal(rng));
    const sequential = momentsOf(x);
    const merged = new Moments();
    for (let start = 0; start < x.length; start += 777) merged.merge(momentsOf(x.subarray(start, start + 777)));
    expect(merged.n).toBe(sequential.n);
    expect(Math.abs(merged.mean - sequential.mean) / Math.abs(sequential.mean)).toBeLessThan(1e-12);
    expect(Math.abs(merged.m2 - sequential.m2) / sequential.m2).toBeLessThan(1e-12);
  });

  it("merging an empty accumulator changes nothing; merging into an empty one copies", () => {
    const a = momentsOf([1, 2, 4]);
    const before = a.toJSON();
    a.merge(new Moments());
    expect(a.toJSON()).toEqual(before);
    expect(new Moments().merge(a).toJSON()).toEqual(before);
  });

  it("merging with itself doubles the sample", () => {
    const a = momentsOf([1, 2, 4]);
    a.merge(a);
    expect(a.toJSON()).toEqual(momentsOf([1, 2, 4, 1, 2, 4]).toJSON());
  });

  it("JSON round trip is exact (deep-equal, bit-identical statistics)", () => {
    const rng = createStream(7, 0, 0, 0, 0);
    const m = momentsOf(Float64Array.from({ length: 1000 }, () => normal(rng) / 3));
    const json = JSON.parse(JSON.stringify(m)) as ReturnType<Moments["toJSON"]>;
    const back = Moments.fromJSON(json);
    expect(back.toJSON()).toEqual(m.toJSON());
    expect(Object.is(back.mean, m.mean) && Object.is(back.m2, m.m2)).toBe(true);
  });

  it("JSON survives non-finite state through the string encodings", () => {
    const m = momentsOf([1, Number.POSITIVE_INFINITY]);
    const json = JSON.parse(JSON.stringify(m)) as ReturnType<Moments["toJSON"]>;
    expect(json).toEqual({ n: 2, mean: "Infinity", m2: "NaN" });
    const back = Moments.fromJSON(json);
    expect(back.mean).toBe(Number.POSITIVE_INFINITY);
    expect(back.m2).toBeNaN();
  });

  it("fromJSON rejects a negative count or m2", () => {
    expect(() => Moments.fromJSON({ n: -1, mean: 0, m2: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: moments.n must be a non-negative integer (got -1)]`,
    );
    expect(() => Moments.fromJSON({ n: 2, mean: 0, m2: -1 })).toThrow(RangeError);
  });
});
