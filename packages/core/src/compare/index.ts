export { benjaminiHochberg } from "./benjamini-hochberg.ts";
export { compareResults, DEFAULT_FDR } from "./compare-results.ts";
export { flattenParams, paramDifferences, varyingParams } from "./params.ts";
export type { Counts, TwoProportionResult } from "./two-proportion.ts";
export { newcombeInterval, twoProportionTest, twoProportionTost } from "./two-proportion.ts";
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
export type { SampleSummary, WelchResult } from "./welch.ts";
export { welchTest, welchTost } from "./welch.ts";
