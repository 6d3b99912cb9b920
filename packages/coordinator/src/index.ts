// The coordinator's public surface. The CLI depends on this package only, so the core names it needs (spec
// parsing, errors, simulation descriptions, the RNG byte stream) are re-exported here.

export type {
  Comparison,
  ContinuousMetric,
  MetricDecl,
  MetricKind,
  MetricResult,
  ModelDecl,
  ParamDescription,
  PointResult,
  ProportionMetric,
  ResolvedPoint,
  ResolvedSpec,
  ResultDocument,
  RunMeta,
  RunProgress as RunSnapshot,
  Simulation,
  SimulationDescription,
} from "@mcx/core";
export {
  describeSimulation,
  exitCodeOf,
  getSimulation,
  isMcxError,
  listSimulations,
  locateSpecPath,
  McxError,
  McxErrorCode,
  parseSpecText,
  philoxKat,
  REPORTED_QUANTILES,
  ResultDocumentSchema,
  resolveSpec,
  rngBytesStream,
  SpecError,
  SpecLimits,
  toMcxError,
} from "@mcx/core";
export { type EmbeddedOptions, type RunSize, runEmbedded, sizeRun } from "./embedded/index.ts";
export type {
  DriveProgress,
  DriveRunOptions,
  ShardEvent,
  ShardFailedEvent,
  ShardJob,
  ShardQueue,
  ShardSummary,
  ShardSummaryEvent,
  ShardTask,
  SummarySource,
} from "./pipeline/index.ts";
export { type Channel, createChannel, DEFAULT_WINDOW, driveRun } from "./pipeline/index.ts";
