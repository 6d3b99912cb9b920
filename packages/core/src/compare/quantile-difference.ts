import { normalQuantile } from "../stats/intervals.ts";
import { studentTTwoSidedPValue } from "../stats/tests.ts";

/** One side's quantile: its estimate and its interval at level `confidence` (as stored in the document). */
export interface QuantileSide {
  readonly estimate: number;
  readonly ci: readonly [number, number];
  readonly confidence: number;
}

/** Result of {@link quantileDifference}. */
export interface QuantileDifference {
  /** b − a. */
  readonly diff: number;
  readonly se: number;
  readonly z: number;
  readonly p: number;
  readonly ci: [number, number];
}

/**
 * z test of b − a for one quantile of two independent runs. Each side's standard error is read off its
 * distribution-free order-statistic interval as (upper − lower)/(2 z_c), the order-statistic estimator of a
 * quantile's standard error (J. W. McKean, R. M. Schrader, "A comparison of methods for studentizing the sample
 * median", Commun. Stat. Simul. Comput. 13, 1984), so se = √(se_a² + se_b²) and z = (b − a)/se is asymptotically
 * normal for a continuous distribution with a positive density at the quantile. O(1).
 *
 * Edge contract: a non-finite estimate or interval end on either side (a tail reaching ∞, or too few trials to
 * bound the quantile) → undefined (no test). se = 0: p = 1 when the estimates are equal, else 0.
 * @throws {RangeError} unless confidence ∈ (0, 1).
 */
export function quantileDifference(
  a: QuantileSide,
  b: QuantileSide,
  confidence: number,
): QuantileDifference | undefined {
  const numbers = [a.estimate, b.estimate, ...a.ci, ...b.ci];
  if (!numbers.every(Number.isFinite)) return undefined;
  const seOf = (s: QuantileSide) => (s.ci[1] - s.ci[0]) / (2 * normalQuantile(1 - (1 - s.confidence) / 2));
  const se = Math.hypot(seOf(a), seOf(b));
  const diff = b.estimate - a.estimate;
  if (se === 0)
    return { diff, se, z: diff === 0 ? 0 : Math.sign(diff) * Infinity, p: diff === 0 ? 1 : 0, ci: [diff, diff] };
  const z = diff / se;
  const h = normalQuantile(1 - (1 - confidence) / 2) * se;
  return { diff, se, z, p: studentTTwoSidedPValue(z, Number.POSITIVE_INFINITY), ci: [diff - h, diff + h] };
}
