export {
  BLOCK_STORE_FORMAT,
  type BlockStoreContent,
  BlockStoreContentSchema,
  type BlockStoreRef,
  BlockStoreRefSchema,
} from "./block-store.ts";
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
export { formatLedger, parseLedger, type ShardFingerprints, ShardFingerprintsSchema } from "./ledger.ts";
export { type Provenance, ProvenanceSchema, STATISTICS_VERSION } from "./provenance.ts";
