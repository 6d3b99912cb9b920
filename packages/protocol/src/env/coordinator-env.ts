import { z } from "zod";
import type { ServiceConfig } from "./service-env.ts";
import { parseServiceEnv, envPositiveInt as positiveInt, ServiceEnvShape, serviceSettings } from "./service-env.ts";

/** The coordinator's environment: the only place its settings and their defaults are defined. */
export const CoordinatorEnv = z.object({
  ...ServiceEnvShape,
  /** Attempts per shard before it is dead-lettered. */
  MCX_SHARD_ATTEMPTS: positiveInt(100).default(5),
  /** First retry delay of a failed shard (doubles per attempt). */
  MCX_SHARD_BACKOFF_MS: positiveInt(3_600_000).default(1_000),
  /**
   * Shards of one run enqueued but not yet merged. Default: 4 × the BullMQ concurrency of the workers seen,
   * within [64, 4096]; bounds the overshoot of adaptive stopping and what a cancel must remove.
   */
  MCX_COORDINATOR_WINDOW: positiveInt(1_000_000).optional(),
  /** Minimum time between two progress messages of a run. */
  MCX_PROGRESS_INTERVAL_MS: positiveInt(60_000).default(250),
  /** Minimum time between two writes of a run's record to KV while it runs. */
  MCX_STATE_INTERVAL_MS: positiveInt(600_000).default(1_000),
  /**
   * Lifetime of the active coordinator's lease in Redis without renewal: how long standbys wait after it crashes
   * (a graceful stop hands over at once). Renewed every third of it.
   */
  MCX_COORDINATOR_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(15_000),
  /** Completed shard jobs BullMQ keeps, so that re-enqueueing a finished shard after a restart adds nothing. */
  MCX_KEEP_COMPLETED_JOBS: positiveInt(10_000_000).default(20_000),
  /** How often BullMQ's failed set is swept for shards of active runs whose dead letter never arrived. */
  MCX_FAILED_SWEEP_MS: positiveInt(3_600_000).default(15_000),
  /**
   * How often the awaited shards of active runs are checked against the queue (and after every Redis reconnect):
   * jobs Redis lost are enqueued again, summaries the live feed lost are read again from the stream.
   */
  MCX_RECONCILE_MS: positiveInt(3_600_000).default(10_000),
  /** Attempts to store a finished run's result document before the run is marked failed. */
  MCX_RESULT_WRITE_ATTEMPTS: positiveInt(100).default(4),
  /** Workers not heard from (heartbeats) for this long are forgotten: no longer listed nor counted for sizing. */
  MCX_WORKER_EXPIRY_MS: positiveInt(3_600_000).default(20_000),
});
export type CoordinatorEnv = z.infer<typeof CoordinatorEnv>;

/** The coordinator's settings, resolved from {@link CoordinatorEnv}. */
export interface CoordinatorConfig extends ServiceConfig {
  readonly shardAttempts: number;
  readonly shardBackoffMs: number;
  readonly window: number | undefined;
  readonly progressIntervalMs: number;
  readonly stateIntervalMs: number;
  readonly leaseMs: number;
  readonly keepCompletedJobs: number;
  readonly failedSweepMs: number;
  readonly reconcileMs: number;
  readonly resultWriteAttempts: number;
  readonly workerExpiryMs: number;
}

/**
 * Parses the process environment into the coordinator's settings.
 * @throws McxError MCX_FLAG_INVALID naming the first bad variable
 * @example parseCoordinatorEnv({}).shardAttempts // → 5
 */
export function parseCoordinatorEnv(env: Readonly<Record<string, string | undefined>>): CoordinatorConfig {
  const e = parseServiceEnv(CoordinatorEnv, env);
  return {
    ...serviceSettings(e),
    shardAttempts: e.MCX_SHARD_ATTEMPTS,
    shardBackoffMs: e.MCX_SHARD_BACKOFF_MS,
    window: e.MCX_COORDINATOR_WINDOW,
    progressIntervalMs: e.MCX_PROGRESS_INTERVAL_MS,
    stateIntervalMs: e.MCX_STATE_INTERVAL_MS,
    leaseMs: e.MCX_COORDINATOR_LEASE_MS,
    keepCompletedJobs: e.MCX_KEEP_COMPLETED_JOBS,
    failedSweepMs: e.MCX_FAILED_SWEEP_MS,
    reconcileMs: e.MCX_RECONCILE_MS,
    resultWriteAttempts: e.MCX_RESULT_WRITE_ATTEMPTS,
    workerExpiryMs: e.MCX_WORKER_EXPIRY_MS,
  };
}
