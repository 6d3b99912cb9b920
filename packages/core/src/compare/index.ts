export { COMPARED_QUANTILES } from "./compare-metric.ts";
export { compareResults, DEFAULT_FDR } from "./compare-results.ts";
export type { BatchPair, PairedBatchDifference } from "./paired-batches.ts";
export { alignedBatchTrials, pairedBatchDifference } from "./paired-batches.ts";
export { flattenParams, paramDifferences, varyingParams } from "./params.ts";
export type { QuantileDifference, QuantileSide } from "./quantile-difference.ts";
export { quantileDifference } from "./quantile-difference.ts";
export type { Counts, ProportionDifference } from "./two-proportion.ts";
export { proportionDifference, proportionEquivalenceP } from "./two-proportion.ts";
export type {
  ComparedStatistic,
  CompareOptions,
  CompareReport,
  CompareSide,
  CompareTest,
  Equivalence,
  MetricComparison,
  ParamDifference,
  PointPair,
  Unmatched,
} from "./types.ts";
export type { SampleSummary, WelchDifference } from "./welch.ts";
export { welchDifference, welchEquivalenceP } from "./welch.ts";
