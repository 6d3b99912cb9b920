import { tostEquivalence, welchTest } from "../stats/tests.ts";

/** Summary of one sample: size, mean and standard deviation (n − 1 denominator). */
export interface SampleSummary {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
}

/** Result of {@link welchDifference}. */
export interface WelchDifference {
  /** b.mean − a.mean. */
  readonly diff: number;
  /** Standard error of the difference, √(s_a²/n_a + s_b²/n_b). */
  readonly se: number;
  /** Welch–Satterthwaite degrees of freedom (+∞ when both standard errors are 0). */
  readonly df: number;
  readonly t: number;
  /** Two-sided p-value of equal means. */
  readonly p: number;
  readonly ci: [number, number];
}

/**
 * Welch's t test of b − a from summaries (stats `welchTest`, equal to R's `t.test(b, a, var.equal = FALSE)`),
 * with the edge cases a comparison of two result documents meets decided here. O(1).
 *
 * Edge contract: n < 2 or a non-finite mean/sd on either side → undefined (no test). Both standard errors 0:
 * the difference is exact, so p = 1 when the means are equal and p = 0 otherwise, with the interval [d, d].
 *
 * @example welchDifference({ n: 10, mean: 0.75, sd: 1.789 }, { n: 10, mean: 2.33, sd: 2.002 }, 0.95)
 * // { diff: 1.58, t: 1.8608, df: 17.776, p: 0.07939, ci: [-0.2055, 3.3655] } (R: t.test(extra ~ group, data = sleep))
 */
export function welchDifference(a: SampleSummary, b: SampleSummary, confidence: number): WelchDifference | undefined {
  if (!(a.n >= 2 && b.n >= 2)) return undefined;
  if (![a.mean, a.sd, b.mean, b.sd].every(Number.isFinite)) return undefined;
  const w = welchTest(b.mean, b.sd, b.n, a.mean, a.sd, a.n);
  if (w.se === 0) {
    const { diff } = w;
    return {
      diff,
      se: 0,
      df: Number.POSITIVE_INFINITY,
      t: diff === 0 ? 0 : Math.sign(diff) * Number.POSITIVE_INFINITY,
      p: diff === 0 ? 1 : 0,
      ci: [diff, diff],
    };
  }
  return { diff: w.diff, se: w.se, df: w.df, t: w.t, p: w.p, ci: w.ci(confidence) };
}

/**
 * TOST p-value (stats `tostEquivalence`, Schuirmann 1987) of |b − a| < delta from Welch's difference.
 *
 * Edge contract: untestable samples (see {@link welchDifference}) → NaN; delta ≤ 0 or NaN → 1 (equivalence
 * cannot be shown); both standard errors 0 → 0 when |diff| < delta, else 1.
 */
export function welchEquivalenceP(a: SampleSummary, b: SampleSummary, delta: number): number {
  const w = welchDifference(a, b, 0.95);
  if (w === undefined) return Number.NaN;
  if (!(delta > 0)) return 1;
  if (w.se === 0) return Math.abs(w.diff) < delta ? 0 : 1;
  return tostEquivalence(w.diff, w.se, w.df, delta).p;
}
