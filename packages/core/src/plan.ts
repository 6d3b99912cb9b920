// "@mcx/core/plan": planning a run (shard sizes and ranges) without the merge and statistics code, so `mcx run` can
// plan and start its first shards before it has loaded what merging needs.
export type { PlanOptions, RunPlan } from "./engine/plan.ts";
export { chooseShardTrials, MAX_SHARDS, planRun, shardTaskOf } from "./engine/plan.ts";
export type { ShardSizeInputs } from "./engine/shard-size.ts";
export { shardTrialsFor } from "./engine/shard-size.ts";
// The embedded queue decodes what pool threads send (binary summaries) before the merge code has loaded.
export { decodeSummaries } from "./engine/summary-codec.ts";
