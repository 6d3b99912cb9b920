import { setTimeout as sleep } from "node:timers/promises";
import {
  flattenParams,
  McxError,
  McxErrorCode,
  type ResolvedSpec,
  type ResultDocument,
  type RunPlan,
  type RunProgress as RunSnapshot,
  toMcxError,
  varyingParams,
} from "@mcx/core";
import {
  DeadLetterSchema,
  fromErrorData,
  isFinalStatus,
  type ProgressMessage,
  type ProgressSnapshot,
  progressSubject,
  type RunAlarm,
  type RunRecord,
  type RunRegression,
  toErrorData,
} from "@mcx/protocol";
import {
  createChannel,
  type DriveProgress,
  driveRun,
  type ShardEvent,
  ShardFailedError,
  type ShardQueue,
} from "@mcx/runner";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Queue } from "bullmq";
import type { Logger } from "pino";
import { createBullMqShardQueue, type ShardJobOptions } from "../bullmq-queue.ts";
import type { ShardBus, ShardMessage } from "../jetstream-bus.ts";
import type { RunStore } from "./run-store.ts";

/** What a run needs from the coordinator around it. */
export interface RunContext {
  readonly nc: NatsConnection;
  readonly queue: Queue;
  readonly bus: ShardBus;
  readonly store: RunStore;
  readonly logger: Logger;
  readonly jobOptions: ShardJobOptions;
  readonly progressIntervalMs: number;
  readonly stateIntervalMs: number;
  /** Shards in flight per run (see `MCX_COORDINATOR_WINDOW`). */
  window(): number;
  /** Live workers and their pool threads, recorded in the result's `run` block. */
  capacity(): { workers: number; threads: number };
}

/** A run being driven by this coordinator. */
export interface RunHandle {
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
  /**
   * A shard's job failed for good in BullMQ (found by the coordinator's sweep): same effect as its dead letter,
   * for when the worker could not publish one. Ignored unless the shard is still awaited.
   */
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

/** Tries to store a finished run's result document before the run is marked failed. */
const RESULT_WRITE_ATTEMPTS = 4;

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** What a snapshot says about the spec, the same in every message of a run. */
interface SnapshotContext {
  readonly stopRule?: ProgressSnapshot["stopRule"];
  /** Per point index: its swept parameters, `rate=1000 nCpu=8`. */
  readonly labels: readonly string[];
}

/** Characters of a point label in a progress snapshot. */
const LABEL_CHARS = 80;

function snapshotContext(spec: ResolvedSpec): SnapshotContext {
  const swept = varyingParams(spec.points);
  const labels =
    swept.length === 0
      ? []
      : spec.points.map((p) => {
          const flat = flattenParams(p.params);
          const text = swept
            .map((path) => {
              const v = flat[path];
              return `${path}=${typeof v === "string" ? v : (JSON.stringify(v) ?? "—")}`;
            })
            .join(" ");
          return text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;
        });
  const stop = spec.stop;
  return {
    labels,
    ...(stop === undefined
      ? {}
      : {
          stopRule: {
            metrics: [...stop.metrics],
            ...(stop.relHalfWidth === undefined ? {} : { relHalfWidth: stop.relHalfWidth }),
            ...(stop.absHalfWidth === undefined ? {} : { absHalfWidth: stop.absHalfWidth }),
          },
        }),
  };
}

function toSnapshot(s: RunSnapshot, ctx: SnapshotContext): ProgressSnapshot {
  return {
    ...(ctx.stopRule === undefined ? {} : { stopRule: ctx.stopRule }),
    points: s.points.map((p) => ({
      index: p.index,
      ...(ctx.labels[p.index] === undefined ? {} : { label: ctx.labels[p.index] }),
      trials: p.trials,
      stop: p.stop,
      predictedTrials: finite(p.predictedTrials),
      slots: p.slots.map((slot) => ({
        model: slot.model,
        metric: slot.metric,
        estimate: finite(slot.estimate),
        halfWidth: finite(slot.halfWidth),
      })),
    })),
  };
}

/**
 * Drives one run through the shared pipeline (`driveRun`) with the distributed transports: BullMQ jobs out,
 * JetStream summaries in. Every incoming message is validated against the run's plan here, before it reaches the
 * driver; a malformed one is counted in the run's `rejected` and never stops the run. Progress goes to
 * `mcx.progress.<runId>`, the record to KV, and the result document to the object store.
 */
export function startRun(ctx: RunContext, options: StartRunOptions): RunHandle {
  const { plan } = options;
  const { spec } = plan;
  const context = snapshotContext(spec);
  let record: RunRecord = { ...options.record, rejected: 0, alarms: [...options.record.alarms] };
  const { runId } = record;
  const log = ctx.logger.child({ runId });
  // Dead letters rejected here; malformed summaries are counted by the driver, which validates each one.
  let rejectedLetters = 0;
  const channel = createChannel<ShardEvent>();
  const abort = new AbortController();
  let detached = false;
  const startedAt = Date.now();

  const onMessage = (message: ShardMessage): void => {
    if (message.kind === "summary") {
      channel.push({ type: "summary", summary: message.body });
      return;
    }
    const parsed = DeadLetterSchema.safeParse(message.body);
    if (!parsed.success || parsed.data.runId !== runId || parsed.data.shard >= plan.shardCount) {
      rejectedLetters++;
      record = { ...record, rejected: record.rejected + 1 };
      log.warn({ seq: message.seq }, "dead letter rejected: malformed");
      return;
    }
    const letter = parsed.data;
    const how = letter.deterministic ? "(not retried)" : `after ${letter.attempts} attempts`;
    const error = fromErrorData(letter.error, `shard ${letter.shard} failed ${how} on worker ${letter.workerId}`);
    channel.push({ type: "failed", shard: letter.shard, error });
  };

  // The driver removes shards it no longer needs; once detached (shutdown) it must leave them queued.
  const bullQueue = createBullMqShardQueue(ctx.queue, runId, ctx.jobOptions);
  const queue: ShardQueue = {
    enqueue: (jobs) => (detached ? Promise.resolve() : bullQueue.enqueue(jobs)),
    cancel: (shards) => (detached ? Promise.resolve() : bullQueue.cancel(shards)),
    close: () => bullQueue.close(),
  };

  let lastProgress = 0;
  let lastSnapshot = 0;
  let lastState = Date.now();
  let writing: Promise<void> = Promise.resolve();
  const persist = (): Promise<void> => {
    const snapshot = record;
    writing = writing
      .then(() => ctx.store.putRecord(snapshot))
      .catch((e: unknown) => log.warn({ err: (e as Error).message }, "run record not written"));
    return writing;
  };
  const publish = (message: ProgressMessage): void => {
    try {
      ctx.nc.publish(progressSubject(runId), JSON.stringify(message));
    } catch (e) {
      log.debug({ err: (e as Error).message }, "progress not published");
    }
  };
  const progressMessage = (snapshot?: ProgressSnapshot): ProgressMessage => ({
    runId,
    status: record.status,
    trialsDone: record.trialsDone,
    trialsPlanned: record.trialsPlanned,
    shardsDone: record.shardsDone,
    shardsPlanned: record.shardsPlanned,
    duplicatesDropped: record.duplicatesDropped,
    rejected: record.rejected,
    elapsedSeconds: (Date.now() - startedAt) / 1000,
    ...(snapshot === undefined ? {} : { snapshot }),
    ...(record.digest === undefined ? {} : { digest: record.digest }),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.regression === undefined ? {} : { regression: record.regression }),
    at: new Date().toISOString(),
  });

