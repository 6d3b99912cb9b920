import normalQuantileStdlib from "@stdlib/stats-base-dists-normal-quantile";
import tQuantileStdlib from "@stdlib/stats-base-dists-t-quantile";

/** A confidence interval `[lower, upper]`. */
export type Interval = [lower: number, upper: number];

/**
 * Standard normal quantile Φ⁻¹(p) (stdlib `@stdlib/stats-base-dists-normal-quantile`, via the inverse error
 * function). Edge contract: p = 0 → −∞, p = 1 → +∞, p ∉ [0, 1] or NaN → NaN.
 *
 * @example normalQuantile(0.975) // 1.959963984540054 (R: qnorm(0.975) = 1.959964)
 */
export function normalQuantile(p: number): number {
  return normalQuantileStdlib(p, 0, 1);
}

// A run asks for the same t quantile again and again (every slot of a point has the same trials at a checkpoint,
// every point the same confidence), and the stdlib computes each by iterating an inverse incomplete beta (~0.1 ms):
// the last ones are kept. Same arguments, same value, so the cache cannot change a result.
const tQuantiles = new Map<string, number>();
const T_QUANTILES_KEPT = 1024;

/**
 * Student-t quantile with `df` degrees of freedom (stdlib `@stdlib/stats-base-dists-t-quantile`, inverse of
 * the regularized incomplete beta function). df = +∞ gives the normal quantile (stdlib itself returns NaN).
 * Edge contract: df ≤ 0 or NaN → NaN; p ∉ [0, 1] → NaN.
 *
 * @example studentTQuantile(0.975, 9) // 2.262157162798205 (R: qt(0.975, 9) = 2.262157)
 */
export function studentTQuantile(p: number, df: number): number {
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p);
  const key = `${p} ${df}`;
  let q = tQuantiles.get(key);
  if (q === undefined) {
    q = tQuantileStdlib(p, df);
    if (tQuantiles.size >= T_QUANTILES_KEPT) tQuantiles.clear();
    tQuantiles.set(key, q);
  }
  return q;
}

/** Two-sided critical value quantile(1 − (1 − confidence)/2). @throws {RangeError} unless confidence ∈ (0, 1). */
function upperTail(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  return 1 - (1 - confidence) / 2;
}

/**
 * Half-width t_{1−(1−c)/2, n−1} · sd/√n of the Student-t interval for a mean.
 * Edge contract: n < 2 → +∞ (no variance estimate).
 * @throws {RangeError} unless confidence ∈ (0, 1).
 */
export function studentTHalfWidth(sd: number, n: number, confidence = 0.95): number {
  const p = upperTail(confidence);
  if (!(n >= 2)) return Number.POSITIVE_INFINITY;
  return (studentTQuantile(p, n - 1) * sd) / Math.sqrt(n);
}

/**
 * Half-width z_{1−(1−c)/2} · sd/√n of the normal (large-sample) interval for a mean.
 * Edge contract: n < 1 → +∞.
 * @throws {RangeError} unless confidence ∈ (0, 1).
 */
export function normalHalfWidth(sd: number, n: number, confidence = 0.95): number {
  const p = upperTail(confidence);
  if (!(n >= 1)) return Number.POSITIVE_INFINITY;
  return (normalQuantile(p) * sd) / Math.sqrt(n);
}

/**
 * Student-t confidence interval mean ± t_{1−(1−c)/2, n−1} · sd/√n, exact for normal data and the standard
 * Monte Carlo interval otherwise (as OpenMC's tallies).
 *
 * Edge contract: n < 2 → [−∞, +∞] (documented choice: no finite interval without a variance estimate);
 * NaN mean or sd → NaN bounds.
 * @throws {RangeError} unless confidence ∈ (0, 1).
 *
 * @example studentTInterval(10, 2, 10, 0.95) // [8.5693…, 11.4307…] (R: 10 + c(-1, 1) * qt(0.975, 9) * 2 / sqrt(10))
 */
export function studentTInterval(mean: number, sd: number, n: number, confidence = 0.95): Interval {
  const h = studentTHalfWidth(sd, n, confidence);
  if (h === Number.POSITIVE_INFINITY) return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  return [mean - h, mean + h];
}
