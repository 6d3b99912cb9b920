// Job counts of the coordinator's BullMQ queues, for the dashboard's queues view.
import type { QueueCounts } from "@mcx/protocol";
import type { Queue } from "bullmq";

const STATES = ["waiting", "active", "delayed", "failed", "completed"] as const;

/**
 * The counts of each queue, in the order given (one Redis round trip per queue).
 * @example await queueCounts([shardQueue]) // → [{ name: "mcx-shards", waiting: 12, active: 4, delayed: 0, failed: 0, completed: 40 }]
 */
export async function queueCounts(queues: readonly Queue[]): Promise<QueueCounts[]> {
  return Promise.all(
    queues.map(async (queue) => {
      const counts = await queue.getJobCounts(...STATES);
      return {
        name: queue.name,
        waiting: counts["waiting"] ?? 0,
        active: counts["active"] ?? 0,
        delayed: counts["delayed"] ?? 0,
        failed: counts["failed"] ?? 0,
        completed: counts["completed"] ?? 0,
      };
    }),
  );
}
