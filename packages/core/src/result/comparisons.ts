import { RECORD } from "../engine/layout.ts";
import type { PointMerger } from "../engine/point-merger.ts";
import { meanInterval } from "../stats/interval-design.ts";
import { benjaminiHochberg, studentTTwoSidedPValue } from "../stats/tests.ts";
import type { Comparison, PointResult } from "./document.ts";

/** Two-sided paired t p-value; an exact difference (sd 0) has p 1 when it is 0 and 0 otherwise. */
function pairedP(meanDiff: number, sd: number, n: number): number {
  if (!(n > 1)) return Number.NaN;
  if (sd === 0) return meanDiff === 0 ? 1 : 0;
  return studentTTwoSidedPValue(meanDiff / (sd / Math.sqrt(n)), n - 1);
}

/**
 * The paired (common random numbers) differences a − b between models at one point, over the trials where both
 * values are finite (`skipped` counts the others, so `meanDiff` need not equal the difference of the reported
 * means), with the p-value from the t distribution's lower tail (precise far out). `q` comes from
 * {@link adjustComparisons} once every point is built.
 */
export function comparisons(pm: PointMerger, confidence: number): Comparison[] {
  const nSlots = pm.layout.slots.length;
  const raw = pm.layout.pairs.map((pair, p) => {
    const at = (nSlots + p) * RECORD;
    const n = pm.moments[at]!;
    const meanDiff = n > 0 ? pm.moments[at + 1]! : Number.NaN;
    const sd = n > 1 ? Math.sqrt(pm.moments[at + 2]! / (n - 1)) : Number.NaN;
    return {
      metric: pair.metric,
      a: pair.a,
      b: pair.b,
      n,
      skipped: pm.pairsSkipped[p]!,
      meanDiff,
      sd,
      ci: (n > 1 ? meanInterval(pm.design, meanDiff, sd, n, confidence) : [Number.NaN, Number.NaN]) as [number, number],
      p: pairedP(meanDiff, sd, n),
    };
  });
  return raw;
}

/**
 * Benjamini–Hochberg q-values over every paired comparison of the document (all points: one family, as a reader
 * scans them), set on each comparison in place of none. NaN p-values stay out of the family and get q NaN.
 */
export function adjustComparisons(points: readonly PointResult[]): PointResult[] {
  const q = benjaminiHochberg(points.flatMap((p) => p.comparisons.map((c) => c.p))).adjusted;
  let i = 0;
  return points.map((p) => ({ ...p, comparisons: p.comparisons.map((c) => ({ ...c, q: q[i++]! })) }));
}
