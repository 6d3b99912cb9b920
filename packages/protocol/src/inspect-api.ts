// The coordinator API's read-only views of what the runs and schedules do not record themselves: the BullMQ queues'
// counts, the dead letters (shard jobs that failed for good, from the shard queue's failed set), and a schedule's
// baseline document. The dashboard's workers-and-queues view and its compare-with-baseline come from these.
import { z } from "zod";
import { RunIdSchema as runId, ScheduleNameSchema as scheduleName } from "./ids.ts";

/** Job counts of one BullMQ queue, as `Queue.getJobCounts` reports them. */
export const QueueCounts = z.object({
  /** `mcx-shards` (shard jobs) or `mcx-schedules` (schedule ticks). */
  name: z.string(),
  waiting: z.int().nonnegative(),
  active: z.int().nonnegative(),
  /** Jobs waiting for their time: shards in their retry backoff, the next tick of each schedule. */
  delayed: z.int().nonnegative(),
  /** Jobs that failed for good and are kept (shard jobs 7 days, ticks the last 100). */
  failed: z.int().nonnegative(),
  /** Finished jobs still kept (shard jobs: MCX_KEEP_COMPLETED_JOBS, for idempotent re-enqueueing). */
  completed: z.int().nonnegative(),
});
export type QueueCounts = z.infer<typeof QueueCounts>;

export const QueuesRequest = z.strictObject({});

export const QueuesReply = z.object({ ok: z.literal(true), queues: z.array(QueueCounts), at: z.string() });
export type QueuesReply = z.infer<typeof QueuesReply>;

/** Failed shard jobs looked at per request at most (ids only; the newest first). */
export const MAX_DEAD_LETTERS_SCANNED = 100_000;

export const DeadLettersRequest = z.strictObject({
  /** Only this run's dead letters (the list and `matching`). */
  runId: runId.optional(),
  /** @defaultValue 50 */
  limit: z.int().positive().max(500).default(50),
  /** Skips this many of the newest. @defaultValue 0 */
  offset: z.int().nonnegative().default(0),
});
export type DeadLettersRequest = z.input<typeof DeadLettersRequest>;

/** One shard job that failed for good, as BullMQ keeps it. */
export const DeadLetterEntry = z.object({
  jobId: z.string(),
  /** Run and shard of the job's task (absent when its payload is malformed: it names no run). */
  runId: runId.optional(),
  shard: z.int().nonnegative().optional(),
  /** Attempts made before it failed for good. */
  attempts: z.int().nonnegative(),
  /** The error code the worker failed it with (`MCX_…`), when its reason starts with one. */
  code: z.string().optional(),
  reason: z.string(),
  failedAt: z.string().optional(),
});
export type DeadLetterEntry = z.infer<typeof DeadLetterEntry>;

export const DeadLettersReply = z.object({
  ok: z.literal(true),
  /** Dead letters of every run (the failed set's size). */
  total: z.int().nonnegative(),
  /** Those of `runId` when asked for one, else `total`. */
  matching: z.int().nonnegative(),
  /** Count per run, the most first (at most 50 runs), over the newest {@link MAX_DEAD_LETTERS_SCANNED} ids. */
  byRun: z.array(z.object({ runId, count: z.int().positive() })),
  /** The failed set held more ids than were looked at: `byRun` and `matching` cover the newest only. */
  truncated: z.boolean(),
  /** The page asked for, the newest first. */
  letters: z.array(DeadLetterEntry),
});
export type DeadLettersReply = z.infer<typeof DeadLettersReply>;

export const BaselineRequest = z.strictObject({
  name: scheduleName,
  /** Character offset into the baseline's JSON text: it comes in chunks, like results. @defaultValue 0 */
  offset: z.int().nonnegative().default(0),
});
export type BaselineRequest = z.input<typeof BaselineRequest>;

export const BaselineReply = z.object({
  ok: z.literal(true),
  name: scheduleName,
  /** Length of the whole JSON text in characters. */
  size: z.int(),
  offset: z.int(),
  chunk: z.string(),
  done: z.boolean(),
});
export type BaselineReply = z.infer<typeof BaselineReply>;
