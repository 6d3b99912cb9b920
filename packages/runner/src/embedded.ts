// "@mcx/runner/embedded": what `mcx run` needs to start, and nothing else: the embedded runner and the shard pool.
// It loads neither the driver nor core's merge and statistics code until a run has started its first shards.
export { type EmbeddedOptions, runEmbedded } from "./embedded/run-embedded.ts";
export { createShardPool, type ShardPool, TASKS_PER_THREAD } from "./pool/pool.ts";
