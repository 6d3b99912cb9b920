// The wire format of the coordinator API (NATS request/reply on mcx.api.<verb>) and of progress messages
// (mcx.progress.<runId>). Shared by the service, which validates every request with these schemas, and the client.
import { z } from "zod";

const runId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "must be a run id (lowercase letters, digits, '-')");
const scheduleName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, "must be a schedule name (lowercase letters, digits, '-'; at most 48)");

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

/**
 * How a scheduled run compares with its schedule's baseline (`compareResults(baseline, result)`), recorded when the
 * run finishes.
 */
export const RunRegression = z.object({
  /** Something differs: a significant comparison, or a point, model or metric on one side only. */
  differs: z.boolean(),
  /** Significant comparisons (Benjamini–Hochberg, q ≤ fdr). */
  significant: z.int().nonnegative(),
  /** The digests are equal: bit-identical statistics. */
  identical: z.boolean(),
  /** Comparisons tested. */
  tested: z.int().nonnegative(),
  baselineDigest: z.string(),
  /** One line for `mcx status`: what differs most, or why nothing does. */
  summary: z.string(),
});
export type RunRegression = z.infer<typeof RunRegression>;

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
  /** The schedule that submitted this run. */
  scheduledBy: scheduleName.optional(),
  /** Set when a run of a schedule with a baseline finished with a result. */
  regression: RunRegression.optional(),
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
  /** The active coordinator's id (its lease in Redis: `<host>:<pid>:<random>`); absent when started without one. */
  instance: z.string().optional(),
  startedAt: z.string(),
  activeRuns: z.int(),
  /** API requests rejected as malformed. */
  rejectedRequests: z.int(),
  /** Messages on the shard stream rejected as malformed (bad subject, not JSON, wrong shape). */
  rejectedMessages: z.int(),
  /** Shard messages of runs that are finished or unknown (late retries), dropped. */
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
  /** The spec's stop rule, for adaptive runs (watchers show its metrics and targets). */
  stopRule: z
    .object({
      metrics: z.array(z.string()),
      relHalfWidth: z.number().optional(),
      absHalfWidth: z.number().optional(),
    })
    .optional(),
  points: z.array(
    z.object({
      index: z.int(),
      /** The swept parameters of the point, e.g. `rate=1000 nCpu=8` (absent when nothing is swept). */
      label: z.string().optional(),
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

/** A schedule's trigger: a cron expression (optionally in a time zone) or a fixed interval. */
const scheduleTrigger = {
  /** Cron expression (5 fields, or 6 with seconds first; or @hourly, @daily, @weekly, @monthly, @yearly). */
  cron: z.string().min(1).max(200).optional(),
  /** IANA time zone of `cron`. @defaultValue the coordinator's local time zone */
  tz: z.string().min(1).max(100).optional(),
  /** Seconds between two ticks (instead of `cron`). */
  everySeconds: z
    .int()
    .positive()
    .max(366 * 24 * 3600)
    .optional(),
};

/** Largest baseline document `schedule.add` accepts (characters of JSON); NATS' payload limit is 8 MB in infra/. */
export const MAX_BASELINE_CHARS = 6_000_000;

export const ScheduleAddRequest = z
  .strictObject({
    name: scheduleName,
    ...scheduleTrigger,
    /** The spec as written (YAML or JSON text); validated like `submit`'s. */
    spec: z.string().min(1),
    /** @defaultValue "spec.yaml" */
    fileName: z.string().min(1).max(500).default("spec.yaml"),
    /** A result document (JSON text) each finished run is compared with. */
    baseline: z.string().min(1).max(MAX_BASELINE_CHARS).optional(),
    /** Replace an existing schedule of that name instead of failing. @defaultValue false */
    replace: z.boolean().default(false),
  })
  .refine((r) => (r.cron === undefined) !== (r.everySeconds === undefined), {
    path: ["cron"],
    message: "needs exactly one of cron and everySeconds",
  })
  .refine((r) => r.tz === undefined || r.cron !== undefined, { path: ["tz"], message: "applies to cron only" });
export type ScheduleAddRequest = z.input<typeof ScheduleAddRequest>;

export const ScheduleListRequest = z.strictObject({});

export const ScheduleNameRequest = z.strictObject({ name: scheduleName });
export type ScheduleNameRequest = z.infer<typeof ScheduleNameRequest>;

/** A schedule as the coordinator keeps it (JetStream KV `mcx-schedules`; spec and baseline in the object store). */
export const ScheduleRecord = z.object({
  name: scheduleName,
  cron: z.string().optional(),
  tz: z.string().optional(),
  everySeconds: z.int().positive().optional(),
  fileName: z.string(),
  /** The spec's name, simulation, points and hash (what each tick submits). */
  specName: z.string(),
  simulation: z.string(),
  points: z.int().nonnegative(),
  specHash: z.string(),
  /** Digest of the baseline result, when there is one. */
  baselineDigest: z.string().optional(),
  createdAt: z.string(),
  /** Ticks that submitted a run. */
  runs: z.int().nonnegative(),
  /** Ticks skipped because the schedule's previous run was still running. */
  skipped: z.int().nonnegative(),
  lastRunId: runId.optional(),
  lastTickAt: z.string().optional(),
  /** Why the last tick submitted nothing (a spec this build rejects, an unreachable store …). */
  lastError: ApiError.optional(),
  /** Next tick (from BullMQ's job scheduler), when known. Not stored: filled in by `schedule.list`. */
  next: z.string().optional(),
});
export type ScheduleRecord = z.infer<typeof ScheduleRecord>;

export const ScheduleReply = z.object({ ok: z.literal(true), schedule: ScheduleRecord });
export type ScheduleReply = z.infer<typeof ScheduleReply>;

export const ScheduleListReply = z.object({ ok: z.literal(true), schedules: z.array(ScheduleRecord) });
export type ScheduleListReply = z.infer<typeof ScheduleListReply>;

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
  /** On the final message of a scheduled run with a baseline. */
  regression: RunRegression.optional(),
  at: z.string(),
});
export type ProgressMessage = z.infer<typeof ProgressMessage>;
