import { McxErrorCode } from "@mcx/core";
import { fromErrorData } from "@mcx/protocol/error";
import { createChannel } from "../drive/channel.ts";
import type { ShardEvent, ShardJob, ShardQueue, SummarySource } from "../drive/types.ts";
import type { ShardPool } from "../pool/pool.ts";

/** The in-process queue and summary source of embedded mode: two faces of one dispatcher. */
export interface EmbeddedTransport {
  readonly queue: ShardQueue;
  readonly summaries: SummarySource;
}

/**
 * Feeds a piscina pool from an in-process FIFO. At most `capacity` tasks are handed to the pool at once, so
 * shards the driver cancels are still in our queue (and simply dropped) rather than in piscina's, where
 * aborting a started task would kill its thread.
 */
export function createEmbeddedTransport(pool: ShardPool, capacity: number): EmbeddedTransport {
  const channel = createChannel<ShardEvent>();
  const pending: ShardJob[] = [];
  let head = 0;
  const cancelled = new Set<number>();
  const running = new Set<number>();
  let closed = false;

  const failed = (shard: number, message: string): ShardEvent => ({
    type: "failed",
    shard,
    error: fromErrorData({ code: McxErrorCode.INTERNAL, message }, `shard ${shard}`),
  });
  // Piscina emits "error" for a worker failing outside a task and for replies that arrive after destroy(); the
  // latter is expected once the run is over, the former fails whatever was running.
  pool.on("error", (e: unknown) => {
    if (closed) return;
    for (const shard of running)
      channel.push(failed(shard, `a pool thread failed: ${(e as Error).message ?? String(e)}`));
  });

  const dispatch = (): void => {
    while (!closed && running.size < capacity && head < pending.length) {
      const job = pending[head]!;
      head++;
      if (cancelled.delete(job.shard)) continue;
      running.add(job.shard);
      void pool
        .run(job.task)
        .then(
          (result) => {
            channel.push(
              result.ok
                ? { type: "summary", shard: job.shard, summary: JSON.parse(result.summaryJson) }
                : { type: "failed", shard: job.shard, error: fromErrorData(result.error, `shard ${job.shard}`) },
            );
          },
          // The task file never throws, so this is the pool itself failing (a thread died, the pool was destroyed).
          (e: unknown) => channel.push(failed(job.shard, (e as Error).message ?? String(e))),
        )
        .finally(() => {
          running.delete(job.shard);
          dispatch();
        });
    }
    if (head > 1024 && head * 2 > pending.length) {
      pending.splice(0, head);
      head = 0;
    }
  };

  const queue: ShardQueue = {
    enqueue(jobs) {
      if (!closed) {
        pending.push(...jobs);
        dispatch();
      }
      return Promise.resolve();
    },
    cancel(shards) {
      const waiting = new Set(pending.slice(head).map((j) => j.shard));
      for (const s of shards) if (waiting.has(s)) cancelled.add(s);
      return Promise.resolve();
    },
    close() {
      closed = true;
      pending.length = 0;
      head = 0;
      cancelled.clear();
      return Promise.resolve();
    },
  };
  const summaries: SummarySource = {
    [Symbol.asyncIterator]: () => channel[Symbol.asyncIterator](),
    close() {
      channel.close();
      return Promise.resolve();
    },
  };
  return { queue, summaries };
}
