// Drives one run of the coordinator through the shared pipeline (`driveRun`) with the distributed transports:
// BullMQ jobs out, the shard stream in (through the run's inbox). The reporter tells the world, the result sink
// stores the product; this file only wires them and decides what the run's end means.
import { type McxError, McxErrorCode, type ResultDocument, type RunPlan, toMcxError } from "@mcx/core";
import { isFinalStatus, progressSubject, type RunRecord, type RunRegression } from "@mcx/protocol";
import { driveRun } from "@mcx/runner";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Queue } from "bullmq";
import type { Logger } from "pino";
import { createBullMqShardQueue, type ShardJobOptions } from "../queue/shard-job-queue.ts";
import type { ReconciledRun } from "../reconciler/reconciler.ts";
import type { RunStore } from "../store/run-store.ts";
import type { ShardBus } from "../stream/shard-bus.ts";
import { createLiveRecord } from "./live-record.ts";
import { progressOfResult, snapshotContext, toSnapshot } from "./progress-snapshot.ts";
import type { ResultSink } from "./result-sink.ts";
import { failedRecord, finishedRecord } from "./run-record.ts";
import { createRunReporter } from "./run-reporter.ts";
import { createShardInbox } from "./shard-inbox.ts";
import { createShardLedger, ledgeredQueue } from "./shard-ledger.ts";
import { createTransientRetry } from "./transient-retry.ts";

/** What a run needs from the coordinator around it. */
export interface RunContext {
  readonly nc: NatsConnection;
  readonly queue: Queue;
  readonly bus: ShardBus;
  readonly store: RunStore;
  readonly results: ResultSink;
  readonly logger: Logger;
  readonly jobOptions: ShardJobOptions;
  readonly progressIntervalMs: number;
  readonly stateIntervalMs: number;
  /** Shards in flight per run (see `MCX_COORDINATOR_WINDOW`). */
  window(): number;
  /** Live workers and their pool threads, recorded in the result's `run` block. */
  capacity(): { workers: number; threads: number };
  /** The live workers with their threads, recorded in the result's `provenance.hosts`. */
  hosts?(): { host: string; threads: number }[];
}

/** A run being driven by this coordinator; the reconciler checks its awaited shards against the queue. */
export interface RunHandle extends ReconciledRun {
  readonly runId: string;
  /** The latest record (also written to KV, throttled). */
  record(): RunRecord;
  /** Stops the run; the result keeps what was merged, with status `cancelled`. */
  cancel(): Promise<void>;
  /**
   * Detaches without deciding anything (coordinator shutdown): pending shards stay queued and the run stays
   * `running` in KV, to be resumed by the next coordinator.
   */
  detach(): void;
  /** A shard's job failed for good in BullMQ (see `ShardInbox.shardFailed`). */
  shardFailed(shard: number, reason: string): void;
  /** Settles when the run is decided or detached. */
  readonly done: Promise<void>;
}

/** Options of {@link startRun}. */
export interface StartRunOptions {
  readonly record: RunRecord;
  /** The run's plan (made once: by `submit`, or from the stored spec on resume). */
  readonly plan: RunPlan;
  /** Rebuild from the stream first: replay this run's messages up to this sequence. */
  readonly replayThrough?: number;
  /**
   * Judges a finished result (completed or target_not_met) before the final record is written: a scheduled run's
   * comparison with its baseline. A failure is logged and leaves the record without a regression.
   */
  readonly assess?: (doc: ResultDocument) => Promise<RunRegression | undefined>;
}

/** The hosts seen now and when the run ends (a worker may join or leave while it runs), by id. */
function hostsSeen(current: () => { host: string; threads: number }[]): () => { host: string; threads: number }[] {
  const first = current();
  return () => {
    const seen = new Map(first.map((h) => [h.host, h]));
    for (const h of current()) seen.set(h.host, h);
    return [...seen.values()].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  };
}

/**
 * Starts driving a run: its messages are routed to its inbox, its shards enqueued, its progress reported, and its
 * end recorded (result stored first, then the final record, then the stream purged unless it failed).
 */
