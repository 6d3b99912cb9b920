export type {
  Better,
  ChoiceDifference,
  ComparedStatistic,
  CompareOptions,
  CompareReport,
  CompareSide,
  CompareTest,
  Equivalence,
  MetricComparison,
  ModelChoice,
  ParamDifference,
  PointPair,
  Unmatched,
} from "./compare/index.ts";
export {
  chooseBestModel,
  compareResults,
  DEFAULT_FDR,
  flattenParams,
  paramDifferences,
  proportionDifference,
  proportionEquivalenceP,
  varyingParams,
  welchDifference,
  welchEquivalenceP,
} from "./compare/index.ts";
export type { NatsConnectionOptions, RedisConnectionOptions } from "./connection.ts";
export { toNatsConnection, toRedisConnection } from "./connection.ts";
export type {
  ApplyOutcome,
  MergeCounters,
  PairSlot,
  PointStop,
  RunPlan,
  RunProgress,
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
  summaryFingerprint,
} from "./engine/index.ts";
export { runInline } from "./engine/run-inline.ts";
export { exitCodeOf, isMcxError, McxError, McxErrorCode, SpecError, toMcxError } from "./errors.ts";
export type {
  Comparison,
  ContinuousMetric,
  MetricResult,
  PointResult,
  ProportionMetric,
  ResultDocument,
  RunMeta,
} from "./result/index.ts";
export {
  buildResult,
  convergenceDiagnostics,
  digestOf,
  REPORTED_QUANTILES,
  ResultDocumentSchema,
} from "./result/index.ts";
export type { PhiloxKatResult, PhiloxRecords } from "./rng/index.ts";
export {
  bernoulli,
  createPhiloxRecords,
  createStream,
  exponential,
  lognormal,
  normal,
  philox4x32_10,
  philoxBackend,
  philoxKat,
  poisson,
  RAW_KIND,
  rngBytesStream,
  STREAM_DOMAIN,
  seedStream,
  seedStreams,
  setStreamState,
  uniform,
  uniformInt,
  Xoshiro128,
} from "./rng/index.ts";
export { envPositiveInt, parseServiceEnv, ServiceEnvShape, serviceConnections } from "./service-env.ts";
export type { ParamDescription, SimulationDescription } from "./sim/describe.ts";
export { describeSimulation } from "./sim/describe.ts";
export { getSimulation, listSimulations } from "./sim/registry.ts";
export type { MetricDecl, MetricKind, ModelDecl, Simulation, TrialAddress, TrialKernel } from "./sim/types.ts";
export type { ResolvedPoint, ResolvedSpec, SweepShape } from "./spec/index.ts";
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
  Moments,
  normalQuantile,
  PairedAccumulator,
  ProportionAccumulator,
  QuantileSketch,
  ruleOfThreeUpper,
  studentTInterval,
  studentTQuantile,
  tostEquivalence,
  twoProportionTest,
  valueAtRisk,
  welchTest,
  wilsonInterval,
} from "./stats/index.ts";
export type { DeadLetter, WorkerHeartbeat } from "./topology.ts";
export {
  ApiVerb,
  apiSubject,
  DeadLetterSchema,
  deadLetterMsgId,
  deadLetterSubject,
  isRunId,
  isScheduleName,
  parseShardSubject,
  progressSubject,
  RUN_ID_PATTERN,
  resultObjectName,
  runShardFilter,
  SCHEDULE_NAME_PATTERN,
  scheduleBaselineObjectName,
  scheduleSpecObjectName,
  shardJobId,
  shardMsgId,
  specObjectName,
  summarySubject,
  Topology,
  WorkerHeartbeatSchema,
  workerSubject,
} from "./topology.ts";
export { canonicalJson, sha256Of } from "./util/canonical-json.ts";
