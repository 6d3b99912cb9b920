import type { PointResult, ResultDocument } from "../result/document.ts";
import { benjaminiHochberg } from "../stats/tests.ts";
import { compareMetric } from "./compare-metric.ts";
import { notesOf } from "./notes.ts";
import { alignedBatchTrials } from "./paired-batches.ts";
import { paramDifferences } from "./params.ts";
import { pairPoints } from "./point-pairing.ts";
import type { Raw } from "./raw.ts";
import type { CompareOptions, CompareReport, MetricComparison, PointPair, Unmatched } from "./types.ts";

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

interface PairContext {
  readonly confidence: number;
  readonly margin: number | undefined;
  readonly levels: readonly [number, number];
  readonly unmatched: Unmatched[];
}

function comparePoints(
  pa: PointResult,
  pb: PointResult,
  aligned: readonly number[] | undefined,
  pc: PairContext,
): Raw[] {
  const out: Raw[] = [];
  const ctx = { ...pc, aligned };
  const models = [...new Set([...Object.keys(pa.models), ...Object.keys(pb.models)])];
  for (const model of models) {
    const ma = pa.models[model];
    const mb = pb.models[model];
    if (ma === undefined || mb === undefined) {
      const reason = `model only in ${ma === undefined ? "b" : "a"}`;
      pc.unmatched.push({ what: "model", pointA: pa.index, pointB: pb.index, model, reason });
      continue;
    }
    const metrics = [...new Set([...Object.keys(ma.metrics), ...Object.keys(mb.metrics)])];
    for (const metric of metrics) {
      const xa = ma.metrics[metric];
      const xb = mb.metrics[metric];
      if (xa === undefined || xb === undefined) {
        const reason = `metric only in ${xa === undefined ? "b" : "a"}`;
        pc.unmatched.push({ what: "metric", pointA: pa.index, pointB: pb.index, model, metric, reason });
        continue;
      }
      out.push(...compareMetric({ point: pa.index, pointB: pb.index, model, metric }, xa, xb, ctx));
    }
  }
  return out;
}

/** Multiplicity: BH q-values over every tested comparison, and over every TOST p-value. */
function adjust(raws: readonly Raw[], fdr: number): MetricComparison[] {
  const q = benjaminiHochberg(raws.map((r) => r.p)).adjusted;
  const tostQ = benjaminiHochberg(raws.map((r) => r.tostP ?? Number.NaN)).adjusted;
  return raws.map((r, i) => {
    const { tostP, delta, ...rest } = r;
    const qi = q[i]!;
    const c: MetricComparison = { ...rest, q: qi, significant: qi <= fdr };
    if (tostP === undefined || delta === undefined) return c;
    const tq = tostQ[i]!;
    return { ...c, equivalence: { delta, p: tostP, q: tq, equivalent: tq <= fdr } };
  });
}

/**
 * Compares two result documents statistic by statistic: per paired point, model and metric, the difference b − a
 * of the mean, of a proportion, of the non-finite fraction, of each exceedance probability and of the p50, p90 and
 * p99 quantiles, each with a marginal interval and a two-sided p-value. Benjamini–Hochberg over all tested
 * comparisons gives q-values; `significant` lists q ≤ fdr, so on average at most a fraction `fdr` of the listed
 * differences are false alarms. With `equivalenceMargin`, TOST p-values (BH-adjusted the same way) show which
 * statistics are equal within ±margin·|a|.
 *
 * Aligned runs (same seed, point and batch trials: batch k of both runs covers the same trials with the same random
 * numbers) compare means, proportions and non-finite fractions by a paired t test over their aligned batch means
 * (`paired-batch-t`), which gains the power of common random numbers; other runs, exceedances and quantiles use
 * independent tests (Welch's t, the two-proportion score test, the quantile z test). `pairs[].alignedBatches` and a
 * note say which. Untestable comparisons (n < 2, n = 0, non-finite estimates) are listed with a `note` and kept
 * out of the BH family; when nothing at all could be tested, `comparable` is false.
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
    const none = { pairs: [], comparisons: [], significant: [], equivalent: [], unmatched: [], notes: [] };
    return { identical: true, differs: false, tested: 0, comparable: true, ...base, ...none };
  }
  const unmatched: Unmatched[] = [];
  let pointPairs: [PointResult, PointResult][] = [];
  const extraNotes: string[] = [];
  if (a.simulation !== b.simulation) {
    for (const p of a.points) unmatched.push({ what: "point", pointA: p.index, reason: "simulations differ" });
    for (const p of b.points) unmatched.push({ what: "point", pointB: p.index, reason: "simulations differ" });
  } else {
    pointPairs = pairPoints(a, b, match, unmatched);
    if (pointPairs.length === 0 && match === "params" && a.points.length > 0 && b.points.length > 0) {
      extraNotes.push(
        'no points share parameters: use match "index" (mcx compare --match index) to compare points with different parameters',
      );
    }
  }
  const alignment = pointPairs.map(([pa, pb]) =>
    options.pairing === "independent" ? undefined : alignedBatchTrials(a, b, pa, pb),
  );
  const pairs: PointPair[] = pointPairs.map(([pa, pb], i) => ({
    a: pa.index,
    b: pb.index,
    paramsDiffer: paramDifferences(pa.params, pb.params),
    alignedBatches: alignment[i]?.length ?? 0,
  }));
  const aligned = pairs.filter((p) => (p.alignedBatches ?? 0) > 0);
  const pairing = { aligned: aligned.length, pairs: pairs.length, batches: aligned[0]?.alignedBatches ?? 0 };
  const notes = [...notesOf(a, b, confidence, pairing), ...extraNotes];
  for (const [pa, pb] of pointPairs) {
    if (pa.stopped === "incomplete" || pa.stopped === "cancelled")
      notes.push(`point ${pa.index} of a is ${pa.stopped}`);
    if (pb.stopped === "incomplete" || pb.stopped === "cancelled")
      notes.push(`point ${pb.index} of b is ${pb.stopped}`);
  }

  const pc: PairContext = { confidence, margin, levels: [a.confidence, b.confidence], unmatched };
  const raws = pointPairs.flatMap(([pa, pb], i) => comparePoints(pa, pb, alignment[i], pc));
  const comparisons = adjust(raws, fdr);
  const byQ = (x: MetricComparison, y: MetricComparison) => x.q - y.q || x.point - y.point;
  const significant = comparisons.filter((c) => c.significant).sort(byQ);
  const equivalent = comparisons.filter((c) => c.equivalence?.equivalent === true);
  const tested = comparisons.filter((c) => c.test !== "none").length;
  return {
    identical: false,
    differs: significant.length > 0 || unmatched.length > 0,
    tested,
    comparable: tested > 0,
    ...base,
    pairs,
    comparisons,
    significant,
    equivalent,
    unmatched,
    notes,
  };
}
