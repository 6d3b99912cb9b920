export * from "./audit/index.ts";
export * from "./compare/index.ts";
export type {
  ApplyOutcome,
  ExtendedResult,
  ExtensionBase,
  LedgerSegment,
  LedgerShard,
  MergeCounters,
  PairSlot,
  PlanOptions,
  PointState,
  PointStateJson,
  PointStop,
  RunPlan,
  RunProgress,
  ShardSizeInputs,
  ShardSummary,
  ShardTask,
  Slot,
  SummaryLayout,
} from "./engine/index.ts";
export {
  BundleHashSchema,
  blockTrialRange,
  bundleFileName,
  chooseShardTrials,
  createExtensionBase,
  createLayout,
  decodeSummaries,
  decodeSummaryBytes,
  encodeSummaries,
  geometricCheckpoints,
  MAX_SHARDS,
  PointStateSchema,
  planRun,
  RunMerger,
  recordWidth,
  runProgress,
  runShard,
  ShardSummarySchema,
  ShardTaskSchema,
  shardTaskOf,
  shardTrialsFor,
  summaryBytes,
  summaryFingerprint,
} from "./engine/index.ts";
export { runInline } from "./engine/run-inline.ts";
export { exitCodeOf, isMcxError, McxError, McxErrorCode, SpecError, toMcxError } from "./errors.ts";
export * from "./extend/index.ts";
export * from "./result/index.ts";
export * from "./rng/index.ts";
export type { ParamDescription, SimulationDescription } from "./sim/describe.ts";
export { describeSimulation } from "./sim/describe.ts";
export { getSimulation, listSimulations } from "./sim/registry.ts";
export { keysAt } from "./sim/schema-shape.ts";
export { type SimulationShape, shapeOf, simulationFromShape } from "./sim/shape.ts";
export type { MetricDecl, MetricKind, ModelDecl, Simulation, TrialAddress, TrialKernel } from "./sim/types.ts";
export { specErrorFromZod } from "./spec/format-issue.ts";
export type { ResolvedPoint, ResolvedSpec, ResolveOptions, SweepShape } from "./spec/index.ts";
export {
  didYouMean,
  ExperimentSpec,
  isModulePath,
  locateSpecPath,
  parseSpecText,
  resolveSpec,
  SpecLimits,
  StopRule,
  specIdentity,
  specToYaml,
  verifyResolvedSpec,
} from "./spec/index.ts";
export type {
  BenjaminiHochbergResult,
  Interval,
  QuantileSketchJSON,
  TostResult,
  TwoProportionTestResult,
  WelchTestResult,
} from "./stats/index.ts";
export {
  benjaminiHochberg,
  ContinuousAccumulator,
  clopperPearsonInterval,
  conditionalValueAtRisk,
  confidenceSequenceHalfWidth,
  Moments,
  normalQuantile,
  PairedAccumulator,
  ProportionAccumulator,
  QuantileSketch,
  quantileRank,
  quantileRankInterval,
  ruleOfThreeUpper,
  studentTInterval,
  studentTQuantile,
  TailView,
  tostEquivalence,
  twoProportionTest,
  valueAtRisk,
  welchTest,
  wilsonInterval,
} from "./stats/index.ts";
export { canonicalJson, sha256Of } from "./util/canonical-json.ts";
