// What the coordinator stores and reports about runs, schedules, workers and itself: the records of the KV buckets
// `mcx-runs` and `mcx-schedules`, and the listing the API returns. Read by the client as they are.
import { z } from "zod";
import { ServiceConnections } from "./connection-state.ts";
import { ErrorData } from "./error-codec.ts";
import { RunIdSchema as runId, ScheduleNameSchema as scheduleName } from "./ids.ts";

/** Statuses of a run: the four final ones are those of the result document. */
export const RunStatus = z.enum(["running", "completed", "target_not_met", "cancelled", "failed"]);
export type RunStatus = z.infer<typeof RunStatus>;

/** Whether a run has reached a final status. */
export function isFinalStatus(status: RunStatus): boolean {
  return status !== "running";
}

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
  error: ErrorData.optional(),
  alarms: z.array(RunAlarm),
  /** The schedule that submitted this run. */
  scheduledBy: scheduleName.optional(),
  /** Set when a run of a schedule with a baseline finished with a result. */
  regression: RunRegression.optional(),
});
export type RunRecord = z.infer<typeof RunRecord>;

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
  /** Its connections as its last heartbeat reported them (a worker waiting for Redis says so here). */
  connections: ServiceConnections.optional(),
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
  /** The coordinator's connections to Redis and NATS. */
  connections: ServiceConnections.optional(),
});
export type CoordinatorStats = z.infer<typeof CoordinatorStats>;

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
  lastError: ErrorData.optional(),
  /** Next tick (from BullMQ's job scheduler), when known. Not stored: filled in by `schedule.list`. */
  next: z.string().optional(),
});
export type ScheduleRecord = z.infer<typeof ScheduleRecord>;
