import tCdf from "@stdlib/stats-base-dists-t-cdf";
import { RECORD } from "../engine/layout.ts";
import type { PointMerger } from "../engine/point-merger.ts";
import type { RunMerger } from "../engine/run-merger.ts";
import { studentTInterval } from "../stats/intervals.ts";
import { clopperPearsonInterval, wilsonInterval } from "../stats/proportion.ts";
import type { QuantileSketch } from "../stats/quantile-sketch.ts";
import { conditionalValueAtRisk, valueAtRisk } from "../stats/var-cvar.ts";
import { sha256Of } from "../util/canonical-json.ts";
import { convergenceDiagnostics } from "./convergence.ts";
import type {
  Comparison,
  ContinuousMetric,
  MetricResult,
  PointResult,
  ProportionMetric,
  ResultDocument,
  RunMeta,
} from "./document.ts";
import { formatLedger } from "./ledger.ts";

/** Quantiles reported for every continuous metric: enough knots to draw a CDF (the report does), tails included. */
export const REPORTED_QUANTILES = {
  p01: 0.01,
  p05: 0.05,
  p10: 0.1,
  p25: 0.25,
  p50: 0.5,
  p75: 0.75,
  p90: 0.9,
  p95: 0.95,
  p99: 0.99,
} as const;

function upperWhenZero(successes: number, n: number, confidence: number): { upper?: number } {
  // One-sided exact bound when nothing was seen: Clopper–Pearson at level 1 − 2(1 − conf) two-sided equals
  // the one-sided bound 1 − (1 − conf)^(1/n) ("rule of three" ≈ 3/n at 95 %).
  if (successes !== 0 || n === 0) return {};
  return { upper: clopperPearsonInterval(0, n, 2 * confidence - 1)[1] };
}

function proportionMetric(n: number, successes: number, confidence: number): ProportionMetric {
  return {
    kind: "proportion",
    n,
    successes,
    p: n === 0 ? Number.NaN : successes / n,
    ci: n === 0 ? [Number.NaN, Number.NaN] : wilsonInterval(successes, n, confidence),
    ...upperWhenZero(successes, n, confidence),
  };
}

function continuousMetric(
  pm: PointMerger,
  s: number,
  c: number,
  thresholds: readonly number[],
  confidence: number,
): ContinuousMetric {
  const at = s * RECORD;
  const n = pm.moments[at]!;
  const mean = n > 0 ? pm.moments[at + 1]! : Number.NaN;
  const sd = n > 1 ? Math.sqrt(pm.moments[at + 2]! / (n - 1)) : Number.NaN;
  const se = sd / Math.sqrt(n);
  const exact = pm.exact[c]!;
  const sketch: QuantileSketch = exact.sketch;
  const q = (p: number) => (n > 0 ? sketch.quantile(p) : Number.NaN);
  const bm = pm.blockMeanMoments;
  const blocks = bm[at]!;
  const batchMeansSe = blocks > 1 ? Math.sqrt(bm[at + 2]! / (blocks - 1) / blocks) : Number.NaN;
  const total = n + exact.nonFinite;
  return {
    kind: "continuous",
    n,
    nonFinite: exact.nonFinite,
    mean,
    sd,
    se,
    ci: n > 1 ? studentTInterval(mean, sd, n, confidence) : [Number.NaN, Number.NaN],
    min: n > 0 ? exact.min : Number.NaN,
    max: n > 0 ? exact.max : Number.NaN,
    quantiles: Object.fromEntries(Object.entries(REPORTED_QUANTILES).map(([k, p]) => [k, q(p)])),
    quantileRelError: sketch.alpha,
    var95: n > 0 ? valueAtRisk(sketch, 0.95) : Number.NaN,
    cvar95: n > 0 ? conditionalValueAtRisk(sketch, 0.95) : Number.NaN,
    var99: n > 0 ? valueAtRisk(sketch, 0.99) : Number.NaN,
    cvar99: n > 0 ? conditionalValueAtRisk(sketch, 0.99) : Number.NaN,
    relErr: mean !== 0 ? se / Math.abs(mean) : Number.NaN,
    batchMeansSe,
    exceedance: thresholds.map((threshold, k) => {
      const successes = exact.exceed[k]!;
      const { p, ci, upper } = proportionMetric(total, successes, confidence);
      return { threshold, n: total, successes, p, ci, ...(upper === undefined ? {} : { upper }) };
    }),
  };
}

