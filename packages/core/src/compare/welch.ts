import tCdf from "@stdlib/stats-base-dists-t-cdf";
import { studentTQuantile } from "../stats/intervals.ts";

/** Summary of one sample: size, mean and standard deviation (n − 1 denominator). */
export interface SampleSummary {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
}

/** Result of {@link welchTest}. */
export interface WelchResult {
  /** b.mean − a.mean. */
  readonly diff: number;
  /** Standard error of the difference, √(s_a²/n_a + s_b²/n_b). */
  readonly se: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  readonly t: number;
  /** Two-sided p-value of equal means. */
  readonly p: number;
  readonly ci: [number, number];
}

/**
 * Welch's unequal-variance t test of b − a from summaries (B. L. Welch, Biometrika 34, 1947; F. E.
 * Satterthwaite, Biometrics Bull. 2, 1946): t = (m_b − m_a)/√(s_a²/n_a + s_b²/n_b) with
 * df = (v_a + v_b)² / (v_a²/(n_a − 1) + v_b²/(n_b − 1)), v = s²/n. Equal to R's `t.test(b, a, var.equal = FALSE)`.
 * O(1).
 *
 * Edge contract: n < 2 or a non-finite mean/sd on either side → undefined (no test). Both standard errors 0:
 * the difference is exact, so p = 1 when the means are equal and p = 0 otherwise, with the interval [d, d].
 *
 * @example welchTest({ n: 10, mean: 0.75, sd: 1.78901 }, { n: 10, mean: 2.33, sd: 2.002249 }, 0.95)
 * // { diff: 1.58, t: 1.8608, df: 17.776, p: 0.07939, ci: [-0.2055, 3.3655] } (R: sleep data, below)
 */
export function welchTest(a: SampleSummary, b: SampleSummary, confidence: number): WelchResult | undefined {
  if (!(a.n >= 2 && b.n >= 2)) return undefined;
  if (![a.mean, a.sd, b.mean, b.sd].every(Number.isFinite)) return undefined;
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const diff = b.mean - a.mean;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    return {
      diff,
      se,
      df: Number.POSITIVE_INFINITY,
      t: diff === 0 ? 0 : Math.sign(diff) * Number.POSITIVE_INFINITY,
      p: diff === 0 ? 1 : 0,
      ci: [diff, diff],
    };
  }
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const t = diff / se;
  // 2·F(−|t|) rather than 2·(1 − F(|t|)): no cancellation for tiny p.
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const h = studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  return { diff, se, df, t, p, ci: [diff - h, diff + h] };
}

/**
 * Two one-sided Welch t tests (TOST, D. J. Schuirmann, J. Pharmacokin. Biopharm. 15, 1987) of
 * H0: |b − a| ≥ delta against |b − a| < delta. Returns the TOST p-value max(p_lower, p_upper).
 *
 * Edge contract: delta ≤ 0 or NaN → 1 (equivalence cannot be shown); untestable samples (see `welchTest`) → NaN;
 * both standard errors 0 → 0 when |diff| < delta, else 1.
 */
export function welchTost(a: SampleSummary, b: SampleSummary, delta: number): number {
  const w = welchTest(a, b, 0.95);
  if (w === undefined) return Number.NaN;
  if (!(delta > 0)) return 1;
  if (w.se === 0) return Math.abs(w.diff) < delta ? 0 : 1;
  const pLower = tCdf(-(w.diff + delta) / w.se, w.df); // H0: diff ≤ −delta
  const pUpper = tCdf((w.diff - delta) / w.se, w.df); // H0: diff ≥ +delta
  return Math.max(pLower, pUpper);
}
