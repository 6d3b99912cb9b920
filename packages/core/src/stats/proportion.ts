import betaQuantile from "@stdlib/stats-base-dists-beta-quantile";
import { type Interval, normalQuantile } from "./intervals.ts";
import { checkCount } from "./json-number.ts";

/** Serialised `ProportionAccumulator`. */
export interface ProportionJSON {
  n: number;
  successes: number;
}

/** Derived statistics of a `ProportionAccumulator`. */
export interface ProportionSnapshot {
  readonly n: number;
  readonly successes: number;
  /** successes / n; NaN when n = 0. */
  readonly p: number;
}

/**
 * Count of trials and successes of a 0/1 outcome. Integer counts: merges are exact and order-independent.
 *
 * Edge contract: `push` takes 1/true (success) or 0/false (failure); anything else throws RangeError.
 *
 * @example
 * const a = new ProportionAccumulator();
 * a.pushMany(4, Float64Array.of(1, 0, 1, 1));
 * a.snapshot(); // { n: 4, successes: 3, p: 0.75 }
 */
export class ProportionAccumulator {
  n = 0;
  successes = 0;

  /** Adds one trial. @throws {RangeError} when x is not 0, 1, false or true. */
  push(x: number | boolean): void {
    if (x === 1 || x === true) this.successes++;
    else if (x !== 0 && x !== false) throw new RangeError(`proportion outcome must be 0 or 1 (got ${x})`);
    this.n++;
  }

  /** Adds `x[offset + i * stride]` for i in [0, n). @throws {RangeError} on a value other than 0 or 1. */
  pushMany(n: number, x: ArrayLike<number>, stride = 1, offset = 0): void {
    for (let i = 0, j = offset; i < n; i++, j += stride) this.push(x[j]);
  }

  /** Adds `trials` trials of which `successes` succeeded. @throws {RangeError} unless 0 ≤ successes ≤ trials. */
  pushCounts(successes: number, trials: number): void {
    checkCounts(successes, trials);
    this.n += trials;
    this.successes += successes;
  }

  /** Adds the trials of `other`; returns this. */
  merge(other: ProportionAccumulator): this {
    this.n += other.n;
    this.successes += other.successes;
    return this;
  }

  /** Wilson score interval at `confidence` (see `wilsonInterval`). */
  interval(confidence = 0.95): Interval {
    return wilsonInterval(this.successes, this.n, confidence);
  }

  snapshot(): ProportionSnapshot {
    return { n: this.n, successes: this.successes, p: this.n === 0 ? Number.NaN : this.successes / this.n };
  }

  toJSON(): ProportionJSON {
    return { n: this.n, successes: this.successes };
  }

  /** @throws {TypeError} or {RangeError} unless 0 ≤ successes ≤ n are integers. */
  static fromJSON(json: Readonly<ProportionJSON>): ProportionAccumulator {
    const a = new ProportionAccumulator();
    a.pushCounts(checkCount(json.successes, "proportion.successes"), checkCount(json.n, "proportion.n"));
    return a;
  }
}

function checkCounts(successes: number, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer (got ${n})`);
  if (!Number.isSafeInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`successes must be an integer in [0, n] = [0, ${n}] (got ${successes})`);
  }
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
}

/**
 * Wilson score interval for a binomial proportion (E. B. Wilson, JASA 22, 1927; recommended by Newcombe,
 * Stat. Med. 17, 1998, and Brown, Cai & DasGupta, Stat. Sci. 16, 2001): the p with |p̂ − p| ≤ z·√(p(1−p)/n),
 * equal to R's `prop.test(x, n, correct = FALSE)$conf.int`.
 *
 * Edge contract: n = 0 → [0, 1]; successes = 0 → lower bound exactly 0, successes = n → upper exactly 1.
 * @throws {RangeError} unless 0 ≤ successes ≤ n are integers and confidence ∈ (0, 1).
 *
 * @example wilsonInterval(81, 263, 0.95) // [0.2553…, 0.3662…] (Newcombe 1998, Table I)
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  checkCounts(successes, n);
  checkConfidence(confidence);
  if (n === 0) return [0, 1];
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const p = successes / n;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return [successes === 0 ? 0 : Math.max(0, center - half), successes === n ? 1 : Math.min(1, center + half)];
}

/**
 * Clopper–Pearson "exact" interval (C. J. Clopper, E. S. Pearson, Biometrika 26, 1934): beta quantiles
 * [B(α/2; x, n−x+1), B(1−α/2; x+1, n−x)] with α = 1 − confidence (stdlib beta quantile), equal to R's
 * `binom.test(x, n)$conf.int`. Conservative: coverage ≥ confidence for every p.
 *
 * Edge contract: n = 0 → [0, 1]; x = 0 → lower 0 and upper 1 − (α/2)^(1/n); x = n → upper 1.
 * @throws {RangeError} unless 0 ≤ successes ≤ n are integers and confidence ∈ (0, 1).
 *
 * @example clopperPearsonInterval(682, 925, 0.95) // [0.70767, 0.76541] (R: binom.test(682, 925))
 */
export function clopperPearsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  checkCounts(successes, n);
  checkConfidence(confidence);
  if (n === 0) return [0, 1];
  const alpha = 1 - confidence;
  const lower = successes === 0 ? 0 : betaQuantile(alpha / 2, successes, n - successes + 1);
  const upper = successes === n ? 1 : betaQuantile(1 - alpha / 2, successes + 1, n - successes);
  return [lower, upper];
}

/**
 * Exact one-sided upper confidence bound for a proportion after 0 successes in n trials:
 * 1 − (1 − confidence)^(1/n), about 3/n at 95 % (the "rule of three", Hanley & Lippman-Hand, JAMA 249, 1983).
 *
 * Edge contract: n = 0 → 1.
 * @throws {RangeError} unless n is a non-negative integer and confidence ∈ (0, 1).
 *
 * @example ruleOfThreeUpper(100, 0.95) // 0.029513… (3/100 = 0.03 by the rule of thumb)
 */
export function ruleOfThreeUpper(n: number, confidence = 0.95): number {
  checkCounts(0, n);
  checkConfidence(confidence);
  if (n === 0) return 1;
  // −expm1(log(1 − c)/n) = 1 − (1 − c)^(1/n) without cancellation for large n.
  return -Math.expm1(Math.log1p(-confidence) / n);
}
