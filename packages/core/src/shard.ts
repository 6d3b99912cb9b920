// "@mcx/core/shard": what a pool thread needs to run shards, and nothing else. Threads load it at pool start-up,
// so it leaves out the statistics libraries (Student-t, beta quantiles) that only merging and results use.
export { runShard } from "./engine/run-shard.ts";
export type { ShardSummary, ShardTask } from "./engine/shard-task.ts";
export { BundleHashSchema, bundleFileName, ShardSummarySchema, ShardTaskSchema } from "./engine/shard-task.ts";
export { encodeSummaries, summaryBytes } from "./engine/summary-codec.ts";
export { summaryFingerprint } from "./engine/summary-fingerprint.ts";
export { isMcxError, McxError, McxErrorCode, SpecError, toMcxError } from "./errors.ts";
export type { Simulation } from "./sim/types.ts";
