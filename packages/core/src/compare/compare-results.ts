import type {
  ContinuousMetric,
  MetricResult,
  PointResult,
  ProportionMetric,
  ResultDocument,
} from "../result/document.ts";
import { benjaminiHochberg } from "../stats/tests.ts";
import { canonicalJson } from "../util/canonical-json.ts";
import { paramDifferences } from "./params.ts";
import { type Counts, proportionDifference, proportionEquivalenceP } from "./two-proportion.ts";
import type {
  ComparedStatistic,
  CompareOptions,
  CompareReport,
  CompareSide,
  MetricComparison,
  PointPair,
  Unmatched,
} from "./types.ts";
import { welchDifference, welchEquivalenceP } from "./welch.ts";

/** Default target false discovery rate of `compareResults`. */
export const DEFAULT_FDR = 0.05;

function checkOptions(options: CompareOptions, confidence: number): void {
  const fdr = options.fdr ?? DEFAULT_FDR;
  if (!(fdr > 0 && fdr < 1)) throw new RangeError(`fdr must be in (0, 1) (got ${fdr})`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  const m = options.equivalenceMargin;
  if (m !== undefined && !(m > 0 && Number.isFinite(m)))
    throw new RangeError(`equivalenceMargin must be a positive number (got ${m})`);
}

/** A comparison before multiplicity adjustment: q, significance and the equivalence verdict come later. */
type Raw = Omit<MetricComparison, "q" | "significant" | "equivalence"> & { tostP?: number; delta?: number };

interface Where {
  readonly point: number;
  readonly pointB: number;
  readonly model: string;
  readonly metric: string;
}

function relative(diff: number, a: number): number {
  return a !== 0 && Number.isFinite(a) ? diff / Math.abs(a) : Number.NaN;
}

function untested(
  where: Where,
  statistic: ComparedStatistic,
  a: CompareSide,
  b: CompareSide,
  note: string,
  extra: { threshold?: number } = {},
): Raw {
  const diff = b.estimate - a.estimate;
  return {
    ...where,
    statistic,
    ...extra,
    test: "none",
    a,
    b,
    diff,
    relDiff: relative(diff, a.estimate),
    ci: [Number.NaN, Number.NaN],
    statisticValue: Number.NaN,
    p: Number.NaN,
    note,
  };
}

function compareMeans(
  where: Where,
  a: ContinuousMetric,
  b: ContinuousMetric,
  confidence: number,
  margin: number | undefined,
): Raw {
  const sa: CompareSide = { n: a.n, estimate: a.mean, sd: a.sd };
  const sb: CompareSide = { n: b.n, estimate: b.mean, sd: b.sd };
  const w = welchDifference({ n: a.n, mean: a.mean, sd: a.sd }, { n: b.n, mean: b.mean, sd: b.sd }, confidence);
  if (w === undefined) {
    const why = a.n < 2 || b.n < 2 ? `fewer than 2 finite values (n = ${a.n} vs ${b.n})` : "non-finite mean or sd";
    return untested(where, "mean", sa, sb, why);
  }
  const raw: Raw = {
    ...where,
    statistic: "mean",
    test: "welch-t",
    a: sa,
    b: sb,
    diff: w.diff,
    relDiff: relative(w.diff, a.mean),
    ci: w.ci,
    statisticValue: w.t,
    df: w.df,
    p: w.p,
  };
  if (margin === undefined) return raw;
  const delta = margin * Math.abs(a.mean);
  return {
    ...raw,
    delta,
    tostP: welchEquivalenceP({ n: a.n, mean: a.mean, sd: a.sd }, { n: b.n, mean: b.mean, sd: b.sd }, delta),
  };
}

function compareCounts(
  where: Where,
  statistic: ComparedStatistic,
  a: Counts,
  b: Counts,
  confidence: number,
  margin: number | undefined,
  extra: { threshold?: number } = {},
): Raw {
  const side = (c: Counts): CompareSide => ({
    n: c.n,
    estimate: c.n > 0 ? c.successes / c.n : Number.NaN,
    successes: c.successes,
  });
  const sa = side(a);
  const sb = side(b);
  const t = proportionDifference(a, b, confidence);
  if (t === undefined) return untested(where, statistic, sa, sb, `no trials (n = ${a.n} vs ${b.n})`, extra);
  const raw: Raw = {
    ...where,
    statistic,
    ...extra,
    test: "two-proportion-score",
    a: sa,
    b: sb,
    diff: t.diff,
    relDiff: relative(t.diff, sa.estimate),
    ci: t.ci,
    statisticValue: t.z,
    p: t.p,
  };
  if (margin === undefined) return raw;
  const delta = margin * Math.abs(sa.estimate);
  return { ...raw, delta, tostP: proportionEquivalenceP(a, b, delta) };
}

function isCounts(c: { n: number; successes: number }): boolean {
  return (
    Number.isSafeInteger(c.n) && Number.isSafeInteger(c.successes) && c.n >= 0 && c.successes >= 0 && c.successes <= c.n
  );
}

function compareMetric(
  where: Where,
  a: MetricResult,
  b: MetricResult,
  confidence: number,
  margin: number | undefined,
  unmatched: Unmatched[],
): Raw[] {
  if (a.kind !== b.kind) {
    unmatched.push({
      what: "metric",
      pointA: where.point,
      pointB: where.pointB,
      model: where.model,
      metric: where.metric,
      reason: `kind differs (${a.kind} vs ${b.kind})`,
    });
    return [];
  }
  if (a.kind === "proportion") {
    const pb = b as ProportionMetric;
    if (!isCounts(a) || !isCounts(pb))
      return [untested(where, "p", { n: a.n, estimate: a.p }, { n: pb.n, estimate: pb.p }, "successes outside [0, n]")];
    return [compareCounts(where, "p", a, pb, confidence, margin)];
  }
  const cb = b as ContinuousMetric;
  const out = [compareMeans(where, a, cb, confidence, margin)];
  // A change in how often a metric is non-finite (a transition that never completes) is a difference of its own,
  // invisible in the mean of the finite values.
  if (a.nonFinite > 0 || cb.nonFinite > 0) {
    const ca = { successes: a.nonFinite, n: a.n + a.nonFinite };
    const cc = { successes: cb.nonFinite, n: cb.n + cb.nonFinite };
    out.push(compareCounts(where, "nonFinite", ca, cc, confidence, margin));
  }
  for (const ea of a.exceedance) {
    const eb = cb.exceedance.find((e) => e.threshold === ea.threshold);
    if (eb === undefined || !isCounts(ea) || !isCounts(eb)) continue;
    out.push(compareCounts(where, "exceedance", ea, eb, confidence, margin, { threshold: ea.threshold }));
  }
  return out;
}

function comparePoints(
  pa: PointResult,
  pb: PointResult,
  confidence: number,
  margin: number | undefined,
  unmatched: Unmatched[],
): Raw[] {
  const out: Raw[] = [];
  const models = [...new Set([...Object.keys(pa.models), ...Object.keys(pb.models)])];
  for (const model of models) {
    const ma = pa.models[model];
    const mb = pb.models[model];
    if (ma === undefined || mb === undefined) {
      unmatched.push({
        what: "model",
        pointA: pa.index,
        pointB: pb.index,
        model,
        reason: `model only in ${ma === undefined ? "b" : "a"}`,
      });
      continue;
    }
    const metrics = [...new Set([...Object.keys(ma.metrics), ...Object.keys(mb.metrics)])];
    for (const metric of metrics) {
      const xa = ma.metrics[metric];
      const xb = mb.metrics[metric];
      if (xa === undefined || xb === undefined) {
        unmatched.push({
          what: "metric",
          pointA: pa.index,
          pointB: pb.index,
          model,
          metric,
          reason: `metric only in ${xa === undefined ? "b" : "a"}`,
        });
        continue;
      }
      out.push(
        ...compareMetric({ point: pa.index, pointB: pb.index, model, metric }, xa, xb, confidence, margin, unmatched),
      );
    }
  }
  return out;
}

function pairPoints(
  a: ResultDocument,
  b: ResultDocument,
  match: "params" | "index",
  unmatched: Unmatched[],
): [PointResult, PointResult][] {
  const pairs: [PointResult, PointResult][] = [];
  if (match === "index") {
    const n = Math.max(a.points.length, b.points.length);
    for (let i = 0; i < n; i++) {
      const pa = a.points[i];
      const pb = b.points[i];
      if (pa !== undefined && pb !== undefined) pairs.push([pa, pb]);
      else if (pa !== undefined) unmatched.push({ what: "point", pointA: pa.index, reason: "point only in a" });
      else if (pb !== undefined) unmatched.push({ what: "point", pointB: pb.index, reason: "point only in b" });
    }
    return pairs;
  }
  const key = (p: PointResult) => canonicalJson(p.params);
  const used = new Set<number>();
  const byKey = new Map<string, number[]>();
  a.points.forEach((p, i) => {
    const k = key(p);
    byKey.set(k, [...(byKey.get(k) ?? []), i]);
  });
  for (const pb of b.points) {
    const k = key(pb);
    const candidates = (byKey.get(k) ?? []).filter((i) => !used.has(i));
    // The same index first: a re-run of the same sweep pairs point i with point i.
    const i = candidates.find((j) => a.points[j]!.index === pb.index) ?? candidates[0];
    if (i === undefined) {
      const sameIndex = a.points.find((p) => p.index === pb.index);
      const reason =
        sameIndex === undefined
          ? "point only in b"
          : `no point of a has the same parameters (point ${pb.index} of a differs in ${paramDifferences(
              sameIndex.params,
              pb.params,
            )
              .map((d) => d.path)
              .join(", ")})`;
      unmatched.push({ what: "point", pointB: pb.index, reason });
      continue;
    }
    used.add(i);
    pairs.push([a.points[i]!, pb]);
  }
  a.points.forEach((p, i) => {
    if (!used.has(i))
      unmatched.push({ what: "point", pointA: p.index, reason: "no point of b has the same parameters" });
  });
  return pairs.sort((x, y) => x[0].index - y[0].index);
}

function notesOf(a: ResultDocument, b: ResultDocument, confidence: number): string[] {
  const notes: string[] = [];
  if (a.simulation !== b.simulation)
    notes.push(`simulations differ (${a.simulation} vs ${b.simulation}): nothing is compared`);
  if (a.specHash !== b.specHash) notes.push("spec hashes differ: the runs come from different specs");
  else notes.push("same spec but different digests: the code that produced the results changed");
  if (a.seed === b.seed && a.specHash !== b.specHash) {
    notes.push(
      "same seed: the runs share random numbers, so differences are estimated conservatively (the tests assume independent runs)",
    );
  }
  if (a.confidence !== b.confidence)
    notes.push(`confidence levels differ (${a.confidence} vs ${b.confidence}); intervals here use ${confidence}`);
  for (const [name, d] of [["a", a] as const, ["b", b] as const]) {
    if (d.status !== "completed") notes.push(`run ${name} is ${d.status.replace(/_/g, " ")}`);
  }
  return notes;
}

/**
 * Compares two result documents statistic by statistic: per paired point, model and metric, the difference
 * b − a of the mean (Welch's t test from n, mean and sd), of a proportion, of the non-finite fraction and of each
 * exceedance probability (two-proportion score test, Newcombe's interval), each with a marginal interval and a
 * two-sided p-value. Benjamini–Hochberg over all tested comparisons gives q-values; `significant` lists q ≤ fdr,
 * so on average at most a fraction `fdr` of the listed differences are false alarms. With `equivalenceMargin`,
 * TOST p-values (BH-adjusted the same way) show which statistics are equal within ±margin·|a|.
 *
 * The tests treat a and b as independent runs. Runs that share a seed share random numbers (common random
 * numbers) and are positively correlated, for which these tests are conservative: they may miss a difference,
 * never invent one. Untestable comparisons (n < 2, n = 0, non-finite estimates) are listed with a `note` and
 * kept out of the BH family.
 *
 * Pure: no I/O. O(comparisons · log comparisons).
 * @throws {RangeError} when fdr or confidence is outside (0, 1) or the margin is not positive.
 *
 * @example
 * compareResults(doc, doc).identical // true (equal digests short-circuit)
 */
export function compareResults(a: ResultDocument, b: ResultDocument, options: CompareOptions = {}): CompareReport {
  const confidence = options.confidence ?? a.confidence;
  checkOptions(options, confidence);
  const fdr = options.fdr ?? DEFAULT_FDR;
  const match = options.match ?? "params";
  const margin = options.equivalenceMargin;
  const base = {
    digestA: a.digest,
    digestB: b.digest,
    fdr,
    confidence,
    ...(margin === undefined ? {} : { equivalenceMargin: margin }),
    match,
  };
  if (a.digest === b.digest) {
    return {
      identical: true,
      differs: false,
      ...base,
      pairs: [],
      comparisons: [],
      significant: [],
      equivalent: [],
      unmatched: [],
      notes: [],
    };
  }
  const unmatched: Unmatched[] = [];
  const notes = notesOf(a, b, confidence);
  let pointPairs: [PointResult, PointResult][];
  if (a.simulation !== b.simulation) {
    pointPairs = [];
    for (const p of a.points) unmatched.push({ what: "point", pointA: p.index, reason: "simulations differ" });
    for (const p of b.points) unmatched.push({ what: "point", pointB: p.index, reason: "simulations differ" });
  } else {
    pointPairs = pairPoints(a, b, match, unmatched);
    if (pointPairs.length === 0 && match === "params" && a.points.length > 0 && b.points.length > 0) {
      notes.push(
        'no points share parameters: use match "index" (mcx compare --match index) to compare points with different parameters',
      );
    }
  }
  const pairs: PointPair[] = pointPairs.map(([pa, pb]) => ({
    a: pa.index,
    b: pb.index,
    paramsDiffer: paramDifferences(pa.params, pb.params),
  }));
  for (const [pa, pb] of pointPairs) {
    if (pa.stopped === "incomplete" || pa.stopped === "cancelled")
      notes.push(`point ${pa.index} of a is ${pa.stopped}`);
    if (pb.stopped === "incomplete" || pb.stopped === "cancelled")
      notes.push(`point ${pb.index} of b is ${pb.stopped}`);
  }

  const raws = pointPairs.flatMap(([pa, pb]) => comparePoints(pa, pb, confidence, margin, unmatched));
  const q = benjaminiHochberg(raws.map((r) => r.p)).adjusted;
  const tostQ = benjaminiHochberg(raws.map((r) => r.tostP ?? Number.NaN)).adjusted;
  const comparisons: MetricComparison[] = raws.map((r, i) => {
    const { tostP, delta, ...rest } = r;
    const qi = q[i]!;
    const c: MetricComparison = { ...rest, q: qi, significant: qi <= fdr };
    if (tostP === undefined || delta === undefined) return c;
    const tq = tostQ[i]!;
    return { ...c, equivalence: { delta, p: tostP, q: tq, equivalent: tq <= fdr } };
  });
  const byQ = (x: MetricComparison, y: MetricComparison) => x.q - y.q || x.point - y.point;
  const significant = comparisons.filter((c) => c.significant).sort(byQ);
  const equivalent = comparisons.filter((c) => c.equivalence?.equivalent === true);
  return {
    identical: false,
    differs: significant.length > 0 || unmatched.length > 0,
    ...base,
    pairs,
    comparisons,
    significant,
    equivalent,
    unmatched,
    notes,
  };
}