  const onProgress = (p: DriveProgress): void => {
    record = {
      ...record,
      trialsDone: p.trialsDone,
      trialsPlanned: p.trialsPlanned,
      shardsDone: p.shardsDone,
      duplicatesDropped: p.duplicatesDropped,
      rejected: rejectedLetters + p.rejected,
    };
    const now = Date.now();
    if (now - lastProgress >= ctx.progressIntervalMs) {
      lastProgress = now;
      let snapshot: ProgressSnapshot | undefined;
      if (now - lastSnapshot >= 1000) {
        lastSnapshot = now;
        snapshot = toSnapshot(p.snapshot(), context);
      }
      publish(progressMessage(snapshot));
    }
    if (now - lastState >= ctx.stateIntervalMs) {
      lastState = now;
      void persist();
    }
  };

  // The result is the run's product: a transient store error (a timeout, a leader change) gets a few more tries.
  const storeResult = async (json: string): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await ctx.store.putResult(runId, json);
        return;
      } catch (e) {
        if (attempt >= RESULT_WRITE_ATTEMPTS) throw e;
        log.warn({ err: (e as Error).message, attempt }, "result not stored, retrying");
        await sleep(250 * 2 ** attempt);
      }
    }
  };

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
      await storeResult(toResultJson(doc));
      // Judged before the record changes: nobody reading the record (status, list, a schedule's tick) may see a
      // final status without the regression that belongs to it.
      const regression = await assessed(doc);
      const shards = doc.run.shards;
      record = {
        ...record,
        status: doc.status,
        digest: doc.digest,
        finishedAt,
        shardsDone: shards.completed,
        duplicatesDropped: shards.duplicatesDropped,
        trialsDone: doc.points.reduce((n, p) => n + p.trials, 0),
        ...(regression === undefined ? {} : { regression }),
      };
    } else if (error) {
      const alarms: RunAlarm[] = [...record.alarms];
      if (error.code === McxErrorCode.SHARD_MISMATCH) {
        alarms.push({ kind: "shard_mismatch", message: error.message, at: finishedAt });
      } else if (error instanceof ShardFailedError) {
        alarms.push({ kind: "dead_letter", message: error.message, shard: error.shard, at: finishedAt });
      }
      record = { ...record, status: "failed", finishedAt, error: toErrorData(error), alarms };
    }
    await persist();
    publish(progressMessage(doc ? toSnapshot(snapshotOf(doc), context) : undefined));
    // A failed run keeps its messages for inspection (the stream's max_age removes them); others free the space.
    if (record.status !== "failed") {
      await ctx.bus.purge(runId).catch((e: unknown) => log.warn({ err: (e as Error).message }, "stream purge failed"));
    }
    log.info({ status: record.status, digest: record.digest, shards: record.shardsDone }, "run finished");
  };

  const run = async (): Promise<void> => {
    ctx.bus.register(runId, (m) => onMessage(m), options.replayThrough ?? 0);
    const replayed =
      options.replayThrough !== undefined
        ? ctx.bus.replay(runId, options.replayThrough).then((n) => {
            log.info({ messages: n, through: options.replayThrough }, "run state replayed from the stream");
          })
        : Promise.resolve();
    // A cancel requested before a restart takes effect once the replay has restored what was merged.
    if (record.cancelRequested) void replayed.then(() => abort.abort());
    publish(progressMessage());
    const { workers, threads } = ctx.capacity();
    let doc: ResultDocument | undefined;
    let error: McxError | undefined;
    try {
      doc = await driveRun(plan, {
        queue,
        summaries: {
          [Symbol.asyncIterator]: () => channel[Symbol.asyncIterator](),
          close: () => {
            channel.close();
            return Promise.resolve();
          },
        },
        window: ctx.window(),
        mode: "distributed",
        threads: Math.max(1, threads),
        workers,
        onProgress,
        signal: abort.signal,
      });
    } catch (e) {
      error = toMcxError(e);
    } finally {
      ctx.bus.unregister(runId);
    }
    await replayed.catch((e: unknown) => log.warn({ err: (e as Error).message }, "replay failed"));
    if (detached) {
      await persist();
      return;
    }
    if (error) log.error({ code: error.code, err: error.message }, "run failed");
    await finish(doc, error);
  };

  const done = run().catch(async (e: unknown) => {
    const message = (e as Error).message;
    log.error({ err: message }, "run bookkeeping failed");
    if (detached || isFinalStatus(record.status)) return;
    // A run left `running` with nothing driving it would stall its schedule (ticks skip while it runs) until a
    // restart resumes it: say what happened instead.
    record = {
      ...record,
      status: "failed",
      finishedAt: new Date().toISOString(),
      error: { code: McxErrorCode.INTERNAL, message: `the run's bookkeeping failed: ${message}` },
    };
    await persist();
  });

  return {
    runId,
    record: () => record,
    async cancel() {
      if (abort.signal.aborted) return;
      record = { ...record, cancelRequested: true };
      await persist();
      abort.abort();
    },
    detach() {
      detached = true;
      channel.close();
    },
    shardFailed(shard, reason) {
      if (shard < 0 || shard >= plan.shardCount) return;
      const error = new McxError(McxErrorCode.INTERNAL, `shard ${shard} failed for good in the queue: ${reason}`);
      channel.push({ type: "failed", shard, error });
    },
    done,
  };
}

