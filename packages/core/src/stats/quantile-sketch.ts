import { BucketStore } from "./bucket-store.ts";
import { checkCount } from "./json-number.ts";
import { quantileRank } from "./order-statistics.ts";
import { addBins, checkBins } from "./sketch-bins.ts";

/** Options of `QuantileSketch`. */
export interface QuantileSketchOptions {
  /**
   * Relative accuracy α in (0, 1): every quantile is returned within a factor 1 ± α of the exact one.
   * @defaultValue 0.01
   */
  readonly alpha?: number;
  /**
   * Most buckets each of the positive and negative stores may span before the lowest ones are collapsed.
   * 4096 buckets span a ratio γ^4096 between the smallest and largest magnitude: 3.6e35 at α = 0.01, which
   * ordinary data never reaches, but only 3.6e3 at α = 0.001, so raise it (about 82 / α) with a smaller α.
   * @defaultValue 4096
   */
  readonly maxBuckets?: number;
}

/**
 * Serialised `QuantileSketch`: `pos`/`neg` list `[bucketIndex, count]` of the nonzero buckets of positive
 * values and of the magnitudes of negative values, ascending by index; counts are positive integers.
 */
export interface QuantileSketchJSON {
  alpha: number;
  zero: number;
  pos: [index: number, count: number][];
  neg: [index: number, count: number][];
}

/** The bucket holding one ranked element: its representative value and the range its values lie in. */
export interface RankedValue {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

/** One bucket of a sketch: its representative value and how many values fell into it. */
export interface SketchBucket {
  readonly value: number;
  readonly count: number;
}

const DEFAULT_ALPHA = 0.01;
const DEFAULT_MAX_BUCKETS = 4096;

/**
 * Mergeable quantile sketch with relative-error guarantees: DDSketch (C. Masson, J. E. Rim, H. K. Lee,
 * "DDSketch: a fast and fully-mergeable quantile sketch with relative-error guarantees", PVLDB 12(12), 2019).
 *
 * A value x > 0 goes to bucket i = ⌈log(x) / log γ⌉ with γ = (1 + α)/(1 − α), i.e. (γ^(i−1), γ^i]; negative
 * values go to a second store by |x|, zeros to a zero count. Bucket counts are integers, so `merge` is exact,
 * commutative and associative: merging the sketches of two halves gives the sketch of the whole, bit for bit.
 * Push is O(1) (one log); memory is O(log(max/min) / α).
 *
 * Error bound: `quantile(q)` returns x̂ with |x̂ − x| ≤ α·|x| for x the element of 1-based rank max(1, ⌈q·n⌉)
 * of the sorted values (`quantileRank`), as long as no bucket has been collapsed. Collapse (when a store would span more than
 * `maxBuckets` indices) folds the smallest magnitudes into the lowest kept bucket, anchored at the highest
 * index, so their quantiles come out too large in magnitude; the state stays a function of the multiset of
 * values, so merges remain exact and order-independent even then.
 *
 * Edge contract: `push` accepts finite values only (RangeError otherwise); −0 counts as zero. `quantile` of an
 * empty sketch or for q outside [0, 1] is NaN. Representatives of values within a factor 1 + α of
 * Number.MAX_VALUE overflow to ±Infinity; subnormal values (< 2.2e-308) lose the relative-error guarantee
 * with their precision.
 *
 * @example
 * const s = new QuantileSketch();
 * for (let i = 1; i <= 100; i++) s.push(i);
 * s.quantile(0.5); // 50.0… within 1 % of 50
 */
export class QuantileSketch {
  /** Relative accuracy α. */
  readonly alpha: number;
  /** Maximum span of each store before collapse. */
  readonly maxBuckets: number;
  /** Count of zeros. */
  private zero = 0;
  private readonly pos: BucketStore;
  private readonly neg: BucketStore;
  private readonly lnGamma: number;
  // Representative value of bucket i is γ^i · 2/(γ + 1): within α of every value in (γ^(i−1), γ^i]. Kept as a
  // log so that the top buckets do not overflow through γ^i alone.
  private readonly logValueScale: number;

