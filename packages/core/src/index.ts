export * from "./compare/index.ts";
export type {
  ApplyOutcome,
  MergeCounters,
  PairSlot,
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
  blockTrialRange,
  chooseShardTrials,
  createLayout,
  geometricCheckpoints,
  MAX_SHARDS,
  planRun,
  RunMerger,
  recordWidth,
  runProgress,
  runShard,
  ShardSummarySchema,
  ShardTaskSchema,
  shardTrialsFor,
  summaryFingerprint,
} from "./engine/index.ts";
export { runInline } from "./engine/run-inline.ts";
export { exitCodeOf, isMcxError, McxError, McxErrorCode, SpecError, toMcxError } from "./errors.ts";
export * from "./result/index.ts";
export * from "./rng/index.ts";
export type { ParamDescription, SimulationDescription } from "./sim/describe.ts";
export { describeSimulation } from "./sim/describe.ts";
export { getSimulation, listSimulations } from "./sim/registry.ts";
export type { MetricDecl, MetricKind, ModelDecl, Simulation, TrialAddress, TrialKernel } from "./sim/types.ts";
export type { ResolvedPoint, ResolvedSpec } from "./spec/index.ts";
export { didYouMean, locateSpecPath, parseSpecText, resolveSpec, SpecLimits } from "./spec/index.ts";
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
