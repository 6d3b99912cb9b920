import { createChannel } from "../drive/channel.ts";
import type { ShardEvent, ShardJob, ShardQueue, SummarySource } from "../drive/types.ts";
import type { PackedOutcome, PackedTask } from "../pool/packed-outcome.ts";
import type { ShardPool } from "../pool/pool.ts";
import { poolFailure } from "./outcome-event.ts";
import { PackSize } from "./pack-size.ts";
import { packedEvents } from "./packed-events.ts";
import { TaskTemplates } from "./task-templates.ts";

/** The in-process queue and summary source of embedded mode: two faces of one dispatcher. */
export interface EmbeddedTransport {
  readonly queue: ShardQueue;
  readonly summaries: SummarySource;
}

/**
 * Feeds a piscina pool from an in-process FIFO. At most `capacity` tasks are handed to the pool at once, so
 * shards the driver cancels are still in our queue (and simply dropped) rather than in piscina's, where
 * aborting a started task would kill its thread. A task is "packed": consecutive shards of one point, as many as
 * `PackSize` says (about 20 ms of work), sent as their point's template and block ranges and answered with one
 * binary buffer, because the main thread's cost per task is mostly its wake-up and piscina's bookkeeping, not
 * the shard (bench/stages.mjs).
 */
export function createEmbeddedTransport(pool: ShardPool, capacity: number): EmbeddedTransport {
  const channel = createChannel<ShardEvent>();
  const pending: ShardJob[] = [];
  let head = 0;
  const cancelled = new Set<number>();
  const running = new Set<number>();
  let tasksRunning = 0;
  let closed = false;
  const templates = new TaskTemplates();
  const packSize = new PackSize();

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

  /** Up to `size` waiting shards of one point (the next job's template), skipping cancelled ones. */
  const takeJobs = (size: number): { jobs: ShardJob[]; task: PackedTask } | undefined => {
    const jobs: ShardJob[] = [];
    const ranges: number[] = [];
    let template: string | undefined;
    while (jobs.length < size && head < pending.length) {
      const job = pending[head]!;
      if (cancelled.delete(job.shard)) {
        head++;
        continue;
      }
      const text = templates.of(job.task);
      if (template !== undefined && text !== template) break;
      template = text;
      head++;
      jobs.push(job);
      ranges.push(job.task.shard, job.task.blockStart, job.task.blockEnd);
    }
    return template === undefined ? undefined : { jobs, task: { template, ranges } };
  };

  const dispatch = (): void => {
    while (!closed && tasksRunning < capacity && head < pending.length) {
      const taken = takeJobs(packSize.next(pending.length - head, capacity - tasksRunning));
      if (taken === undefined) break;
      const { jobs, task } = taken;
      tasksRunning++;
      for (const job of jobs) running.add(job.shard);
      void (pool.run(task, { name: "packed" }) as Promise<unknown> as Promise<PackedOutcome>)
        .then(
          (outcome) => {
            packSize.observe(jobs.length - (outcome?.failures?.length ?? 0), outcome?.ms);
            for (const event of packedEvents(jobs, outcome)) push(event);
          },
          // The task file never throws, so this is the pool itself failing (a thread died, the pool was destroyed).
          (e: unknown) => {
            for (const job of jobs) push(poolFailure(job.shard, (e as Error).message ?? String(e)));
          },
        )
        .finally(() => {
          tasksRunning--;
          for (const job of jobs) running.delete(job.shard);
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
