import { createChannel } from "../drive/channel.ts";
import type { ShardEvent, ShardJob, ShardQueue, SummarySource } from "../drive/types.ts";
import type { ShardPool } from "../pool/pool.ts";
import { outcomeEvent, poolFailure } from "./outcome-event.ts";

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

  // Piscina emits "error" for a worker failing outside a task and for replies that arrive after destroy(); the
  // latter is expected once the run is over, the former fails whatever was running. The listener stays after
  // close: without one, a late reply would be an uncaught error.
  const push = (event: ShardEvent | Promise<ShardEvent>): void => {
    if (event instanceof Promise) void event.then((e) => channel.push(e));
    else channel.push(event);
  };
  const onPoolError = (e: unknown): void => {
    if (closed) return;
    for (const shard of running) push(poolFailure(shard, `a pool thread failed: ${(e as Error).message ?? String(e)}`));
  };
  pool.on("error", onPoolError);

  const dispatch = (): void => {
    while (!closed && running.size < capacity && head < pending.length) {
      const job = pending[head]!;
      head++;
      if (cancelled.delete(job.shard)) continue;
      running.add(job.shard);
      void pool
        .run(job.task, { name: "fingerprinted" })
        .then(
          (result) => push(outcomeEvent(job.shard, result)),
          // The task file never throws, so this is the pool itself failing (a thread died, the pool was destroyed).
          (e: unknown) => push(poolFailure(job.shard, (e as Error).message ?? String(e))),
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
