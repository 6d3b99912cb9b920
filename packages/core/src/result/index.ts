export { buildResult, digestOf, REPORTED_QUANTILES } from "./build.ts";
export { ResultDocumentSchema } from "./document.ts";
export type { Comparison, ContinuousMetric, MetricResult, PointResult, ProportionMetric, ResultDocument, RunMeta } from "./document.ts";
