// The shards a run has enqueued and still waits for, with their tasks. BullMQ can lose jobs (a Redis restarted
// without AOF, the last second of an AOF); the run's plan and this ledger cannot, so the reconciler checks the ledger
// against the queue and puts back what went missing.
import type { ShardJob, ShardQueue } from "@mcx/runner";

/** One run's awaited shards. */
export interface ShardLedger {
  /** Jobs the run sent (or is sending) to the queue. */
  enqueued(jobs: readonly ShardJob[]): void;
  /** No longer awaited: merged, or cancelled by the driver. */
  settled(shards: Iterable<number>): void;
  /** The awaited shards now, in the order they were enqueued. */
  pending(): ShardJob[];
  awaits(shard: number): boolean;
  readonly size: number;
}

export function createShardLedger(): ShardLedger {
  const jobs = new Map<number, ShardJob>();
  return {
    enqueued(added) {
      for (const j of added) jobs.set(j.shard, j);
    },
    settled(shards) {
      for (const s of shards) jobs.delete(s);
    },
    pending: () => [...jobs.values()],
    awaits: (shard) => jobs.has(shard),
    get size() {
      return jobs.size;
    },
  };
}

/**
 * The driver's queue of one run: `inner` (the run's BullMQ face) with the ledger kept in step, doing nothing once the
 * run is detached (shutdown leaves its shards queued for the next coordinator). Shards are in the ledger before they
 * are sent, and a failed send (Redis gone for a moment) does not fail the run: `onSendFailed` hears of it and the
 * reconciler adds them when Redis is back.
 */
export function ledgeredQueue(
  inner: ShardQueue,
  ledger: ShardLedger,
  options: { readonly detached: () => boolean; readonly onSendFailed: (error: Error, shards: number) => void },
): ShardQueue {
  return {
    async enqueue(jobs) {
      if (options.detached()) return;
      ledger.enqueued(jobs);
      await inner.enqueue(jobs).catch((e: unknown) => options.onSendFailed(e as Error, jobs.length));
    },
    // Forgotten before the jobs are removed, so a reconciliation in between does not put them back.
    cancel(shards) {
      ledger.settled(shards);
      return options.detached() ? Promise.resolve() : inner.cancel(shards);
    },
    received(shard) {
      ledger.settled([shard]);
    },
    close: () => inner.close(),
  };
}
