import { type RedisConnectionOptions, shardJobId, Topology } from "@mcx/protocol";
import type { ShardJob, ShardQueue } from "@mcx/runner";
import { Queue } from "bullmq";

/** Options of the shard jobs the coordinator enqueues (from CoordinatorEnv). */
export interface ShardJobOptions {
  /** Attempts per shard before it is dead-lettered, failed for good (MCX_SHARD_ATTEMPTS). */
  readonly attempts: number;
  /** First retry delay; doubles per attempt, BullMQ's exponential backoff (MCX_SHARD_BACKOFF_MS). */
  readonly backoffMs: number;
  /**
   * Completed jobs kept (by count) so that re-enqueueing a finished shard after a coordinator restart is a no-op
   * (MCX_KEEP_COMPLETED_JOBS).
   */
  readonly keepCompleted: number;
}

/** How long a failed shard job stays in BullMQ's failed set, for inspection and for the failed-job sweeper. */
const KEEP_FAILED_SECONDS = 7 * 24 * 3600;

/** Jobs per `addBulk` call (one Redis round trip each). */
export const ADD_BULK_CHUNK = 1000;

/** Creates the BullMQ queue of shard jobs (`bull:mcx-shards:*`). The caller closes it. */
export function createShardJobQueue(connection: RedisConnectionOptions): Queue {
  return new Queue(Topology.queue, {
    connection: { ...connection },
    prefix: Topology.queuePrefix,
  });
}

/**
 * A run's face of the shared BullMQ queue, implementing the pipeline's `ShardQueue`: one job per shard with the
 * deterministic id `<runId>-<shard>`, so enqueueing a shard again (a restarted coordinator) adds nothing while the
 * job exists. `cancel` removes jobs that have not started; running ones finish and their summaries are discarded.
 * `close` does nothing: the queue serves every run.
 */
/** A run's shard queue on BullMQ; `enqueue` may hold the jobs back `delayMs` (a shard returned after a failure). */
export interface BullMqShardQueue extends ShardQueue {
  enqueue(jobs: readonly ShardJob[], delayMs?: number): Promise<void>;
}

export function createBullMqShardQueue(queue: Queue, runId: string, options: ShardJobOptions): BullMqShardQueue {
  const { attempts, keepCompleted } = options;
  return {
    async enqueue(jobs: readonly ShardJob[], delayMs = 0): Promise<void> {
      for (let i = 0; i < jobs.length; i += ADD_BULK_CHUNK) {
        await queue.addBulk(
          jobs.slice(i, i + ADD_BULK_CHUNK).map((j) => ({
            name: "shard",
            data: j.task,
            opts: {
              jobId: shardJobId(runId, j.shard),
              attempts,
              backoff: { type: "exponential", delay: options.backoffMs },
              removeOnComplete: { count: keepCompleted },
              removeOnFail: { age: KEEP_FAILED_SECONDS },
              ...(delayMs > 0 ? { delay: delayMs } : {}),
            },
          })),
        );
      }
    },
    async cancel(shards: readonly number[]): Promise<void> {
      // Queue.remove refuses (returns 0) for a job that is locked by a worker: exactly "not started" semantics.
      for (let i = 0; i < shards.length; i += ADD_BULK_CHUNK) {
        await Promise.all(
          shards.slice(i, i + ADD_BULK_CHUNK).map((s) => queue.remove(shardJobId(runId, s)).catch(() => 0)),
        );
      }
    },
    close(): Promise<void> {
      return Promise.resolve();
    },
  };
}

/**
 * Puts shards back under their ids as fresh jobs (all attempts again), `delayMs` from now: what is left of their
 * old jobs (a failed job, a hash Redis kept outside every list) is removed first, or the add would be a no-op. A job
 * a worker holds is not removed (BullMQ refuses), and then not doubled either.
 */
export async function requeueShardJobs(
  queue: Queue,
  runId: string,
  jobs: readonly ShardJob[],
  options: ShardJobOptions,
  delayMs = 0,
): Promise<void> {
  await Promise.all(jobs.map((j) => queue.remove(shardJobId(runId, j.shard)).catch(() => 0)));
  await createBullMqShardQueue(queue, runId, options).enqueue(jobs, delayMs);
}
