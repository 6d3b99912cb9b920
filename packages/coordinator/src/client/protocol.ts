// The wire format of the coordinator API (NATS request/reply on mcx.api.<verb>) and of progress messages
// (mcx.progress.<runId>). Shared by the service, which validates every request with these schemas, and the client.
import { z } from "zod";

const runId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "must be a run id (lowercase letters, digits, '-')");

/** Statuses of a run: the four final ones are those of the result document. */
export const RunStatus = z.enum(["running", "completed", "target_not_met", "cancelled", "failed"]);
export type RunStatus = z.infer<typeof RunStatus>;

/** Whether a run has reached a final status. */
export function isFinalStatus(status: RunStatus): boolean {
  return status !== "running";
}

export const SubmitRequest = z.strictObject({
  /** The spec as written (YAML or JSON text); parsed and validated by the coordinator. */
  spec: z.string().min(1),
  /** Where it came from, for error locations and JSON vs YAML. @defaultValue "spec.yaml" */
  fileName: z.string().min(1).max(500).default("spec.yaml"),
  /** Trials per shard; overrides the spec's `shardTrials` (never changes the result). */
  shardTrials: z.int().positive().optional(),
});
export type SubmitRequest = z.input<typeof SubmitRequest>;

export const RunRequest = z.strictObject({ runId });
export type RunRequest = z.infer<typeof RunRequest>;

export const ListRequest = z.strictObject({
  /** @defaultValue 50 */
  limit: z.int().positive().max(1000).default(50),
  status: RunStatus.optional(),
});
export type ListRequest = z.input<typeof ListRequest>;

export const ResultsRequest = z.strictObject({
  runId,
  /** Character offset into the result document's JSON text: results come in chunks. @defaultValue 0 */
  offset: z.int().nonnegative().default(0),
});
export type ResultsRequest = z.input<typeof ResultsRequest>;

export const ApiError = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  path: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export const ErrorReply = z.object({ ok: z.literal(false), error: ApiError });

/** A corruption alarm or other condition a human should look at. */
export const RunAlarm = z.object({
  kind: z.enum(["shard_mismatch", "dead_letter"]),
  message: z.string(),
  shard: z.int().nonnegative().optional(),
  at: z.string(),
});
export type RunAlarm = z.infer<typeof RunAlarm>;

/** A run as the coordinator keeps it (JetStream KV `mcx-runs`, one key per run). */
export const RunRecord = z.object({
  runId,
  name: z.string(),
  simulation: z.string(),
  specHash: z.string(),
  status: RunStatus,
  submittedAt: z.string(),
  finishedAt: z.string().optional(),
  points: z.int().nonnegative(),
  shardTrials: z.int().positive(),
  shardsPlanned: z.int().nonnegative(),
  shardsDone: z.int().nonnegative(),
  trialsPlanned: z.number().nonnegative(),
  trialsDone: z.number().nonnegative(),
  duplicatesDropped: z.int().nonnegative(),
  /** Summaries of this run rejected as malformed. */
  rejected: z.int().nonnegative(),
  cancelRequested: z.boolean(),
  /** Times a coordinator resumed this run after a restart. */
  resumed: z.int().nonnegative(),
  digest: z.string().optional(),
  error: ApiError.optional(),
  alarms: z.array(RunAlarm),
});
export type RunRecord = z.infer<typeof RunRecord>;

export const SubmitReply = z.object({
  ok: z.literal(true),
  runId,
  points: z.int(),
  trialsPlanned: z.number(),
  shards: z.int(),
  shardTrials: z.int(),
});
export type SubmitReply = z.infer<typeof SubmitReply>;

export const RunReply = z.object({ ok: z.literal(true), run: RunRecord });
export type RunReply = z.infer<typeof RunReply>;

/** A worker as seen from its last heartbeat. */
export const WorkerInfo = z.object({
  workerId: z.string(),
  threads: z.int(),
  concurrency: z.int(),
  active: z.int(),
  completed: z.int(),
  failed: z.int(),
  malformed: z.int(),
  draining: z.boolean(),
  lastSeen: z.string(),
});
export type WorkerInfo = z.infer<typeof WorkerInfo>;

/** Counters of the coordinator process (since it started). */
export const CoordinatorStats = z.object({
  startedAt: z.string(),
  activeRuns: z.int(),
  /** API requests rejected as malformed. */
  rejectedRequests: z.int(),
  /** Messages on the shard stream rejected as malformed (bad subject, not JSON, wrong shape). */
  rejectedMessages: z.int(),
  /** Shard messages of runs that are finished or unknown (late retries), acknowledged and dropped. */
  orphanMessages: z.int(),
  /** Heartbeats rejected as malformed. */
  rejectedHeartbeats: z.int(),
});
export type CoordinatorStats = z.infer<typeof CoordinatorStats>;

export const ListReply = z.object({
  ok: z.literal(true),
  runs: z.array(RunRecord),
  workers: z.array(WorkerInfo),
  coordinator: CoordinatorStats,
});
export type ListReply = z.infer<typeof ListReply>;

export const ResultsReply = z.object({
  ok: z.literal(true),
  runId,
  status: RunStatus,
  /** Length of the whole JSON text in characters. */
  size: z.int(),
  offset: z.int(),
  chunk: z.string(),
  done: z.boolean(),
});
export type ResultsReply = z.infer<typeof ResultsReply>;

/** One point's convergence line for `mcx watch`: estimate ± half-width per model and metric. */
export const ProgressSnapshot = z.object({
  points: z.array(
    z.object({
      index: z.int(),
      trials: z.number(),
      stop: z.string(),
      predictedTrials: z.number().nullable(),
      slots: z.array(
        z.object({
          model: z.string(),
          metric: z.string(),
          estimate: z.number().nullable(),
          halfWidth: z.number().nullable(),
        }),
      ),
    }),
  ),
});
export type ProgressSnapshot = z.infer<typeof ProgressSnapshot>;

/** Published on `mcx.progress.<runId>` as the run advances (throttled) and once when it ends. */
export const ProgressMessage = z.object({
  runId,
  status: RunStatus,
  trialsDone: z.number(),
  trialsPlanned: z.number(),
  shardsDone: z.int(),
  shardsPlanned: z.int(),
  duplicatesDropped: z.int(),
  rejected: z.int(),
  elapsedSeconds: z.number(),
  /** Present at most about once a second (it is O(points × slots)). */
  snapshot: ProgressSnapshot.optional(),
  digest: z.string().optional(),
  error: ApiError.optional(),
  at: z.string(),
});
export type ProgressMessage = z.infer<typeof ProgressMessage>;
