import { RECORD } from "../engine/layout.ts";
import type { PointMerger } from "../engine/point-merger.ts";
import type { RunMerger } from "../engine/run-merger.ts";
import { sha256Of } from "../util/canonical-json.ts";
import { adjustComparisons, comparisons } from "./comparisons.ts";
import { convergenceDiagnostics } from "./convergence.ts";
import type { MetricResult, PointResult, ResultDocument, RunMeta } from "./document.ts";
import { figuresOfMerit } from "./fom.ts";
import { continuousMetric, proportionMetric } from "./metrics.ts";

export { REPORTED_QUANTILES } from "./tails.ts";

function pointResult(merger: RunMerger, pm: PointMerger): PointResult {
  const { spec } = merger.plan;
  const models: PointResult["models"] = {};
  for (const model of spec.models) models[model] = { metrics: {} };
  const contIndex = new Map(pm.layout.continuous.map((s, c) => [s, c]));
  const table = pm.batches.finish();
  pm.layout.slots.forEach((slot, s) => {
    const batches = { trials: table.trials, weight: table.weight[s]!, mean: table.mean[s]! };
    let metric: MetricResult;
    if (slot.kind === "proportion") {
      metric = proportionMetric(pm, s, spec.confidence, batches);
    } else {
      const thresholds = spec.thresholds[slot.metric] ?? [];
      metric = continuousMetric(pm, s, contIndex.get(s)!, thresholds, spec.confidence, batches);
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
    batchTrials: table.trials,
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
  const points = adjustComparisons(merger.points.map((pm) => pointResult(merger, pm)));
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
    intervals: merger.points[0]?.design.method ?? "fixed-n",
    digest: digestOf(points),
    points,
    convergence: convergence(merger),
    fom: figuresOfMerit(points, meta.wallSeconds),
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
  };
}
