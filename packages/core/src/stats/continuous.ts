import { type Interval, studentTInterval } from "./intervals.ts";
import { checkCount, decodeJsonNumber, encodeJsonNumber, type JsonNumber } from "./json-number.ts";
import { QuantileSketch, type QuantileSketchJSON, type QuantileSketchOptions } from "./quantile-sketch.ts";
import { conditionalValueAtRisk, valueAtRisk } from "./var-cvar.ts";
import { Moments, type MomentsJSON } from "./welford.ts";

/** Options of `ContinuousAccumulator`: those of its quantile sketch. */
export type ContinuousAccumulatorOptions = QuantileSketchOptions;

/** Serialised `ContinuousAccumulator`; min/max of an empty accumulator are "Infinity"/"-Infinity". */
export interface ContinuousAccumulatorJSON {
  nonFinite: number;
  moments: MomentsJSON;
  min: JsonNumber;
  max: JsonNumber;
  sketch: QuantileSketchJSON;
}

/** Summary of a `ContinuousAccumulator` (NaN where undefined). */
export interface ContinuousSnapshot {
  /** Finite values. */
  readonly n: number;
  /** NaN and ±Infinity values, excluded from every other statistic. */
  readonly nonFinite: number;
  readonly mean: number;
  readonly sd: number;
  readonly se: number;
  /** Exact extremes of the finite values; NaN when n = 0. */
  readonly min: number;
  readonly max: number;
}

/**
 * Everything mcx reports about a continuous metric, mergeable: count of finite values and of non-finite ones,
 * Welford/Chan moments, exact min and max, and a DDSketch for quantiles, VaR and CVaR.
 *
 * Edge contract: `push` routes NaN and ±Infinity to `nonFinite` only. Min and max order −0 below 0, so
 * they do not depend on the order of pushes and merges. Moments merge in floating point (merge in a fixed
 * order to reproduce bits); counts, extremes and the sketch merge exactly. JSON round trip is exact.
 *
 * @example
 * const acc = new ContinuousAccumulator();
 * acc.pushMany(3, Float64Array.of(1, Number.POSITIVE_INFINITY, 3));
 * acc.snapshot(); // { n: 2, nonFinite: 1, mean: 2, sd: 1.414…, se: 1, min: 1, max: 3 }
 */
export class ContinuousAccumulator {
  readonly moments: Moments;
  readonly sketch: QuantileSketch;
  nonFinite = 0;
  /** Smallest finite value; +Infinity while n = 0. */
  min = Number.POSITIVE_INFINITY;
  /** Largest finite value; −Infinity while n = 0. */
  max = Number.NEGATIVE_INFINITY;

  /** @throws {RangeError} on invalid sketch options. */
  constructor(options: ContinuousAccumulatorOptions = {}) {
    this.moments = new Moments();
    this.sketch = new QuantileSketch(options);
  }

  /** Number of finite values. */
  get n(): number {
    return this.moments.n;
  }

  /** Adds one value; a non-finite one only increments `nonFinite`. */
  push(x: number): void {
    if (x - x !== 0) {
      // x − x is NaN exactly for NaN and ±Infinity.
      this.nonFinite++;
      return;
    }
    this.moments.push(x);
    this.sketch.push(x);
    this.updateExtremes(x, x);
  }

  /** Adds `x[offset + i * stride]` for i in [0, n). */
  pushMany(n: number, x: ArrayLike<number>, stride = 1, offset = 0): void {
    for (let i = 0, j = offset; i < n; i++, j += stride) this.push(x[j]);
  }

  /**
   * Adds everything `other` holds; `other` is unchanged. Returns this.
   * @throws {RangeError} when the sketches have different α.
   */
  merge(other: ContinuousAccumulator): this {
    this.sketch.merge(other.sketch);
    this.moments.merge(other.moments);
    this.nonFinite += other.nonFinite;
    this.updateExtremes(other.min, other.max);
    return this;
  }

  /** Sketch quantile (relative error α), clamped to the exact [min, max]; NaN when n = 0 or q ∉ [0, 1]. */
  quantile(q: number): number {
    return this.clamp(this.sketch.quantile(q));
  }

  /** Value at risk at `level` (see `valueAtRisk`), clamped to [min, max]. */
  valueAtRisk(level: number): number {
    return this.clamp(valueAtRisk(this.sketch, level));
  }

  /** Conditional value at risk at `level` (see `conditionalValueAtRisk`), clamped to [min, max]. */
  conditionalValueAtRisk(level: number): number {
    return this.clamp(conditionalValueAtRisk(this.sketch, level));
  }

  /** Student-t interval for the mean of the finite values; [−∞, ∞] when n < 2. */
  interval(confidence = 0.95): Interval {
    return studentTInterval(this.moments.mean, this.moments.sd, this.moments.n, confidence);
  }

  snapshot(): ContinuousSnapshot {
    const empty = this.moments.n === 0;
    return {
      n: this.moments.n,
      nonFinite: this.nonFinite,
      mean: this.moments.mean,
      sd: this.moments.sd,
      se: this.moments.se,
      min: empty ? Number.NaN : this.min,
      max: empty ? Number.NaN : this.max,
    };
  }

  toJSON(): ContinuousAccumulatorJSON {
    return {
      nonFinite: this.nonFinite,
      moments: this.moments.toJSON(),
      min: encodeJsonNumber(this.min),
      max: encodeJsonNumber(this.max),
      sketch: this.sketch.toJSON(),
    };
  }

  /**
   * Restores `toJSON` output exactly. `maxBuckets` of the sketch is not in the JSON; pass it if not default.
   * @throws {TypeError} or {RangeError} when the JSON is malformed or inconsistent (sketch count ≠ n).
   */
  static fromJSON(
    json: Readonly<ContinuousAccumulatorJSON>,
    options: Pick<QuantileSketchOptions, "maxBuckets"> = {},
  ): ContinuousAccumulator {
    const sketch = QuantileSketch.fromJSON(json.sketch, options);
    const acc = new ContinuousAccumulator({ ...options, alpha: sketch.alpha });
    acc.sketch.merge(sketch);
    acc.moments.merge(Moments.fromJSON(json.moments));
    acc.nonFinite = checkCount(json.nonFinite, "continuous.nonFinite");
    acc.min = decodeJsonNumber(json.min, "continuous.min");
    acc.max = decodeJsonNumber(json.max, "continuous.max");
    if (acc.sketch.count !== acc.moments.n) {
      throw new RangeError(`continuous.sketch must hold moments.n = ${acc.moments.n} values (got ${acc.sketch.count})`);
    }
    return acc;
  }

  private updateExtremes(lo: number, hi: number): void {
    // −0 ranks below 0 so the sign of a zero extreme does not depend on arrival order.
    if (lo < this.min || (lo === this.min && Object.is(lo, -0))) this.min = lo;
    if (hi > this.max || (hi === this.max && Object.is(this.max, -0))) this.max = hi;
  }

  private clamp(x: number): number {
    // NaN stays NaN: Math.min/max propagate it.
    return Math.max(this.min, Math.min(x, this.max));
  }
}
