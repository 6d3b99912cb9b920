import { type Interval, studentTInterval } from "./intervals.ts";
import { checkCount } from "./json-number.ts";
import { studentTTwoSidedPValue } from "./tests.ts";
import { Moments, type MomentsJSON } from "./welford.ts";

/** Serialised `PairedAccumulator`. */
export interface PairedJSON {
  moments: MomentsJSON;
  skipped: number;
}

/** Summary of a `PairedAccumulator` (NaN where undefined). */
export interface PairedSnapshot {
  /** Pairs counted. */
  readonly n: number;
  /** Pairs skipped because a − b was not finite. */
  readonly skipped: number;
  readonly meanDiff: number;
  readonly sd: number;
  readonly se: number;
  /** Paired t statistic meanDiff / se. */
  readonly t: number;
  /** Two-sided p-value of the paired t-test of mean difference 0. */
  readonly p: number;
}

/**
 * Per-trial differences a − b of one metric under two models sharing random numbers (common random numbers),
 * summarised by Welford/Chan moments; a pair counts only when a − b is finite (both finite and no overflow),
 * otherwise it is counted in `skipped`. The paired t-test equals R's `t.test(a, b, paired = TRUE)`.
 *
 * Edge contract: n < 2 → interval [−∞, ∞], t and p NaN; all differences equal → se 0, so t = ±∞ and p = 0
 * unless the mean difference is 0 (t NaN, p NaN).
 *
 * @example
 * const d = new PairedAccumulator();
 * d.push(3, 1); d.push(5, 2); d.push(4, 3);
 * d.snapshot().meanDiff; // 2
 */
export class PairedAccumulator {
  readonly moments = new Moments();
  skipped = 0;

  /** Pairs counted. */
  get n(): number {
    return this.moments.n;
  }

  /** Adds the pair (a, b): pushes a − b when finite, else counts a skip. */
  push(a: number, b: number): void {
    const d = a - b;
    if (d - d === 0) this.moments.push(d);
    else this.skipped++;
  }

  /** Adds the pairs (a[offsetA + i·strideA], b[offsetB + i·strideB]) for i in [0, n). */
  pushMany(
    n: number,
    a: ArrayLike<number>,
    strideA: number,
    offsetA: number,
    b: ArrayLike<number>,
    strideB: number,
    offsetB: number,
  ): void {
    for (let i = 0, j = offsetA, k = offsetB; i < n; i++, j += strideA, k += strideB) this.push(a[j], b[k]);
  }

  /** Adds everything `other` holds; returns this. */
  merge(other: PairedAccumulator): this {
    this.moments.merge(other.moments);
    this.skipped += other.skipped;
    return this;
  }

  /** Student-t interval for the mean difference. */
  interval(confidence = 0.95): Interval {
    return studentTInterval(this.moments.mean, this.moments.sd, this.moments.n, confidence);
  }

  /** Two-sided p-value of the paired t-test of mean difference 0; NaN for n < 2. */
  pValue(): number {
    return this.moments.n < 2
      ? Number.NaN
      : studentTTwoSidedPValue(this.moments.mean / this.moments.se, this.moments.n - 1);
  }

  snapshot(): PairedSnapshot {
    const m = this.moments;
    return {
      n: m.n,
      skipped: this.skipped,
      meanDiff: m.mean,
      sd: m.sd,
      se: m.se,
      t: m.n < 2 ? Number.NaN : m.mean / m.se,
      p: this.pValue(),
    };
  }

  toJSON(): PairedJSON {
    return { moments: this.moments.toJSON(), skipped: this.skipped };
  }

  /** @throws {TypeError} or {RangeError} when the JSON is malformed. */
  static fromJSON(json: Readonly<PairedJSON>): PairedAccumulator {
    const acc = new PairedAccumulator();
    acc.moments.merge(Moments.fromJSON(json.moments));
    acc.skipped = checkCount(json.skipped, "paired.skipped");
    return acc;
  }
}
