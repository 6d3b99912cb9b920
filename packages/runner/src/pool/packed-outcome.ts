import type { ErrorData } from "@mcx/protocol/error";

/**
 * What the embedded queue sends a pool thread for several shards of one point at once (piscina task `packed`): the
 * fields the shards share as one JSON text, the same string object for every task of the point (a string clones as
 * one copy, where the task object's nested parameters cloned field by field), and per shard
 * (shard, blockStart, blockEnd).
 */
export interface PackedTask {
  /** A `ShardTask` without `shard`, `blockStart` and `blockEnd`, as JSON. */
  readonly template: string;
  /** (shard, blockStart, blockEnd) per shard, in the order to run them. */
  readonly ranges: readonly number[];
}

/** A shard of a packed task that failed, by its position in the task. */
export interface PackedFailure {
  readonly index: number;
  readonly error: ErrorData;
  /** Retrying cannot help (as `TaskOutcome`'s). */
  readonly deterministic: boolean;
}

/**
 * What a packed task returns, one reply for all its shards: one piscina message and one wake-up of the main thread,
 * which was most of a shard's main-thread cost (bench/stages.mjs).
 */
export interface PackedOutcome {
  /** `encodeSummaries` of the shards that succeeded, in task order; its buffer is transferred, not copied. */
  readonly summaries: Float64Array;
  /** Their `summaryFingerprint`s, 16 hex digits each, concatenated in the same order. */
  readonly fingerprints: string;
  readonly failures: readonly PackedFailure[];
  /** Milliseconds the task's shards ran on the thread, together (for sizing the next tasks). */
  readonly ms: number;
}
