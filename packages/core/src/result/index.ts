export { buildResult, digestOf, REPORTED_QUANTILES } from "./build.ts";
export { convergenceDiagnostics, HEAVY_TAIL_VOV, halfWidthSlope } from "./convergence.ts";
export type {
  Comparison,
  ContinuousMetric,
  MetricResult,
  PointResult,
  ProportionMetric,
  ResultDocument,
  RunMeta,
} from "./document.ts";
export { ResultDocumentSchema } from "./document.ts";