function snapshotOf(doc: ResultDocument): RunSnapshot {
  // The final progress message carries the result's own estimates, so a watcher ends on the stored numbers.
  return {
    trialsDone: doc.points.reduce((n, p) => n + p.trials, 0),
    trialsPlanned: doc.points.reduce((n, p) => n + p.trials, 0),
    shardsDone: doc.run.shards.completed,
    shardsPlanned: doc.run.shards.planned,
    done: true,
    points: doc.points.map((p) => ({
      index: p.index,
      trials: p.trials,
      stop: p.stopped,
      predictedTrials: p.trials,
      slots: Object.entries(p.models).flatMap(([model, m]) =>
        Object.entries(m.metrics).map(([metric, r]) => {
          const estimate = r.kind === "proportion" ? r.p : r.mean;
          return { model, metric, estimate, halfWidth: (r.ci[1] - r.ci[0]) / 2 };
        }),
      ),
    })),
  };
}

/** The result document as JSON; non-finite numbers become "Infinity"/"-Infinity"/"NaN" (ResultDocumentSchema reads them back). */
export function toResultJson(doc: ResultDocument): string {
  return JSON.stringify(doc, (_key, value: unknown) =>
    typeof value === "number" && !Number.isFinite(value) ? String(value) : value,
  );
}
