import type { ContinuousMetric } from "../result/document.ts";
import { type BatchPair, pairedBatchDifference, pairedEquivalenceP } from "./paired-batches.ts";
import { type Extra, type MetricContext, type Raw, relative, untested, type Where } from "./raw.ts";
import { type Counts, proportionDifference, proportionEquivalenceP } from "./two-proportion.ts";
import type { ComparedStatistic, CompareSide } from "./types.ts";
import { welchDifference, welchEquivalenceP } from "./welch.ts";

/** A tested comparison from its difference; TOST at ±margin·|a| when a margin is set. */
function tested(
  where: Where,
  statistic: ComparedStatistic,
  sides: readonly [CompareSide, CompareSide],
  test: Raw["test"],
  d: { diff: number; ci: readonly [number, number]; statistic: number; p: number; df?: number },
  ctx: MetricContext,
  equivalenceP: (delta: number) => number,
  extra: Extra = {},
): Raw {
  const [a, b] = sides;
  const raw: Raw = {
    ...where,
    statistic,
    ...extra,
    test,
    a,
    b,
    diff: d.diff,
    relDiff: relative(d.diff, a.estimate),
    ci: [d.ci[0], d.ci[1]],
    statisticValue: d.statistic,
    ...(d.df === undefined ? {} : { df: d.df }),
    p: d.p,
  };
  if (ctx.margin === undefined) return raw;
  const delta = ctx.margin * Math.abs(a.estimate);
  return { ...raw, delta, tostP: equivalenceP(delta) };
}

/** The paired batch test of one statistic when the runs are aligned and both sides carry batch means. */
function paired(
  where: Where,
  statistic: ComparedStatistic,
  sides: readonly [CompareSide, CompareSide],
  batches: Omit<BatchPair, "trials"> | undefined,
  ctx: MetricContext,
): Raw | undefined {
  if (ctx.aligned === undefined || batches === undefined) return undefined;
  const d = pairedBatchDifference({ trials: ctx.aligned, ...batches }, ctx.confidence);
  if (d === undefined) return undefined;
  const stats = { diff: d.diff, ci: d.ci, statistic: d.t, p: d.p, df: d.df };
  return tested(where, statistic, sides, "paired-batch-t", stats, ctx, (delta) => pairedEquivalenceP(d, delta));
}

/** b − a of the mean of the finite values: paired over aligned batches, else Welch's t. */
export function compareMeans(where: Where, a: ContinuousMetric, b: ContinuousMetric, ctx: MetricContext): Raw {
  const sides = [
    { n: a.n, estimate: a.mean, sd: a.sd },
    { n: b.n, estimate: b.mean, sd: b.sd },
  ] as const;
  const batches =
    a.batchMeans && b.batchMeans
      ? {
          a: a.batchMeans,
          b: b.batchMeans,
          ...(a.batchFinite ? { weightA: a.batchFinite } : {}),
          ...(b.batchFinite ? { weightB: b.batchFinite } : {}),
        }
      : undefined;
  const pairedRaw = paired(where, "mean", sides, batches, ctx);
  if (pairedRaw !== undefined) return pairedRaw;
  const sa = { n: a.n, mean: a.mean, sd: a.sd };
  const sb = { n: b.n, mean: b.mean, sd: b.sd };
  const w = welchDifference(sa, sb, ctx.confidence);
  if (w === undefined) {
    const why = a.n < 2 || b.n < 2 ? `fewer than 2 finite values (n = ${a.n} vs ${b.n})` : "non-finite mean or sd";
    return untested(where, "mean", sides[0], sides[1], why);
  }
  const stats = { diff: w.diff, ci: w.ci, statistic: w.t, p: w.p, df: w.df };
  return tested(where, "mean", sides, "welch-t", stats, ctx, (delta) => welchEquivalenceP(sa, sb, delta));
}

/**
 * b − a of a fraction of trials (a proportion, the non-finite fraction, an exceedance): paired over aligned
 * batches when both sides have batch fractions, else the two-proportion score test.
 */
export function compareCounts(
  where: Where,
  statistic: ComparedStatistic,
  a: Counts,
  b: Counts,
  ctx: MetricContext,
  batches?: Omit<BatchPair, "trials">,
  extra: Extra = {},
): Raw {
  const side = (c: Counts): CompareSide => ({
    n: c.n,
    estimate: c.n > 0 ? c.successes / c.n : Number.NaN,
    successes: c.successes,
  });
  const sides = [side(a), side(b)] as const;
  const pairedRaw = paired(where, statistic, sides, batches, ctx);
  if (pairedRaw !== undefined) return pairedRaw;
  const t = proportionDifference(a, b, ctx.confidence);
  if (t === undefined) return untested(where, statistic, sides[0], sides[1], `no trials (n = ${a.n} vs ${b.n})`, extra);
  const stats = { diff: t.diff, ci: t.ci, statistic: t.z, p: t.p };
  const equivalence = (delta: number) => proportionEquivalenceP(a, b, delta);
  return tested(where, statistic, sides, "two-proportion-score", stats, ctx, equivalence, extra);
}

/** Fraction of non-finite values in each batch, from its finite count (all finite when `batchFinite` is absent). */
export function nonFiniteFractions(m: ContinuousMetric, trials: readonly number[]): number[] | undefined {
  if (m.batchMeans === undefined) return undefined;
  return trials.map((t, k) => (m.batchFinite === undefined ? 0 : 1 - m.batchFinite[k]! / t));
}
