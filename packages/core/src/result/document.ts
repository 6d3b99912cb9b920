import { z } from "zod";

/** A number that may be non-finite in memory; canonical JSON writes ±Infinity/NaN as strings. */
const num = z.union([z.number(), z.enum(["Infinity", "-Infinity", "NaN"]).transform(Number)]);
const interval = z.tuple([num, num]);

export const ExceedanceSchema = z.strictObject({
  threshold: num,
  n: z.int().nonnegative(),
  successes: z.int().nonnegative(),
  p: num,
  ci: interval,
  /** Exact one-sided upper bound (Clopper–Pearson) when no exceedance was seen. */
  upper: num.optional(),
});

/** Quantiles, VaR and CVaR with their intervals (one convention: docs/statistics.md). */
const tailFields = {
  /** p01 … p99 under the type-1 convention (x_(⌈qN⌉)); over all trials in `quantiles`, ∞ where the tail is. */
  quantiles: z.record(z.string(), num),
  /** Distribution-free order-statistic interval of each quantile, widened to its sketch buckets. */
  quantileCi: z.record(z.string(), interval).optional(),
  var95: num,
  var95Ci: interval.optional(),
  cvar95: num,
  /** Asymptotic (Manistre–Hancock) interval of CVaR95, widened by the sketch's relative error. */
  cvar95Ci: interval.optional(),
  var99: num,
  var99Ci: interval.optional(),
  cvar99: num,
  cvar99Ci: interval.optional(),
};

export const FiniteOnlyTailSchema = z.strictObject({
  quantiles: tailFields.quantiles,
  quantileCi: z.record(z.string(), interval),
  var95: num,
  var95Ci: interval,
  cvar95: num,
  cvar95Ci: interval,
  var99: num,
  var99Ci: interval,
  cvar99: num,
  cvar99Ci: interval,
});

export const ContinuousMetricSchema = z.strictObject({
  kind: z.literal("continuous"),
  n: z.int().nonnegative(),
  nonFinite: z.int().nonnegative(),
  /** Of the non-finite values, +∞ and −∞ (the rest are NaN, left out of every statistic). */
  posInf: z.int().nonnegative().optional(),
  negInf: z.int().nonnegative().optional(),
  mean: num,
  sd: num,
  se: num,
  ci: interval,
  min: num,
  max: num,
  /** Relative accuracy of the quantiles (DDSketch α): |q̂ − q| ≤ α·|q|. */
  quantileRelError: num,
  ...tailFields,
  /** The same tail statistics over the finite values only, when some values are not finite. */
  finiteOnly: FiniteOnlyTailSchema.optional(),
  relErr: num,
  /** Standard error of the mean from the block means, each weighted by its size. */
  batchMeansSe: num,
  /** Blocks with values behind `batchMeansSe`. */
  batchCount: z.int().nonnegative().optional(),
  /** Mean of the finite values in each aligned batch (`batchTrials` of the point). */
  batchMeans: z.array(num).optional(),
  /** Finite values in each aligned batch, when some are not finite. */
  batchFinite: z.array(z.int().nonnegative()).optional(),
  exceedance: z.array(ExceedanceSchema),
});

export const ProportionMetricSchema = z.strictObject({
  kind: z.literal("proportion"),
  n: z.int().nonnegative(),
  successes: z.int().nonnegative(),
  p: num,
  ci: interval,
  /** Exact one-sided upper bound (Clopper–Pearson, "rule of three" region) when successes = 0. */
  upper: num.optional(),
  /** The proportion in each aligned batch (`batchTrials` of the point). */
  batchMeans: z.array(num).optional(),
});

export const MetricResultSchema = z.discriminatedUnion("kind", [ContinuousMetricSchema, ProportionMetricSchema]);

export const ComparisonSchema = z.strictObject({
  metric: z.string(),
  a: z.string(),
  b: z.string(),
  n: z.int().nonnegative(),
  skipped: z.int().nonnegative(),
  meanDiff: num,
  sd: num,
  ci: interval,
  p: num,
  /** Benjamini–Hochberg adjusted p over every comparison of the document. */
  q: num.optional(),
});

export const PointResultSchema = z.strictObject({
  index: z.int().nonnegative(),
  params: z.record(z.string(), z.unknown()),
  trials: z.int().nonnegative(),
  stopped: z.enum(["fixed", "target_met", "max_trials", "cancelled", "incomplete"]),
  models: z.record(z.string(), z.strictObject({ metrics: z.record(z.string(), MetricResultSchema) })),
  comparisons: z.array(ComparisonSchema),
  /** Trials of each aligned batch, from trial 0: equal in two runs of the same seed, blocks and trials. */
  batchTrials: z.array(z.int().nonnegative()).optional(),
});

/** [trials, estimate, half-width] at one checkpoint. */
const convergenceRow = z.tuple([num, num, num]);

export const ResultDocumentSchema = z.strictObject({
  format: z.literal("mcx-result/1"),
  name: z.string(),
  simulation: z.string(),
  seed: z.int().nonnegative(),
  specHash: z.string(),
  confidence: z.number(),
  status: z.enum(["completed", "target_not_met", "cancelled", "failed"]),
  /** fixed-n: Student t / Wilson intervals; sequential: confidence sequences (`stop.method: sequential`). */
  intervals: z.enum(["fixed-n", "sequential"]).optional(),
  digest: z.string(),
  points: z.array(PointResultSchema),
  convergence: z.array(
    z.strictObject({
      point: z.int().nonnegative(),
      model: z.string(),
      metric: z.string(),
      rows: z.array(convergenceRow),
      /** Least-squares slope of log half-width on log trials (≈ −1/2 when the CLT holds). */
      slope: num,
      /** Coefficient of variation of the per-block variances: large values warn of heavy tails. */
      varianceOfVariance: num,
      warnings: z.array(z.string()),
    }),
  ),
  /** Figure of merit 1/(relErr² · seconds) per point, model and continuous metric (seconds: run.wallSeconds). */
  fom: z
    .strictObject({
      seconds: z.number(),
      metrics: z.array(
        z.strictObject({ point: z.int().nonnegative(), model: z.string(), metric: z.string(), fom: num }),
      ),
    })
    .optional(),
  run: z.strictObject({
    runId: z.string(),
    startedAt: z.string(),
    wallSeconds: z.number(),
    mode: z.enum(["embedded", "distributed"]),
    threads: z.int().nonnegative(),
    workers: z.int().nonnegative().optional(),
    events: z.number().nonnegative(),
    shardTrials: z.int().positive(),
    shards: z.strictObject({
      planned: z.int().nonnegative(),
      completed: z.int().nonnegative(),
      retried: z.int().nonnegative(),
      duplicatesDropped: z.int().nonnegative(),
      discarded: z.int().nonnegative(),
    }),
  }),
});

export type ContinuousMetric = z.infer<typeof ContinuousMetricSchema>;
export type FiniteOnlyTail = z.infer<typeof FiniteOnlyTailSchema>;
export type ProportionMetric = z.infer<typeof ProportionMetricSchema>;
export type MetricResult = z.infer<typeof MetricResultSchema>;
export type Comparison = z.infer<typeof ComparisonSchema>;
export type PointResult = z.infer<typeof PointResultSchema>;
export type ResultDocument = z.infer<typeof ResultDocumentSchema>;
export type RunMeta = ResultDocument["run"];
