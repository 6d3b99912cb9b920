import type { PointResult, ResultDocument } from "../result/document.ts";
import { studentTQuantile } from "../stats/intervals.ts";
import { studentTTwoSidedPValue, tostEquivalence } from "../stats/tests.ts";
import type { WelchDifference } from "./welch.ts";

/** The batch means of one statistic on both sides, with optional per-side weights (default: batch trials). */
export interface BatchPair {
  readonly trials: readonly number[];
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly weightA?: readonly number[];
  readonly weightB?: readonly number[];
}

/**
 * Result of {@link pairedBatchDifference}: `diff` is the weighted mean of the batch differences b_k − a_k (= b − a
 * when every value is finite), `df` the batches used − 1.
 */
export interface PairedBatchDifference extends WelchDifference {
  readonly batches: number;
}

/**
 * The batch trials of a point pair when the two runs are aligned: same simulation, seed and point index, and the
 * same trials in every batch, so batch k of both runs covers the same trials with the same random numbers.
 * Undefined otherwise (or with fewer than 2 batches).
 */
export function alignedBatchTrials(
  a: ResultDocument,
  b: ResultDocument,
  pa: PointResult,
  pb: PointResult,
): readonly number[] | undefined {
  if (a.simulation !== b.simulation || a.seed !== b.seed || pa.index !== pb.index) return undefined;
  const ta = pa.batchTrials;
  const tb = pb.batchTrials;
  if (ta === undefined || tb === undefined || ta.length < 2 || ta.length !== tb.length) return undefined;
  return ta.every((t, k) => t === tb[k]) ? ta : undefined;
}

/**
 * Paired t test of b − a over aligned batches (batch means: L. W. Schruben, Oper. Res. 31, 1983; pairing is
 * common random numbers across the runs). With d_k = b_k − a_k and weights w_k (the batch's values, averaged
 * over the sides), d̄ = Σ w_k d_k / W, s² = Σ w_k (d_k − d̄)² / (K − 1) estimates the per-trial variance of the
 * difference and se = √(s²/W); t = d̄/se has K − 1 degrees of freedom. Valid whether or not the runs are
 * correlated (the batches are independent of each other); powerful when they are, since Var(d) = σ_a² + σ_b² −
 * 2 cov. O(K).
 *
 * Edge contract: batches with a zero weight or a NaN mean on either side are left out; fewer than 2 left →
 * undefined. se = 0: p = 1 when d̄ = 0, else 0, interval [d̄, d̄].
 * @throws {RangeError} unless confidence ∈ (0, 1).
 */
export function pairedBatchDifference(batches: BatchPair, confidence: number): PairedBatchDifference | undefined {
  const d: number[] = [];
  const w: number[] = [];
  batches.trials.forEach((trials, k) => {
    const wa = batches.weightA?.[k] ?? trials;
    const wb = batches.weightB?.[k] ?? trials;
    const diff = batches.b[k]! - batches.a[k]!;
    if (wa > 0 && wb > 0 && Number.isFinite(diff)) {
      d.push(diff);
      w.push((wa + wb) / 2);
    }
  });
  if (d.length < 2) return undefined;
  const total = w.reduce((s, x) => s + x, 0);
  const mean = d.reduce((s, x, k) => s + w[k]! * x, 0) / total;
  const s2 = d.reduce((s, x, k) => s + w[k]! * (x - mean) ** 2, 0) / (d.length - 1);
  const se = Math.sqrt(s2 / total);
  const df = d.length - 1;
  if (se === 0) {
    const p = mean === 0 ? 1 : 0;
    return {
      diff: mean,
      se,
      df,
      t: mean === 0 ? 0 : Math.sign(mean) * Infinity,
      p,
      ci: [mean, mean],
      batches: d.length,
    };
  }
  const t = mean / se;
  const h = studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  return { diff: mean, se, df, t, p: studentTTwoSidedPValue(t, df), ci: [mean - h, mean + h], batches: d.length };
}

/** TOST p-value of |b − a| < delta from a paired batch difference (1 when delta ≤ 0). */
export function pairedEquivalenceP(d: PairedBatchDifference, delta: number): number {
  if (!(delta > 0)) return 1;
  if (d.se === 0) return Math.abs(d.diff) < delta ? 0 : 1;
  return tostEquivalence(d.diff, d.se, d.df, delta).p;
}
