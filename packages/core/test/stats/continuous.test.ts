import { describe, expect, it } from "vitest";
import { createStream, lognormal } from "../../src/rng/index.ts";
import { ContinuousAccumulator, type ContinuousAccumulatorJSON } from "../../src/stats/index.ts";

function accOf(x: ArrayLike<number>): ContinuousAccumulator {
  const a = new ContinuousAccumulator();
  a.pushMany(x.length, x);
  return a;
}

function roundTrip(a: ContinuousAccumulator): ContinuousAccumulator {
  return ContinuousAccumulator.fromJSON(JSON.parse(JSON.stringify(a)) as ContinuousAccumulatorJSON);
}

describe("ContinuousAccumulator", () => {
  it("routes NaN and ±Infinity to nonFinite and summarises the finite values", () => {
    const a = accOf([1, Number.POSITIVE_INFINITY, 3, Number.NaN, Number.NEGATIVE_INFINITY]);
    expect(a.snapshot()).toEqual({ n: 2, nonFinite: 3, mean: 2, sd: Math.SQRT2, se: 1, min: 1, max: 3 });
    expect(a.sketch.count).toBe(2);
  });

  it("empty: min, max, mean NaN in the snapshot; quantiles NaN; interval [−∞, ∞]", () => {
    const a = new ContinuousAccumulator();
    const s = a.snapshot();
    expect([s.mean, s.min, s.max]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(a.quantile(0.5)).toBeNaN();
    expect(a.conditionalValueAtRisk(0.95)).toBeNaN();
    expect(a.interval()).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
  });

  it("quantiles are clamped to the exact min and max", () => {
    // 1 sits at the top of bucket 0 (representative 0.99) and 1.0000001 at the bottom of bucket 1 (1.01).
    const a = accOf([1, 1.0000001]);
    expect(a.sketch.quantile(0)).toBeCloseTo(0.99, 12);
    expect(a.sketch.quantile(1)).toBeCloseTo(1.01, 12);
    expect(a.quantile(0)).toBe(1);
    expect(a.quantile(1)).toBe(1.0000001);
    expect(a.valueAtRisk(1)).toBe(1.0000001);
    expect(a.conditionalValueAtRisk(1)).toBe(1.0000001);
  });

  it("merge of two halves equals the whole: counts, extremes and sketch exactly, moments to 1e-12", () => {
    const rng = createStream(13, 0, 0, 0, 0);
    const x = Float64Array.from({ length: 20_000 }, (_, i) => (i % 97 === 0 ? Number.NaN : lognormal(rng, 0, 1)));
    const whole = accOf(x);
    const merged = accOf(x.subarray(0, 12_345)).merge(accOf(x.subarray(12_345)));
    const w = whole.toJSON();
    const m = merged.toJSON();
    expect(m.sketch).toEqual(w.sketch);
    expect([m.nonFinite, m.min, m.max, m.moments.n]).toEqual([w.nonFinite, w.min, w.max, w.moments.n]);
    expect(merged.moments.mean / whole.moments.mean).toBeCloseTo(1, 12);
    expect(merged.moments.m2 / whole.moments.m2).toBeCloseTo(1, 12);
  });

  it("min and max treat −0 as below 0 whatever the order", () => {
    expect(Object.is(accOf([0, -0]).min, -0)).toBe(true);
    expect(Object.is(accOf([-0, 0]).min, -0)).toBe(true);
    expect(Object.is(accOf([0, -0]).max, 0)).toBe(true);
    expect(Object.is(accOf([-0, 0]).max, 0)).toBe(true);
  });

  it("JSON round trip is deep-equal, including the Infinity encodings of an empty accumulator and −0", () => {
    const rng = createStream(14, 0, 0, 0, 0);
    const a = accOf(Float64Array.from({ length: 1000 }, () => lognormal(rng, 1, 0.5)));
    a.push(Number.NaN);
    expect(roundTrip(a).toJSON()).toEqual(a.toJSON());
    const empty = new ContinuousAccumulator();
    const json = JSON.parse(JSON.stringify(empty)) as ContinuousAccumulatorJSON;
    expect([json.min, json.max]).toEqual(["Infinity", "-Infinity"]);
    expect(roundTrip(empty).toJSON()).toEqual(empty.toJSON());
    const zero = accOf([-0]);
    expect(Object.is(roundTrip(zero).min, -0)).toBe(true);
  });

  it("fromJSON rejects a sketch whose count differs from moments.n", () => {
    const json = accOf([1, 2]).toJSON();
    json.moments.n = 3;
    expect(() => ContinuousAccumulator.fromJSON(json)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: continuous.sketch must hold moments.n = 3 values (got 2)]`,
    );
  });
});
