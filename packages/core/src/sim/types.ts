import type { z } from "zod";

export type MetricKind = "continuous" | "proportion";

export interface MetricDecl {
  readonly name: string;
  readonly kind: MetricKind;
  /** Unit for display: "s", "count", "" … */
  readonly unit: string;
  readonly description: string;
  /** Which way is better, so a report can name the best model; absent when neither is (a count of events, say). */
  readonly better?: "lower" | "higher";
}

export interface ModelDecl {
  readonly name: string;
  readonly description: string;
  /** Names of the metrics this model produces; the others are absent from its results (not zero). */
  readonly metrics: readonly string[];
}

/** Where a trial lives; a trial's random numbers are a function of this address only. */
export interface TrialAddress {
  readonly seed: number;
  readonly point: number;
  readonly trial: number;
}

/**
 * Runs single trials of one parameter point for a fixed list of models.
 * `runTrial` writes `out[slot * metrics.length + metricIndex]`, where `slot` is the model's index in the
 * `models` list given to `createKernel` and `metricIndex` is the index in `Simulation.metrics`.
 * Proportions are written as 0 or 1; continuous values may be ±Infinity or NaN (counted as non-finite).
 * Entries for metrics a model does not produce are ignored. A kernel owns reusable scratch arrays and must
 * not allocate per event.
 */
export interface TrialKernel {
  runTrial(address: TrialAddress, out: Float64Array): void;
  /** Simulated events processed since creation (for benchmarks; not part of any result). */
  readonly events: number;
}

export interface Simulation<TParams = unknown> {
  readonly name: string;
  readonly description: string;
  /** Strict zod schema of `params`: the only home of the defaults. */
  readonly params: z.ZodType<TParams>;
  readonly models: readonly ModelDecl[];
  readonly metrics: readonly MetricDecl[];
  /** Continuous metrics for which paired differences between models are reported (`comparisons`). */
  readonly comparisonMetrics: readonly string[];
  /** The few metrics a summary table shows first (every metric is always in the result document). */
  readonly summaryMetrics?: readonly string[];
  createKernel(params: TParams, models: readonly string[]): TrialKernel;
}
