import type { Interval } from "./intervals.ts";

/**
 * Half-width of the two-sided asymptotic confidence sequence for a mean (I. Waudby-Smith, D. Arnold, J. Wu,
 * S. R. Howard, A. Ramdas, "Time-uniform central limit theory and asymptotic confidence sequences", Ann. Statist.
 * 2024, arXiv:2103.06476, Theorem 2.2 with Robbins' normal mixture):
 *
 *   h_n = sd · √( 2(nρ² + 1) / (n²ρ²) · log(√(nρ² + 1) / α) ),  α = 1 − confidence,
 *
 * with ρ² = (−2 log α + log(−2 log α + 1)) / n* so that the sequence is tightest at n = n* (their eq. 2.8).
 * Unlike the fixed-n interval, mean ± h_n covers the mean at every n simultaneously (asymptotically), so an
 * interval reported at a data-dependent stopping time keeps its level: this is what `stop.method: sequential`
 * stops on and reports. At n = n* it is about 1.55 times as wide as the Student-t interval at 95 %.
 *
 * Edge contract: n < 2 → +∞; NaN sd → NaN.
 * @throws {RangeError} unless confidence ∈ (0, 1) and nStar > 0.
 *
 * @example confidenceSequenceHalfWidth(1, 1000, 0.95, 1000) // 0.0958… (Student-t: 0.0620)
 */
export function confidenceSequenceHalfWidth(sd: number, n: number, confidence: number, nStar: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  if (!(nStar > 0)) throw new RangeError(`nStar must be positive (got ${nStar})`);
  if (!(n >= 2)) return Number.POSITIVE_INFINITY;
  const alpha = 1 - confidence;
  const rho2 = (-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / nStar;
  const v = n * rho2 + 1;
  return sd * Math.sqrt(((2 * v) / (n * n * rho2)) * Math.log(Math.sqrt(v) / alpha));
}

/** mean ± `confidenceSequenceHalfWidth`; [−∞, ∞] when n < 2. */
export function confidenceSequenceInterval(
  mean: number,
  sd: number,
  n: number,
  confidence: number,
  nStar: number,
): Interval {
  const h = confidenceSequenceHalfWidth(sd, n, confidence, nStar);
  if (h === Number.POSITIVE_INFINITY) return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  return [mean - h, mean + h];
}

/**
 * The confidence sequence for a proportion of `successes` in n trials: the mean's sequence with the plug-in
 * standard deviation √(p̃(1 − p̃)), p̃ = (successes + 1)/(n + 2) (so that it does not collapse at 0 or n), clipped
 * to [0, 1].
 *
 * Edge contract: n = 0 → [0, 1].
 */
export function proportionConfidenceSequence(
  successes: number,
  n: number,
  confidence: number,
  nStar: number,
): Interval {
  if (n === 0) return [0, 1];
  const smoothed = (successes + 1) / (n + 2);
  const h = confidenceSequenceHalfWidth(Math.sqrt(smoothed * (1 - smoothed)), n, confidence, nStar);
  const p = successes / n;
  return [Math.max(0, p - h), Math.min(1, p + h)];
}
