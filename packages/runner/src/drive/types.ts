import type { McxError, Provenance, RunProgress as RunSnapshot, ShardTask } from "@mcx/core";

/**
 * One shard to run: its index in the run plan and the JSON-safe task payload.
 * The index is explicit so a queue can derive an idempotent job id (`<run>-<shard>`) without
 * looking inside the payload.
 */
export interface ShardJob {
  readonly shard: number;
  readonly task: ShardTask;
}

/**
 * Where the driver puts shards to be run. Embedded mode: an in-process queue feeding a piscina pool.
 * Distributed mode: one BullMQ job per shard.
 *
 * Contract:
 * - `enqueue` may be called many times; the driver never enqueues the same shard twice in one run, but an
 *   implementation must still treat a repeated shard index as harmless (at-least-once).
 * - `cancel` removes shards that have not started; shards already running may still deliver a summary,
 *   which the driver then discards. It must not throw for unknown or already finished shards.
 * - `received` (optional) is called once per enqueued shard whose summary the driver merged.
 * - `close` releases resources; pending shards are dropped. Idempotent. The queue belongs to its creator: the
 *   driver never closes it (a pool or a Redis connection may serve many runs).
 */
export interface ShardQueue {
  enqueue(jobs: readonly ShardJob[]): Promise<void>;
  cancel(shards: readonly number[]): Promise<void>;
  close(): Promise<void>;
  /**
   * Optional: the driver merged this enqueued shard's summary and waits for it no more. A queue that checks its
   * jobs against a store that can lose them (the coordinator's reconciliation with Redis) forgets it here.
   */
  received?(shard: number): void;
}

/**
 * A shard finished and produced its mergeable summary, as it arrived: the driver validates it against the plan (the
 * one validation of a summary) before merging.
 */
export interface ShardSummaryEvent {
  readonly type: "summary";
  /**
   * The shard the transport ran, when it knows (the embedded queue does; a message off the shard stream only says
   * so inside its untrusted body). A malformed summary of an awaited shard then fails the run instead of stalling it.
   */
  readonly shard?: number;
  /** The summary (untrusted until the driver validated it). */
  readonly summary: unknown;
  /** It came from a later attempt of its shard (the transport says so: BullMQ's attempt count, on the message). */
  readonly retried?: boolean;
  /**
   * Its `summaryFingerprint`, when it was computed where the summary was made: the embedded pool's threads, or a
   * worker's pool thread (sent as a header on the shard stream); without it the merger computes it.
   */
  readonly fingerprint?: string;
  /** Called by the driver after the summary was applied (merged, dropped as duplicate or discarded). */
  readonly ack?: () => void | Promise<void>;
}

/** A shard failed for good (no more retries): the run fails with this error. */
export interface ShardFailedEvent {
  readonly type: "failed";
  readonly shard: number;
  readonly error: McxError;
  readonly ack?: () => void | Promise<void>;
}

export type ShardEvent = ShardSummaryEvent | ShardFailedEvent;

/**
 * Where the driver reads shard outcomes from. Events may arrive duplicated and in any order; the driver
 * (through core's `RunMerger`) counts each shard once and merges in shard order.
 *
 * Iteration ends when the source is closed. The driver stops iterating (calls `return()` on the iterator,
 * then `close()`) as soon as the run is decided, fails or is cancelled: one source serves one run.
 */
export interface SummarySource extends AsyncIterable<ShardEvent> {
  close(): Promise<void>;
}

/** Progress of a run, reported after every applied summary. */
export interface DriveProgress {
  /** Trials merged so far (all points). */
  readonly trialsDone: number;
  /** Upper bound on trials of the run (shrinks when adaptive stopping decides). */
  readonly trialsPlanned: number;
  readonly shardsDone: number;
  readonly shardsPlanned: number;
  readonly duplicatesDropped: number;
  /** Merged shards whose summary came from a later attempt (`ShardSummaryEvent.retried`). */
  readonly shardsRetried: number;
  /** Malformed summaries rejected (and not merged). */
  readonly rejected: number;
  /** Seconds since the run started. */
  readonly elapsedSeconds: number;
  /** Per point and metric estimate ± half-width so far (O(points × slots): call it throttled, e.g. for `mcx watch`). */
  readonly snapshot: () => RunSnapshot;
}

/** Options of {@link driveRun}. */
export interface DriveRunOptions {
  readonly queue: ShardQueue;
  readonly summaries: SummarySource;
  /**
   * Most shards enqueued but not yet merged. Bounds the waste of adaptive stopping and the memory of
   * out-of-order summaries.
   * @defaultValue 64
   */
  readonly window?: number;
  /** Recorded in `run.mode` of the result. */
  readonly mode: "embedded" | "distributed";
  /** Recorded in `run.threads` of the result (total compute threads). */
  readonly threads: number;
  /** Recorded in `run.workers` of the result (distributed mode). */
  readonly workers?: number;
  /**
   * Recorded in `provenance.hosts`: the hosts that ran shards and their threads, or a function asked when the run
   * ends.
   * @defaultValue this machine with `threads`
   */
  readonly hosts?: Provenance["hosts"] | (() => Provenance["hosts"]);
  readonly onProgress?: (progress: DriveProgress) => void;
  /** Aborting cancels pending shards and returns a result with status `cancelled`. */
  readonly signal?: AbortSignal;
  /**
   * Outcomes of shards of this plan that ran before the driver started (embedded mode's pilot shards, which sized
   * the plan), each naming its shard: handled as if they had just arrived, before anything is enqueued.
   */
  readonly initial?: readonly ShardEvent[];
}
