import { twoProportionTest } from "../stats/tests.ts";

/** Successes out of n trials. */
export interface Counts {
  readonly successes: number;
  readonly n: number;
}

/** Result of {@link proportionDifference}. */
export interface ProportionDifference {
  /** p_b − p_a. */
  readonly diff: number;
  /** Score statistic z = (p_b − p_a)/√(p̄(1 − p̄)(1/n_a + 1/n_b)), p̄ the pooled proportion. */
  readonly z: number;
  /** Two-sided p-value of equal proportions. */
  readonly p: number;
  /** Newcombe's hybrid score interval of p_b − p_a. */
  readonly ci: [number, number];
}

/**
 * Two-proportion score test of p_b = p_a (stats `twoProportionTest`: the pooled z test, z² = Pearson's χ², equal
 * to R's `prop.test(c(x_b, x_a), c(n_b, n_a), correct = FALSE)`), with Newcombe's hybrid score interval (1998,
 * method 10) of b − a. O(1).
 *
 * Edge contract: n = 0 on either side → undefined (no test). Pooled proportion 0 or 1: z = 0, p = 1.
 * @throws {RangeError} unless counts are integers with 0 ≤ successes ≤ n and confidence ∈ (0, 1).
 *
 * @example proportionDifference({ successes: 15, n: 50 }, { successes: 25, n: 50 }, 0.95).p // 0.04123 (R: prop.test(c(25, 15), c(50, 50), correct = FALSE))
 */
export function proportionDifference(a: Counts, b: Counts, confidence: number): ProportionDifference | undefined {
  if (a.n === 0 || b.n === 0) return undefined;
  const t = twoProportionTest(b.successes, b.n, a.successes, a.n);
  return { diff: t.diff, z: t.z, p: t.p, ci: t.ci(confidence) };
}

/**
 * TOST p-value for |p_b − p_a| < delta by inverting Newcombe's interval: the smallest α for which the
 * (1 − 2α) interval lies inside (−delta, delta), found by bisection (the interval widens monotonically with its
 * level). Consistent with the reported interval at 0 or n successes, where a Wald TOST would claim too much.
 *
 * Edge contract: n = 0 on either side → NaN; delta ≤ 0 or NaN → 1; p below 1e-12 is reported as 1e-12.
 */
export function proportionEquivalenceP(a: Counts, b: Counts, delta: number): number {
  if (a.n === 0 || b.n === 0) return Number.NaN;
  if (!(delta > 0)) return 1;
  const t = twoProportionTest(b.successes, b.n, a.successes, a.n);
  const inside = (alpha: number): boolean => {
    const [lo, hi] = t.ci(1 - 2 * alpha);
    return lo > -delta && hi < delta;
  };
  // α ∈ (0, ½): at level 1 − 2α → 0 the interval shrinks to the point estimate.
  const eps = 1e-12;
  if (!inside(0.5 - eps)) return 1;
  if (inside(eps)) return eps;
  let lo = eps;
  let hi = 0.5 - eps;
  for (let i = 0; i < 60 && hi - lo > 1e-10; i++) {
    const mid = 0.5 * (lo + hi);
    if (inside(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