  /** @throws {RangeError} when alpha is not in (0, 1) or maxBuckets is not a positive integer. */
  constructor(options: QuantileSketchOptions = {}) {
    const alpha = options.alpha ?? DEFAULT_ALPHA;
    const maxBuckets = options.maxBuckets ?? DEFAULT_MAX_BUCKETS;
    if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (got ${alpha})`);
    if (!Number.isSafeInteger(maxBuckets) || maxBuckets < 1) {
      throw new RangeError(`maxBuckets must be a positive integer (got ${maxBuckets})`);
    }
    this.alpha = alpha;
    this.maxBuckets = maxBuckets;
    // log1p keeps log γ accurate for small α; γ = 1 + 2α/(1 − α).
    this.lnGamma = Math.log1p((2 * alpha) / (1 - alpha));
    this.logValueScale = Math.log(2 / (1 + (1 + alpha) / (1 - alpha)));
    this.pos = new BucketStore(maxBuckets);
    this.neg = new BucketStore(maxBuckets);
  }

  /** Number of values pushed. */
  get count(): number {
    return this.zero + this.pos.total + this.neg.total;
  }

  /** Bucket index ⌈log(x) / log γ⌉ of a positive value. */
  bucketIndex(x: number): number {
    // `+ 0` turns the −0 that ⌈⌉ gives for x just below 1 into 0: the same bucket, but an integer index, where −0
    // would deoptimise every caller that V8 compiled for small-integer indices.
    return Math.ceil(Math.log(x) / this.lnGamma) + 0;
  }

  /** Representative (positive) value 2γ^i/(γ + 1) of bucket `index`. */
  bucketValue(index: number): number {
    return Math.exp(index * this.lnGamma + this.logValueScale);
  }

  /** Adds a finite value. @throws {RangeError} when x is NaN or infinite. */
  push(x: number): void {
    if (x > 0) {
      if (x === Number.POSITIVE_INFINITY) throw nonFinite(x);
      this.pos.add(this.bucketIndex(x), 1);
    } else if (x < 0) {
      if (x === Number.NEGATIVE_INFINITY) throw nonFinite(x);
      this.neg.add(this.bucketIndex(-x), 1);
    } else if (x === 0) {
      this.zero++;
    } else {
      throw nonFinite(x);
    }
  }

  /** Adds `x[offset + i * stride]` for i in [0, n). @throws {RangeError} on a non-finite value. */
  pushMany(n: number, x: ArrayLike<number>, stride = 1, offset = 0): void {
    for (let i = 0, j = offset; i < n; i++, j += stride) this.push(x[j]);
  }

  /**
   * Adds every value of `other` (exact: integer counts); `other` is unchanged. Returns this.
   * @throws {RangeError} when the two sketches have different α.
   */
  merge(other: QuantileSketch): this {
    if (other.alpha !== this.alpha) {
      throw new RangeError(`cannot merge sketches of different alpha (${this.alpha} and ${other.alpha})`);
    }
    if (other === this) return this.merge(this.clone());
    this.zero += other.zero;
    // Highest index first so the window is placed once.
    other.pos.forEach((i, c) => {
      this.pos.add(i, c);
    }, true);
    other.neg.forEach((i, c) => {
      this.neg.add(i, c);
    }, true);
    return this;
  }

  /**
   * Merges a sketch given as its plain-JSON state, without building it: the same result as
   * `merge(QuantileSketch.fromJSON(json))`, and what the merge path does with every shard's sketches.
   * @throws {RangeError} on a different alpha, {TypeError} or {RangeError} when the JSON is malformed (as
   *   `fromJSON`); nothing is merged then
   */
  mergeJSON(json: QuantileSketchJSON): this {
    if (json.alpha !== this.alpha) {
      throw new RangeError(`cannot merge sketches of different alpha (${this.alpha} and ${json.alpha})`);
    }
    const zero = checkCount(json.zero, "sketch.zero");
    checkBins(json.pos, "sketch.pos");
    checkBins(json.neg, "sketch.neg");
    this.zero += zero;
    addBins(this.pos, json.pos);
    addBins(this.neg, json.neg);
    return this;
  }

  /**
   * Estimate of the q-quantile under mcx's convention (`quantileRank`: the element of 1-based rank
   * max(1, ⌈q·n⌉) of the sorted values, R's type 1): the representative value of the bucket holding it, within a
   * factor 1 ± α of it. NaN when empty or q ∉ [0, 1].
   */
  quantile(q: number): number {
    const n = this.count;
    if (!(q >= 0 && q <= 1) || n === 0) return Number.NaN;
    return this.atRank(quantileRank(q, n) - 1).value;
  }

  /**
   * The bucket holding the element of 0-based rank `rank` of the sorted values: its representative value and
   * bounds that contain every value the bucket can hold, so lower ≤ x_(rank+1) ≤ upper exactly (the DDSketch
   * guarantee made an interval). The lowest bucket of each store is extended to 0, because collapsing folds the
   * smallest magnitudes into it. NaN fields when rank ∉ [0, count).
   */
  atRank(rank: number): RankedValue {
    if (!(rank >= 0 && rank < this.count)) return { value: Number.NaN, lower: Number.NaN, upper: Number.NaN };
    const negTotal = this.neg.total;
    if (rank < negTotal) {
      // Negatives descend by magnitude: rank 0 is the most negative.
      const i = this.neg.indexAtRank(negTotal - 1 - rank);
      const [lo, hi] = this.bucketBounds(i, i === this.neg.lo);
      return { value: -this.bucketValue(i), lower: -hi, upper: -lo };
    }
    if (rank < negTotal + this.zero) return { value: 0, lower: 0, upper: 0 };
    const i = this.pos.indexAtRank(rank - negTotal - this.zero);
    const [lower, upper] = this.bucketBounds(i, i === this.pos.lo);
    return { value: this.bucketValue(i), lower, upper };
  }

  /** Magnitude range (γ^(i−1), γ^i] of bucket i, widened by 1e-12 for the rounding of the index computation. */
  private bucketBounds(index: number, lowest: boolean): [number, number] {
    const slack = 1e-12;
    const lo = lowest ? 0 : Math.exp((index - 1) * this.lnGamma) * (1 - slack);
    return [lo, Math.exp(index * this.lnGamma) * (1 + slack)];
  }

  /** Nonzero buckets ascending by value (negatives, zero, positives) with representative values. */
  buckets(): SketchBucket[] {
    const out: SketchBucket[] = [];
    this.neg.forEach((i, c) => {
      out.push({ value: -this.bucketValue(i), count: c });
    }, true);
    if (this.zero > 0) out.push({ value: 0, count: this.zero });
    this.pos.forEach((i, c) => {
      out.push({ value: this.bucketValue(i), count: c });
    });
    return out;
  }

  /** An independent copy with the same options. */
  clone(): QuantileSketch {
    return QuantileSketch.fromJSON(this.toJSON(), { maxBuckets: this.maxBuckets });
  }

  /** Plain-JSON state: `{ alpha, zero, pos, neg }`, buckets ascending by index, zero counts omitted. */
  toJSON(): QuantileSketchJSON {
    const pos: [number, number][] = [];
    const neg: [number, number][] = [];
    this.pos.forEach((i, c) => {
      pos.push([i, c]);
    });
    this.neg.forEach((i, c) => {
      neg.push([i, c]);
    });
    return { alpha: this.alpha, zero: this.zero, pos, neg };
  }

  /**
   * Restores `toJSON` output. `maxBuckets` is not part of the JSON; pass it if it was not the default.
   * @throws {TypeError} or {RangeError} when the JSON is malformed (bad alpha, non-integer or non-positive
   * counts, indices not strictly ascending).
   */
  static fromJSON(
    json: {
      readonly alpha: number;
      readonly zero: number;
      readonly pos: readonly (readonly [number, number])[];
      readonly neg: readonly (readonly [number, number])[];
    },
    options: Pick<QuantileSketchOptions, "maxBuckets"> = {},
  ): QuantileSketch {
    const sketch = new QuantileSketch({ ...options, alpha: json.alpha });
    sketch.zero = checkCount(json.zero, "sketch.zero");
    checkBins(json.pos, "sketch.pos");
    checkBins(json.neg, "sketch.neg");
    addBins(sketch.pos, json.pos);
    addBins(sketch.neg, json.neg);
    return sketch;
  }
}

function nonFinite(x: number): RangeError {
  return new RangeError(`value must be finite (got ${x})`);
}
