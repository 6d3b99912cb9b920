import { checkCount, decodeJsonNumber, encodeJsonNumber, type JsonNumber } from "./json-number.ts";

/** Serialised `Moments`: the raw state; non-finite values encoded as by `encodeJsonNumber`. */
export interface MomentsJSON {
  n: number;
  mean: JsonNumber;
  m2: JsonNumber;
}

/** Derived statistics of a `Moments` accumulator (NaN where undefined). */
export interface MomentsSnapshot {
  readonly n: number;
  readonly mean: number;
  readonly sampleVariance: number;
  readonly sd: number;
  readonly se: number;
}

/**
 * Streaming count, mean and sum of squared deviations (m2) of a sequence of numbers.
 *
 * Algorithm: Welford's update (B. P. Welford, Technometrics 4(3), 1962), which avoids the cancellation of
 * Σx² − (Σx)²/n; `merge` is the pairwise combination of T. F. Chan, G. H. Golub, R. J. LeVeque, "Updating
 * formulae and a pairwise algorithm for computing sample variances" (1979). O(1) per value, no allocation.
 * Floating-point merges are not associative bit for bit: merge in a fixed order for reproducible results.
 *
 * Edge contract: n = 0 → mean NaN; n < 2 → sampleVariance, sd, se NaN. A non-finite value makes mean and m2
 * non-finite for good (filter them first, as `ContinuousAccumulator` does). JSON round trip is exact.
 *
 * @example
 * const m = new Moments();
 * m.pushMany(4, Float64Array.of(2, 4, 4, 6));
 * m.mean; // 4
 * m.sampleVariance; // 2.6666666666666665
 */
export class Moments {
  /** Number of values pushed. */
  n = 0;
  /** Sum of squared deviations from the mean. */
  m2 = 0;
  // Kept at 0 while empty so that push and merge need no special case; the `mean` getter reports NaN.
  private mu = 0;

  /** Arithmetic mean; NaN when empty. */
  get mean(): number {
    return this.n === 0 ? Number.NaN : this.mu;
  }

  /** Unbiased variance m2 / (n − 1); NaN for n < 2. */
  get sampleVariance(): number {
    return this.n < 2 ? Number.NaN : this.m2 / (this.n - 1);
  }

  /** Population variance m2 / n; NaN when empty. */
  get populationVariance(): number {
    return this.n === 0 ? Number.NaN : this.m2 / this.n;
  }

  /** Sample standard deviation √sampleVariance; NaN for n < 2. */
  get sd(): number {
    return Math.sqrt(this.sampleVariance);
  }

  /** Standard error of the mean sd / √n; NaN for n < 2. */
  get se(): number {
    return this.sd / Math.sqrt(this.n);
  }

  /** Adds one value. */
  push(x: number): void {
    const n = this.n + 1;
    const delta = x - this.mu;
    const mu = this.mu + delta / n;
    this.n = n;
    this.mu = mu;
    this.m2 += delta * (x - mu);
  }

  /** Adds `x[offset + i * stride]` for i in [0, n) (stdlib strided convention). */
  pushMany(n: number, x: ArrayLike<number>, stride = 1, offset = 0): void {
    for (let i = 0, j = offset; i < n; i++, j += stride) this.push(x[j]);
  }

  /** Adds the values summarised by `other` (Chan et al.); `other` is unchanged. Returns this. */
  merge(other: Moments): this {
    const nb = other.n;
    if (nb === 0) return this;
    const muB = other.mu;
    const m2B = other.m2;
    const na = this.n;
    if (na === 0) {
      this.n = nb;
      this.mu = muB;
      this.m2 = m2B;
      return this;
    }
    const n = na + nb;
    const delta = muB - this.mu;
    this.mu += (delta * nb) / n;
    this.m2 += m2B + (delta * delta * na * nb) / n;
    this.n = n;
    return this;
  }

  /** An independent copy. */
  clone(): Moments {
    return new Moments().merge(this);
  }

  /** Derived statistics. */
  snapshot(): MomentsSnapshot {
    return { n: this.n, mean: this.mean, sampleVariance: this.sampleVariance, sd: this.sd, se: this.se };
  }

  /** The raw state (n, mean, m2) with mean 0 when empty. */
  toJSON(): MomentsJSON {
    return { n: this.n, mean: encodeJsonNumber(this.mu), m2: encodeJsonNumber(this.m2) };
  }

  /**
   * Restores `toJSON` output exactly.
   *
   * @throws {TypeError} when a field has the wrong type; {RangeError} when m2 is negative.
   */
  static fromJSON(json: Readonly<MomentsJSON>): Moments {
    const m = new Moments();
    m.n = checkCount(json.n, "moments.n");
    m.mu = decodeJsonNumber(json.mean, "moments.mean");
    m.m2 = decodeJsonNumber(json.m2, "moments.m2");
    if (m.m2 < 0) throw new RangeError(`moments.m2 must be non-negative (got ${m.m2})`);
    return m;
  }
}
