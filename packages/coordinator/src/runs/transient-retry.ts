// A shard whose job failed for a reason that is not the shard's (its worker was lost more often than BullMQ allows
// stalls for: killed, partitioned, restarted) is put back as a fresh job with backoff instead of failing its run. It
// does not count against the shard's attempts, which are for the shard's own errors; only a shard that keeps losing
// its worker (it may be what crashes it) fails the run, after `maxRequeues` returns.
import { STALLED_FAILURE } from "@mcx/protocol";
import type { Queue } from "bullmq";
import type { Logger } from "pino";
import { requeueShardJobs, type ShardJobOptions } from "../queue/shard-job-queue.ts";
import type { ShardLedger } from "./shard-ledger.ts";

/** Returns of one shard after transient failures before its run fails. */
export const MAX_TRANSIENT_REQUEUES = 10;

/** Longest backoff of a returned shard. */
const MAX_REQUEUE_DELAY_MS = 5 * 60_000;

/** Whether a failed job's reason is the queue's (a lost worker), not the shard's. */
export function isTransientFailure(reason: string): boolean {
  return reason.includes(STALLED_FAILURE);
}

/** One run's returns of transiently failed shards. */
export interface TransientRetry {
  /**
   * Takes a failed-for-good shard: true when it was put back (or is being put back), false when the run must fail
   * (the shard's own error, or too many returns), with `reason` completed by the returns so far.
   */
  handle(shard: number, reason: string): { requeued: true } | { requeued: false; reason: string };
}

export function createTransientRetry(options: {
  readonly queue: Queue;
  readonly runId: string;
  readonly jobOptions: ShardJobOptions;
  readonly ledger: ShardLedger;
  readonly logger: Logger;
  readonly maxRequeues?: number;
}): TransientRetry {
  const { ledger, logger } = options;
  const max = options.maxRequeues ?? MAX_TRANSIENT_REQUEUES;
  const returns = new Map<number, number>();
  // Shards being put back: the failed-job sweeper may hand the same failed job again before it is gone.
  const underway = new Set<number>();
  return {
    handle(shard, reason) {
      if (underway.has(shard)) return { requeued: true };
      const n = returns.get(shard) ?? 0;
      const job = ledger.pending().find((j) => j.shard === shard);
      if (!isTransientFailure(reason) || job === undefined) return { requeued: false, reason };
      if (n >= max) return { requeued: false, reason: `${reason} (${n} times; it may be what crashes its workers)` };
      returns.set(shard, n + 1);
      underway.add(shard);
      const delayMs = Math.min(MAX_REQUEUE_DELAY_MS, options.jobOptions.backoffMs * 2 ** n);
      requeueShardJobs(options.queue, options.runId, [job], options.jobOptions, delayMs)
        .then(() => logger.warn({ shard, reason, returns: n + 1, delayMs }, "shard put back after losing its worker"))
        // Not put back now: the reconciler finds the job missing and adds it.
        .catch((e: unknown) => logger.warn({ shard, err: (e as Error).message }, "shard not put back"))
        .finally(() => underway.delete(shard));
      return { requeued: true };
    },
  };
}
