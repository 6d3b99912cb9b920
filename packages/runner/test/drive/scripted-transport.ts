import { runShard, type ShardSummary } from "@mcx/core";
import { createChannel } from "../../src/drive/channel.ts";
import type { ShardEvent, ShardJob, ShardQueue, SummarySource } from "../../src/drive/types.ts";

/**
 * A real, in-process implementation of the two pipeline interfaces whose delivery order is scripted: each
 * enqueued batch runs through core's `runShard` and `deliver` decides what reaches the driver, in which order
 * (reordered, duplicated, tampered, failed …).
 */
export function createScriptedTransport(deliver: (batch: { job: ShardJob; summary: ShardSummary }[]) => ShardEvent[]) {
  const channel = createChannel<ShardEvent>();
  const stats = { enqueued: 0, yielded: 0, maxOutstanding: 0, cancelled: [] as number[], closed: false };
  const queue: ShardQueue = {
    enqueue(jobs) {
      stats.enqueued += jobs.length;
      stats.maxOutstanding = Math.max(stats.maxOutstanding, stats.enqueued - stats.yielded);
      for (const e of deliver(jobs.map((job) => ({ job, summary: runShard(job.task) })))) channel.push(e);
      return Promise.resolve();
    },
    cancel(shards) {
      stats.cancelled.push(...shards);
      return Promise.resolve();
    },
    close() {
      return Promise.resolve();
    },
  };
  const summaries: SummarySource = {
    [Symbol.asyncIterator]() {
      const it = channel[Symbol.asyncIterator]();
      return {
        async next() {
          const r = await it.next();
          if (!r.done) stats.yielded++;
          return r;
        },
        return: () => it.return!(),
      };
    },
    close() {
      stats.closed = true;
      channel.close();
      return Promise.resolve();
    },
  };
  return { queue, summaries, stats };
}

export const summaryEvent = (job: ShardJob, summary: ShardSummary): ShardEvent => ({
  type: "summary",
  shard: job.shard,
  summary,
});
