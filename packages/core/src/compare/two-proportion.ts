import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { wilsonInterval } from "../stats/proportion.ts";

/** Successes out of n trials. */
export interface Counts {
  readonly successes: number;
  readonly n: number;
}

/** Result of {@link twoProportionTest}. */
export interface TwoProportionResult {
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
 * Newcombe's hybrid score interval for a difference of independent proportions p_b − p_a (R. G. Newcombe,
 * Stat. Med. 17, 1998, method 10): from the Wilson intervals [l_a, u_a], [l_b, u_b],
 * [d − √((p_b − l_b)² + (u_a − p_a)²), d + √((u_b − p_b)² + (p_a − l_a)²)]. Good coverage down to 0 successes,
 * where the Wald interval collapses to a point. O(1).
 *
 * Edge contract: n = 0 on either side → [NaN, NaN].
 * @throws {RangeError} unless counts are integers with 0 ≤ successes ≤ n and confidence ∈ (0, 1).
 *
 * @example newcombeInterval({ successes: 48, n: 80 }, { successes: 56, n: 70 }, 0.95) // [0.0524, 0.3339] (Newcombe 1998, Table II, (a))
 */
export function newcombeInterval(a: Counts, b: Counts, confidence: number): [number, number] {
  if (a.n === 0 || b.n === 0) return [Number.NaN, Number.NaN];
  const [la, ua] = wilsonInterval(a.successes, a.n, confidence);
  const [lb, ub] = wilsonInterval(b.successes, b.n, confidence);
  const pa = a.successes / a.n;
  const pb = b.successes / b.n;
  const d = pb - pa;
  return [d - Math.hypot(pb - lb, ua - pa), d + Math.hypot(ub - pb, pa - la)];
}

/**
 * Two-proportion score test of p_b = p_a (the pooled z test; z² is Pearson's χ² of the 2×2 table, so p equals
 * R's `prop.test(c(x_b, x_a), c(n_b, n_a), correct = FALSE)$p.value`), with Newcombe's interval
 * ({@link newcombeInterval}) of the difference. O(1).
 *
 * Edge contract: n = 0 on either side → undefined (no test). Pooled proportion 0 or 1 (no variation at all):
 * z = 0, p = 1.
 * @throws {RangeError} unless counts are integers with 0 ≤ successes ≤ n and confidence ∈ (0, 1).
 *
 * @example twoProportionTest({ successes: 15, n: 50 }, { successes: 25, n: 50 }, 0.95).p // 0.04123 (R: prop.test(c(25, 15), c(50, 50), correct = FALSE))
 */
export function twoProportionTest(a: Counts, b: Counts, confidence: number): TwoProportionResult | undefined {
  if (a.n === 0 || b.n === 0) return undefined;
  const pa = a.successes / a.n;
  const pb = b.successes / b.n;
  const diff = pb - pa;
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  const z = se0 > 0 ? diff / se0 : 0;
  const p = se0 > 0 ? Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1)) : 1;
  return { diff, z, p, ci: newcombeInterval(a, b, confidence) };
}

/**
 * TOST p-value for |p_b − p_a| < delta by inverting Newcombe's interval: the smallest α for which the
 * (1 − 2α) interval lies inside (−delta, delta) (found by bisection; the interval widens monotonically with its
 * level). Consistent with {@link newcombeInterval} at the boundaries, where a Wald TOST would claim too much.
 *
 * Edge contract: n = 0 on either side → NaN; delta ≤ 0 or NaN → 1.
 */
export function twoProportionTost(a: Counts, b: Counts, delta: number): number {
  if (a.n === 0 || b.n === 0) return Number.NaN;
  if (!(delta > 0)) return 1;
  const inside = (alpha: number): boolean => {
    const [lo, hi] = newcombeInterval(a, b, 1 - 2 * alpha);
    return lo > -delta && hi < delta;
  };
  // α ∈ (0, 0.5): a 0-level interval is the point estimate itself.
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
