export { geometricCheckpoints } from "./checkpoints.ts";
export {
  createExtensionBase,
  type ExtendedResult,
  type ExtensionBase,
  type LedgerSegment,
  type LedgerShard,
} from "./extension-base.ts";
export type { PairSlot, Slot, SummaryLayout } from "./layout.ts";
export { createLayout, recordWidth } from "./layout.ts";
export type { PlanOptions, RunPlan } from "./plan.ts";
export { chooseShardTrials, MAX_SHARDS, planRun, shardTaskOf } from "./plan.ts";
export type { PointStop } from "./point-merger.ts";
export { type PointState, type PointStateJson, PointStateSchema } from "./point-state.ts";
export type { RunProgress } from "./progress.ts";
export { runProgress } from "./progress.ts";
export type { ApplyOutcome, MergeCounters } from "./run-merger.ts";
export { RunMerger } from "./run-merger.ts";
export { blockTrialRange, runShard } from "./run-shard.ts";
export { type ShardSizeInputs, shardTrialsFor } from "./shard-size.ts";
export type { ShardSummary, ShardTask } from "./shard-task.ts";
export { BundleHashSchema, bundleFileName, ShardSummarySchema, ShardTaskSchema } from "./shard-task.ts";
export { decodeSummaries, decodeSummaryBytes, encodeSummaries, summaryBytes } from "./summary-codec.ts";
export { summaryFingerprint } from "./summary-fingerprint.ts";
