// What one reconciliation pass does about a run's awaited shards, decided from what BullMQ says of their jobs. Pure:
// the reconciler reads the queue, this decides, the reconciler acts.
import { shardJobId } from "@mcx/protocol";
import type { ShardJob } from "@mcx/runner";

/** BullMQ's states of a job that will still run (or is running): nothing to repair. */
export const LIVE_STATES = [
  "active",
  "waiting",
  "wait",
  "paused",
  "delayed",
  "prioritized",
  "waiting-children",
] as const;

/** What the reconciler does about one run. */
export interface RepairPlan {
  /** Jobs Redis no longer has: enqueued again under the same ids. */
  readonly requeue: ShardJob[];
  /**
   * Shards whose jobs completed a whole pass ago or more without their summary reaching the run: the live feed lost
   * it (a partition of the coordinator from NATS), so the run reads it again from the stream.
   */
  readonly recover: number[];
  /** Job ids seen completed but not received in this pass (the next pass's `completedBefore`). */
  readonly completed: Set<string>;
}

/**
 * Decides a run's repairs. `pending` are the shards the run awaits (taken before the queue was read), `live` the ids
 * of the queue's waiting, active, delayed … jobs, `stateOf` BullMQ's state of each other pending job ("unknown" when
 * Redis has none), `completedBefore` the ids the previous pass saw completed. A failed job is left to the failed-job
 * sweeper, which fails or retries its run.
 * @example planRepairs("r", [job3], new Set(), new Map([["r-3", "unknown"]]), new Set()).requeue // → [job3]
 */
export function planRepairs(
  runId: string,
  pending: readonly ShardJob[],
  live: ReadonlySet<string>,
  stateOf: ReadonlyMap<string, string>,
  completedBefore: ReadonlySet<string>,
): RepairPlan {
  const requeue: ShardJob[] = [];
  const recover: number[] = [];
  const completed = new Set<string>();
  for (const job of pending) {
    const id = shardJobId(runId, job.shard);
    if (live.has(id)) continue;
    const state = stateOf.get(id) ?? "unknown";
    if ((LIVE_STATES as readonly string[]).includes(state) || state === "failed") continue;
    if (state === "completed") {
      completed.add(id);
      if (completedBefore.has(id)) recover.push(job.shard);
      continue;
    }
    requeue.push(job);
  }
  return { requeue, recover, completed };
}
