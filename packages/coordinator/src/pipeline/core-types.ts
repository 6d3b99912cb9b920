// Placeholders for the core types the pipeline is written against, until @mcx/core exports them.
// When core lands this file becomes a re-export, so nothing that imports from here changes.

/** A JSON-safe shard job payload (core `ShardTask`): what a worker needs to run one shard. */
export type ShardTask = Readonly<Record<string, unknown>>;

/** A JSON-safe, mergeable summary of one shard (core `ShardSummary`). */
export type ShardSummary = Readonly<Record<string, unknown>>;
