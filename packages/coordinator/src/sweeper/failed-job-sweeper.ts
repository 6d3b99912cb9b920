// The safety net for lost dead letters: a worker that could not reach NATS when its shard failed for good leaves
// the job in BullMQ's failed set and its run waiting. Every sweep hands such jobs of active runs to their run,
// which fails as if the dead letter had come.
import { parseShardJob } from "@mcx/protocol";
import type { Queue } from "bullmq";
import type { Logger } from "pino";

/** Failed jobs read per sweep (the newest first). */
const JOBS_PER_SWEEP = 1000;

/** Options of {@link startFailedJobSweeper}. */
export interface FailedJobSweeperOptions {
  readonly queue: Queue;
  /** MCX_FAILED_SWEEP_MS. */
  readonly intervalMs: number;
  /** Whether any run is active (no sweep otherwise). */
  readonly anyActive: () => boolean;
  /** A failed job of run `runId`; returns false when that run is not active here. */
  readonly onFailed: (runId: string, shard: number, reason: string) => boolean;
  readonly logger: Logger;
}

/** A running sweeper. */
export interface FailedJobSweeper {
  /** One sweep now; resolves with the jobs handed to an active run. */
  sweep(): Promise<number>;
  stop(): void;
}

export function startFailedJobSweeper(options: FailedJobSweeperOptions): FailedJobSweeper {
  const { queue, logger } = options;
  const sweep = async (): Promise<number> => {
    const jobs = await queue.getJobs(["failed"], 0, JOBS_PER_SWEEP - 1);
    let handed = 0;
    for (const job of jobs) {
      if (!job) continue;
      // The run and shard come from the job's validated task (checked against its id), not from its id's text.
      const parsed = parseShardJob(job);
      if (!parsed.ok) continue;
      if (options.onFailed(parsed.task.runId, parsed.task.shard, job.failedReason ?? "unknown")) handed++;
    }
    return handed;
  };
  const timer = setInterval(() => {
    if (!options.anyActive()) return;
    sweep().catch((e: unknown) => logger.warn({ err: (e as Error).message }, "failed-job sweep skipped"));
  }, options.intervalMs);
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}
