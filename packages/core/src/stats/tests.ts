import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import { type Interval, studentTQuantile } from "./intervals.ts";
import { wilsonInterval } from "./proportion.ts";

/**
 * Student-t cdf P(T ≤ t) with `df` degrees of freedom (stdlib `@stdlib/stats-base-dists-t-cdf`); df = +∞
 * gives the normal cdf (stdlib itself returns 0.5 there). Edge contract: df ≤ 0 or NaN → NaN.
 */
export function studentTCdf(t: number, df: number): number {
  return df === Number.POSITIVE_INFINITY ? normalCdf(t, 0, 1) : tCdf(t, df);
}

/**
 * Two-sided p-value 2·P(T ≤ −|t|) of a t statistic, computed from the lower tail so that tiny p-values keep
 * their precision. Edge contract: t = ±∞ → 0; NaN t or df → NaN.
 */
export function studentTTwoSidedPValue(t: number, df: number): number {
  return Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
}

/** Result of `welchTest`. */
export interface WelchTestResult {
  /** m1 − m2. */
  readonly diff: number;
  /** √(s1²/n1 + s2²/n2). */
  readonly se: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  readonly t: number;
  /** Two-sided p-value. */
  readonly p: number;
  /** diff ± t_{1−(1−c)/2, df} · se. @throws {RangeError} unless confidence ∈ (0, 1). */
  ci(confidence?: number): Interval;
}

/**
 * Welch's unequal-variance t-test of two means from summary statistics (B. L. Welch, Biometrika 34, 1947;
 * df by Welch–Satterthwaite), equal to R's `t.test(x, y)` and SciPy's `ttest_ind(x, y, equal_var=False)`.
 *
 * Edge contract: n1 < 2 or n2 < 2 → df, t, p NaN; both sd 0 → se 0, t = ±∞ (p 0) or NaN (equal means).
 *
 * @example welchTest(0.75, 1.789, 10, 2.33, 2.002, 10).p // ≈ 0.0794 (R: t.test(extra ~ group, sleep))
 */
export function welchTest(m1: number, s1: number, n1: number, m2: number, s2: number, n2: number): WelchTestResult {
  const v1 = (s1 * s1) / n1;
  const v2 = (s2 * s2) / n2;
  const diff = m1 - m2;
  const se = Math.sqrt(v1 + v2);
  const df = n1 < 2 || n2 < 2 ? Number.NaN : (v1 + v2) ** 2 / ((v1 * v1) / (n1 - 1) + (v2 * v2) / (n2 - 1));
  const t = Number.isNaN(df) ? Number.NaN : diff / se;
  const p = studentTTwoSidedPValue(t, df);
  return {
    diff,
    se,
    df,
    t,
    p,
    ci(confidence = 0.95): Interval {
      const h = studentTQuantile(twoSidedLevel(confidence), df) * se;
      return [diff - h, diff + h];
    },
  };
}

/** Result of `twoProportionTest`. */
export interface TwoProportionTestResult {
  /** x1/n1 − x2/n2. */
  readonly diff: number;
  /** Pooled-variance z statistic. */
  readonly z: number;
  /** Two-sided p-value. */
  readonly p: number;
  /** Newcombe hybrid score interval for the difference. @throws {RangeError} unless confidence ∈ (0, 1). */
  ci(confidence?: number): Interval;
}

/**
 * Two-sample test of proportions: pooled z-test (z² is Pearson's chi-square of the 2×2 table, R's
 * `prop.test(c(x1, x2), c(n1, n2), correct = FALSE)`), with the Newcombe hybrid score interval for the
 * difference (R. G. Newcombe, "Interval estimation for the difference between independent proportions",
 * Stat. Med. 17, 1998, method 10: built from the two Wilson intervals; good coverage, no Wald collapse at 0
 * or n).
 *
 * Edge contract: n1 = 0 or n2 = 0 → diff, z, p NaN and ci [−1, 1]; both proportions 0 or both 1 → z 0, p 1.
 * @throws {RangeError} unless 0 ≤ x ≤ n are integers (from the Wilson intervals, when ci is called).
 *
 * @example twoProportionTest(56, 70, 48, 80).ci(0.95) // [0.0524, 0.3339] (Newcombe 1998, example (a))
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): TwoProportionTestResult {
  if (n1 === 0 || n2 === 0) {
    return { diff: Number.NaN, z: Number.NaN, p: Number.NaN, ci: () => [-1, 1] };
  }
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const diff = p1 - p2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se0 === 0 ? 0 : diff / se0;
  const p = Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
  return {
    diff,
    z,
    p,
    ci(confidence = 0.95): Interval {
      const [l1, u1] = wilsonInterval(x1, n1, confidence);
      const [l2, u2] = wilsonInterval(x2, n2, confidence);
      return [diff - Math.hypot(p1 - l1, u2 - p2), diff + Math.hypot(u1 - p1, p2 - l2)];
    },
  };
}

/** Result of `benjaminiHochberg`, index-aligned with the input. */
export interface BenjaminiHochbergResult {
  readonly rejected: boolean[];
  /** BH-adjusted p-values (R `p.adjust(p, "BH")`), capped at 1. */
  readonly adjusted: number[];
}

