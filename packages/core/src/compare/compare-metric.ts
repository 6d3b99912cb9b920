import type { ContinuousMetric, MetricResult, ProportionMetric } from "../result/document.ts";
import { tostEquivalence } from "../stats/tests.ts";
import { compareCounts, compareMeans, nonFiniteFractions } from "./mean-and-counts.ts";
import { type QuantileDifference, quantileDifference } from "./quantile-difference.ts";
import { type MetricContext, type Raw, relative, untested, type Where } from "./raw.ts";

/** Quantiles compared between runs (over all trials). */
export const COMPARED_QUANTILES = ["p50", "p90", "p99"] as const;

function isCounts(c: { n: number; successes: number }): boolean {
  return (
    Number.isSafeInteger(c.n) && Number.isSafeInteger(c.successes) && c.n >= 0 && c.successes >= 0 && c.successes <= c.n
  );
}

function compareQuantile(
  where: Where,
  key: string,
  a: ContinuousMetric,
  b: ContinuousMetric,
  ctx: MetricContext,
): Raw[] {
  const ca = a.quantileCi?.[key];
  const cb = b.quantileCi?.[key];
  const qa = a.quantiles[key];
  const qb = b.quantiles[key];
  if (ca === undefined || cb === undefined || qa === undefined || qb === undefined) return [];
  const sides = [
    { n: a.n + a.nonFinite, estimate: qa },
    { n: b.n + b.nonFinite, estimate: qb },
  ] as const;
  const extra = { quantile: key };
  const d = quantileDifference(
    { estimate: qa, ci: ca, confidence: ctx.levels[0] },
    { estimate: qb, ci: cb, confidence: ctx.levels[1] },
    ctx.confidence,
  );
  if (d === undefined) {
    const why =
      qa === qb ? "equal and infinite (the tail reaches ∞ on both sides)" : "an infinite estimate or interval end";
    return [untested(where, "quantile", sides[0], sides[1], `quantile ${key}: ${why}`, extra)];
  }
  const raw: Raw = {
    ...where,
    statistic: "quantile",
    ...extra,
    test: "quantile-z",
    a: sides[0],
    b: sides[1],
    diff: d.diff,
    relDiff: relative(d.diff, qa),
    ci: d.ci,
    statisticValue: d.z,
    p: d.p,
  };
  if (ctx.margin === undefined) return [raw];
  const delta = ctx.margin * Math.abs(qa);
  return [{ ...raw, delta, tostP: quantileEquivalenceP(d, delta) }];
}

/** TOST p-value of |b − a| < delta for a quantile z test (1 when delta ≤ 0). */
function quantileEquivalenceP(d: QuantileDifference, delta: number): number {
  if (!(delta > 0)) return 1;
  if (d.se === 0) return Math.abs(d.diff) < delta ? 0 : 1;
  return tostEquivalence(d.diff, d.se, Number.POSITIVE_INFINITY, delta).p;
}

function compareContinuous(where: Where, a: ContinuousMetric, b: ContinuousMetric, ctx: MetricContext): Raw[] {
  const out = [compareMeans(where, a, b, ctx)];
  // A change in how often a metric is non-finite (a transition that never completes) is a difference of its own,
  // invisible in the mean of the finite values.
  if (a.nonFinite > 0 || b.nonFinite > 0) {
    const ca = { successes: a.nonFinite, n: a.n + a.nonFinite };
    const cc = { successes: b.nonFinite, n: b.n + b.nonFinite };
    const fa = ctx.aligned && nonFiniteFractions(a, ctx.aligned);
    const fb = ctx.aligned && nonFiniteFractions(b, ctx.aligned);
    out.push(compareCounts(where, "nonFinite", ca, cc, ctx, fa && fb ? { a: fa, b: fb } : undefined));
  }
  for (const ea of a.exceedance) {
    const eb = b.exceedance.find((e) => e.threshold === ea.threshold);
    if (eb === undefined || !isCounts(ea) || !isCounts(eb)) continue;
    out.push(compareCounts(where, "exceedance", ea, eb, ctx, undefined, { threshold: ea.threshold }));
  }
  const only = (xs: ContinuousMetric, ys: ContinuousMetric, side: "a" | "b") =>
    xs.exceedance.filter((e) => !ys.exceedance.some((f) => f.threshold === e.threshold)).map((e) => ({ e, side }));
  for (const { e, side } of [...only(a, b, "a"), ...only(b, a, "b")]) {
    ctx.unmatched.push({
      what: "threshold",
      pointA: where.point,
      pointB: where.pointB,
      model: where.model,
      metric: where.metric,
      threshold: e.threshold,
      reason: `exceedance threshold ${e.threshold} only in ${side}`,
    });
  }
  for (const key of COMPARED_QUANTILES) out.push(...compareQuantile(where, key, a, b, ctx));
  return out;
}

/**
 * Every comparison of one metric of one model at a pair of points: the mean, the non-finite fraction, each
 * exceedance and the quantiles of a continuous metric, or the proportion.
 */
export function compareMetric(where: Where, a: MetricResult, b: MetricResult, ctx: MetricContext): Raw[] {
  if (a.kind !== b.kind) {
    ctx.unmatched.push({
      what: "metric",
      pointA: where.point,
      pointB: where.pointB,
      model: where.model,
      metric: where.metric,
      reason: `kind differs (${a.kind} vs ${b.kind})`,
    });
    return [];
  }
  if (a.kind === "continuous") return compareContinuous(where, a, b as ContinuousMetric, ctx);
  const pb = b as ProportionMetric;
  if (!isCounts(a) || !isCounts(pb))
    return [untested(where, "p", { n: a.n, estimate: a.p }, { n: pb.n, estimate: pb.p }, "successes outside [0, n]")];
  const batches = a.batchMeans && pb.batchMeans ? { a: a.batchMeans, b: pb.batchMeans } : undefined;
  return [compareCounts(where, "p", a, pb, ctx, batches)];
}
