import { describe, expect, it } from "vitest";
import { createStream, exponential, lognormal, normal, uniform, type Xoshiro128 } from "../../src/rng/index.ts";
import { QuantileSketch, type QuantileSketchJSON } from "../../src/stats/index.ts";

function sketchOf(x: ArrayLike<number>, alpha = 0.01, maxBuckets?: number): QuantileSketch {
  const s = new QuantileSketch(maxBuckets === undefined ? { alpha } : { alpha, maxBuckets });
  s.pushMany(x.length, x);
  return s;
}

function draw(n: number, index: number, f: (rng: Xoshiro128) => number): Float64Array {
  const rng = createStream(11, 0, 0, 0, index);
  return Float64Array.from({ length: n }, () => f(rng));
}

const QS = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

describe("QuantileSketch (DDSketch)", () => {
  it.each([
    ["exponential", 0.01, (rng: Xoshiro128) => exponential(rng)],
    ["lognormal(0, 2)", 0.01, (rng: Xoshiro128) => lognormal(rng, 0, 2)],
    ["normal (negatives and positives)", 0.01, (rng: Xoshiro128) => normal(rng)],
    ["uniform(1e-6, 1e6)", 0.001, (rng: Xoshiro128) => uniform(rng, 1e-6, 1e6)],
    ["exponential at alpha 0.05", 0.05, (rng: Xoshiro128) => exponential(rng)],
  ] as const)("%s: every quantile within relative error alpha of the exact order statistic", (_, alpha, f) => {
    const x = draw(100_000, Math.round(alpha * 1000), f);
    // At alpha = 0.001 the default 4096 buckets span only a ratio of 3.6e3; allow 2^16.
    const s = sketchOf(x, alpha, 1 << 16);
    const sorted = x.slice().sort();
    for (const q of QS) {
      const exact = sorted[Math.floor(q * (x.length - 1))];
      const estimate = s.quantile(q);
      expect(Math.abs(estimate - exact), `q = ${q}`).toBeLessThanOrEqual(alpha * Math.abs(exact) * (1 + 1e-12));
    }
  });

  it("merge of two halves equals the sketch of the whole, bit for bit (deep-equal JSON), in any order", () => {
    const x = draw(50_000, 1, (rng) => lognormal(rng, 0, 1) * (rng.nextDouble() < 0.2 ? -1 : 1));
    x[17] = 0;
    x[99] = -0;
    const whole = sketchOf(x).toJSON();
    const a = sketchOf(x.subarray(0, 20_000));
    const b = sketchOf(x.subarray(20_000));
    expect(sketchOf(x.subarray(0, 20_000)).merge(b).toJSON()).toEqual(whole);
    expect(b.merge(a).toJSON()).toEqual(whole);
    // Three-way, another split.
    const parts = [x.subarray(0, 5), x.subarray(5, 33_333), x.subarray(33_333)].map((p) => sketchOf(p));
    expect(parts[2].merge(parts[0]).merge(parts[1]).toJSON()).toEqual(whole);
  });

  it("JSON is { alpha, zero, pos, neg } with entries sorted by index and positive integer counts", () => {
    const s = sketchOf([0, 0, 1, 1, 2, -3, 100]);
    const json = s.toJSON();
    expect(Object.keys(json)).toEqual(["alpha", "zero", "pos", "neg"]);
    expect(json.zero).toBe(2);
    // Bucket of 1 is ⌈log 1 / log γ⌉ = 0; of 2 is ⌈ln 2 / ln(1.01/0.99)⌉ = ⌈34.657…⌉ = 35.
    expect(json.pos).toEqual([
      [0, 2],
      [35, 1],
      [s.bucketIndex(100), 1],
    ]);
    expect(json.neg).toEqual([[s.bucketIndex(3), 1]]);
  });

  it("puts values just below 1 in bucket +0, never −0 (⌈−0.4⌉ is −0)", () => {
    const s = sketchOf([0.999, 1]);
    expect(Object.is(s.bucketIndex(0.999), 0)).toBe(true);
    expect(Object.is(s.toJSON().pos[0]![0], 0)).toBe(true);
    expect(s.toJSON().pos).toEqual([[0, 2]]);
  });

  it("JSON round trip is deep-equal and gives identical quantiles", () => {
    const x = draw(10_000, 2, (rng) => normal(rng) * 10);
    const s = sketchOf(x);
    const back = QuantileSketch.fromJSON(JSON.parse(JSON.stringify(s)) as QuantileSketchJSON);
    expect(back.toJSON()).toEqual(s.toJSON());
    for (const q of QS) expect(back.quantile(q)).toBe(s.quantile(q));
  });

  it("zeros and negatives: quantiles walk negatives, zero, positives in order", () => {
    const s = sketchOf([-10, -1, 0, 0, 1, 10]);
    expect(s.count).toBe(6);
    expect(s.quantile(0) / -10).toBeCloseTo(1, 1);
    expect(s.quantile(0.2) / -1).toBeCloseTo(1, 1);
    expect(s.quantile(0.4)).toBe(0);
    expect(s.quantile(0.6)).toBe(0);
    expect(s.quantile(0.8) / 1).toBeCloseTo(1, 1);
    expect(s.quantile(1) / 10).toBeCloseTo(1, 1);
    expect(s.buckets().map((b) => b.count)).toEqual([1, 1, 2, 1, 1]);
  });

  it("empty sketch or q outside [0, 1] gives NaN", () => {
    expect(new QuantileSketch().quantile(0.5)).toBeNaN();
    const s = sketchOf([1, 2, 3]);
    expect(s.quantile(-0.1)).toBeNaN();
    expect(s.quantile(1.1)).toBeNaN();
    expect(s.quantile(Number.NaN)).toBeNaN();
  });

  it("push rejects non-finite values with a RangeError", () => {
    const s = new QuantileSketch();
    expect(() => s.push(Number.NaN)).toThrowErrorMatchingInlineSnapshot(`[RangeError: value must be finite (got NaN)]`);
    expect(() => s.push(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => s.push(Number.NEGATIVE_INFINITY)).toThrow(RangeError);
    expect(s.count).toBe(0);
  });

  it("spans 1e-300 to 1e307 within relative error alpha when maxBuckets allows (73k buckets at alpha 0.01)", () => {
    const x = [1e-300, 2e-300, 1e300, -1e307, 5];
    const s = sketchOf(x, 0.01, 100_000);
    const sorted = x.slice().sort((a, b) => a - b);
    for (const q of [0, 0.25, 0.5, 0.75, 1]) {
      const exact = sorted[Math.floor(q * (x.length - 1))];
      expect(Math.abs(s.quantile(q) - exact), `q = ${q}`).toBeLessThanOrEqual(0.01 * Math.abs(exact) * (1 + 1e-12));
    }
  });

  it("collapse keeps the top maxBuckets indices, folds lower ones into the lowest, and stays order-independent", () => {
    const x = draw(20_000, 3, (rng) => lognormal(rng, 0, 3));
    const whole = sketchOf(x, 0.01, 256);
    const json = whole.toJSON();
    const lo = json.pos[0][0];
    const hi = json.pos[json.pos.length - 1][0];
    expect(hi - lo + 1).toBeLessThanOrEqual(256);
    expect(json.pos.reduce((c, [, k]) => c + k, 0)).toBe(x.length);
    // Exactly max(index, hi − 255) for every value:
    const expected = new Map<number, number>();
    for (const v of x) {
      const i = Math.max(whole.bucketIndex(v), hi - 255);
      expected.set(i, (expected.get(i) ?? 0) + 1);
    }
    expect(json.pos).toEqual([...expected.entries()].sort((a, b) => a[0] - b[0]));
    // Order-independent: reversed pushes and merged pieces give the same state.
    const reversed = sketchOf(x.slice().reverse(), 0.01, 256);
    expect(reversed.toJSON()).toEqual(json);
    const merged = sketchOf(x.subarray(0, 7000), 0.01, 256).merge(sketchOf(x.subarray(7000), 0.01, 256));
    expect(merged.toJSON()).toEqual(json);
    // High quantiles keep their guarantee.
    const sorted = x.slice().sort();
    const exact = sorted[Math.floor(0.99 * (x.length - 1))];
    expect(Math.abs(whole.quantile(0.99) - exact)).toBeLessThanOrEqual(0.01 * exact * (1 + 1e-12));
  });

  it("merge rejects a sketch of different alpha", () => {
    expect(() => new QuantileSketch({ alpha: 0.01 }).merge(new QuantileSketch({ alpha: 0.02 }))).toThrow(RangeError);
  });

  it("constructor and fromJSON reject invalid input", () => {
    expect(() => new QuantileSketch({ alpha: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: alpha must be in (0, 1) (got 0)]`,
    );
    expect(() => new QuantileSketch({ maxBuckets: 0 })).toThrow(RangeError);
    const ok: QuantileSketchJSON = { alpha: 0.01, zero: 0, pos: [[1, 2]], neg: [] };
    expect(() => QuantileSketch.fromJSON(ok)).not.toThrow();
    expect(() =>
      QuantileSketch.fromJSON({
        ...ok,
        pos: [
          [2, 1],
          [1, 1],
        ],
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: sketch.pos[1][0] must be an integer above the previous index (got 1)]`,
    );
    expect(() => QuantileSketch.fromJSON({ ...ok, pos: [[1, 0]] })).toThrow(RangeError);
    expect(() => QuantileSketch.fromJSON({ ...ok, pos: [[1, 1.5]] })).toThrow(TypeError);
    expect(() => QuantileSketch.fromJSON({ ...ok, zero: -1 })).toThrow(TypeError);
  });

  it("mergeJSON gives the state of merge(fromJSON(json)), collapsed windows included", () => {
    for (const maxBuckets of [undefined, 40]) {
      const parts = [0, 1, 2].map((k) =>
        sketchOf(
          draw(3000, 20 + k, (g) => normal(g) * 10 ** (3 * k)),
          0.01,
          maxBuckets,
        ),
      );
      const viaSketch = sketchOf([], 0.01, maxBuckets);
      const viaJson = sketchOf([], 0.01, maxBuckets);
      for (const p of parts) {
        viaSketch.merge(QuantileSketch.fromJSON(p.toJSON(), maxBuckets === undefined ? {} : { maxBuckets }));
        viaJson.mergeJSON(p.toJSON());
      }
      expect(viaJson.toJSON()).toEqual(viaSketch.toJSON());
      expect(viaJson.count).toBe(9000);
    }
  });

  it("mergeJSON refuses malformed JSON or another alpha and then merges nothing", () => {
    const s = sketchOf([1, 2, 3]);
    const before = s.toJSON();
    const ok: QuantileSketchJSON = { alpha: 0.01, zero: 1, pos: [[5, 2]], neg: [] };
    expect(() => s.mergeJSON({ ...ok, alpha: 0.02 })).toThrow(RangeError);
    expect(() =>
      s.mergeJSON({
        ...ok,
        pos: [
          [5, 2],
          [9, 1],
          [7, 1],
        ],
      }),
    ).toThrow(RangeError);
    expect(() => s.mergeJSON({ ...ok, neg: [[1, 0]] })).toThrow(RangeError);
    expect(s.toJSON()).toEqual(before);
    s.mergeJSON(ok);
    expect(s.count).toBe(6);
  });
});