/**
 * Benjamini–Hochberg step-up procedure controlling the false discovery rate at q (Y. Benjamini, Y. Hochberg,
 * JRSS B 57, 1995): adjusted p_(i) = min over j ≥ i of m·p_(j)/j; a hypothesis is rejected when its adjusted
 * p ≤ q. O(m log m).
 *
 * Edge contract: NaN p-values are not counted in m, get adjusted NaN and are never rejected (as R's
 * `p.adjust`); an empty input gives empty arrays.
 * @throws {RangeError} when a p-value is outside [0, 1] or q ∉ (0, 1].
 *
 * @example benjaminiHochberg([0.01, 0.04, 0.03, 0.005], 0.05).adjusted // [0.02, 0.04, 0.04, 0.02]
 */
export function benjaminiHochberg(pValues: readonly number[], q = 0.05): BenjaminiHochbergResult {
  if (!(q > 0 && q <= 1)) throw new RangeError(`q must be in (0, 1] (got ${q})`);
  const order: number[] = [];
  pValues.forEach((p, i) => {
    if (Number.isNaN(p)) return;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`pValues[${i}] must be in [0, 1] (got ${p})`);
    order.push(i);
  });
  order.sort((a, b) => pValues[a] - pValues[b] || a - b);
  const m = order.length;
  const adjusted = pValues.map(() => Number.NaN);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const i = order[k];
    running = Math.min(running, (pValues[i] * m) / (k + 1));
    adjusted[i] = running;
  }
  return { rejected: adjusted.map((p) => p <= q), adjusted };
}

/** Result of `tostEquivalence`. */
export interface TostResult {
  /** p-value of H0: diff ≤ −margin. */
  readonly pLower: number;
  /** p-value of H0: diff ≥ +margin. */
  readonly pUpper: number;
  /** max(pLower, pUpper): the TOST p-value. */
  readonly p: number;
  /** p < alpha: the difference lies within ±margin at level alpha. */
  readonly equivalent: boolean;
  /** The (1 − 2·alpha) interval diff ± t_{1−alpha, df}·se; equivalent exactly when it lies inside ±margin. */
  readonly ci: Interval;
}

/**
 * Two one-sided tests (TOST) for equivalence of a difference within ±margin (D. J. Schuirmann, J.
 * Pharmacokinet. Biopharm. 15, 1987), from a difference, its standard error and degrees of freedom (df = +∞
 * for a z-test).
 *
 * Edge contract: se = 0 → t = ±∞ and p 0 or 1 (NaN when diff = ±margin exactly).
 * @throws {RangeError} unless margin > 0 and alpha ∈ (0, 0.5).
 *
 * @example tostEquivalence(0.3, 0.2, 20, 1, 0.05).p // 0.0011276 (SciPy: t.cdf((0.3 - 1)/0.2, 20))
 */
export function tostEquivalence(diff: number, se: number, df: number, margin: number, alpha = 0.05): TostResult {
  if (!(margin > 0)) throw new RangeError(`margin must be positive (got ${margin})`);
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`alpha must be in (0, 0.5) (got ${alpha})`);
  const pLower = studentTCdf(-(diff + margin) / se, df);
  const pUpper = studentTCdf((diff - margin) / se, df);
  const p = Math.max(pLower, pUpper);
  const h = studentTQuantile(1 - alpha, df) * se;
  return { pLower, pUpper, p, equivalent: p < alpha, ci: [diff - h, diff + h] };
}

function twoSidedLevel(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  return 1 - (1 - confidence) / 2;
}
