import { z } from "zod";
import { BlockStoreRefSchema } from "./block-store.ts";
import { ShardFingerprintsSchema } from "./ledger.ts";
import { ProvenanceSchema } from "./provenance.ts";

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

export const ContinuousMetricSchema = z.strictObject({
  kind: z.literal("continuous"),
  n: z.int().nonnegative(),
  nonFinite: z.int().nonnegative(),
  mean: num,
  sd: num,
  se: num,
  ci: interval,
  min: num,
  max: num,
  quantiles: z.record(z.string(), num),
  /** Relative accuracy of the quantiles (DDSketch α): |q̂ − q| ≤ α·|q|. */
  quantileRelError: num,
  var95: num,
  cvar95: num,
  var99: num,
  cvar99: num,
  relErr: num,
  batchMeansSe: num,
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
});

export const PointResultSchema = z.strictObject({
  index: z.int().nonnegative(),
  params: z.record(z.string(), z.unknown()),
  trials: z.int().nonnegative(),
  stopped: z.enum(["fixed", "target_met", "max_trials", "cancelled", "incomplete"]),
  models: z.record(z.string(), z.strictObject({ metrics: z.record(z.string(), MetricResultSchema) })),
  comparisons: z.array(ComparisonSchema),
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
  // Extend and audit (outside the digest): what produced the result, each merged shard's fingerprint, and the merged
  // state an extension continues from.
  provenance: ProvenanceSchema.optional(),
  shardFingerprints: ShardFingerprintsSchema.optional(),
  blockStore: BlockStoreRefSchema.optional(),
});

export type ContinuousMetric = z.infer<typeof ContinuousMetricSchema>;
export type ProportionMetric = z.infer<typeof ProportionMetricSchema>;
export type MetricResult = z.infer<typeof MetricResultSchema>;
export type Comparison = z.infer<typeof ComparisonSchema>;
export type PointResult = z.infer<typeof PointResultSchema>;
export type ResultDocument = z.infer<typeof ResultDocumentSchema>;
export type RunMeta = ResultDocument["run"];
