export type { Better, ChoiceDifference, ModelChoice } from "./best-model.ts";
export { chooseBestModel } from "./best-model.ts";
export { compareResults, DEFAULT_FDR } from "./compare-results.ts";
export { flattenParams, paramDifferences, varyingParams } from "./params.ts";
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