function comparisons(pm: PointMerger, confidence: number): Comparison[] {
  const nSlots = pm.layout.slots.length;
  return pm.layout.pairs.map((pair, p) => {
    const at = (nSlots + p) * RECORD;
    const n = pm.moments[at]!;
    const meanDiff = n > 0 ? pm.moments[at + 1]! : Number.NaN;
    const sd = n > 1 ? Math.sqrt(pm.moments[at + 2]! / (n - 1)) : Number.NaN;
    let pValue = Number.NaN;
    if (n > 1) {
      if (sd === 0) pValue = meanDiff === 0 ? 1 : 0;
      else pValue = 2 * (1 - tCdf(Math.abs(meanDiff / (sd / Math.sqrt(n))), n - 1));
    }
    return {
      metric: pair.metric,
      a: pair.a,
      b: pair.b,
      n,
      skipped: pm.pairsSkipped[p]!,
      meanDiff,
      sd,
      ci: n > 1 ? studentTInterval(meanDiff, sd, n, confidence) : [Number.NaN, Number.NaN],
      p: pValue,
    };
  });
}

function pointResult(merger: RunMerger, pm: PointMerger): PointResult {
  const { spec } = merger.plan;
  const models: PointResult["models"] = {};
  for (const model of spec.models) models[model] = { metrics: {} };
  const contIndex = new Map(pm.layout.continuous.map((s, c) => [s, c]));
  pm.layout.slots.forEach((slot, s) => {
    let metric: MetricResult;
    if (slot.kind === "proportion") {
      metric = proportionMetric(pm.moments[s * RECORD]!, pm.moments[s * RECORD + 1]!, spec.confidence);
    } else {
      metric = continuousMetric(pm, s, contIndex.get(s)!, spec.thresholds[slot.metric] ?? [], spec.confidence);
    }
    models[slot.model]!.metrics[slot.metric] = metric;
  });
  const stopped = pm.stop === "running" ? (merger.cancelled ? "cancelled" : "incomplete") : pm.stop;
  return {
    index: pm.point,
    params: spec.points[pm.point]!.params as Record<string, unknown>,
    trials: pm.trials,
    stopped,
    models,
    comparisons: comparisons(pm, spec.confidence),
  };
}

function convergence(merger: RunMerger): ResultDocument["convergence"] {
  return merger.points.flatMap((pm) =>
    pm.layout.slots.map((slot, s) => {
      const rows = pm.convergence[s]!;
      const vv = pm.blockVarMoments;
      const blockVariances = { n: vv[s * RECORD]!, mean: vv[s * RECORD + 1]!, m2: vv[s * RECORD + 2]! };
      return {
        point: pm.point,
        model: slot.model,
        metric: slot.metric,
        rows,
        ...convergenceDiagnostics(slot.kind, rows, blockVariances),
      };
    }),
  );
}

/** The digest: sha256 over the canonical JSON of `points` (equal digests = identical statistics). */
export function digestOf(points: readonly PointResult[]): string {
  return sha256Of(points);
}

/** Builds the `mcx-result/1` document from a merger's state. */
export function buildResult(
  merger: RunMerger,
  meta: Omit<RunMeta, "events" | "shardTrials" | "shards"> & { retried?: number },
): ResultDocument {
  const { spec } = merger.plan;
  const points = merger.points.map((pm) => pointResult(merger, pm));
  const counts = merger.counts;
  let status: ResultDocument["status"] = "completed";
  if (merger.cancelled) status = "cancelled";
  else if (merger.points.some((p) => p.stop === "max_trials")) status = "target_not_met";
  else if (!merger.done) status = "failed";
  const { retried, ...runMeta } = meta;
  return {
    format: "mcx-result/1",
    name: spec.name,
    simulation: spec.simulation,
    seed: spec.seed,
    specHash: spec.specHash,
    confidence: spec.confidence,
    status,
    digest: digestOf(points),
    points,
    convergence: convergence(merger),
    run: {
      ...runMeta,
      events: merger.points.reduce((n, p) => n + p.events, 0),
      shardTrials: merger.plan.shardTrials,
      shards: {
        planned: merger.plan.shardCount,
        completed: counts.completed,
        retried: retried ?? 0,
        duplicatesDropped: counts.duplicatesDropped,
        discarded: counts.discarded,
      },
    },
    shardFingerprints: formatLedger(merger.ledger()),
  };
}