export function startRun(ctx: RunContext, options: StartRunOptions): RunHandle {
  const { plan } = options;
  const initial: RunRecord = { ...options.record, rejected: 0, alarms: [...options.record.alarms] };
  const { runId } = initial;
  const log = ctx.logger.child({ runId });
  // The shards it awaits (what the reconciler checks), and the returns of those whose workers were lost.
  const ledger = createShardLedger();
  const transient = createTransientRetry({ queue: ctx.queue, runId, jobOptions: ctx.jobOptions, ledger, logger: log });
  const inbox = createShardInbox({
    runId,
    shardCount: plan.shardCount,
    logger: log,
    deadLettersThrough: initial.deadLettersThrough,
    onTransient: (shard, reason) => transient.handle(shard, reason).requeued,
  });
  const live = createLiveRecord(initial, () => inbox.rejected());
  const context = snapshotContext(plan.spec);
  const reporter = createRunReporter({
    publish: (m) => ctx.nc.publish(progressSubject(runId), JSON.stringify(m)),
    persist: (r) => ctx.store.putRecord(r),
    progressIntervalMs: ctx.progressIntervalMs,
    stateIntervalMs: ctx.stateIntervalMs,
    snapshotContext: context,
    logger: log,
  });
  const abort = new AbortController();
  let detached = false;

  // The driver removes shards it no longer needs; once detached (shutdown) it must leave them queued.
  const queue = ledgeredQueue(createBullMqShardQueue(ctx.queue, runId, ctx.jobOptions), ledger, {
    detached: () => detached,
    onSendFailed: (e, shards) => log.warn({ err: e.message, shards }, "shards not enqueued; the reconciler adds them"),
  });
  // Until a resumed run has replayed the stream, its ledger still holds shards whose summaries are on the way.
  let replaying = options.replayThrough !== undefined;

  const assessed = async (doc: ResultDocument): Promise<RunRegression | undefined> => {
    if (!options.assess || (doc.status !== "completed" && doc.status !== "target_not_met")) return undefined;
    try {
      const regression = await options.assess(doc);
      if (regression?.differs) log.warn({ summary: regression.summary }, "run differs from its baseline");
      return regression;
    } catch (e) {
      log.warn({ err: (e as Error).message }, "comparison with the baseline failed");
      return undefined;
    }
  };

  const finish = async (doc: ResultDocument | undefined, error: McxError | undefined): Promise<void> => {
    const finishedAt = new Date().toISOString();
    if (doc) {
      await ctx.results.store(runId, doc);
      // Judged before the record changes: nobody reading the record (status, list, a schedule's tick) may see a
      // final status without the regression that belongs to it.
      const regression = await assessed(doc);
      live.update((r) => finishedRecord(r, doc, finishedAt, regression));
    } else if (error) {
      live.update((r) => failedRecord(r, error, finishedAt));
    }
    const record = live.get();
    await reporter.save(record);
    reporter.announce(record, doc ? toSnapshot(progressOfResult(doc), context) : undefined);
    // A failed run keeps its messages for inspection (the stream's max_age removes them); others free the space.
    if (record.status !== "failed") {
      await ctx.bus.purge(runId).catch((e: unknown) => log.warn({ err: (e as Error).message }, "stream purge failed"));
    }
    log.info({ status: record.status, digest: record.digest, shards: record.shardsDone }, "run finished");
  };

  const run = async (): Promise<void> => {
    ctx.bus.register(runId, (m) => inbox.accept(m), options.replayThrough ?? 0);
    const replayed =
      options.replayThrough !== undefined
        ? ctx.bus
            .replay(runId, options.replayThrough)
            .then((n) => {
              log.info({ messages: n, through: options.replayThrough }, "run state replayed from the stream");
            })
            .finally(() => {
              replaying = false;
            })
        : Promise.resolve();
    // A cancel requested before a restart takes effect once the replay has restored what was merged.
    if (live.get().cancelRequested) void replayed.then(() => abort.abort());
    reporter.announce(live.get());
    const { workers, threads } = ctx.capacity();
    let doc: ResultDocument | undefined;
    let error: McxError | undefined;
    try {
      doc = await driveRun(plan, {
        queue,
        summaries: inbox.source,
        window: ctx.window(),
        mode: "distributed",
        threads: Math.max(1, threads),
        workers,
        ...(ctx.hosts ? { hosts: hostsSeen(ctx.hosts) } : {}),
        onProgress: (p) => {
          live.progressed(p);
          reporter.progress(live.get, p.snapshot);
        },
        signal: abort.signal,
      });
    } catch (e) {
      error = toMcxError(e);
    } finally {
      ctx.bus.unregister(runId);
    }
    await replayed.catch((e: unknown) => log.warn({ err: (e as Error).message }, "replay failed"));
    if (detached) {
      await reporter.save(live.get());
      return;
    }
    if (error) log.error({ code: error.code, err: error.message }, "run failed");
    await finish(doc, error);
  };

  const done = run().catch(async (e: unknown) => {
    const message = (e as Error).message;
    log.error({ err: message }, "run bookkeeping failed");
    if (detached || isFinalStatus(live.get().status)) return;
    // A run left `running` with nothing driving it would stall its schedule (ticks skip while it runs) until a
    // restart resumes it: say what happened instead.
    const record = live.update((r) => ({
      ...r,
      status: "failed",
      finishedAt: new Date().toISOString(),
      error: { code: McxErrorCode.INTERNAL, message: `the run's bookkeeping failed: ${message}` },
    }));
    await reporter.save(record);
  });

  return {
    runId,
    record: live.get,
    async cancel() {
      if (abort.signal.aborted) return;
      await reporter.save(live.update((r) => ({ ...r, cancelRequested: true })));
      abort.abort();
    },
    detach() {
      detached = true;
      inbox.close();
    },
    shardFailed(shard, reason) {
      const verdict = transient.handle(shard, reason);
      if (!verdict.requeued) inbox.shardFailed(shard, verdict.reason);
    },
    ready: () => !replaying && !detached,
    pending: () => ledger.pending(),
    awaits: (shard) => ledger.awaits(shard),
    async recover(shards) {
      // Only these shards' messages are handed on: the others were merged already, and are no duplicates to count.
      const wanted = new Set(shards);
      const through = await ctx.bus.lastSeq();
      const n = await ctx.bus.replay(runId, through, (m) => {
        const shard = (m.body as { shard?: unknown } | null)?.shard;
        return typeof shard === "number" && wanted.has(shard) ? inbox.accept(m) : undefined;
      });
      log.warn({ shards: shards.length, messages: n }, "summaries the live feed lost read again from the stream");
    },
    done,
  };
}
