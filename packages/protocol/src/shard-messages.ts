// The messages of a shard's life outside the coordinator API: the task (BullMQ job data), the summary and the dead
// letter (JetStream), and the workers' heartbeats (core NATS). Task and summary are core's schemas, since the pure
// merger validates summaries against its plan; they are re-exported here so the wire has one home.
import { z } from "zod";
import { ErrorData } from "./error-codec.ts";
import { RUN_ID_PATTERN } from "./ids.ts";

export type { ShardSummary, ShardTask } from "@mcx/core/shard";
export { ShardSummarySchema, ShardTaskSchema } from "@mcx/core/shard";

/**
 * The dead letter of a shard that failed for good (deterministic error, or retries exhausted), published by the
 * worker on `deadLetterSubject(runId)` with msg id `<runId>:<shard>:failed`.
 */
export const DeadLetterSchema = z.strictObject({
  runId: z.string().regex(RUN_ID_PATTERN),
  shard: z.int().nonnegative(),
  jobId: z.string().max(200),
  /** Attempts made, this one included. */
  attempts: z.int().nonnegative(),
  /** The failure, as the pool thread or BullMQ reported it (MCX_INTERNAL for anything unclassified). */
  error: ErrorData,
  /** No retry can help (bad payload, spec or parameters). */
  deterministic: z.boolean(),
  workerId: z.string().max(200),
  at: z.iso.datetime(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

/** A worker's heartbeat on `workerSubject(workerId)`; counters are totals since the worker started. */
export const WorkerHeartbeatSchema = z.strictObject({
  workerId: z.string().max(200),
  threads: z.int().positive(),
  concurrency: z.int().positive(),
  active: z.int().nonnegative(),
  completed: z.int().nonnegative(),
  failed: z.int().nonnegative(),
  retried: z.int().nonnegative(),
  /** Job payloads rejected as malformed. */
  malformed: z.int().nonnegative(),
  /** Summaries the stream dropped as duplicates (same msg id inside its window). */
  duplicatesAtPublish: z.int().nonnegative(),
  startedAt: z.iso.datetime(),
  at: z.iso.datetime(),
  /** The worker is shutting down: it takes no more shards. */
  draining: z.boolean(),
});
export type WorkerHeartbeat = z.infer<typeof WorkerHeartbeatSchema>;
