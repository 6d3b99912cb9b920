// The messages of a shard's life outside the coordinator API: the task (BullMQ job data), the summary and the dead
// letter (JetStream), and the workers' heartbeats (core NATS). Task and summary are core's schemas, since the pure
// merger validates summaries against its plan; they are re-exported here so the wire has one home.

import { type ShardTask, ShardTaskSchema } from "@mcx/core/shard";
import { z } from "zod";
import { ServiceConnections } from "./connection-state.ts";
import { ErrorData } from "./error-codec.ts";
import { RUN_ID_PATTERN } from "./ids.ts";
import { shardJobId } from "./names.ts";

export type { ShardSummary, ShardTask } from "@mcx/core/shard";
export { ShardSummarySchema, ShardTaskSchema } from "@mcx/core/shard";

/** A BullMQ shard job as read back from the queue: its id and its data (untrusted). */
export interface ShardJobLike {
  readonly id?: string | undefined;
  readonly data: unknown;
}

/**
 * The shard task a job carries, checked against the job's id: a job is one shard of one run, with the id
 * `shardJobId(runId, shard)`. Structural: run and shard come from the validated task, never from splitting the id
 * (run ids contain '-').
 * @example parseShardJob({ id: "r-1-7", data: task }) // → { ok: true, task } when task is shard 7 of run "r-1"
 */
export function parseShardJob(
  job: ShardJobLike,
): { ok: true; task: ShardTask; jobId: string } | { ok: false; reason: string } {
  const parsed = ShardTaskSchema.safeParse(job.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `payload ${issue?.path.map(String).join(".") || ""} ${issue?.message ?? "is malformed"}`.replace(
        / {2,}/g,
        " ",
      ),
    };
  }
  const task = parsed.data;
  const id = shardJobId(task.runId, task.shard);
  if (job.id !== id) {
    return { ok: false, reason: `carries shard ${task.shard} of run ${task.runId}; its id must be ${id}` };
  }
  return { ok: true, task, jobId: id };
}

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
  /** Its connections to Redis and NATS (absent from workers built before it was added). */
  connections: ServiceConnections.optional(),
});
export type WorkerHeartbeat = z.infer<typeof WorkerHeartbeatSchema>;
